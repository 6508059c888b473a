// Narrator: turns a run's trace into the lines a reader follows, one per event that matters:
// brokers registering and dying, controller elections, leader and ISR changes with their reason,
// group rebalances, the scenario's own narration and checks. It is a trace sink, so it sees the
// run as it happens and never touches the model.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "sim/trace.h"

namespace kafkasim::scenarios {

// Scenario events the runner records (the narrator shows them).
namespace kinds {
inline constexpr sim::Kind kNarrate{"scenario.narrate"};
inline constexpr sim::Kind kStep{"scenario.step"};
inline constexpr sim::Kind kCheck{"scenario.check"};
inline constexpr sim::Kind kCommandOutput{"scenario.command_output"};
}  // namespace kinds

class Narrator : public sim::TraceSink {
 public:
  // `print` gets each line, without a newline.
  explicit Narrator(std::function<void(const std::string&)> print) : print_(std::move(print)) {}
  void OnEvent(const sim::EventView& e) override;

 private:
  std::function<void(const std::string&)> print_;
  std::set<std::string> clients_with_metadata_;
  std::map<std::string, sim::Time> send_failures_;  // producer and error -> last narrated
  std::set<std::string> unclean_shutdowns_;         // brokers whose controlled shutdown gave up
};

}  // namespace kafkasim::scenarios
