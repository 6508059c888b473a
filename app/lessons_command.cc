// `kafkasim lessons`: the lesson library, one line each (file and name), in course order.
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "app/command.h"
#include "scenarios/loader.h"

namespace kafkasim::app {
namespace {

int Run() {
  const std::filesystem::path dir = std::filesystem::path(KAFKASIM_SCENARIO_DIR) / "lessons";
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".textproto") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const scenarios::Loaded loaded = scenarios::LoadScenarioFile(file.string());
    const std::string name = loaded.scenario ? loaded.scenario->name() : "(does not load)";
    fmt::print("{:<40} {}\n", "scenarios/lessons/" + file.filename().string(), name);
  }
  return kExitOk;
}

}  // namespace

void AddLessonsCommand(CLI::App& app, RunFunction* run) {
  CLI::App* cmd = app.add_subcommand("lessons", "List the lessons, one line each");
  cmd->callback([run] { *run = [] { return Run(); }; });
}

}  // namespace kafkasim::app
