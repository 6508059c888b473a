// GroupCoordinator: the broker side of consumer groups (Kafka 2.8 GroupCoordinator.scala,
// GroupMetadataManager.scala, DelayedJoin.scala, InitialDelayedJoin). A broker coordinates the
// groups whose __consumer_offsets partition (abs(javaHashCode(group)) % 50) it leads; when it
// becomes that leader it replays the partition to learn their offsets, and when it stops, it
// forgets them (their members find the new coordinator).
//
// - JoinGroup: a new member is told MEMBER_ID_REQUIRED with its id first (2.2 on, not static
//   members); joining or changing protocols starts a rebalance; the join ends when every member
//   has rejoined or at the rebalance timeout (members that did not rejoin leave); the first
//   rebalance of an empty group waits group.initial.rebalance.delay.ms, longer while members keep
//   arriving. Then the generation goes up, a protocol is chosen by vote, the first member to have
//   joined leads, and the leader alone receives every subscription.
// - SyncGroup: the leader's assignment makes the group Stable and reaches every member.
// - Heartbeat: keeps a member alive for session.timeout.ms; during a rebalance it answers
//   REBALANCE_IN_PROGRESS, telling the member to rejoin.
// - LeaveGroup, session expiry: the member goes and the rest rebalance.
// - Static members (group.instance.id) that come back under a new member id take their old
//   place without a rebalance.
// - OffsetCommit: checked against member and generation, written to __consumer_offsets with
//   acks=all, answered when committed; OffsetFetch answers from memory.
// - TxnOffsetCommit (KIP-447's member checks from 2.5): written in the producer's transaction,
//   applied when its COMMIT marker lands, dropped on ABORT; OffsetFetch with require_stable is
//   told UNSTABLE_OFFSET_COMMIT while such offsets are pending.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "model/broker/broker_config.h"
#include "model/broker/replica_manager.h"
#include "model/group/group_metadata.h"
#include "sim/node.h"

namespace kafka {

class GroupCoordinator {
 public:
  struct Hooks {
    std::function<void(sim::NodeId, int32_t, PacketBody)> respond;
    std::function<void(const ProduceRequest&, ReplicaManager::ProduceCallback)> append;
    // This broker's replica of a partition, or nullptr.
    std::function<const Partition*(const TopicPartition&)> replica;
  };
  static constexpr uint64_t kTagBase = uint64_t{0x4743} << 48;  // "GC"

  GroupCoordinator(sim::Context& ctx, const BrokerConfig& config, Hooks hooks);

  // The broker leads (or no longer leads) a __consumer_offsets partition.
  void OnLeadershipChange(const TopicPartition& tp, bool leader);

  void HandleJoinGroup(sim::NodeId from, int32_t id, const JoinGroupRequest& request);
  void HandleSyncGroup(sim::NodeId from, int32_t id, const SyncGroupRequest& request);
  void HandleHeartbeat(sim::NodeId from, int32_t id, const HeartbeatRequest& request);
  void HandleLeaveGroup(sim::NodeId from, int32_t id, const LeaveGroupRequest& request);
  void HandleOffsetCommit(sim::NodeId from, int32_t id, const OffsetCommitRequest& request);
  void HandleOffsetFetch(sim::NodeId from, int32_t id, const OffsetFetchRequest& request);
  // TxnOffsetCommit: the offsets go to __consumer_offsets in the producer's transaction and stay
  // pending until its marker arrives (OnTransactionCompleted).
  void HandleTxnOffsetCommit(sim::NodeId from, int32_t id, const TxnOffsetCommitRequest& request);
  // A transaction marker was written to these __consumer_offsets partitions.
  void OnTransactionCompleted(int64_t producer_id, bool committed,
                              const std::vector<TopicPartition>& partitions);
  DescribeGroupsResponse Describe(const DescribeGroupsRequest& request) const;
  ListGroupsResponse List() const;
  bool HandleTimer(uint64_t tag);

  // The partition of __consumer_offsets that holds `group`.
  int32_t PartitionFor(const std::string& group) const;
  bool Owns(const std::string& group) const;
  const GroupMetadata* Group(const std::string& group) const;
  const std::map<std::string, GroupMetadata>& groups() const { return groups_; }

 private:
  GroupMetadata* Find(const std::string& group);
  GroupMetadata& GetOrCreate(const std::string& group);
  void Transition(GroupMetadata& g, GroupState to);
  // Starts a rebalance (PreparingRebalance) unless one is under way.
  void PrepareRebalance(GroupMetadata& g, const char* reason);
  void MaybeCompleteJoin(GroupMetadata& g);
  void CompleteJoin(GroupMetadata& g);
  void RemoveMember(GroupMetadata& g, const std::string& member_id, const char* reason);
  // Checks the group at `at_ms` (deadlines, expired sessions).
  void ScheduleCheck(const std::string& group, int64_t at_ms);
  void Check(const std::string& group);
  void AddMember(GroupMetadata& g, const JoinGroupRequest& request, const std::string& member_id,
                 Waiter waiter);
  void UpdateMember(MemberMetadata& m, const JoinGroupRequest& request, Waiter waiter);
  JoinGroupResponse JoinResponseFor(const GroupMetadata& g, const MemberMetadata& m) const;
  void PersistGroup(const GroupMetadata& g);
  std::string NewMemberId(const std::string& client_id);
  int64_t NowMs() const;

  sim::Context& ctx_;
  const BrokerConfig& config_;
  Hooks hooks_;
  std::set<int32_t> owned_partitions_;  // of __consumer_offsets
  std::map<std::string, GroupMetadata> groups_;
  uint64_t next_check_id_ = 1;
  std::map<uint64_t, std::string> checks_;
  std::map<std::string, int64_t> next_check_ms_;  // the earliest check pending, per group
};

}  // namespace kafka
