// ControllerContext: what the active controller knows (ControllerContext.scala): the live brokers
// with their epochs, each topic's replica assignment and config, and each partition's leader, ISR,
// leader epoch and state-znode version, plus its place in the partition state machine
// (PartitionStateMachine.scala: NonExistent -> New -> Online <-> Offline -> NonExistent).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/common/change_journal.h"
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
  // The partitions' records, read like a map. Every write (operator[], erase, clear) reports the
  // partition to the journal, if there is one, so that observers of the controller's view (the
  // leader and ISR a test asks about) look at exactly what changed.
  class PartitionTable {
   public:
    using Map = std::map<TopicPartition, PartitionInfo>;
    void ReportChangesTo(ChangeJournal* journal) { journal_ = journal; }
    PartitionInfo& operator[](const TopicPartition& tp) {
      if (journal_ != nullptr) journal_->Touch(tp);
      return map_[tp];
    }
    void erase(const TopicPartition& tp) {
      if (journal_ != nullptr) journal_->Touch(tp);
      map_.erase(tp);
    }
    void EraseTopic(const std::string& topic) {
      auto it = map_.lower_bound(TopicPartition{topic, std::numeric_limits<int32_t>::min()});
      while (it != map_.end() && it->first.topic == topic) {
        if (journal_ != nullptr) journal_->Touch(it->first);
        it = map_.erase(it);
      }
    }
    Map::const_iterator find(const TopicPartition& tp) const { return map_.find(tp); }
    bool contains(const TopicPartition& tp) const { return map_.contains(tp); }
    size_t count(const TopicPartition& tp) const { return map_.count(tp); }
    const PartitionInfo& at(const TopicPartition& tp) const { return map_.at(tp); }
    Map::const_iterator begin() const { return map_.begin(); }
    Map::const_iterator end() const { return map_.end(); }
    size_t size() const { return map_.size(); }
    bool empty() const { return map_.empty(); }

   private:
    Map map_;
    ChangeJournal* journal_ = nullptr;
  };

  int32_t epoch = 0;             // /controller_epoch
  int32_t epoch_zk_version = 0;  // its zkVersion: every write checks it (controller fencing)
  std::map<int32_t, LiveBroker> live_brokers;
  std::set<int32_t> shutting_down;
  std::map<std::string, std::map<int32_t, std::vector<int32_t>>> assignments;
  std::map<std::string, std::map<std::string, std::string>> topic_configs;
  PartitionTable partitions;
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
