// `kafkasim sweep FILE --seeds A..B [--jobs N] [--nemesis kill,power,...] [--json]`: plays a
// scenario once per seed, in parallel threads (each simulation stays on one thread and shares
// nothing), optionally under a nemesis drawn from each seed; scenarios/sweep.h says when a seed
// passes. Prints a progress bar on standard error, a table of verdicts and anomaly
// counts, and for each failing seed the command that replays it; --json gives the same data.
#include <fmt/core.h>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "app/command.h"
#include "model/common/id_text.h"
#include "scenarios/loader.h"
#include "scenarios/nemesis.h"
#include "scenarios/sweep.h"
#include "sim/trace.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::string seeds = "1..20";
  int jobs = 0;  // 0: one per core
  std::string nemesis;
  bool json = false;
};

using scenarios::SeedResult;

int Sweep(const Options& options) {
  const size_t dots = options.seeds.find("..");
  const auto first = kafka::ParseInt32(options.seeds.substr(0, dots));
  const auto last =
      dots == std::string::npos ? first : kafka::ParseInt32(options.seeds.substr(dots + 2));
  if (!first || !last || *first < 0 || *last < *first) {
    fmt::print(stderr, "kafkasim sweep: --seeds: '{}' is not a range like 1..100\n", options.seeds);
    return kExitUsage;
  }
  std::set<std::string> nemesis;
  if (!options.nemesis.empty()) {
    const auto parsed = scenarios::ParseNemesis(options.nemesis);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
      fmt::print(stderr, "kafkasim sweep: --nemesis: {}\n", *why);
      return kExitUsage;
    }
    nemesis = std::get<std::set<std::string>>(parsed);
  }
  const scenarios::Loaded loaded = scenarios::LoadScenarioFile(options.file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
    return kExitUsage;
  }
  const size_t count = static_cast<size_t>(*last - *first + 1);
  std::vector<SeedResult> results(count);
  std::atomic<size_t> next{0}, done{0};
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t jobs = std::min<size_t>(count, options.jobs > 0 ? options.jobs : cores);
  std::vector<std::thread> workers;
  for (size_t j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++) {
        results[i] =
            scenarios::RunSweepSeed(*loaded.scenario, nemesis, static_cast<uint64_t>(*first) + i);
        ++done;
      }
    });
  }
  // The progress bar, from this thread, while the workers run.
  while (!options.json && done < count) {
    const size_t d = done;
    fmt::print(stderr, "\r[{:<40}] {}/{} seeds", std::string(d * 40 / count, '#'), d, count);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  for (auto& w : workers) w.join();
  if (!options.json) fmt::print(stderr, "\r[{}] {}/{} seeds\n", std::string(40, '#'), count, count);

  size_t failing = 0;
  for (const auto& r : results) failing += r.passed ? 0 : 1;
  const std::string nemesis_flag = options.nemesis.empty() ? "" : " --nemesis " + options.nemesis;
  if (options.json) {
    std::string rows;
    for (const auto& r : results) {
      rows += fmt::format(
          "{}{{\"seed\":{},\"verdict\":\"{}\",\"lost\":{},\"unseen\":{},\"duplicates\":{},"
          "\"inconsistent\":{},\"other_anomalies\":{},\"failed_checks\":{},\"violations\":{},"
          "\"fingerprint\":\"{}\"}}",
          rows.empty() ? "" : ",", r.seed, r.passed ? "pass" : "fail", r.lost, r.unseen,
          r.duplicates, r.inconsistent, r.other, r.failed_checks, r.violations,
          sim::FingerprintHex(r.fingerprint));
    }
    fmt::print(
        "{{\"file\":\"{}\",\"seeds\":{},\"failing\":{},\"nemesis\":\"{}\",\"results\":[{}]}}\n",
        options.file, count, failing, options.nemesis, rows);
    return failing == 0 ? kExitOk : kExitCheckFailed;
  }
  fmt::print("{:>6}  {:<7} {:>6} {:>6} {:>10} {:>12} {:>6} {:>6} {:>10}  {}\n", "seed", "verdict",
             "lost", "unseen", "duplicates", "inconsistent", "other", "checks", "invariants",
             "fingerprint");
  for (const auto& r : results) {
    fmt::print("{:>6}  {:<7} {:>6} {:>6} {:>10} {:>12} {:>6} {:>6} {:>10}  {}\n", r.seed,
               r.passed ? "pass" : "FAIL", r.lost, r.unseen, r.duplicates, r.inconsistent, r.other,
               r.failed_checks, r.violations, sim::FingerprintHex(r.fingerprint));
  }
  fmt::print("\n{} of {} seeds failed\n", failing, count);
  for (const auto& r : results) {
    if (!r.passed) {
      fmt::print("replay: kafkasim run {} --seed {}{}\n", options.file, r.seed, nemesis_flag);
    }
  }
  return failing == 0 ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddSweepCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Play a scenario once per seed, optionally under a random fault schedule");
  cmd->add_option("file", options->file, "Scenario file (protobuf text format)")->required();
  cmd->add_option("--seeds", options->seeds, "Seeds to run, e.g. 1..100");
  cmd->add_option("--jobs", options->jobs, "Simulations at once (default: one per core)");
  cmd->add_option("--nemesis", options->nemesis,
                  "Faults drawn from each seed: kill,power,pause,partition,zk,clients");
  cmd->add_flag("--json", options->json, "Print the results as one JSON object");
  cmd->callback([run, options] { *run = [options] { return Sweep(*options); }; });
}

}  // namespace kafkasim::app
