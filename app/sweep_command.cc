// `kafkasim sweep FILE --seeds A..B [--shard K/N] [--jobs N] [--nemesis KINDS] [--out FILE]
// [--json] [--all]`: plays a scenario once per seed, in parallel threads (each simulation stays on
// one thread and shares nothing), optionally under a nemesis drawn from each seed;
// scenarios/sweep.h says when a seed passes. `--shard K/N` keeps every N-th seed of the range,
// starting with the K-th, so N machines split a range between them. `--out` writes one JSON
// record per seed (`-`: standard output, and nothing else there); `kafkasim sweep-report` merges
// such files. Prints the report of scenarios/sweep_report.h, which is the same for the same seeds
// however they were split. A progress bar goes to standard error only when it is a terminal.
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "app/command.h"
#include "app/progress.h"
#include "model/common/id_text.h"
#include "scenarios/loader.h"
#include "scenarios/nemesis.h"
#include "scenarios/sweep.h"
#include "scenarios/sweep_report.h"
#include "sim/trace.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::string seeds = "1..20";
  std::string shard;
  int jobs = 0;  // 0: one per core
  std::string nemesis;
  std::string out;
  bool json = false;
  bool all = false;
};

using scenarios::SeedResult;

// "K/N" with 1 <= K <= N.
std::optional<std::pair<int, int>> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const auto k = kafka::ParseInt32(text.substr(0, slash));
  const auto n = kafka::ParseInt32(text.substr(slash + 1));
  if (!k || !n || *n < 1 || *k < 1 || *k > *n) return std::nullopt;
  return std::make_pair(*k, *n);
}

std::string Json(const std::vector<SeedResult>& results, const Options& options, size_t failing) {
  std::string rows;
  for (const auto& r : results) {
    rows += fmt::format(
        "{}{{\"seed\":{},\"verdict\":\"{}\",\"class\":\"{}\",\"lost\":{},\"unseen\":{},"
        "\"duplicates\":{},\"inconsistent\":{},\"other_anomalies\":{},\"failed_checks\":{},"
        "\"violations\":{},\"fingerprint\":\"{}\"}}",
        rows.empty() ? "" : ",", r.seed, r.passed ? "pass" : "fail", r.failure_class, r.lost,
        r.unseen, r.duplicates, r.inconsistent, r.other, r.failed_checks, r.violations,
        sim::FingerprintHex(r.fingerprint));
  }
  return fmt::format(
      "{{\"file\":\"{}\",\"seeds\":{},\"failing\":{},\"nemesis\":\"{}\",\"results\":[{}]}}\n",
      options.file, results.size(), failing, options.nemesis, rows);
}

int Sweep(const Options& options) {
  const size_t dots = options.seeds.find("..");
  const auto first = kafka::ParseInt32(options.seeds.substr(0, dots));
  const auto last =
      dots == std::string::npos ? first : kafka::ParseInt32(options.seeds.substr(dots + 2));
  if (!first || !last || *first < 0 || *last < *first) {
    fmt::print(stderr, "kafkasim sweep: --seeds: '{}' is not a range like 1..100\n", options.seeds);
    return kExitUsage;
  }
  std::pair<int, int> shard{1, 1};
  if (!options.shard.empty()) {
    const auto parsed = ParseShard(options.shard);
    if (!parsed) {
      fmt::print(stderr, "kafkasim sweep: --shard: '{}' is not K/N with 1 <= K <= N, e.g. 2/8\n",
                 options.shard);
      return kExitUsage;
    }
    shard = *parsed;
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
  const bool to_stdout = options.out == "-";
  std::ofstream out_file;
  if (!options.out.empty() && !to_stdout) {
    out_file.open(options.out);
    if (!out_file) {
      fmt::print(stderr, "kafkasim sweep: cannot write {}\n", options.out);
      return kExitUsage;
    }
  }
  // This shard's seeds: the K-th of every N, in order.
  std::vector<uint64_t> seeds;
  for (int64_t s = *first + shard.first - 1; s <= *last; s += shard.second) {
    seeds.push_back(static_cast<uint64_t>(s));
  }
  const size_t count = seeds.size();
  std::vector<SeedResult> results(count);
  std::atomic<size_t> next{0}, done{0};
  std::mutex out_mutex;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t jobs = std::min<size_t>(count, options.jobs > 0 ? options.jobs : cores);
  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (size_t j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++) {
        results[i] = scenarios::RunSweepSeed(*loaded.scenario, nemesis, seeds[i]);
        if (!options.out.empty()) {
          // Written as each seed ends, so a sweep cut short keeps what it finished.
          const std::string line =
              scenarios::ToJsonLine(scenarios::ToRecord(results[i], options.file, options.nemesis));
          const std::lock_guard<std::mutex> lock(out_mutex);
          if (to_stdout) {
            fmt::print("{}\n", line);
            std::fflush(stdout);
          } else {
            out_file << line << '\n' << std::flush;
          }
        }
        ++done;
      }
    });
  }
  ProgressBar progress("seeds", count);
  while (done < count) {
    progress.Show(done);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& w : workers) w.join();
  progress.Finish();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  size_t failing = 0;
  for (const auto& r : results) failing += r.passed ? 0 : 1;
  if (to_stdout) return failing == 0 ? kExitOk : kExitCheckFailed;
  if (options.json) {
    fmt::print("{}", Json(results, options, failing));
    return failing == 0 ? kExitOk : kExitCheckFailed;
  }
  std::vector<sweep::SeedRecord> records;
  for (const auto& r : results)
    records.push_back(scenarios::ToRecord(r, options.file, options.nemesis));
  fmt::print("{}", scenarios::Report(std::move(records), options.all).text);
  if (IsTerminal(stderr)) {
    fmt::print(stderr, "{} seeds in {:.1f} s of wall time on {} threads\n", count, wall, jobs);
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
  cmd->add_option("--shard", options->shard,
                  "Run only shard K of N: the K-th seed of the range and every N-th after it");
  cmd->add_option("--jobs", options->jobs, "Simulations at once (default: one per core)");
  cmd->add_option("--nemesis", options->nemesis,
                  "Faults drawn from each seed: kill,power,pause,partition,zk,clients");
  cmd->add_option("--out", options->out,
                  "Write one JSON record per seed to this file (-: standard output only), for "
                  "kafkasim sweep-report");
  cmd->add_flag("--json", options->json, "Print the results as one JSON object");
  cmd->add_flag("--all", options->all, "List every seed in the table, not only failing ones");
  cmd->callback([run, options] { *run = [options] { return Sweep(*options); }; });
}

}  // namespace kafkasim::app
