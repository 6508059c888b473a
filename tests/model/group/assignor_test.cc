// Range and round-robin assignment on the examples of Kafka's own javadoc, plus member ordering.
#include "model/group/assignor.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using Tps = std::vector<TopicPartition>;

TEST(RangeAssignor, TheJavadocExample) {
  // Two consumers on t0 and t1, three partitions each.
  const Assignment a = AssignRange({{"t0", 3}, {"t1", 3}}, {{"C1", std::nullopt, {"t0", "t1"}},
                                                            {"C0", std::nullopt, {"t0", "t1"}}});
  EXPECT_EQ(a.at("C0"), (Tps{{"t0", 0}, {"t0", 1}, {"t1", 0}, {"t1", 1}}));
  EXPECT_EQ(a.at("C1"), (Tps{{"t0", 2}, {"t1", 2}}));
}

TEST(RangeAssignor, MoreConsumersThanPartitionsLeavesSomeIdle) {
  const Assignment a = AssignRange({{"orders", 2}}, {{"a", std::nullopt, {"orders"}},
                                                     {"b", std::nullopt, {"orders"}},
                                                     {"c", std::nullopt, {"orders"}}});
  EXPECT_EQ(a.at("a"), (Tps{{"orders", 0}}));
  EXPECT_EQ(a.at("b"), (Tps{{"orders", 1}}));
  EXPECT_TRUE(a.at("c").empty());
}

TEST(RangeAssignor, TrucksGpsTenPartitionsThreeConsumers) {
  const Assignment a = AssignRange({{"trucks_gps", 10}}, {{"m1", std::nullopt, {"trucks_gps"}},
                                                          {"m2", std::nullopt, {"trucks_gps"}},
                                                          {"m3", std::nullopt, {"trucks_gps"}}});
  EXPECT_EQ(a.at("m1").size(), 4u);  // 10 = 4 + 3 + 3
  EXPECT_EQ(a.at("m2").front(), (TopicPartition{"trucks_gps", 4}));
  EXPECT_EQ(a.at("m3").back(), (TopicPartition{"trucks_gps", 9}));
}

TEST(RoundRobinAssignor, TheJavadocExamples) {
  const Assignment even =
      AssignRoundRobin({{"t0", 3}, {"t1", 3}},
                       {{"C0", std::nullopt, {"t0", "t1"}}, {"C1", std::nullopt, {"t0", "t1"}}});
  EXPECT_EQ(even.at("C0"), (Tps{{"t0", 0}, {"t0", 2}, {"t1", 1}}));
  EXPECT_EQ(even.at("C1"), (Tps{{"t0", 1}, {"t1", 0}, {"t1", 2}}));
  const Assignment uneven = AssignRoundRobin({{"t0", 1}, {"t1", 2}, {"t2", 3}},
                                             {{"C0", std::nullopt, {"t0"}},
                                              {"C1", std::nullopt, {"t0", "t1"}},
                                              {"C2", std::nullopt, {"t0", "t1", "t2"}}});
  EXPECT_EQ(uneven.at("C0"), (Tps{{"t0", 0}}));
  EXPECT_EQ(uneven.at("C1"), (Tps{{"t1", 0}}));
  EXPECT_EQ(uneven.at("C2"), (Tps{{"t1", 1}, {"t2", 0}, {"t2", 1}, {"t2", 2}}));
}

TEST(Assignors, StaticMembersSortFirstByInstanceId) {
  const auto sorted = SortedMembers({{"a-dynamic", std::nullopt, {}},
                                     {"z-member", "instance-b", {}},
                                     {"y-member", "instance-a", {}}});
  EXPECT_EQ(sorted[0].member_id, "y-member");
  EXPECT_EQ(sorted[1].member_id, "z-member");
  EXPECT_EQ(sorted[2].member_id, "a-dynamic");
  const Assignment a = AssignRange(
      {{"t", 2}}, {{"a-dynamic", std::nullopt, {"t"}}, {"z-member", "instance-b", {"t"}}});
  EXPECT_EQ(a.at("z-member"), (Tps{{"t", 0}}));  // first by order, despite its member id
}

}  // namespace
}  // namespace kafka
