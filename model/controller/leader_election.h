// The controller's partition leader elections, as Kafka 2.8 runs them
// (core/src/main/scala/kafka/controller/PartitionStateMachine.scala,
// PartitionLeaderElectionAlgorithms; Election.scala). `assignment` is the replica order stored in
// ZooKeeper; its head is the preferred leader. Every election bumps the leader epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace kafka {

struct LeaderAndIsr {
  int32_t leader = -1;  // -1: no leader (offline)
  int32_t leader_epoch = 0;
  std::vector<int32_t> isr;
  bool operator==(const LeaderAndIsr&) const = default;
};

struct ElectionResult {
  std::optional<LeaderAndIsr> next;  // nothing: no candidate; the partition stays as it is
  bool unclean = false;              // the leader came from outside the ISR
};

// Offline partition: the first assigned replica that is live and in the ISR; failing that, and only
// if unclean election is enabled, the first live assigned replica. The new ISR is the live part of
// the old one, or just the leader after an unclean election.
ElectionResult ElectOfflinePartitionLeader(const std::vector<int32_t>& assignment,
                                           const LeaderAndIsr& current,
                                           const std::set<int32_t>& live,
                                           bool unclean_leader_election_enable);

// Controlled shutdown: the first assigned replica that is live, in the ISR and not shutting down;
// the shutting-down brokers leave the ISR.
ElectionResult ElectControlledShutdownLeader(const std::vector<int32_t>& assignment,
                                             const LeaderAndIsr& current,
                                             const std::set<int32_t>& live,
                                             const std::set<int32_t>& shutting_down);

// Preferred replica: the head of the assignment, if live and in the ISR. The ISR is unchanged.
ElectionResult ElectPreferredLeader(const std::vector<int32_t>& assignment,
                                    const LeaderAndIsr& current, const std::set<int32_t>& live);

// Reassignment: the first target replica that is live and in the ISR. The ISR is unchanged.
ElectionResult ElectReassignedLeader(const std::vector<int32_t>& target,
                                     const LeaderAndIsr& current, const std::set<int32_t>& live);

// A new partition (initializeLeaderAndIsrForPartitions): leader = the first live replica, ISR =
// the live replicas in assignment order, epoch 0. Nothing if no replica is live.
std::optional<LeaderAndIsr> InitialLeaderAndIsr(const std::vector<int32_t>& assignment,
                                                const std::set<int32_t>& live);

// A replica goes offline (ReplicaStateMachine): it loses leadership and leaves the ISR, unless it
// is the last ISR member, which stays so that a clean election remains possible. Epoch + 1.
LeaderAndIsr RemoveReplicaFromIsr(const LeaderAndIsr& current, int32_t replica);

}  // namespace kafka
