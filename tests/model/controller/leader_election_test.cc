// The controller's election algorithms on the cases that matter: clean, unclean, controlled
// shutdown, preferred, new partitions and the last ISR member.
#include "model/controller/leader_election.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

const std::vector<int32_t> kAssignment = {101, 102, 103};

TEST(LeaderElection, OfflinePicksTheFirstLiveInSyncReplicaInAssignmentOrder) {
  const LeaderAndIsr current{101, 4, {101, 103, 102}};
  const ElectionResult r = ElectOfflinePartitionLeader(kAssignment, current, {102, 103}, false);
  ASSERT_TRUE(r.next);
  EXPECT_EQ(r.next->leader, 102);  // assignment order, not ISR order
  EXPECT_EQ(r.next->leader_epoch, 5);
  EXPECT_EQ(r.next->isr, (std::vector<int32_t>{103, 102}));
  EXPECT_FALSE(r.unclean);
}

TEST(LeaderElection, WithoutALiveInSyncReplicaOnlyUncleanElectionFindsALeader) {
  const LeaderAndIsr current{101, 4, {101}};
  EXPECT_FALSE(ElectOfflinePartitionLeader(kAssignment, current, {102, 103}, false).next);
  const ElectionResult r = ElectOfflinePartitionLeader(kAssignment, current, {102, 103}, true);
  ASSERT_TRUE(r.next);
  EXPECT_TRUE(r.unclean);
  EXPECT_EQ(r.next->leader, 102);
  EXPECT_EQ(r.next->isr, std::vector<int32_t>{102});
  EXPECT_EQ(r.next->leader_epoch, 5);
}

TEST(LeaderElection, NothingLiveMeansNoLeaderEvenUnclean) {
  EXPECT_FALSE(ElectOfflinePartitionLeader(kAssignment, {101, 0, {101}}, {}, true).next);
}

TEST(LeaderElection, ControlledShutdownMovesLeadershipAndDropsTheBrokerFromTheIsr) {
  const LeaderAndIsr current{101, 2, {101, 102, 103}};
  const ElectionResult r =
      ElectControlledShutdownLeader(kAssignment, current, {101, 102, 103}, {101});
  ASSERT_TRUE(r.next);
  EXPECT_EQ(r.next->leader, 102);
  EXPECT_EQ(r.next->isr, (std::vector<int32_t>{102, 103}));
  EXPECT_EQ(r.next->leader_epoch, 3);
}

TEST(LeaderElection, PreferredNeedsTheHeadLiveAndInSync) {
  const LeaderAndIsr current{102, 7, {102, 103, 101}};
  const ElectionResult r = ElectPreferredLeader(kAssignment, current, {101, 102, 103});
  ASSERT_TRUE(r.next);
  EXPECT_EQ(r.next->leader, 101);
  EXPECT_EQ(r.next->isr, current.isr);
  EXPECT_EQ(r.next->leader_epoch, 8);
  EXPECT_FALSE(ElectPreferredLeader(kAssignment, {102, 7, {102, 103}}, {101, 102, 103}).next);
  EXPECT_FALSE(ElectPreferredLeader(kAssignment, current, {102, 103}).next);
}

TEST(LeaderElection, ReassignmentPicksFromTheTargetReplicas) {
  const LeaderAndIsr current{101, 1, {101, 102, 104}};
  const ElectionResult r = ElectReassignedLeader({104, 102}, current, {101, 102, 104});
  ASSERT_TRUE(r.next);
  EXPECT_EQ(r.next->leader, 104);
}

TEST(LeaderElection, ANewPartitionTakesTheFirstLiveReplica) {
  const auto initial = InitialLeaderAndIsr(kAssignment, {102, 103});
  ASSERT_TRUE(initial);
  EXPECT_EQ(*initial, (LeaderAndIsr{102, 0, {102, 103}}));
  EXPECT_FALSE(InitialLeaderAndIsr(kAssignment, {}));
}

TEST(LeaderElection, TheLastIsrMemberIsNeverRemoved) {
  LeaderAndIsr state{101, 3, {101, 102}};
  state = RemoveReplicaFromIsr(state, 102);
  EXPECT_EQ(state, (LeaderAndIsr{101, 4, {101}}));
  state = RemoveReplicaFromIsr(state, 101);
  EXPECT_EQ(state, (LeaderAndIsr{-1, 5, {101}}));  // leaderless, but 101 keeps its claim
}

}  // namespace
}  // namespace kafka
