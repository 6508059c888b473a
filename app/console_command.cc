// `kafkasim console [FILE]`: an interactive prompt over a live simulation. It reads lines from
// standard input (a terminal or a script) and hands each to a ConsoleSession: Kafka's own tools as
// typed on a real machine, plus advance, status, faults and checks. Without FILE the cluster is
// ZooKeeper zk-1 and brokers 101, 102, 103. When the input is not a terminal each line is echoed
// after its prompt, so a scripted session reads as a transcript; on a terminal the line can be
// edited and earlier lines come back with Up and Down (app/line_editor.h).
#include <fmt/core.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/command.h"
#include "app/line_editor.h"
#include "scenarios/console_session.h"
#include "scenarios/loader.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::optional<uint64_t> seed;
};

int Console(const Options& options) {
  const std::optional<scenario::Scenario> loaded = LoadLiveScenario(options.file);
  if (!loaded) return kExitUsage;
  const scenario::Scenario& scenario = *loaded;
  const bool terminal = isatty(STDIN_FILENO) != 0;
  scenarios::RunOptions run_options;
  run_options.seed = options.seed;
  fmt::print("kafkasim console: {} (type help)\n",
             scenario.name().empty() ? options.file : scenario.name());
  scenarios::ConsoleSession session(scenario, run_options, [](const std::string& line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
  });
  std::string line;
  LineEditor editor;  // on a terminal: editing and Up/Down through earlier lines
  while (true) {
    if (terminal) {
      const std::optional<std::string> edited =
          ReadEditedLine(editor, session.Prompt(), STDIN_FILENO);
      if (!edited) {
        session.EndOfInput();
        break;
      }
      line = *edited;
    } else {
      fmt::print("{}", session.Prompt());
      std::fflush(stdout);
      if (!std::getline(std::cin, line)) {
        fmt::print("\n");
        session.EndOfInput();
        break;
      }
      fmt::print("{}\n", line);
    }
    if (!session.Handle(line)) break;
  }
  return kExitOk;
}

}  // namespace

std::optional<scenario::Scenario> LoadLiveScenario(const std::string& file) {
  if (file.empty()) return scenarios::ConsoleSession::DefaultScenario();
  const scenarios::Loaded loaded = scenarios::LoadScenarioFile(file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
    return std::nullopt;
  }
  return *loaded.scenario;
}

void AddConsoleCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "console", "An interactive prompt over a live cluster: Kafka's tools, faults and time");
  cmd->add_option("file", options->file, "Scenario file to start from (default: 3 brokers)");
  cmd->add_option("--seed", options->seed, "Seed of the run (instead of the file's)");
  cmd->callback([run, options] { *run = [options] { return Console(*options); }; });
}

}  // namespace kafkasim::app
