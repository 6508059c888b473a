// See server_scripts.h.
#include "scenarios/shell/server_scripts.h"

#include "model/common/id_text.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/shell.h"

namespace kafkasim::scenarios {
namespace {

std::string Base(const std::string& tool) {
  return tool.ends_with(".sh") ? tool.substr(0, tool.size() - 3) : tool;
}

}  // namespace

bool IsServerScript(const std::string& tool) {
  const std::string base = Base(tool);
  return base == "zookeeper-server-start" || base == "zookeeper-server-stop" ||
         base == "kafka-server-start" || base == "kafka-server-stop";
}

std::variant<ServerScript, std::string> ParseServerScript(const std::vector<std::string>& args) {
  const std::string base = Base(args.at(0));
  ServerScript s{};
  if (base == "zookeeper-server-stop" || base == "kafka-server-stop") {
    s.kind = base == "kafka-server-stop" ? ServerScript::Kind::kKafkaStop
                                         : ServerScript::Kind::kZooKeeperStop;
    return s;
  }
  const bool kafka = base == "kafka-server-start";
  s.kind = kafka ? ServerScript::Kind::kKafkaStart : ServerScript::Kind::kZooKeeperStart;
  const std::string usage =
      kafka ? "USAGE: kafka-server-start.sh [-daemon] server.properties [--override "
              "property=value]*"
            : "USAGE: zookeeper-server-start.sh [-daemon] zookeeper.properties";
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-daemon") continue;
    if (kafka && a == "--override") {
      if (i + 1 >= args.size()) return usage;
      const auto property = SplitProperty(args[++i]);
      if (!property) return usage;
      if (property->first == "broker.id") {
        const auto id = kafka::ParseInt32(property->second);
        if (!id) return "Invalid value " + property->second + " for configuration broker.id";
        s.broker_id = *id;
      }
      continue;
    }
    if (!s.properties.empty() || a.starts_with("-")) return usage;
    s.properties = a;
  }
  if (s.properties.empty()) return usage;
  return s;
}

void RunServerScript(const ServerScript& script, const std::string& host, KafkaShell& shell) {
  kafka::Cluster& cluster = shell.cluster();
  sim::World& world = cluster.world();
  using Kind = ServerScript::Kind;
  const bool kafka = script.kind == Kind::kKafkaStart || script.kind == Kind::kKafkaStop;

  // The servers the script may act on: the host's own, or every server of its kind.
  std::vector<std::pair<std::string, sim::NodeId>> servers;
  if (kafka) {
    for (int32_t id : cluster.broker_ids()) {
      servers.push_back({"broker-" + std::to_string(id), cluster.BrokerNode(id)});
    }
  } else {
    for (int sid = 1; sid <= cluster.spec().zookeeper_servers; ++sid) {
      servers.push_back({"zk-" + std::to_string(sid), cluster.ZkNode(sid)});
    }
  }
  if (!host.empty()) {
    std::erase_if(servers, [&](const auto& s) { return s.first != host; });
  } else if (script.broker_id) {
    const std::string name = "broker-" + std::to_string(*script.broker_id);
    std::erase_if(servers, [&](const auto& s) { return s.first != name; });
  }
  auto down = [&](sim::NodeId n) { return world.state(n) == sim::NodeState::kDown; };

  if (script.kind == Kind::kKafkaStop || script.kind == Kind::kZooKeeperStop) {
    std::erase_if(servers, [&](const auto& s) { return down(s.second); });
    if (servers.empty()) {
      shell.Say("", kafka ? "No kafka server to stop" : "No zookeeper server to stop", false);
      return;
    }
    std::string out;
    for (const auto& [name, node] : servers) out += (out.empty() ? "" : "\n") + name + ": stopping";
    shell.Say("", out, true);
    for (const auto& [name, node] : servers) {
      if (kafka) {
        world.node_as<kafka::Broker>(node).BeginShutdown();  // SIGTERM: a controlled shutdown
      } else {
        world.Exit(node);
      }
    }
    return;
  }

  if (servers.empty()) {
    shell.Say("", "no such server here", false);
    return;
  }
  // A start on the operator's machine takes the first server that is not running yet.
  auto chosen = servers.front();
  for (const auto& s : servers) {
    if (down(s.second)) {
      chosen = s;
      break;
    }
  }
  const auto& [name, node] = chosen;
  if (!down(node)) {  // the port is taken by the one already running
    shell.Say("",
              kafka ? "ERROR [KafkaServer id=" + name.substr(7) +
                          "] Fatal error during KafkaServer startup. Prepare to shutdown "
                          "(kafka.server.KafkaServer)\nkafka.common.KafkaException: Socket server "
                          "failed to bind to 0.0.0.0:9092: Address already in use."
                    : "java.net.BindException: Address already in use",
              false);
    return;
  }
  world.Restart(node);
  shell.Say("",
            kafka
                ? "INFO [KafkaServer id=" + name.substr(7) + "] starting (kafka.server.KafkaServer)"
                : "INFO binding to port 0.0.0.0/0.0.0.0:2181 "
                  "(org.apache.zookeeper.server.NIOServerCnxnFactory)",
            true);
}

}  // namespace kafkasim::scenarios
