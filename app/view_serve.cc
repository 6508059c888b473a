// `kafkasim view FILE --serve`: `kafkasim serve` with the window. Real clients connect to the
// brokers' loopback ports as they do to `serve`'s, while the view shows the cluster live: their
// records arriving in the partitions, leaders and ISRs changing, the groups' lag. The view's
// faults and typed Kafka tools apply at once, and go into the session file with `--record`, so
// `kafkasim run FILE --replay` plays a view session too. Standard input takes the console's
// commands as `serve`'s does (`quit` closes the window). Time follows the wall clock (times
// --speed) and cannot be paused or rewound. Closing the window (or Ctrl-C) stops serving and
// prints the checker's verdict on the real clients; `--screenshot` keeps the last frame.
#include <fmt/core.h>

#include <unistd.h>

#include <fstream>

#include "app/command.h"
#include "app/real_time_server.h"
#include "app/served_cluster.h"
#include "app/view_serve.h"
#include "viz/live_run.h"
#include "viz/window.h"

namespace kafkasim::app {

int ServeInView(const ViewServeOptions& options, const scenario::Scenario& scenario) {
  if (options.speed > 1) {
    fmt::print(stderr,
               "kafkasim view: warning: real clients' own timers run on the wall clock; above "
               "--speed 1 their heartbeats come too rarely for groups\n");
  }
  const auto print = [](const std::string& line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
  };
  std::ofstream record;
  if (!options.record_path.empty()) {
    record.open(options.record_path);
    if (!record) {
      fmt::print(stderr, "kafkasim view: cannot write {}\n", options.record_path);
      return kExitUsage;
    }
  }
  RealTimeServer server;
  if (const auto error = server.Listen(options.listen, options.port, ServedBrokers(scenario))) {
    fmt::print(stderr, "kafkasim view: {}\n", *error);
    return kExitUsage;
  }
  // The cluster starts as `serve`'s does, its first two seconds at once, so that a recorded
  // view session replays like a served one.
  viz::LiveRun run(scenario, options.seed);
  run.AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(2));
  ServedCluster served(run.runner(), options.seed, print, server.listeners(),
                       options.record_path.empty() ? nullptr : &record);
  if (served.cluster().broker_ids() != ServedBrokers(scenario)) {
    fmt::print(stderr, "kafkasim view: the cluster's brokers are not the scenario's\n");
    return kExitUsage;
  }
  run.GoLive([&served](const scenario::Step& step) { served.Apply(step); },
             "bootstrap servers " + server.bootstrap());
  for (const std::string& line : server.Banner()) print(line);
  server.SetAdvance([&run](sim::Time t) { run.AdvanceTo(t); });
  server.Start(served, options.speed, print);
  if (!options.no_input) server.TakeInput(STDIN_FILENO, /*quit_at_end=*/false);
  InstallStopSignals();

  viz::ViewState view;
  view.playing = true;  // a live run never pauses (the console panel does not step it on)
  view.speed = options.speed;
  viz::WindowOptions window;
  window.width = options.width;
  window.height = options.height;
  window.title = "kafkasim: serving " + scenario.name();
  window.max_frames = options.frames;
  window.last_frame_png = options.screenshot;
  // Between frames, at most a few milliseconds in poll(): the frame itself is the rest.
  window.pump = [&server] { return !StopRequested() && server.Tick(4); };
  std::string error;
  const bool shown = viz::RunWindow(run, view, window, &error);
  for (const std::string& line : served.End(options.file, options.record_path)) print(line);
  if (!shown) {
    fmt::print(stderr, "kafkasim view: {}\n", error);
    return kExitCheckFailed;
  }
  if (!options.screenshot.empty()) print("last frame: " + options.screenshot);
  return kExitOk;
}

}  // namespace kafkasim::app
