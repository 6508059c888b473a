// How a subcommand plugs into the `kafkasim` executable: it adds itself to the CLI11 parser and
// sets the function that runs it. Exit codes: 0 success, 1 a check failed, 2 bad usage or input.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scenarios/scenario.pb.h"

namespace kafkasim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;

// Sets `*run` to the subcommand's action when the parser selects it.
using RunFunction = std::function<int()>;

void AddConsoleCommand(CLI::App& app, RunFunction* run);
void AddDemoClusterCommand(CLI::App& app, RunFunction* run);
void AddDemoKernelCommand(CLI::App& app, RunFunction* run);
void AddExplainCommand(CLI::App& app, RunFunction* run);
void AddLessonsCommand(CLI::App& app, RunFunction* run);
void AddRunCommand(CLI::App& app, RunFunction* run);
void AddServeCommand(CLI::App& app, RunFunction* run);
void AddSweepCommand(CLI::App& app, RunFunction* run);
void AddSweepReportCommand(CLI::App& app, RunFunction* run);
void AddShrinkCommand(CLI::App& app, RunFunction* run);
void AddViewCommand(CLI::App& app, RunFunction* run);

// `kafkasim run FILE [--seed N]` as a function: the narrated text run (the view's fallback when
// there is no display).
int RunNarrated(const std::string& file, std::optional<uint64_t> seed);

// The scenario `console` and `serve` start from: `file`'s, or with no file the console's default
// cluster. Prints the file's errors (file:line:column) and gives nothing if it has any.
std::optional<scenario::Scenario> LoadLiveScenario(const std::string& file);

}  // namespace kafkasim::app
