// See placement_dot.h.
#include "scenarios/outputs/placement_dot.h"

#include <algorithm>

namespace kafkasim::scenarios {
namespace {

// The colours the view uses for the same roles.
constexpr const char* kLeader = "#2e7d32";
constexpr const char* kInSync = "#64b5f6";
constexpr const char* kOutOfSync = "#ffb74d";

}  // namespace

std::string PlacementDot(const kafka::Cluster& cluster) {
  const sim::World& world = cluster.world();
  std::string out = "digraph kafkasim {\n  rankdir=LR;\n  node [shape=box, style=filled];\n";
  out += "  subgraph cluster_zookeeper {\n    label=\"ZooKeeper\";\n";
  for (int sid = 1; sid <= cluster.spec().zookeeper_servers; ++sid) {
    const sim::NodeId node = cluster.ZkNode(sid);
    const bool down = world.state(node) == sim::NodeState::kDown;
    const bool leads = !down && cluster.ZkLeader() == &world.node_as<zk::ZkServer>(node);
    out += "    \"zk-" + std::to_string(sid) + "\" [label=\"zk-" + std::to_string(sid) +
           (leads ? "\\nleader" : "") + "\", fillcolor=\"" + (down ? "#bdbdbd" : "#fff59d") +
           "\"];\n";
  }
  out += "  }\n";
  const int32_t controller = cluster.ControllerId();
  const auto partitions = cluster.Partitions();
  for (int32_t id : cluster.broker_ids()) {
    const bool up = cluster.IsUp(id);
    out += "  subgraph cluster_broker_" + std::to_string(id) + " {\n    label=\"broker " +
           std::to_string(id) + (id == controller ? " (controller)" : "") + (up ? "" : " (down)") +
           "\";\n    style=filled; fillcolor=\"" + (up ? "#f5f5f5" : "#bdbdbd") + "\";\n";
    out += "    \"b" + std::to_string(id) + "\" [shape=point, style=invis];\n";
    for (const kafka::TopicPartition& tp : partitions) {
      if (tp.topic.starts_with("__")) continue;
      const auto replicas = cluster.Replicas(tp);
      if (std::find(replicas.begin(), replicas.end(), id) == replicas.end()) continue;
      const auto isr = cluster.Isr(tp);
      const bool leader = cluster.Leader(tp) == id;
      const bool in_sync = std::find(isr.begin(), isr.end(), id) != isr.end();
      const std::string name = kafka::ToString(tp);
      out += "    \"" + name + "@" + std::to_string(id) + "\" [label=\"" + name +
             (leader    ? "\\nleader"
              : in_sync ? "\\nin sync"
                        : "\\nout of sync") +
             "\", fillcolor=\"" +
             (leader    ? kLeader
              : in_sync ? kInSync
                        : kOutOfSync) +
             "\", fontcolor=\"" + (leader ? "white" : "black") + "\"];\n";
    }
    out += "  }\n";
  }
  // Followers fetch from their leader: an edge per follower replica.
  for (const kafka::TopicPartition& tp : partitions) {
    if (tp.topic.starts_with("__")) continue;
    const int32_t leader = cluster.Leader(tp);
    if (leader < 0) continue;
    const std::string name = kafka::ToString(tp);
    for (int32_t id : cluster.Replicas(tp)) {
      if (id == leader) continue;
      out += "  \"" + name + "@" + std::to_string(leader) + "\" -> \"" + name + "@" +
             std::to_string(id) + "\" [label=\"replicates\", fontsize=9];\n";
    }
  }
  out += "}\n";
  return out;
}

}  // namespace kafkasim::scenarios
