// `kafkasim sweep-report RESULTS.jsonl ...`: merges the records that `kafkasim sweep --out` (or
// kafkasim-mpi) wrote, from any number of shards and machines, into one report: the verdict
// table, the totals, and each failing seed with its faults and the commands that replay and
// shrink it. The same seeds give the same report however they were split. Exit code 1 if any
// seed failed or a seed came back twice with different fingerprints, 2 if a file is unreadable
// or holds something that is not a record (file and line named).
#include <fmt/core.h>

#include <fstream>
#include <memory>

#include "app/command.h"
#include "scenarios/sweep_report.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::vector<std::string> files;
  bool all = false;
};

int SweepReport(const Options& options) {
  std::vector<sweep::SeedRecord> records;
  std::vector<std::string> errors;
  for (const std::string& path : options.files) {
    std::ifstream in(path);
    if (!in) {
      errors.push_back("cannot read " + path);
      continue;
    }
    scenarios::ReadRecords(in, path, &records, &errors);
  }
  if (!errors.empty()) {
    for (const std::string& e : errors) fmt::print(stderr, "kafkasim sweep-report: {}\n", e);
    return kExitUsage;
  }
  const scenarios::SweepReport report = scenarios::Report(std::move(records), options.all);
  fmt::print("{}", report.text);
  return report.failing == 0 && report.conflicts.empty() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddSweepReportCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "sweep-report", "Merge the JSON records of sweeps (sweep --out) into one report");
  cmd->add_option("results", options->files, "Files of records, one JSON object per line")
      ->required();
  cmd->add_flag("--all", options->all, "List every seed in the table, not only failing ones");
  cmd->callback([run, options] { *run = [options] { return SweepReport(*options); }; });
}

}  // namespace kafkasim::app
