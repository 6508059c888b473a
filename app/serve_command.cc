// `kafkasim serve [FILE]`: the scenario's cluster, played in real time, that real Kafka clients can
// use. Each simulated broker listens on a loopback port (--port, --port+1, ... in broker id order)
// and Metadata advertises those ports, so kcat, kafka-python or an application bootstraps from
// any of them. Simulated time follows the wall clock (times --speed): one thread sleeps in poll()
// on the sockets and standard input until the next event is due, as OMNeT++'s real-time socket
// scheduler does. Bytes that arrive enter the simulation at the simulated time they came.
//
// Standard input takes the console's commands (kill 102, restart 102, cut, heal, status, and
// Kafka's own tools); what happens is narrated on standard output. Without FILE the cluster is
// the console's: ZooKeeper zk-1 and brokers 101, 102, 103. It runs until `quit`, end of input
// (with --no-input: until interrupted), or Ctrl-C.
#include <fmt/core.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "app/command.h"
#include "app/real_time_server.h"
#include "app/served_cluster.h"
#include "sim/trace.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::string listen = "127.0.0.1";
  int port = 9092;
  double speed = 1.0;
  std::optional<uint64_t> seed;
  bool no_input = false;
  std::string trace_path;
  std::string record_path;
};

int Serve(const Options& options) {
  if (options.speed <= 0) {
    fmt::print(stderr, "kafkasim serve: --speed must be above 0\n");
    return kExitUsage;
  }
  const std::optional<scenario::Scenario> loaded = LoadLiveScenario(options.file);
  if (!loaded) return kExitUsage;
  const scenario::Scenario& scenario = *loaded;
  const auto print = [](const std::string& line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
  };
  scenarios::RunOptions run_options;
  run_options.seed = options.seed;
  std::ofstream record;
  if (!options.record_path.empty()) {
    record.open(options.record_path);
    if (!record) {
      fmt::print(stderr, "kafkasim serve: cannot write {}\n", options.record_path);
      return kExitUsage;
    }
  }
  // The brokers' ids, in order, come from the scenario's cluster: listen first, then start.
  RealTimeServer server;
  if (const auto error = server.Listen(options.listen, options.port, ServedBrokers(scenario))) {
    fmt::print(stderr, "kafkasim serve: {}\n", *error);
    return kExitUsage;
  }
  ServedCluster served(scenario, run_options, print, server.listeners(),
                       options.record_path.empty() ? nullptr : &record);
  sim::World& world = served.world();
  if (served.cluster().broker_ids() != ServedBrokers(scenario)) {
    fmt::print(stderr, "kafkasim serve: the cluster's brokers are not the scenario's\n");
    return kExitUsage;
  }

  std::ofstream trace_file;
  std::unique_ptr<sim::JsonLinesTraceSink> trace_sink;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path);
    if (!trace_file) {
      fmt::print(stderr, "kafkasim serve: cannot write {}\n", options.trace_path);
      return kExitUsage;
    }
    trace_sink = std::make_unique<sim::JsonLinesTraceSink>(trace_file);
    world.trace().AddSink(trace_sink.get());
  }
  for (const std::string& line : server.Banner()) print(line);
  server.Start(served, options.speed, print);
  if (!options.no_input) server.TakeInput(STDIN_FILENO);
  InstallStopSignals();
  while (!StopRequested() && server.Tick(50)) {
  }
  for (const std::string& line : served.End(options.file, options.record_path)) print(line);
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Play a cluster in real time for real Kafka clients (kcat, kafka-python, ...)");
  cmd->add_option("file", options->file, "Scenario file (default: 3 brokers, no topics)");
  cmd->add_option("--listen", options->listen, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", options->port, "First broker's port; the others follow (default 9092)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--speed", options->speed, "Simulated seconds per wall-clock second (default 1)");
  cmd->add_option("--seed", options->seed, "Seed of the run (instead of the file's)");
  cmd->add_option("--trace", options->trace_path,
                  "Write every event from the start of serving as JSON Lines to this file");
  cmd->add_option("--record", options->record_path,
                  "Write the session (every arrival and console line, with its simulated time) "
                  "so that `kafkasim run FILE --replay` plays it again");
  cmd->add_flag("--no-input", options->no_input,
                "Do not read commands from standard input; run until interrupted");
  cmd->callback([run, options] { *run = [options] { return Serve(*options); }; });
}

}  // namespace kafkasim::app
