// ControllerContext: what the active controller knows (ControllerContext.scala): the live brokers
// with their epochs, each topic's replica assignment and config, and each partition's leader, ISR,
// leader epoch and state-znode version, plus its place in the partition state machine
// (PartitionStateMachine.scala: NonExistent -> New -> Online <-> Offline -> NonExistent).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/common/requests.h"
#include "model/controller/leader_election.h"
#include "sim/node_id.h"

namespace kafka {

enum class PartitionPhase { kNew, kOnline, kOffline };

struct ControllerContext {
  struct LiveBroker {
    BrokerEndpoint endpoint;
    int64_t epoch = -1;  // the czxid of its registration znode
    sim::NodeId node;
  };
  struct PartitionInfo {
    LeaderAndIsr leadership;
    int32_t controller_epoch = 0;  // of the controller that last wrote the state
    int32_t zk_version = 0;
    PartitionPhase phase = PartitionPhase::kNew;
  };

  int32_t epoch = 0;             // /controller_epoch
  int32_t epoch_zk_version = 0;  // its zkVersion: every write checks it (controller fencing)
  std::map<int32_t, LiveBroker> live_brokers;
  std::set<int32_t> shutting_down;
  std::map<std::string, std::map<int32_t, std::vector<int32_t>>> assignments;
  std::map<std::string, std::map<std::string, std::string>> topic_configs;
  std::map<TopicPartition, PartitionInfo> partitions;
  std::set<std::string> topics_being_deleted;
  // Replicas a deletion still waits to hear StopReplica answers from, by topic.
  std::map<std::string, std::set<int32_t>> replicas_deleting;

  std::set<int32_t> LiveIds() const {
    std::set<int32_t> ids;
    for (const auto& [id, b] : live_brokers) ids.insert(id);
    return ids;
  }
  // Live and not shutting down: who may lead.
  std::set<int32_t> EligibleIds() const {
    std::set<int32_t> ids;
    for (const auto& [id, b] : live_brokers) {
      if (!shutting_down.contains(id)) ids.insert(id);
    }
    return ids;
  }
  const std::vector<int32_t>& Assignment(const TopicPartition& tp) const {
    static const std::vector<int32_t> kNone;
    const auto t = assignments.find(tp.topic);
    if (t == assignments.end()) return kNone;
    const auto p = t->second.find(tp.partition);
    return p == t->second.end() ? kNone : p->second;
  }
  bool IsLive(int32_t id) const { return live_brokers.contains(id); }
};

}  // namespace kafka
