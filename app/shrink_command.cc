// `kafkasim shrink FILE --seed N --nemesis KINDS [--out FILE]`: turns a failing seed's drawn fault
// schedule into explicit timeline steps, removes and shortens faults while the run still fails
// the same way (scenarios/shrink.h), and writes the smallest schedule found as a scenario file
// that fails on its own. Prints what it removed and shortened, and checks the written file by
// loading and running it. Exit code 0 when a failing file was written, 1 when the seed passes
// (nothing to shrink) or the written file does not fail, 2 for bad usage.
#include <fmt/core.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <memory>

#include "app/command.h"
#include "scenarios/loader.h"
#include "scenarios/nemesis.h"
#include "scenarios/shrink.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  uint64_t seed = 0;
  std::string nemesis;
  std::string out;
};

std::string Verdict(const scenarios::SeedResult& r) {
  return r.passed ? "passes" : r.failure_class + ": " + r.first_anomaly;
}

bool Write(const std::string& path, const scenario::Scenario& s, const Options& options,
           const scenarios::ShrinkResult& result) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(s, &text)) return false;
  std::ofstream out(path);
  out << "# Shrunk by: kafkasim shrink " << options.file << " --seed " << options.seed
      << " --nemesis " << options.nemesis << "\n"
      << "# Of " << result.drawn.faults.size() << " faults drawn, " << result.smallest.faults.size()
      << " remain, and the run still fails: " << Verdict(result.last) << "\n"
      << "# It fails on its own: kafkasim run " << path << "\n";
  for (const std::string& r : result.removed) out << "# removed    " << r << "\n";
  for (const std::string& r : result.shortened) out << "# shortened  " << r << "\n";
  out << text;
  return static_cast<bool>(out);
}

int Shrink(const Options& options) {
  const auto kinds = scenarios::ParseNemesis(options.nemesis);
  if (const auto* why = std::get_if<std::string>(&kinds)) {
    fmt::print(stderr, "kafkasim shrink: --nemesis: {}\n", *why);
    return kExitUsage;
  }
  const scenarios::Loaded loaded = scenarios::LoadScenarioFile(options.file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
    return kExitUsage;
  }
  const std::string out_path = options.out.empty()
                                   ? "shrunk-seed-" + std::to_string(options.seed) + ".textproto"
                                   : options.out;
  const scenarios::ShrinkResult result =
      scenarios::Shrink(*loaded.scenario, std::get<std::set<std::string>>(kinds), options.seed,
                        [](const std::string& line) { fmt::print("  {}\n", line); });
  if (result.original.passed) {
    fmt::print("seed {} passes under --nemesis {}: nothing to shrink\n", options.seed,
               options.nemesis);
    return kExitCheckFailed;
  }
  fmt::print("seed {} fails: {}\n", options.seed, Verdict(result.original));
  fmt::print("{} faults drawn, {} left after {} runs\n", result.drawn.faults.size(),
             result.smallest.faults.size(), result.runs);
  for (const std::string& r : result.removed) fmt::print("removed    {}\n", r);
  for (const std::string& r : result.shortened) fmt::print("shortened  {}\n", r);
  for (const scenarios::Fault& f : result.smallest.faults)
    fmt::print("kept       {}\n", f.Describe());

  const scenario::Scenario shrunk =
      scenarios::WithSchedule(*loaded.scenario, result.smallest, options.seed);
  if (!Write(out_path, shrunk, options, result)) {
    fmt::print(stderr, "kafkasim shrink: cannot write {}\n", out_path);
    return kExitUsage;
  }
  // The file is checked as a user will use it: loaded from disk and run without a nemesis.
  const scenarios::Loaded written = scenarios::LoadScenarioFile(out_path);
  if (!written.ok()) {
    for (const auto& e : written.errors) fmt::print(stderr, "{}\n", e.ToString());
    return kExitCheckFailed;
  }
  const scenarios::SeedResult alone = scenarios::JudgeSeed(*written.scenario, options.seed);
  const bool same = scenarios::FailsTheSameWay(result.original, alone);
  fmt::print("wrote {}: on its own it {}{}\n", out_path, Verdict(alone),
             same ? "" : " (NOT the original failure)");
  fmt::print("run it: kafkasim run {}\n", out_path);
  return same ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddShrinkCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "shrink", "Make a failing seed's fault schedule as small as it can be, as a scenario file");
  cmd->add_option("file", options->file, "Scenario file (protobuf text format)")->required();
  cmd->add_option("--seed", options->seed, "The failing seed")->required();
  cmd->add_option("--nemesis", options->nemesis,
                  "The fault kinds the seed was swept with, e.g. kill,power,partition")
      ->required();
  cmd->add_option("--out", options->out,
                  "Where to write the shrunk scenario (default: shrunk-seed-N.textproto)");
  cmd->callback([run, options] { *run = [options] { return Shrink(*options); }; });
}

}  // namespace kafkasim::app
