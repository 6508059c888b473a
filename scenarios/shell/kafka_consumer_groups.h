// `kafka-consumer-groups` inside the simulation (ConsumerGroupCommand.scala, 2.8): --list, and
// --describe --group G with Kafka's columns GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET
// LAG CONSUMER-ID HOST CLIENT-ID, read from the group coordinators.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/cluster.h"

namespace kafkasim::scenarios {

struct GroupsCommand {
  bool list = false;
  std::optional<std::string> group;
  std::string bootstrap;  // as typed
};

// The command, or the message kafka-consumer-groups prints for a bad command line.
std::variant<GroupsCommand, std::string> ParseGroupsCommand(const std::vector<std::string>& args);
// Its output, and whether it succeeded.
std::pair<std::string, bool> RunGroupsCommand(const GroupsCommand& command,
                                              const kafka::Cluster& cluster);

}  // namespace kafkasim::scenarios
