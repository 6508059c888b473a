// How a subcommand plugs into the `kafkasim` executable: it adds itself to the CLI11 parser and
// sets the function that runs it. Exit codes: 0 success, 1 a check failed, 2 bad usage or input.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

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
void AddSweepCommand(CLI::App& app, RunFunction* run);

}  // namespace kafkasim::app
