// `kafkasim demo-cluster`: the replication demo (model/demo/replication_demo.h) as a narrated
// text run: what the cluster did, in order, then the counts and the verdict. Exit code 1 if an
// acknowledged record was lost or an invariant broke. `--quiet` prints only the fingerprint.
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "app/command.h"
#include "model/demo/replication_demo.h"
#include "scenarios/narrator.h"
#include "sim/world.h"

namespace kafkasim::app {
namespace {

struct Options {
  uint64_t seed = 1;
  std::string version = "2.8";
  std::string duration = "90s";
  bool no_faults = false;
  std::string trace_path;
  bool quiet = false;
};

int Run(const Options& options) {
  demo::ReplicationDemoConfig config;
  config.version = options.version;
  config.faults = !options.no_faults;
  if (!sim::ParseDuration(options.duration, &config.duration) ||
      config.duration <= sim::Duration::Zero()) {
    fmt::print(stderr, "kafkasim demo-cluster: --duration: '{}' is not a duration like 90s or 2m\n",
               options.duration);
    return kExitUsage;
  }
  if (kafka::FindVersionProfile(options.version) == nullptr) {
    std::string names;
    for (std::string_view n : kafka::VersionProfileNames()) {
      names += (names.empty() ? "" : ", ") + std::string(n);
    }
    fmt::print(stderr, "kafkasim demo-cluster: --version: '{}' is not one of {}\n", options.version,
               names);
    return kExitUsage;
  }
  demo::ReplicationDemo demo(options.seed, config);
  std::ofstream trace_file;
  std::unique_ptr<sim::JsonLinesTraceSink> sink;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path);
    if (!trace_file) {
      fmt::print(stderr, "kafkasim demo-cluster: cannot write {}\n", options.trace_path);
      return kExitUsage;
    }
    sink = std::make_unique<sim::JsonLinesTraceSink>(trace_file);
    demo.world().trace().AddSink(sink.get());
  }
  scenarios::Narrator narrator([](const std::string& line) { fmt::print("{}\n", line); });
  if (!options.quiet) {
    fmt::print(
        "kafkasim cluster demo: 3 brokers (Kafka {}), 1 ZooKeeper server, seed {}\n"
        "topic orders: 3 partitions, replication factor 3, min.insync.replicas 2; one acks=all\n"
        "record every 100 ms{}\n\n",
        options.version, options.seed,
        config.faults ? "; at 20s the leader of orders-0 is killed, at 45s it restarts, at 60s a "
                        "preferred-leader election"
                      : "");
    demo.world().trace().AddSink(&narrator);
  }
  const auto wall_start = std::chrono::steady_clock::now();
  const demo::ReplicationDemoSummary s = demo.Run();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (options.quiet) {
    fmt::print("{}\n", sim::FingerprintHex(s.fingerprint));
    return s.ok() ? kExitOk : kExitCheckFailed;
  }
  std::string refusals;
  for (const auto& [name, n] : s.refusals) {
    refusals += fmt::format("{}{} {}", refusals.empty() ? " (" : ", ", n, name);
  }
  if (!refusals.empty()) refusals += ")";
  fmt::print(
      "\nwrites     {} sent: {} acknowledged, {} refused{}, {} unanswered (the leader was "
      "down)\n",
      s.sent, s.acked, s.refused, refusals, s.unanswered);
  fmt::print("speed      {} events in {:.3f} s wall ({:.0f} x real time)\n", s.events, wall_s,
             wall_s > 0 ? static_cast<double>(config.duration.nanos()) / 1e9 / wall_s : 0.0);
  fmt::print("fingerprint {}\n", sim::FingerprintHex(s.fingerprint));
  for (const auto& v : s.violations) fmt::print("violation  {}\n", v);
  for (const auto& l : s.lost) fmt::print("lost       {}\n", l);
  if (s.ok()) {
    fmt::print("verdict    PASS: all {} acknowledged records are in place; no invariant broke\n",
               s.acked);
  } else {
    fmt::print("verdict    FAIL: {} acknowledged records lost, {} invariant violations\n",
               s.lost.size(), s.violations.size());
  }
  return s.ok() ? kExitOk : kExitCheckFailed;
}

}  // namespace

void AddDemoClusterCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo-cluster",
      "Run the replication demo: three brokers replicate acks=all writes while the leader of "
      "orders-0 is killed and comes back. Narrates what happens and ends with a verdict.");
  cmd->add_option("--seed", options->seed, "Seed of the run")->capture_default_str();
  cmd->add_option("--version", options->version, "Kafka version profile (0.10.2 ... 3.6)")
      ->capture_default_str();
  cmd->add_option("--duration", options->duration, "Simulated time to run")->capture_default_str();
  cmd->add_flag("--no-faults", options->no_faults, "Run without killing the leader");
  cmd->add_option("--trace", options->trace_path, "Write every event as JSON Lines to this file");
  cmd->add_flag("--quiet", options->quiet, "Print only the fingerprint");
  cmd->callback([run, options] { *run = [options] { return Run(*options); }; });
}

}  // namespace kafkasim::app
