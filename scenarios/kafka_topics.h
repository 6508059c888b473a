// `kafka-topics` inside the simulation (TopicCommand.scala, 2.8): --create, --list, --describe,
// --delete and --alter --partitions against --bootstrap-server, with Kafka's output and error
// messages. A command parses first (Parse: Kafka's message for a bad command line); running it
// sends the admin requests from a client node and reports the output when the answers arrive.
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
  std::vector<int32_t> bootstrap;
};

// Splits a command line into words ("..." and '...' group).
std::vector<std::string> SplitCommandLine(const std::string& line);

// The command, or the message kafka-topics prints for a bad command line.
std::variant<TopicsCommand, std::string> ParseTopicsCommand(const std::vector<std::string>& args);

// Runs it: `done` gets the output lines and whether it succeeded (exit code 0).
void RunTopicsCommand(const TopicsCommand& command, kafka::Cluster& cluster,
                      kafka::RequestClient& client,
                      std::function<void(std::string output, bool ok)> done);

// kafka-consumer-groups (ConsumerGroupCommand): --list, and --describe --group G with Kafka's
// columns.
struct GroupsCommand {
  bool list = false;
  std::optional<std::string> group;
  std::vector<int32_t> bootstrap;
};
std::variant<GroupsCommand, std::string> ParseGroupsCommand(const std::vector<std::string>& args);
std::string RunGroupsCommand(const GroupsCommand& command, const kafka::Cluster& cluster);

// Any tool the simulation knows, by its first word: the parse error, if the line is not a valid
// command.
std::optional<std::string> CheckCommandLine(const std::string& line);
// Runs a valid command line (CheckCommandLine said nothing).
void RunCommandLine(const std::string& line, kafka::Cluster& cluster, kafka::RequestClient& client,
                    std::function<void(std::string output, bool ok)> done);

}  // namespace kafkasim::scenarios
