// The scripts that start and stop servers: zookeeper-server-start, zookeeper-server-stop,
// kafka-server-start and kafka-server-stop. A script runs on a host: typed on broker-102,
// kafka-server-start starts broker 102 and kafka-server-stop stops it. Typed on the operator's own
// machine, where the course runs every server side by side, a start picks the server from
// --override broker.id=N or else the first one that is down, and a stop stops every server of its
// kind, as the real scripts signal every matching process. kafka-server-stop is a controlled
// shutdown (SIGTERM); zookeeper-server-stop ends the server cleanly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kafkasim::scenarios {

class KafkaShell;

struct ServerScript {
  enum class Kind { kZooKeeperStart, kZooKeeperStop, kKafkaStart, kKafkaStop } kind;
  std::string properties;            // the config file named (start scripts)
  std::optional<int32_t> broker_id;  // --override broker.id=N
};

// Whether `tool` names one of the scripts (with or without .sh).
bool IsServerScript(const std::string& tool);
std::variant<ServerScript, std::string> ParseServerScript(const std::vector<std::string>& args);
void RunServerScript(const ServerScript& script, const std::string& host, KafkaShell& shell);

}  // namespace kafkasim::scenarios
