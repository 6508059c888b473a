// `kafka-console-producer` inside the simulation (ConsoleProducer.scala and LineMessageReader,
// 2.8): each line of its standard input becomes one record, keyed when parse.key is set. It runs
// as a producer client node of its own, sends every line, and exits when each send has an outcome,
// printing Kafka's ErrorLoggingCallback line for each one that failed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kafkasim::scenarios {

class KafkaShell;

struct ConsoleProducerCommand {
  std::string bootstrap;
  std::string topic;
  std::map<std::string, std::string> producer_properties;  // --producer-property
  std::optional<std::string> acks;                         // --request-required-acks
  bool parse_key = false;                                  // --property parse.key=true
  std::string key_separator = "\t";                        // --property key.separator=:
};

std::variant<ConsoleProducerCommand, std::string> ParseConsoleProducer(
    const std::vector<std::string>& args);

void RunConsoleProducer(const ConsoleProducerCommand& command,
                        const std::vector<std::string>& input, KafkaShell& shell);

}  // namespace kafkasim::scenarios
