// The `kafkasim` executable: parses the command line and runs one subcommand.
#include <fmt/core.h>

#include <CLI/CLI.hpp>

#include "app/command.h"

int main(int argc, char** argv) {
  using namespace kafkasim::app;
  CLI::App app{
      "kafkasim: a deterministic discrete-event simulator of an Apache Kafka cluster with "
      "ZooKeeper.",
      "kafkasim"};
  app.set_version_flag("--version", std::string("kafkasim ") + KAFKASIM_VERSION);
  app.require_subcommand(1);
  app.footer("Run `kafkasim COMMAND --help` for a command's options.");

  RunFunction run;
  AddConsoleCommand(app, &run);
  AddDemoClusterCommand(app, &run);
  AddDemoKernelCommand(app, &run);
  AddLessonsCommand(app, &run);
  AddRunCommand(app, &run);
  AddServeCommand(app, &run);
  AddSweepCommand(app, &run);
  AddSweepReportCommand(app, &run);
  AddShrinkCommand(app, &run);
  AddViewCommand(app, &run);
  AddExplainCommand(app, &run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "kafkasim: {}\n", e.what());
    fmt::print(stderr, "Run `kafkasim --help` for usage.\n");
    return kExitUsage;
  }
  return run ? run() : kExitUsage;
}
