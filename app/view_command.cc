// `kafkasim view FILE`: the scenario in a window, live: play, pause, step, scrub, inject faults,
// type Kafka's tools, save the session as a scenario. With `--screenshot out.png --at 30s
// [--size 1600x1000]` it renders one frame at that simulated time to a PNG instead (works under
// Xvfb). Without a display, the window falls back to the narrated text run of `kafkasim run`.
// With `--serve` it serves real Kafka clients as `kafkasim serve` does (app/view_serve.h).
#include <fmt/core.h>

#include <algorithm>
#include <memory>

#include "app/command.h"
#include "app/terminal_quiz.h"
#include "app/view_serve.h"
#include "scenarios/loader.h"
#include "viz/live_run.h"
#include "viz/window.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::optional<uint64_t> seed;
  std::string screenshot;
  std::string at;
  std::string size = "1600x1000";
  double speed = 1.0;
  bool play = false;
  int frames = 0;
  bool serve = false;
  std::string listen = "127.0.0.1";
  int port = 9092;
  std::string record_path;
  bool no_input = false;
  bool no_questions = false;
  std::string answers;
};

bool ParseSize(const std::string& text, int* w, int* h) {
  const size_t x = text.find('x');
  if (x == std::string::npos) return false;
  try {
    *w = std::stoi(text.substr(0, x));
    *h = std::stoi(text.substr(x + 1));
  } catch (const std::exception&) {
    return false;
  }
  return *w >= 320 && *h >= 240 && *w <= 8192 && *h <= 8192;
}

int Run(const Options& options) {
  const scenarios::Loaded loaded = scenarios::LoadScenarioFile(options.file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
    return kExitUsage;
  }
  int width = 0, height = 0;
  if (!ParseSize(options.size, &width, &height)) {
    fmt::print(stderr, "kafkasim view: --size: '{}' is not WIDTHxHEIGHT, e.g. 1600x1000\n",
               options.size);
    return kExitUsage;
  }
  sim::Duration at = sim::Duration::Zero();
  if (!options.at.empty() && !sim::ParseDuration(options.at, &at)) {
    fmt::print(stderr, "kafkasim view: --at: '{}' is not a time such as 30s\n", options.at);
    return kExitUsage;
  }
  if (!options.at.empty() && options.screenshot.empty()) {
    fmt::print(stderr, "kafkasim view: --at needs --screenshot\n");
    return kExitUsage;
  }
  if (options.serve) {
    if (!options.at.empty()) {
      fmt::print(stderr,
                 "kafkasim view: --at cannot be used with --serve (a served run's screenshot is "
                 "its last frame)\n");
      return kExitUsage;
    }
    ViewServeOptions serve;
    serve.file = options.file;
    serve.seed = options.seed;
    serve.listen = options.listen;
    serve.port = options.port;
    serve.speed = options.speed;
    serve.record_path = options.record_path;
    serve.screenshot = options.screenshot;
    serve.width = width;
    serve.height = height;
    serve.frames = options.frames;
    serve.no_input = options.no_input;
    return ServeInView(serve, *loaded.scenario);
  }
  if (!options.record_path.empty()) {
    fmt::print(stderr, "kafkasim view: --record needs --serve\n");
    return kExitUsage;
  }
  viz::LiveRun run(*loaded.scenario, options.seed);
  if (!options.no_questions) {
    run.AskQuestions(options.answers.empty() ? std::vector<std::string>{}
                                             : scenarios::SplitAnswers(options.answers));
  }
  viz::ViewState view;
  view.speed = options.speed;
  view.playing = options.play;
  std::string error;
  if (!options.screenshot.empty()) {
    if (options.at.empty()) {
      // No time given: two seconds after the lesson's last step (its conclusion on screen).
      const auto& steps = run.lesson_steps();
      const sim::Time last = steps.empty() ? run.end() : steps.back().first;
      at = std::min(last + sim::Duration::Seconds(2), run.end()).SinceZero();
    }
    run.SeekTo(sim::Time::Zero() + at);
    while (run.reveals_waiting() > 1) run.DismissReveal();  // the newest answer shows
    auto renderer = viz::OffscreenRenderer::Create(width, height, &error);
    if (!renderer) {
      fmt::print(stderr, "kafkasim view: {}\n", error);
      return kExitCheckFailed;
    }
    const std::vector<uint8_t> pixels = renderer->Render(run, view);
    if (!viz::WritePng(options.screenshot, width, height, pixels, &error)) {
      fmt::print(stderr, "kafkasim view: {}\n", error);
      return kExitCheckFailed;
    }
    fmt::print("{} at {} ({}x{}){}\n", options.screenshot, sim::ToString(run.now()), width, height,
               run.waiting_question()
                   ? fmt::format(", asking question {}", run.waiting_question()->number)
                   : "");
    return kExitOk;
  }
  viz::WindowOptions window;
  window.width = width;
  window.height = height;
  window.title = "kafkasim: " + loaded.scenario->name();
  window.max_frames = options.frames;
  if (viz::RunWindow(run, view, window, &error)) return kExitOk;
  fmt::print(stderr, "kafkasim view: {}; here is the narrated run instead.\n\n", error);
  return RunNarrated(options.file, options.seed);
}

}  // namespace

void AddViewCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "view", "Watch a scenario in a window: play, scrub, inject faults, type Kafka's tools");
  cmd->add_option("file", options->file, "Scenario file (protobuf text format)")->required();
  cmd->add_option("--seed", options->seed, "Seed of the run (instead of the file's)");
  cmd->add_option("--screenshot", options->screenshot,
                  "Render one frame to this PNG file instead of opening a window (with --serve: "
                  "the last frame, when serving stops)");
  cmd->add_option("--at", options->at,
                  "With --screenshot: the simulated time, e.g. 30s (default: just after the "
                  "lesson's last step)");
  cmd->add_option("--size", options->size, "Window or screenshot size, WIDTHxHEIGHT")
      ->default_str("1600x1000");
  cmd->add_option("--speed", options->speed, "Simulated seconds per second, 0.01 to 1000")
      ->check(CLI::Range(0.01, 1000.0));
  cmd->add_flag("--play", options->play, "Start playing at once");
  cmd->add_flag("--serve", options->serve,
                "Serve real Kafka clients as `kafkasim serve` does, and show the cluster live");
  cmd->add_option("--listen", options->listen, "With --serve: the address to listen on")
      ->default_str("127.0.0.1");
  cmd->add_option("--port", options->port, "With --serve: the first broker's port")
      ->check(CLI::Range(1, 65535))
      ->default_str("9092");
  cmd->add_option("--record", options->record_path,
                  "With --serve: write the session for `kafkasim run FILE --replay`");
  cmd->add_flag("--no-input", options->no_input,
                "With --serve: do not read console commands from standard input");
  cmd->add_flag("--no-questions", options->no_questions,
                "Play straight through: the lesson's questions are not asked");
  cmd->add_option("--answers", options->answers,
                  "The first questions' answers, in order (a screenshot then shows the next "
                  "question, or an answer's reveal)");
  cmd->add_option("--frames", options->frames, "Close the window after this many frames (tests)");
  cmd->callback([run, options] { *run = [options] { return Run(*options); }; });
}

}  // namespace kafkasim::app
