// A consumer group as its coordinator holds it (Kafka 2.8 GroupMetadata.scala,
// MemberMetadata.scala): the state, the generation, the chosen protocol, the leader, the members
// with what they support and what they were assigned, and the committed offsets.
//
// States and the transitions Kafka allows (the previous states each may follow):
//   PreparingRebalance <- Stable, CompletingRebalance, Empty
//   CompletingRebalance <- PreparingRebalance
//   Stable <- CompletingRebalance
//   Empty <- PreparingRebalance
//   Dead <- any
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/common/requests.h"
#include "sim/node_id.h"

namespace kafka {

enum class GroupState { kEmpty, kPreparingRebalance, kCompletingRebalance, kStable, kDead };
// Kafka's names: "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead".
const char* ToString(GroupState state);
// Whether Kafka allows moving from `from` to `to`.
bool CanTransition(GroupState from, GroupState to);

// Where a request that waits for the group to move on is answered.
struct Waiter {
  sim::NodeId from;
  int32_t correlation_id = 0;
};

struct MemberMetadata {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  int32_t session_timeout_ms = 10000;
  int32_t rebalance_timeout_ms = 300000;
  std::vector<std::string> protocols;
  Subscription subscription;
  std::vector<TopicPartition> assignment;
  std::optional<Waiter> join_waiter;
  std::optional<Waiter> sync_waiter;
  int64_t last_heartbeat_ms = 0;
  bool is_new = false;
};

struct GroupMetadata {
  std::string group_id;
  GroupState state = GroupState::kEmpty;
  int32_t generation_id = 0;
  std::string protocol;
  std::string leader;  // member id; empty when there is none
  std::map<std::string, MemberMetadata> members;
  std::set<std::string> pending_members;  // told MEMBER_ID_REQUIRED, not joined yet
  std::map<TopicPartition, Offset> offsets;
  // Offsets written by TxnOffsetCommit, per producer id, until the transaction's marker reaches
  // this group's __consumer_offsets partition (applied on commit, dropped on abort).
  std::map<int64_t, std::map<TopicPartition, Offset>> pending_txn_offsets;
  // The rebalance under way: when it must end, and (first rebalance of an empty group) the
  // group.initial.rebalance.delay.ms window that new members extend.
  int64_t join_deadline_ms = 0;
  int64_t initial_delay_remaining_ms = 0;
  bool new_member_during_delay = false;
  bool in_initial_delay = false;

  bool Transition(GroupState to);
  bool AllMembersJoined() const;
  int32_t RebalanceTimeoutMs() const;
  // The protocol every member supports that most members prefer (ties: the smallest name), or
  // empty if there is none in common.
  std::string SelectProtocol() const;
  // Whether a member with these protocols could join (shares one with every member).
  bool SupportsProtocols(const std::vector<std::string>& protocols) const;
  const MemberMetadata* FindStatic(const std::string& instance_id) const;
};

}  // namespace kafka
