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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "app/command.h"
#include "app/served_cluster.h"
#include "app/tcp_server.h"
#include "model/wire/gateway.h"
#include "scenarios/console_session.h"
#include "scenarios/loader.h"
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

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted = true; }

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
  std::vector<int32_t> brokers;
  for (const auto& b : scenario.cluster().brokers()) brokers.push_back(b.id());
  if (brokers.empty()) brokers = {101, 102, 103};
  std::sort(brokers.begin(), brokers.end());
  TcpServer server;
  ServedCluster::Listeners listeners;
  std::string bootstrap;
  for (size_t i = 0; i < brokers.size(); ++i) {
    const int port = options.port + static_cast<int>(i);
    if (const auto error = server.Listen(options.listen, port, brokers[i])) {
      fmt::print(stderr, "kafkasim serve: {}\n", *error);
      return kExitUsage;
    }
    listeners[brokers[i]] = {options.listen, port};
    bootstrap += (bootstrap.empty() ? "" : ",") + options.listen + ":" + std::to_string(port);
  }
  ServedCluster served(scenario, run_options, print, listeners,
                       options.record_path.empty() ? nullptr : &record);
  sim::World& world = served.world();
  if (served.cluster().broker_ids() != brokers) {
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
  served.SetOutlet(
      {[&](uint64_t c, std::string frame) { server.Send(c, frame); },
       [&](uint64_t c, const std::string& reason) {
         print(fmt::format("[{}] connection {} closed: {}", sim::ToString(world.Now()), c, reason));
         server.Close(c);
       }});

  for (size_t i = 0; i < brokers.size(); ++i) {
    print(fmt::format("broker-{} listens on {}:{}", brokers[i], options.listen,
                      options.port + static_cast<int>(i)));
  }
  print("bootstrap servers: " + bootstrap);
  print("try: kcat -b " + bootstrap + " -L");

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  bool quit = false;
  std::string typed;
  if (!options.no_input) server.WatchInput(STDIN_FILENO);
  TcpServer::Handlers handlers;
  handlers.opened = [&](uint64_t c, int32_t broker) { served.Open(c, broker); };
  handlers.arrived = [&](uint64_t c, std::string bytes) { served.Arrive(c, bytes); };
  handlers.closed = [&](uint64_t c) { served.Closed(c); };
  handlers.input_ready = [&] {
    char buffer[4096];
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {
      server.StopWatchingInput();
      served.EndOfInput();
      quit = true;
      return;
    }
    typed.append(buffer, static_cast<size_t>(n));
    for (size_t end; !quit && (end = typed.find('\n')) != std::string::npos;) {
      const std::string line = typed.substr(0, end);
      typed.erase(0, end + 1);
      if (!served.Type(line)) quit = true;
    }
  };

  using Clock = std::chrono::steady_clock;
  const Clock::time_point wall_start = Clock::now();
  const sim::Time sim_start = world.Now();
  const auto paced = [&] {
    const double elapsed_ns =
        std::chrono::duration<double, std::nano>(Clock::now() - wall_start).count();
    return sim_start + sim::Duration::Nanos(static_cast<int64_t>(elapsed_ns * options.speed));
  };
  while (!quit && !g_interrupted) {
    const sim::Time target = paced();
    served.AdvanceTo(target);
    // Sleep until the next event is due by the wall clock, a 50 ms slice at most.
    const sim::Time next = world.scheduler().NextEventTime();
    int wait_ms = 50;
    if (next != sim::Time::Never()) {
      const double until_ns = static_cast<double>((next - paced()).nanos()) / options.speed;
      wait_ms = static_cast<int>(std::clamp(until_ns / 1e6, 0.0, 50.0));
    }
    server.Poll(wait_ms, handlers);
  }
  served.End();
  print(fmt::format("[{}] kafkasim serve stops", sim::ToString(world.Now())));
  for (const std::string& line : served.DeliveryReport()) print(line);
  print("fingerprint " + sim::FingerprintHex(served.fingerprint()));
  if (!options.record_path.empty()) {
    print("replay with: kafkasim run " +
          (options.file.empty() ? std::string("FILE") : options.file) + " --replay " +
          options.record_path);
  }
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
