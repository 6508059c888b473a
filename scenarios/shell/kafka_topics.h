// `kafka-topics` inside the simulation (TopicCommand.scala, 2.8): --create, --list, --describe,
// --delete and --alter --partitions against --bootstrap-server, with Kafka's output and error
// messages. A command parses first (Kafka's message for a bad command line); running it sends the
// admin requests from the shell's client node and reports the output when the answers arrive.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/client/request_client.h"
#include "model/cluster.h"

namespace kafkasim::scenarios {

struct TopicsCommand {
  enum class Action { kCreate, kList, kDescribe, kDelete, kAlter } action = Action::kList;
  std::optional<std::string> topic;
  std::optional<int32_t> partitions;
  std::optional<int32_t> replication_factor;
  std::map<std::string, std::string> configs;
  bool if_not_exists = false;
  std::string bootstrap;  // as typed; resolved when the command runs
};

// The command, or the message kafka-topics prints for a bad command line.
std::variant<TopicsCommand, std::string> ParseTopicsCommand(const std::vector<std::string>& args);

// Runs it: `done` gets the output lines and whether it succeeded (exit code 0).
void RunTopicsCommand(const TopicsCommand& command, kafka::Cluster& cluster,
                      kafka::RequestClient& client,
                      std::function<void(std::string output, bool ok)> done);

}  // namespace kafkasim::scenarios
