// ConsoleSession: a live simulation driven by typed lines, what `kafkasim console` reads from its
// standard input. A line is a Kafka tool exactly as on a real machine (handed to the KafkaShell),
// or one of the console's own commands: advance, status, kill, power-loss, restart, stop, pause,
// expire-session, cut, heal, elect-preferred, check, help, quit. Faults become scenario steps
// applied at the current simulated time, so a session is as deterministic as a file. A
// kafka-console-producer reads the lines that follow, up to an empty line, as a terminal would up
// to Ctrl-D. Everything that happens is narrated through `print`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/narrator.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {

class ConsoleSession {
 public:
  using Print = std::function<void(const std::string&)>;
  // Starts the scenario's cluster and runs its first two seconds (the cluster comes up).
  ConsoleSession(const scenario::Scenario& scenario, RunOptions options, Print print);
  // A console on a runner someone else owns and has begun (the served view's), from its time.
  ConsoleSession(ScenarioRunner& runner, Print print);
  ~ConsoleSession();

  // Handles one typed line; returns false once the user has asked to quit.
  bool Handle(const std::string& line);
  // Standard input ended: a console producer still reading gets its end of input.
  void EndOfInput();
  // "[12.000s] kafkasim> ", or ">" while a console producer reads its input.
  std::string Prompt() const;

  ScenarioRunner& runner() { return *runner_; }

  // The cluster every console starts with when no file is given: ZooKeeper zk-1 and brokers 101,
  // 102 and 103 with Kafka's defaults, no topics.
  static scenario::Scenario DefaultScenario();

 private:
  class AnswerCounter;
  void Advance(sim::Duration d);
  // Runs on until the shell has answered `answers` times, at most `limit` of simulated time.
  void AdvanceUntilAnswered(uint64_t answers, sim::Duration limit);
  void RunTool(const std::string& line, const std::vector<std::string>& input);
  void Status();
  void Help();
  void PrintBlock(std::string text);  // several lines, without the last newline
  // The node name a user means: "102" is broker-102.
  std::string NodeName(const std::string& word) const;
  // Applies a fault step if its node exists; says so if not.
  void ApplyToNode(scenario::Step step, const std::string& node);

  std::unique_ptr<ScenarioRunner> owned_runner_;  // null when the runner is someone else's
  ScenarioRunner* runner_;
  Print print_;
  Narrator narrator_;
  std::unique_ptr<AnswerCounter> answers_;
  std::optional<std::string> producer_command_;  // a console producer reading its input
  std::vector<std::string> producer_input_;
};

}  // namespace kafkasim::scenarios
