// The preferred-leader rebalance threshold and the pre-2.7 ISR change propagation schedule.
#include "model/controller/auto_rebalance.h"

#include <gtest/gtest.h>

#include "model/broker/isr_change_propagation.h"

namespace kafka {
namespace {

// Broker 101 is preferred for 10 partitions; it leads all but `not_led` of them.
std::map<TopicPartition, PartitionLeadership> Cluster(int not_led) {
  std::map<TopicPartition, PartitionLeadership> out;
  for (int p = 0; p < 10; ++p) {
    const int32_t leader = p < not_led ? 102 : 101;
    out[{"orders", p}] =
        PartitionLeadership{{101, 102, 103}, LeaderAndIsr{leader, 3, {101, 102, 103}}};
  }
  return out;
}

TEST(AutoRebalance, TenPercentIsTolerated) {
  EXPECT_TRUE(PartitionsToRebalance(Cluster(1), {101, 102, 103}).empty());  // 10 % is not > 10 %
  const auto moves = PartitionsToRebalance(Cluster(2), {101, 102, 103});    // 20 %
  EXPECT_EQ(moves, (std::vector<TopicPartition>{{"orders", 0}, {"orders", 1}}));
}

TEST(AutoRebalance, OnlyWhenThePreferredReplicaIsLiveAndInSync) {
  EXPECT_TRUE(PartitionsToRebalance(Cluster(5), {102, 103}).empty());  // 101 is down
  auto cluster = Cluster(5);
  cluster[{"orders", 0}].state.isr = {102, 103};
  const auto moves = PartitionsToRebalance(cluster, {101, 102, 103});
  EXPECT_EQ(moves.size(), 4u);  // partition 0 waits for 101 to rejoin its ISR
  EXPECT_EQ(moves.front(), (TopicPartition{"orders", 1}));
}

TEST(IsrChangePropagation, WaitsForFiveQuietSeconds) {
  IsrChangePropagation p;
  EXPECT_FALSE(p.MaybePropagate(2500));  // nothing recorded
  p.Record({"orders", 0}, 3000);
  EXPECT_FALSE(p.MaybePropagate(5000));
  p.Record({"orders", 1}, 6000);
  EXPECT_FALSE(p.MaybePropagate(10000));      // a change 4 s ago
  const auto sent = p.MaybePropagate(12500);  // 6.5 s of quiet
  ASSERT_TRUE(sent);
  EXPECT_EQ(*sent, (std::vector<TopicPartition>{{"orders", 0}, {"orders", 1}}));
  EXPECT_FALSE(p.MaybePropagate(15000));
}

TEST(IsrChangePropagation, ButNeverLongerThanSixtySeconds) {
  IsrChangePropagation p;
  p.Record({"orders", 0}, 1000);
  EXPECT_TRUE(p.MaybePropagate(7500));  // first write
  for (int64_t t = 8000; t <= 66000; t += 2500) {
    p.Record({"orders", 1}, t);              // changes keep coming every 2.5 s
    EXPECT_FALSE(p.MaybePropagate(t)) << t;  // never 5 s quiet, not yet 60 s since the write
  }
  p.Record({"orders", 1}, 68000);
  EXPECT_TRUE(p.MaybePropagate(68000));  // 60.5 s since the last write
}

}  // namespace
}  // namespace kafka
