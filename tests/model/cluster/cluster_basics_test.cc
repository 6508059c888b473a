// Cluster tests: brokers register and elect a controller, topics get Kafka's assignment and
// leaders, produce and fetch go through the leader, and followers catch up.
#include <gtest/gtest.h>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kOrders0{"orders", 0};

TEST(Cluster, BrokersRegisterAndOneBecomesController) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  t.RunFor(1_s);
  const int32_t controller = t.cluster().ControllerId();
  EXPECT_NE(controller, -1);
  EXPECT_EQ(t.cluster().broker(controller).controller()->epoch(), 1);
  for (int32_t id : {101, 102, 103}) {
    EXPECT_TRUE(t.cluster().broker(id).registered()) << id;
    EXPECT_GT(t.cluster().broker(id).broker_epoch(), 0) << id;
    EXPECT_EQ(t.cluster().broker(id).controller()->active_controller_id(), controller) << id;
  }
  EXPECT_EQ(t.cluster().ControllerView()->live_brokers.size(), 3u);
}

TEST(Cluster, CreatedTopicHasPreferredLeadersAndFullIsr) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone) << t.last_admin_message();
  for (int32_t p = 0; p < 3; ++p) {
    const TopicPartition tp{"orders", p};
    const auto replicas = t.cluster().Replicas(tp);
    ASSERT_EQ(replicas.size(), 3u);
    EXPECT_EQ(t.Leader(tp), replicas.front());
    EXPECT_EQ(t.Isr(tp), replicas);
    EXPECT_EQ(t.cluster().LeaderEpoch(tp), 0);
  }
  t.RunFor(1_s);
  // Every broker's metadata cache learned the topic.
  for (int32_t id : {101, 102, 103}) {
    EXPECT_EQ(t.cluster().broker(id).metadata().PartitionCount("orders"), 3) << id;
  }
}

TEST(Cluster, CreateTopicRefusesReplicationFactorAboveBrokers) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 1, 4), ErrorCode::kInvalidReplicationFactor);
  EXPECT_EQ(t.last_admin_message(), "Replication factor: 4 larger than available brokers: 3.");
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  EXPECT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kTopicAlreadyExists);
  EXPECT_EQ(t.last_admin_message(), "Topic 'orders' already exists.");
}

TEST(Cluster, ProducedRecordsReplicateAndCommit) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const ProduceOutcome first = t.Produce(kOrders0, {1, 2, 3}, -1);
  EXPECT_EQ(first.error, ErrorCode::kNone);
  EXPECT_EQ(first.base_offset, 0);
  const ProduceOutcome second = t.Produce(kOrders0, {4}, 1);
  EXPECT_EQ(second.error, ErrorCode::kNone);
  EXPECT_EQ(second.base_offset, 3);
  t.RunFor(2_s);
  for (int32_t id : {101, 102, 103}) {
    EXPECT_EQ(t.LogValues(id, kOrders0), (std::vector<int64_t>{1, 2, 3, 4})) << id;
    EXPECT_EQ(t.cluster().HighWatermark(id, kOrders0), 4) << id;
  }
  const auto read = t.Fetch(t.Leader(kOrders0), kOrders0, 1);
  EXPECT_EQ(read.error, ErrorCode::kNone);
  EXPECT_EQ(read.values, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

TEST(Cluster, FollowersAnswerNotLeader) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const int32_t leader = t.Leader(kOrders0);
  const int32_t follower = leader == 101 ? 102 : 101;
  EXPECT_EQ(t.Produce(kOrders0, {1}, 1, follower).error, ErrorCode::kNotLeaderOrFollower);
  EXPECT_EQ(t.Fetch(follower, kOrders0, 0).error, ErrorCode::kNotLeaderOrFollower);
  EXPECT_EQ(t.Produce({"nope", 0}, {1}, 1, leader).error, ErrorCode::kUnknownTopicOrPartition);
}

TEST(Cluster, KilledLeaderIsReplacedFromIsrWithNewEpoch) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  ASSERT_EQ(t.Produce(kOrders0, {1, 2}, -1).error, ErrorCode::kNone);
  const int32_t old_leader = t.Leader(kOrders0);
  const auto replicas = t.cluster().Replicas(kOrders0);
  t.KillBroker(old_leader);
  ASSERT_TRUE(t.RunUntil(
      [&] { return t.Leader(kOrders0) != old_leader && t.Leader(kOrders0) >= 0; }, 60_s));
  // The next replica in assignment order that is in the ISR leads, one epoch later.
  EXPECT_EQ(t.Leader(kOrders0), replicas[1]);
  EXPECT_EQ(t.cluster().LeaderEpoch(kOrders0), 1);
  EXPECT_EQ(t.Isr(kOrders0), (std::vector<int32_t>{replicas[1], replicas[2]}));
  EXPECT_EQ(t.Produce(kOrders0, {3}, -1).base_offset, 2);
  t.RunFor(1_s);
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

}  // namespace
}  // namespace kafka::testing
