// `kafka-console-consumer` inside the simulation (ConsoleConsumer.scala and
// DefaultMessageFormatter, 2.8): a consumer client node of its own that prints each record it
// reads, in a group (--group, or a fresh console-consumer-NNNNN), from the group's committed
// offsets or, without them, from the end of the log (or the beginning with --from-beginning). With
// --max-messages it closes after that many records and says how many it processed; otherwise it
// keeps reading until the run ends or it is killed. --isolation-level read_committed makes it skip
// aborted transactions and stop at the last stable offset.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kafkasim::scenarios {

class KafkaShell;

struct ConsoleConsumerCommand {
  std::string bootstrap;
  std::string topic;
  std::optional<std::string> group;
  bool from_beginning = false;
  std::optional<int64_t> max_messages;
  bool print_key = false, print_partition = false, print_offset = false, print_value = true;
  std::string key_separator = "\t";
  std::map<std::string, std::string> consumer_properties;  // --consumer-property
  std::optional<std::string> isolation_level;              // --isolation-level
};

std::variant<ConsoleConsumerCommand, std::string> ParseConsoleConsumer(
    const std::vector<std::string>& args);

void RunConsoleConsumer(const ConsoleConsumerCommand& command, KafkaShell& shell);

}  // namespace kafkasim::scenarios
