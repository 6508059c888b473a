// `kafkasim demo-kernel`: the kernel demo (gossip under a seeded nemesis), narrated briefly, ending
// with the fingerprint. The same seed prints the same fingerprint on every run and in every build.
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <memory>

#include "app/command.h"
#include "model/demo/gossip.h"
#include "sim/time.h"

namespace kafkasim::app {
namespace {

struct Options {
  uint64_t seed = 1;
  int nodes = 20;
  std::string duration = "60s";
  bool no_faults = false;
  std::string trace_path;
  bool quiet = false;
};

// "1 restart", "3 restarts"; "1 power loss", "2 power losses".
std::string Count(int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int Run(const Options& options) {
  demo::GossipConfig config;
  config.nodes = options.nodes;
  config.faults = !options.no_faults;
  if (!sim::ParseDuration(options.duration, &config.duration) ||
      config.duration <= sim::Duration::Zero()) {
    fmt::print(stderr,
               "kafkasim demo-kernel: --duration: '{}' is not a duration like 60s or 1.5m\n",
               options.duration);
    return kExitUsage;
  }
  if (config.quiet_tail > config.duration) config.quiet_tail = config.duration / 5;

  demo::GossipDemo demo(options.seed, config);
  std::ofstream trace_file;
  std::unique_ptr<sim::JsonLinesTraceSink> sink;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path);
    if (!trace_file) {
      fmt::print(stderr, "kafkasim demo-kernel: cannot write {}\n", options.trace_path);
      return kExitUsage;
    }
    sink = std::make_unique<sim::JsonLinesTraceSink>(trace_file);
    demo.world().trace().AddSink(sink.get());
  }

  const auto wall_start = std::chrono::steady_clock::now();
  const demo::GossipSummary s = demo.Run();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  if (options.quiet) {
    fmt::print("{}\n", sim::FingerprintHex(s.fingerprint));
    return kExitOk;
  }
  const sim::World& world = demo.world();
  fmt::print("kafkasim kernel demo: {} nodes gossiping for {} over a random topology, seed {}\n",
             config.nodes, sim::ToString(config.duration), options.seed);
  fmt::print("topology   {} links (latency 1-20 ms, jitter up to 2 ms, 10 MB/s, 0.1 % loss)\n",
             world.network().link_count());
  fmt::print("faults     {}, {}, {}, {}, {}, {}; the last {} are quiet\n",
             Count(s.link_cuts, "link cut", "link cuts"),
             Count(s.splits, "network split", "network splits"),
             Count(s.process_kills, "process kill", "process kills"),
             Count(s.power_losses, "power loss", "power losses"),
             Count(s.pauses, "pause", "pauses"), Count(s.restarts, "restart", "restarts"),
             sim::ToString(config.quiet_tail));
  fmt::print("traffic    {} messages sent, {} delivered, {} dropped; {} timers fired\n",
             s.stats.messages_sent, s.stats.messages_delivered, s.stats.messages_dropped,
             s.stats.timers_fired);
  fmt::print("rumours    {} alive, each node knows {}.{} % of them on average\n", s.rumours,
             s.coverage_permille / 10, s.coverage_permille % 10);
  fmt::print("speed      {} events, {} trace records in {:.3f} s wall ({:.0f} x real time)\n",
             s.events, world.trace().event_count(), wall_s,
             wall_s > 0 ? static_cast<double>(config.duration.nanos()) / 1e9 / wall_s : 0.0);
  fmt::print("fingerprint {}\n", sim::FingerprintHex(s.fingerprint));
  return kExitOk;
}

}  // namespace

void AddDemoKernelCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo-kernel",
      "Run the kernel demo: nodes gossiping over a random network while links are cut, nodes "
      "crash, lose power, pause and restart, all drawn from the seed. Prints the fingerprint.");
  cmd->add_option("--seed", options->seed, "Seed of the run")->capture_default_str();
  cmd->add_option("--nodes", options->nodes, "Number of nodes")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  cmd->add_option("--duration", options->duration, "Simulated time to run, e.g. 60s, 2m")
      ->capture_default_str();
  cmd->add_flag("--no-faults", options->no_faults, "Run without the nemesis");
  cmd->add_option("--trace", options->trace_path, "Write every event as JSON Lines to this file");
  cmd->add_flag("--quiet", options->quiet, "Print only the fingerprint");
  cmd->callback([run, options] { *run = [options] { return Run(*options); }; });
}

}  // namespace kafkasim::app
