// See describe.h.
#include "scenarios/describe.h"

#include <algorithm>
#include <set>

#include "model/common/id_text.h"

namespace kafkasim::scenarios {
namespace {

std::string Ids(const std::vector<int32_t>& ids) {
  std::string out;
  for (int32_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// A topic id as Kafka prints one (a base64 UUID); kafkasim derives it from the topic's name so
// that it is the same in every run.
std::string TopicId(const std::string& topic) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  uint64_t h = 1469598103934665603ULL;
  std::string id;
  for (int i = 0; i < 22; ++i) {
    for (char c : topic) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ static_cast<uint64_t>(i)) * 1099511628211ULL;
    id += kAlphabet[(h >> 20) % 64];
  }
  return id;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string DescribeTopic(const kafka::Cluster& cluster, const std::string& topic) {
  const kafka::ControllerContext* view = cluster.ControllerView();
  if (view == nullptr || !view->assignments.contains(topic)) {
    return "Error while executing topic command : Topic '" + topic +
           "' does not exist as expected\n";
  }
  const auto& assignment = view->assignments.at(topic);
  std::string configs;
  if (const auto it = view->topic_configs.find(topic); it != view->topic_configs.end()) {
    for (const auto& [k, v] : it->second) configs += (configs.empty() ? "" : ",") + k + "=" + v;
  }
  const size_t rf = assignment.empty() ? 0 : assignment.begin()->second.size();
  std::string out = "Topic: " + topic;
  if (cluster.profile().name >= std::string_view("2.8")) out += "\tTopicId: " + TopicId(topic);
  out += "\tPartitionCount: " + std::to_string(assignment.size()) +
         "\tReplicationFactor: " + std::to_string(rf) + "\tConfigs: " + configs + "\n";
  for (const auto& [p, replicas] : assignment) {
    const kafka::TopicPartition tp{topic, p};
    const int32_t leader = cluster.Leader(tp);
    out += "\tTopic: " + topic + "\tPartition: " + std::to_string(p) +
           "\tLeader: " + (leader < 0 ? std::string("none") : std::to_string(leader)) +
           "\tReplicas: " + Ids(replicas) + "\tIsr: " + Ids(cluster.Isr(tp)) + "\n";
  }
  return out;
}

std::vector<GroupLag> GroupLags(const kafka::Cluster& cluster, const std::string& group) {
  std::vector<GroupLag> rows;
  const kafka::GroupMetadata* g = cluster.Group(group);
  if (g == nullptr) return rows;
  std::set<kafka::TopicPartition> partitions;
  for (const auto& [tp, offset] : g->offsets) partitions.insert(tp);
  for (const auto& [id, m] : g->members)
    partitions.insert(m.assignment.begin(), m.assignment.end());
  for (const kafka::TopicPartition& tp : partitions) {
    GroupLag row{tp};
    if (const auto it = g->offsets.find(tp); it != g->offsets.end()) row.committed = it->second;
    const int32_t leader = cluster.Leader(tp);
    row.log_end = leader < 0 ? -1 : cluster.HighWatermark(leader, tp);
    for (const auto& [id, m] : g->members) {
      if (std::find(m.assignment.begin(), m.assignment.end(), tp) != m.assignment.end()) {
        row.member_id = id;
        row.client_id = m.client_id;
      }
    }
    rows.push_back(row);
  }
  return rows;
}

std::set<std::string> GroupIds(const kafka::Cluster& cluster) {
  std::set<std::string> groups;
  for (int32_t id : cluster.broker_ids()) {
    if (!cluster.IsUp(id) || cluster.broker(id).coordinator() == nullptr) continue;
    for (const auto& [group, g] : cluster.broker(id).coordinator()->groups()) groups.insert(group);
  }
  return groups;
}

std::string DescribeGroup(const kafka::Cluster& cluster, const std::string& group) {
  const kafka::GroupMetadata* g = cluster.Group(group);
  if (g == nullptr) return "Error: Consumer group '" + group + "' does not exist.\n";
  const std::vector<GroupLag> rows = GroupLags(cluster, group);
  if (rows.empty()) {
    return "\nConsumer group '" + group + "' has no active members.\n";
  }
  struct Row {
    std::vector<std::string> cells;
  };
  std::vector<Row> table;
  table.push_back({{"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                    "CONSUMER-ID", "HOST", "CLIENT-ID"}});
  for (const GroupLag& r : rows) {
    const bool assigned = !r.member_id.empty();
    table.push_back(
        {{group, r.tp.topic, std::to_string(r.tp.partition),
          r.committed < 0 ? "-" : std::to_string(r.committed),
          r.log_end < 0 ? "-" : std::to_string(r.log_end),
          r.committed < 0 || r.log_end < 0 ? "-" : std::to_string(r.log_end - r.committed),
          assigned ? r.member_id : "-", assigned ? "/" + r.client_id : "-",
          assigned ? r.client_id : "-"}});
  }
  // ConsumerGroupCommand: fixed widths for the numbers, the widest value for the rest.
  std::vector<size_t> widths = {0, 0, 10, 15, 15, 15, 0, 0, 0};
  for (const Row& row : table) {
    for (size_t c : {size_t{0}, size_t{1}, size_t{6}, size_t{7}}) {
      widths[c] = std::max(widths[c], row.cells[c].size());
    }
  }
  std::string out = "\n";
  for (const Row& row : table) {
    std::string line;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      line += c + 1 == row.cells.size() ? row.cells[c] : Pad(row.cells[c], widths[c]) + " ";
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace kafkasim::scenarios
