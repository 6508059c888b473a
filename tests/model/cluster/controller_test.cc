// Cluster tests of the controller's other duties: metadata for clients, broker-epoch fencing, a
// broker whose ZooKeeper session expires, topic deletion, adding partitions, and the automatic
// preferred-leader rebalance.
#include <gtest/gtest.h>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kP0{"orders", 0};

TEST(Controller, OneBootstrapBrokerDescribesTheWholeCluster) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  t.RunFor(1_s);
  std::optional<MetadataResponse> metadata;
  t.client().Send(103, MetadataRequest{}, 5000,
                  [&](const PacketBody* body) { metadata = std::get<MetadataResponse>(*body); });
  t.RunFor(1_s);
  ASSERT_TRUE(metadata.has_value());
  ASSERT_EQ(metadata->brokers.size(), 3u);
  EXPECT_EQ(metadata->brokers[0].host, "broker-101");
  EXPECT_EQ(metadata->controller_id, t.cluster().ControllerId());
  ASSERT_EQ(metadata->topics.size(), 1u);
  ASSERT_EQ(metadata->topics[0].partitions.size(), 2u);
  for (const auto& p : metadata->topics[0].partitions) {
    const TopicPartition tp{"orders", p.index};
    EXPECT_EQ(p.leader, t.Leader(tp));
    EXPECT_EQ(p.isr, t.Isr(tp));
    EXPECT_EQ(p.replicas, t.cluster().Replicas(tp));
  }
  // A topic nobody created: UNKNOWN_TOPIC_OR_PARTITION, unless the client asks for creation.
  metadata.reset();
  t.client().Send(103, MetadataRequest{std::vector<std::string>{"events"}, false}, 5000,
                  [&](const PacketBody* body) { metadata = std::get<MetadataResponse>(*body); });
  t.RunFor(1_s);
  EXPECT_EQ(metadata->topics[0].error, ErrorCode::kUnknownTopicOrPartition);
  metadata.reset();
  t.client().Send(103, MetadataRequest{std::vector<std::string>{"events"}, true}, 5000,
                  [&](const PacketBody* body) { metadata = std::get<MetadataResponse>(*body); });
  t.RunFor(2_s);
  EXPECT_EQ(metadata->topics[0].error, ErrorCode::kLeaderNotAvailable);
  // auto.create.topics.enable: num.partitions (1) and default.replication.factor (1).
  EXPECT_EQ(t.cluster().Replicas({"events", 0}).size(), 1u);
}

TEST(Controller, BrokersIgnoreRequestsForAnOlderBrokerEpoch) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  UpdateMetadataRequest stale;
  stale.controller_id = t.cluster().ControllerId();
  stale.controller_epoch = 1;
  stale.broker_epoch = t.cluster().broker(102).broker_epoch() - 1;
  std::optional<ErrorCode> answer;
  t.client().Send(102, stale, 5000, [&](const PacketBody* body) {
    answer = std::get<UpdateMetadataResponse>(*body).error;
  });
  t.RunFor(1_s);
  EXPECT_EQ(answer, ErrorCode::kStaleBrokerEpoch);
}

TEST(Controller, ABrokerWhoseSessionExpiresRegistersAgainWithANewEpoch) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {}, {{0, {101, 102, 103}}}), ErrorCode::kNone);
  int32_t victim = 101;
  if (victim == t.cluster().ControllerId()) victim = 102;
  const int64_t old_epoch = t.cluster().broker(victim).broker_epoch();
  // A GC pause longer than zookeeper.session.timeout.ms (18 s).
  t.world().Pause(t.cluster().BrokerNode(victim), 25_s);
  ASSERT_TRUE(
      t.RunUntil([&] { return t.cluster().ControllerView()->live_brokers.size() == 2; }, 30_s));
  ASSERT_TRUE(
      t.RunUntil([&] { return t.cluster().broker(victim).broker_epoch() > old_epoch; }, 30_s));
  ASSERT_TRUE(
      t.RunUntil([&] { return t.cluster().ControllerView()->live_brokers.size() == 3; }, 10_s));
  EXPECT_EQ(t.cluster().ControllerView()->live_brokers.at(victim).epoch,
            t.cluster().broker(victim).broker_epoch());
  ASSERT_TRUE(t.RunUntil([&] { return t.Isr(kP0).size() == 3; }, 60_s));
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

TEST(Controller, AnExpiredSessionOnDemandMakesTheBrokerRegisterAgain) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  const int64_t old_epoch = t.cluster().broker(102).broker_epoch();
  ASSERT_TRUE(t.cluster().ExpireBrokerSession(102));
  EXPECT_FALSE(t.cluster().ExpireBrokerSession(102));  // already closing
  ASSERT_TRUE(t.RunUntil([&] { return t.cluster().broker(102).broker_epoch() > old_epoch; }, 10_s));
  ASSERT_TRUE(
      t.RunUntil([&] { return t.cluster().ControllerView()->live_brokers.size() == 3; }, 10_s));
  EXPECT_EQ(t.cluster().ControllerView()->live_brokers.at(102).epoch,
            t.cluster().broker(102).broker_epoch());
}

TEST(Controller, ServersStartedByHandWaitUntilStarted) {
  ClusterSpec spec = ThreeBrokers();
  spec.start_by_hand = true;
  ClusterTest t(spec);
  t.RunFor(5_s);
  EXPECT_EQ(t.cluster().ControllerId(), -1);
  EXPECT_FALSE(t.cluster().IsUp(101));
  t.world().Restart(t.cluster().ZkNode(1));
  t.RunFor(2_s);
  ASSERT_NE(t.cluster().ZkLeader(), nullptr);
  t.cluster().RestartBroker(102);
  ASSERT_TRUE(t.RunUntil([&] { return t.cluster().ControllerId() == 102; }, 10_s));
  EXPECT_FALSE(t.cluster().IsUp(101));
}

TEST(Controller, DeletedTopicLeavesEveryBrokerAndZooKeeper) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  ASSERT_EQ(t.Produce(kP0, {1, 2}, -1).error, ErrorCode::kNone);
  std::optional<DeleteTopicsResponse> response;
  SendToController(
      t.client(), {101}, DeleteTopicsRequest{{"orders"}}, 30000,
      [&](const PacketBody* body) { response = std::get<DeleteTopicsResponse>(*body); });
  ASSERT_TRUE(t.RunUntil([&] { return response.has_value(); }, 30_s));
  EXPECT_EQ(response->topics[0].error, ErrorCode::kNone);
  t.RunFor(1_s);
  for (int32_t id : {101, 102, 103}) {
    EXPECT_EQ(t.cluster().Replica(id, kP0), nullptr) << id;
    EXPECT_FALSE(t.cluster().broker(id).metadata().Contains("orders")) << id;
  }
  EXPECT_FALSE(t.cluster().ControllerView()->assignments.contains("orders"));
  // The name is free again.
  EXPECT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  EXPECT_EQ(t.Fetch(t.Leader(kP0), kP0, 0).values, std::vector<int64_t>{});
}

TEST(Controller, DeletingAnUnknownTopicSaysSo) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  std::optional<DeleteTopicsResponse> response;
  SendToController(
      t.client(), {101}, DeleteTopicsRequest{{"nope"}}, 30000,
      [&](const PacketBody* body) { response = std::get<DeleteTopicsResponse>(*body); });
  ASSERT_TRUE(t.RunUntil([&] { return response.has_value(); }, 30_s));
  EXPECT_EQ(response->topics[0].error, ErrorCode::kUnknownTopicOrPartition);
}

TEST(Controller, AddedPartitionsGetLeadersAndKeepTheOldOnes) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 2), ErrorCode::kNone);
  const auto before = t.cluster().Replicas(kP0);
  std::optional<CreatePartitionsResponse> response;
  CreatePartitionsRequest request;
  request.topics.push_back({"orders", 5});
  SendToController(t.client(), {101}, request, 30000, [&](const PacketBody* body) {
    response = std::get<CreatePartitionsResponse>(*body);
  });
  ASSERT_TRUE(t.RunUntil([&] { return response.has_value(); }, 30_s));
  EXPECT_EQ(response->topics[0].error, ErrorCode::kNone) << response->topics[0].message;
  EXPECT_EQ(t.cluster().Replicas(kP0), before);
  for (int32_t p = 2; p < 5; ++p) {
    EXPECT_EQ(t.cluster().Replicas({"orders", p}).size(), 2u) << p;
    EXPECT_GE(t.Leader({"orders", p}), 101) << p;
  }
  // Fewer than there are: Kafka's message.
  response.reset();
  request.topics[0].count = 3;
  SendToController(t.client(), {101}, request, 30000, [&](const PacketBody* body) {
    response = std::get<CreatePartitionsResponse>(*body);
  });
  ASSERT_TRUE(t.RunUntil([&] { return response.has_value(); }, 30_s));
  EXPECT_EQ(response->topics[0].error, ErrorCode::kInvalidPartitions);
  EXPECT_EQ(response->topics[0].message,
            "Topic currently has 5 partitions, which is higher than the requested 3.");
}

TEST(Controller, AutomaticRebalanceReturnsLeadershipToThePreferredReplica) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {}, {{0, {101, 102, 103}}}), ErrorCode::kNone);
  ASSERT_TRUE(t.AwaitLeader(kP0));
  t.KillBroker(101);
  ASSERT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 102; }, 60_s));
  t.RestartBroker(101);
  ASSERT_TRUE(t.RunUntil([&] { return t.Isr(kP0).size() == 3; }, 60_s));
  // leader.imbalance.check.interval.seconds = 300: 101 has 1 of 1 preferred partitions not led.
  ASSERT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 101; }, 310_s));
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

}  // namespace
}  // namespace kafka::testing
