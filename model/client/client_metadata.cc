// See client_metadata.h.
#include "model/client/client_metadata.h"

#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"

#include "model/client/request_client.h"
#include "model/common/id_text.h"

namespace kafka {

std::optional<std::vector<int32_t>> ParseBootstrapServers(std::string_view value) {
  std::vector<int32_t> ids;
  std::string_view rest = value;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (const size_t colon = item.find(':'); colon != std::string_view::npos) {
      item = item.substr(0, colon);
    }
    if (item.starts_with("broker-")) item.remove_prefix(7);
    const auto id = ParseInt32(item);
    if (!id) return std::nullopt;
    ids.push_back(*id);
  }
  return ids;
}

void ClientMetadata::Update(sim::Context& ctx, int32_t broker, const MetadataResponse& response) {
  std::vector<int32_t> brokers;
  for (const BrokerEndpoint& b : response.brokers) brokers.push_back(b.id);
  std::string leaders;
  for (const auto& topic : response.topics) {
    if (topic.is_internal) continue;
    leaders += (leaders.empty() ? "" : "; ") + topic.name + ":";
    for (const auto& p : topic.partitions) {
      leaders += " " + std::to_string(p.leader);
    }
    if (topic.error != ErrorCode::kNone) leaders += " " + std::string(ErrorName(topic.error));
  }
  ctx.Trace(kinds::kClientMetadata,
            {{"from", broker}, {"brokers", FormatIdList(brokers)}, {"leaders", leaders}});
  for (const BrokerEndpoint& b : response.brokers) hosts_by_broker_[b.id] = b.host;
  for (const auto& topic : response.topics) {
    if (topic.partitions.empty()) continue;
    std::vector<PartitionLeader>& leaders = leaders_[topic.name];
    leaders.assign(topic.partitions.size(), {});
    for (const auto& p : topic.partitions) {
      if (p.index >= 0 && static_cast<size_t>(p.index) < leaders.size()) {
        leaders[p.index] = {p.error == ErrorCode::kNone ? p.leader : -1, p.leader_epoch};
      }
    }
  }
}

void ClientMetadata::Clear() {
  leaders_.clear();
  hosts_by_broker_.clear();
  request_in_flight = false;
}

int32_t ClientMetadata::LeaderOf(const TopicPartition& tp) const {
  const auto it = leaders_.find(tp.topic);
  if (it == leaders_.end() || tp.partition < 0 ||
      tp.partition >= static_cast<int32_t>(it->second.size())) {
    return -1;
  }
  return it->second[tp.partition].leader;
}

int32_t ClientMetadata::LeaderEpochOf(const TopicPartition& tp) const {
  const auto it = leaders_.find(tp.topic);
  if (it == leaders_.end() || tp.partition < 0 ||
      tp.partition >= static_cast<int32_t>(it->second.size())) {
    return -1;
  }
  return it->second[tp.partition].epoch;
}

int32_t ClientMetadata::PartitionCount(const std::string& topic) const {
  const auto it = leaders_.find(topic);
  return it == leaders_.end() ? 0 : static_cast<int32_t>(it->second.size());
}

std::optional<sim::NodeId> ClientMetadata::NodeOf(int32_t broker) const {
  const auto it = hosts_by_broker_.find(broker);
  return hosts_->Resolve(it != hosts_by_broker_.end() ? it->second : BrokerHost(broker));
}

}  // namespace kafka
