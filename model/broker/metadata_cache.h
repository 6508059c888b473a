// MetadataCache: what a broker knows of the whole cluster, learned only from the controller's
// UpdateMetadata requests (MetadataCache.scala): the live brokers, the controller, and every
// partition's leader, epoch, replicas and ISR. It answers Metadata requests, so a client that
// knows one bootstrap broker learns the cluster.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/common/requests.h"

namespace kafka {

class MetadataCache {
 public:
  void Update(const UpdateMetadataRequest& request);
  void Clear() { *this = MetadataCache(); }

  int32_t controller_id() const { return controller_id_; }
  const std::map<int32_t, BrokerEndpoint>& live_brokers() const { return brokers_; }
  std::optional<BrokerEndpoint> Broker(int32_t id) const;
  const PartitionStateEntry* Partition(const TopicPartition& tp) const;
  bool Contains(const std::string& topic) const { return topics_.contains(topic); }
  // The topic's partition count, or 0 if the topic is unknown.
  int32_t PartitionCount(const std::string& topic) const;
  // Every partition of the topic has a live leader.
  bool HasLeaders(const std::string& topic) const;
  std::vector<std::string> Topics() const;
  // Every partition it knows, by topic and partition number.
  const std::map<std::string, std::map<int32_t, PartitionStateEntry>>& partitions() const {
    return topics_;
  }

  // The Metadata response for `topics` (every topic if nullopt): unknown topics get
  // UNKNOWN_TOPIC_OR_PARTITION, leaderless partitions LEADER_NOT_AVAILABLE.
  MetadataResponse Describe(const std::optional<std::vector<std::string>>& topics) const;

 private:
  int32_t controller_id_ = -1;
  std::map<int32_t, BrokerEndpoint> brokers_;
  std::map<std::string, std::map<int32_t, PartitionStateEntry>> topics_;
};

}  // namespace kafka
