// See metadata_cache.h.
#include "model/broker/metadata_cache.h"

#include <algorithm>

#include "model/common/topic_name.h"

namespace kafka {

void MetadataCache::Update(const UpdateMetadataRequest& request) {
  controller_id_ = request.controller_id;
  brokers_.clear();
  for (const BrokerEndpoint& b : request.live_brokers) brokers_[b.id] = b;
  for (const PartitionStateEntry& p : request.partitions) topics_[p.tp.topic][p.tp.partition] = p;
  for (const std::string& topic : request.deleted_topics) topics_.erase(topic);
}

std::optional<BrokerEndpoint> MetadataCache::Broker(int32_t id) const {
  const auto it = brokers_.find(id);
  if (it == brokers_.end()) return std::nullopt;
  return it->second;
}

const PartitionStateEntry* MetadataCache::Partition(const TopicPartition& tp) const {
  const auto topic = topics_.find(tp.topic);
  if (topic == topics_.end()) return nullptr;
  const auto p = topic->second.find(tp.partition);
  return p == topic->second.end() ? nullptr : &p->second;
}

int32_t MetadataCache::PartitionCount(const std::string& topic) const {
  const auto it = topics_.find(topic);
  return it == topics_.end() ? 0 : static_cast<int32_t>(it->second.size());
}

bool MetadataCache::HasLeaders(const std::string& topic) const {
  const auto it = topics_.find(topic);
  if (it == topics_.end()) return false;
  return std::all_of(it->second.begin(), it->second.end(),
                     [&](const auto& p) { return brokers_.contains(p.second.leader); });
}

std::vector<std::string> MetadataCache::Topics() const {
  std::vector<std::string> names;
  for (const auto& [name, partitions] : topics_) names.push_back(name);
  return names;
}

MetadataResponse MetadataCache::Describe(
    const std::optional<std::vector<std::string>>& topics) const {
  MetadataResponse response;
  for (const auto& [id, b] : brokers_) response.brokers.push_back(b);
  response.controller_id = controller_id_;
  const std::vector<std::string> names = topics ? *topics : Topics();
  for (const std::string& name : names) {
    MetadataResponse::Topic topic;
    topic.name = name;
    topic.is_internal = IsInternalTopic(name);
    const auto it = topics_.find(name);
    if (it == topics_.end()) {
      topic.error = ErrorCode::kUnknownTopicOrPartition;
      response.topics.push_back(std::move(topic));
      continue;
    }
    for (const auto& [index, state] : it->second) {
      MetadataResponse::Partition p;
      p.index = index;
      p.leader = state.leader;
      p.leader_epoch = state.leader_epoch;
      p.replicas = state.replicas;
      p.isr = state.isr;
      for (int32_t r : state.replicas) {
        if (!brokers_.contains(r)) p.offline_replicas.push_back(r);
      }
      if (state.leader < 0 || !brokers_.contains(state.leader)) {
        p.error = ErrorCode::kLeaderNotAvailable;
        p.leader = -1;
      }
      topic.partitions.push_back(std::move(p));
    }
    response.topics.push_back(std::move(topic));
  }
  return response;
}

}  // namespace kafka
