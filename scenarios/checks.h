// What a scenario can check, at a time in the timeline or at the end, written as a sentence:
//   leader of orders-0 is 102          leader of orders-0 is none
//   ISR of orders-0 is [101,103]       controller is 101
//   group dashboard is Stable          no acknowledged write lost
//   some acknowledged writes lost      (what a replay of a data-loss failure expects)
// Parse turns the sentence into a Check (or says what was expected); Evaluate reads the cluster.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/cluster.h"

namespace kafkasim::scenarios {

struct Check {
  enum class Kind {
    kLeader,
    kIsr,
    kController,
    kGroupState,
    kNoAcknowledgedWriteLost,
    kSomeAcknowledgedWritesLost,
  };
  Kind kind = Kind::kLeader;
  std::string text;  // as written
  kafka::TopicPartition tp;
  int32_t broker = -1;       // kLeader (-1: none), kController
  std::vector<int32_t> isr;  // kIsr
  std::string group, state;  // kGroupState
};

// The check, or the reason the sentence is not one.
std::variant<Check, std::string> ParseCheck(const std::string& text);

struct CheckOutcome {
  bool passed = false;
  std::string actual;  // what was found, e.g. "leader of orders-0 is 103"
};
CheckOutcome Evaluate(const Check& check, const kafka::Cluster& cluster);

// "orders-0" as a topic and partition.
std::optional<kafka::TopicPartition> ParsePartition(const std::string& text);

}  // namespace kafkasim::scenarios
