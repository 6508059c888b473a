// The sticky assignor's constrained and general algorithms and the cooperative hand-over, on
// worked cases derived by hand from AbstractStickyAssignor.
#include "model/group/sticky_assignor.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using Tps = std::vector<TopicPartition>;

StickyMember Member(std::string id, Tps owned = {}, int32_t generation = -1) {
  return StickyMember{{std::move(id), std::nullopt, {"t"}}, std::move(owned), generation};
}

TEST(StickyAssignor, FreshGroupDealsRoundRobin) {
  // 3 members, 7 partitions: c1 = 0,3,6; c2 = 1,4; c3 = 2,5.
  const StickyResult r =
      StickyAssign({{"t", 7}}, {Member("c3"), Member("c1"), Member("c2")}, false);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.assignment.at("c1"), (Tps{{"t", 0}, {"t", 3}, {"t", 6}}));
  EXPECT_EQ(r.assignment.at("c2"), (Tps{{"t", 1}, {"t", 4}}));
  EXPECT_EQ(r.assignment.at("c3"), (Tps{{"t", 2}, {"t", 5}}));
}

TEST(StickyAssignor, MembersKeepWhatTheyOwnedWhenOneLeaves) {
  // c3 leaves: its partitions 2 and 5 are the only ones to move.
  const StickyResult r = StickyAssign(
      {{"t", 7}},
      {Member("c1", {{"t", 0}, {"t", 3}, {"t", 6}}, 1), Member("c2", {{"t", 1}, {"t", 4}}, 1)},
      false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.assignment.at("c1"), (Tps{{"t", 0}, {"t", 3}, {"t", 5}, {"t", 6}}));
  EXPECT_EQ(r.assignment.at("c2"), (Tps{{"t", 1}, {"t", 2}, {"t", 4}}));
}

TEST(StickyAssignor, OnlyTheHighestGenerationsClaimsCount) {
  const StickyResult r = StickyAssign(
      {{"t", 2}}, {Member("a", {{"t", 0}, {"t", 1}}, 1), Member("b", {{"t", 1}}, 2)}, false);
  // a's claims are from generation 1, b's from 2: b keeps partition 1, a gets partition 0.
  EXPECT_EQ(r.assignment.at("a"), (Tps{{"t", 0}}));
  EXPECT_EQ(r.assignment.at("b"), (Tps{{"t", 1}}));
}

TEST(StickyAssignor, APartitionClaimedTwiceBelongsToNeitherClaim) {
  const StickyResult r =
      StickyAssign({{"t", 2}}, {Member("a", {{"t", 0}}, 3), Member("b", {{"t", 0}}, 3)}, false);
  // Both lose the claim; then the fresh deal gives a partition 0 and b partition 1.
  EXPECT_EQ(r.assignment.at("a"), (Tps{{"t", 0}}));
  EXPECT_EQ(r.assignment.at("b"), (Tps{{"t", 1}}));
}

TEST(StickyAssignor, MoreMembersThanPartitions) {
  const StickyResult r = StickyAssign({{"t", 2}}, {Member("a"), Member("b"), Member("c")}, false);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.assignment.at("a"), (Tps{{"t", 0}}));
  EXPECT_EQ(r.assignment.at("b"), (Tps{{"t", 1}}));
  EXPECT_TRUE(r.assignment.at("c").empty());
}

// A member joins a cooperative group: partitions 2 and 3 must move from c1 to c2. First round:
// c1 keeps 0 and 1 and revokes 2 and 3, which nobody gets yet. Second round: c2 gets them.
TEST(CooperativeStickyAssignor, HandsPartitionsOverInTwoRebalances) {
  const StickyResult first = StickyAssign(
      {{"t", 4}}, {Member("c1", {{"t", 0}, {"t", 1}, {"t", 2}, {"t", 3}}, 1), Member("c2")}, true);
  EXPECT_EQ(first.assignment.at("c1"), (Tps{{"t", 0}, {"t", 1}}));
  EXPECT_TRUE(first.assignment.at("c2").empty());
  EXPECT_EQ(first.withheld, (Tps{{"t", 2}, {"t", 3}}));
  const StickyResult second = StickyAssign(
      {{"t", 4}}, {Member("c1", first.assignment.at("c1"), 2), Member("c2", {}, 2)}, true);
  EXPECT_EQ(second.assignment.at("c1"), (Tps{{"t", 0}, {"t", 1}}));
  EXPECT_EQ(second.assignment.at("c2"), (Tps{{"t", 2}, {"t", 3}}));
  EXPECT_TRUE(second.withheld.empty());
  // The eager sticky assignor moves them at once.
  const StickyResult eager = StickyAssign(
      {{"t", 4}}, {Member("c1", {{"t", 0}, {"t", 1}, {"t", 2}, {"t", 3}}, 1), Member("c2")}, false);
  EXPECT_EQ(eager.assignment.at("c2"), (Tps{{"t", 2}, {"t", 3}}));
}

StickyMember Subscriber(std::string id, std::vector<std::string> topics, Tps owned = {},
                        int32_t generation = -1) {
  return StickyMember{
      {std::move(id), std::nullopt, std::move(topics)}, std::move(owned), generation};
}

// The general algorithm, worked by hand from AbstractStickyAssignor.generalAssign.
TEST(StickyGeneral, PartitionsWithFewestCandidatesGoFirst) {
  // t1 (2 partitions): a and b may take it; t2 (2): only b. Sorted by candidates: t2-0, t2-1,
  // t1-0, t1-1. b takes t2 (a cannot); then a, holding fewer, takes both of t1.
  const StickyResult r = StickyAssign(
      {{"t1", 2}, {"t2", 2}}, {Subscriber("a", {"t1"}), Subscriber("b", {"t1", "t2"})}, false);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.assignment.at("a"), (Tps{{"t1", 0}, {"t1", 1}}));
  EXPECT_EQ(r.assignment.at("b"), (Tps{{"t2", 0}, {"t2", 1}}));
}

TEST(StickyGeneral, UnevenSubscriptionsStayAsBalancedAsTheyCan) {
  // c2 alone may take t2's three partitions; t1's three go to the emptiest: c1, c3, c1. Moving
  // any of them would not make anyone two partitions lighter than its owner, so it stays.
  const StickyResult r = StickyAssign(
      {{"t1", 3}, {"t2", 3}},
      {Subscriber("c1", {"t1"}), Subscriber("c2", {"t1", "t2"}), Subscriber("c3", {"t1"})}, false);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.assignment.at("c1"), (Tps{{"t1", 0}, {"t1", 2}}));
  EXPECT_EQ(r.assignment.at("c2"), (Tps{{"t2", 0}, {"t2", 1}, {"t2", 2}}));
  EXPECT_EQ(r.assignment.at("c3"), (Tps{{"t1", 1}}));
}

TEST(StickyGeneral, ANewMemberTakesOnePartitionFromTheBusiest) {
  // c1 owns t1-0 and t1-1, c2 owns t2-0; c3 joins for t1. t1-0 moves from c1 (two partitions)
  // to c3 (none), which balances the group; nothing else moves.
  const std::vector<StickyMember> members = {Subscriber("c1", {"t1"}, {{"t1", 0}, {"t1", 1}}, 1),
                                             Subscriber("c2", {"t1", "t2"}, {{"t2", 0}}, 1),
                                             Subscriber("c3", {"t1"})};
  const StickyResult eager = StickyAssign({{"t1", 2}, {"t2", 1}}, members, false);
  ASSERT_TRUE(eager.ok()) << eager.error;
  EXPECT_EQ(eager.assignment.at("c1"), (Tps{{"t1", 1}}));
  EXPECT_EQ(eager.assignment.at("c2"), (Tps{{"t2", 0}}));
  EXPECT_EQ(eager.assignment.at("c3"), (Tps{{"t1", 0}}));
  // Cooperative: t1-0 changes owner, so this round only takes it from c1.
  const StickyResult cooperative = StickyAssign({{"t1", 2}, {"t2", 1}}, members, true);
  EXPECT_EQ(cooperative.assignment.at("c3"), Tps{});
  EXPECT_EQ(cooperative.withheld, (Tps{{"t1", 0}}));
}

TEST(StickyGeneral, APartitionWhoseTopicTheOwnerDroppedIsReassigned) {
  // b stops subscribing to t2; its t2-0 goes to a, the only member left that wants it.
  const StickyResult r = StickyAssign(
      {{"t1", 1}, {"t2", 1}},
      {Subscriber("a", {"t1", "t2"}, {{"t1", 0}}, 2), Subscriber("b", {"t1"}, {{"t2", 0}}, 2)},
      false);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.assignment.at("a"), (Tps{{"t2", 0}}));
  EXPECT_EQ(r.assignment.at("b"), (Tps{{"t1", 0}}));
}

}  // namespace
}  // namespace kafka
