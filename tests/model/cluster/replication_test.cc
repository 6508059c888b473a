// Cluster tests of replication: ISR shrink and expand, acks and min.insync.replicas, controller
// failover and fencing, controlled shutdown, unclean election, power loss and retention.
#include <gtest/gtest.h>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kP0{"orders", 0};

// Produces one acks=1 record per second for `seconds`, starting at value id `first`.
void ProduceSteadily(ClusterTest& t, int seconds, int64_t first) {
  for (int i = 0; i < seconds; ++i) {
    t.ProduceAsync(kP0, {first + i}, 1);
    t.RunFor(1_s);
  }
}

bool Contains(const std::vector<int32_t>& ids, int32_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(Replication, IsrShrinksAfterLagTimeAndGrowsBackAfterHealing) {
  for (const char* version : {"2.8", "0.10.2"}) {  // AlterIsr, and the ZooKeeper path
    SCOPED_TRACE(version);
    ClusterTest t(ThreeBrokers(version));
    ASSERT_TRUE(t.AwaitReady());
    ASSERT_EQ(t.CreateTopic("orders", 1, 3, {}, {{0, {101, 102, 103}}}), ErrorCode::kNone);
    const int64_t lag_ms = t.cluster().broker(101).config().replica_lag_time_max_ms;
    t.IsolateFromBrokers(103, true);
    // Not before replica.lag.time.max.ms has passed without 103 catching up...
    ProduceSteadily(t, static_cast<int>(lag_ms / 1000) - 1, 1);
    EXPECT_TRUE(Contains(t.Isr(kP0), 103));
    // ...but within one more check interval (lag / 2), plus the notification delay before 2.7.
    ASSERT_TRUE(t.RunUntil([&] { return !Contains(t.Isr(kP0), 103); }, 70_s));
    EXPECT_EQ(t.Isr(kP0), (std::vector<int32_t>{101, 102}));
    EXPECT_EQ(t.cluster().LeaderEpoch(kP0), 0);  // a leader's own ISR change keeps its epoch
    t.IsolateFromBrokers(103, false);
    ASSERT_TRUE(t.RunUntil([&] { return Contains(t.Isr(kP0), 103); }, 70_s));
    EXPECT_EQ(t.LogValues(103, kP0), t.LogValues(101, kP0));
    EXPECT_TRUE(t.violations().empty()) << t.violations().front();
  }
}

TEST(Replication, AcksAllNeedsMinInsyncReplicasBeforeTheAppend) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {{"min.insync.replicas", "2"}}, {{0, {101, 102, 103}}}),
            ErrorCode::kNone);
  ASSERT_EQ(t.Produce(kP0, {1}, -1).error, ErrorCode::kNone);
  t.KillBroker(102);
  t.KillBroker(103);
  ASSERT_TRUE(t.RunUntil([&] { return t.Isr(kP0) == std::vector<int32_t>{101}; }, 60_s));
  t.RunFor(1_s);  // the leader hears its new ISR
  EXPECT_EQ(t.Produce(kP0, {2}, -1).error, ErrorCode::kNotEnoughReplicas);
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1}));  // refused before the append
  // acks=1 does not look at the ISR.
  EXPECT_EQ(t.Produce(kP0, {3}, 1).error, ErrorCode::kNone);
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1, 3}));
}

TEST(Replication, AcksAllAnswersAfterAppendWhenIsrShrankMeanwhile) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 2, {{"min.insync.replicas", "2"}}, {{0, {101, 102}}}),
            ErrorCode::kNone);
  ASSERT_EQ(t.Produce(kP0, {1}, -1).error, ErrorCode::kNone);
  t.IsolateFromBrokers(102, true);
  // The HW cannot pass the new record until the ISR drops 102, and then too few remain.
  auto slot = t.ProduceAsync(kP0, {2}, -1, -1, /*timeout_ms=*/120000);
  ASSERT_TRUE(t.RunUntil([&] { return slot->has_value(); }, 130_s));
  EXPECT_EQ((*slot)->error, ErrorCode::kNotEnoughReplicasAfterAppend);
  EXPECT_EQ(t.Isr(kP0), (std::vector<int32_t>{101}));
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1, 2}));  // written all the same
}

TEST(Replication, AcksAllTimesOutWhileTheIsrWaitsForAFollower) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 2, {}, {{0, {101, 102}}}), ErrorCode::kNone);
  t.IsolateFromBrokers(102, true);
  auto slot = t.ProduceAsync(kP0, {1}, -1, -1, /*timeout_ms=*/2000);
  ASSERT_TRUE(t.RunUntil([&] { return slot->has_value(); }, 10_s));
  EXPECT_EQ((*slot)->error, ErrorCode::kRequestTimedOut);
  // acks=0 gets no answer at all, and the record is written.
  auto none = t.ProduceAsync(kP0, {2}, 0);
  t.RunFor(5_s);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1, 2}));
}

TEST(Replication, ControllerFailsOverAfterItsSessionExpiresAndTheOldOneIsFenced) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const int32_t old_controller = t.cluster().ControllerId();
  const sim::NodeId zk = t.cluster().ZkNode(1);
  const sim::NodeId node = t.cluster().BrokerNode(old_controller);
  t.world().Block(node, zk);
  t.world().Block(zk, node);
  ASSERT_TRUE(t.RunUntil(
      [&] {
        for (int32_t id : t.cluster().broker_ids()) {
          if (id != old_controller && t.cluster().broker(id).controller()->active()) return true;
        }
        return false;
      },
      60_s));
  int32_t new_controller = -1;
  for (int32_t id : t.cluster().broker_ids()) {
    if (id != old_controller && t.cluster().broker(id).controller()->active()) new_controller = id;
  }
  EXPECT_EQ(t.cluster().broker(new_controller).controller()->epoch(), 2);
  // Cut off, the old controller still believes it leads; it cannot write, and brokers that heard
  // from the new one ignore it.
  EXPECT_TRUE(t.cluster().broker(old_controller).controller()->active());
  t.RunFor(2_s);
  LeaderAndIsrRequest stale;
  stale.controller_id = old_controller;
  stale.controller_epoch = 1;
  std::optional<ErrorCode> answer;
  t.client().Send(new_controller, stale, 5000, [&](const PacketBody* body) {
    answer = std::get<LeaderAndIsrResponse>(*body).error;
  });
  t.RunFor(1_s);
  EXPECT_EQ(answer, ErrorCode::kStaleControllerEpoch);
  // Healed, it learns that its session expired, resigns and registers again.
  t.world().Unblock(node, zk);
  t.world().Unblock(zk, node);
  ASSERT_TRUE(
      t.RunUntil([&] { return !t.cluster().broker(old_controller).controller()->active(); }, 60_s));
  ASSERT_TRUE(t.AwaitReady());
  t.RunFor(1_s);
  EXPECT_EQ(t.cluster().ControllerId(), new_controller);
  EXPECT_EQ(t.cluster().ControllerView()->live_brokers.size(), 3u);
}

TEST(Replication, ControlledShutdownMovesLeadershipFirstAndLosesNothing) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {{"min.insync.replicas", "2"}}, {{0, {101, 102, 103}}}),
            ErrorCode::kNone);
  for (int64_t v = 1; v <= 5; ++v) ASSERT_EQ(t.Produce(kP0, {v}, -1).error, ErrorCode::kNone);
  t.StopBroker(101);
  ASSERT_TRUE(t.RunUntil([&] { return !t.cluster().IsUp(101); }, 30_s));
  ASSERT_TRUE(t.AwaitLeader(kP0));
  // Leadership moved before the process went, so no offline window and no loss.
  EXPECT_EQ(t.Leader(kP0), 102);
  EXPECT_EQ(t.Isr(kP0), (std::vector<int32_t>{102, 103}));
  EXPECT_EQ(t.LogValues(102, kP0), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(t.Produce(kP0, {6}, -1).error, ErrorCode::kNone);
  // Back, it catches up and rejoins; a preferred election gives it its partition back.
  t.RestartBroker(101);
  ASSERT_TRUE(t.RunUntil([&] { return Contains(t.Isr(kP0), 101); }, 60_s));
  t.cluster().broker(t.cluster().ControllerId()).controller()->ElectPreferredLeaders({});
  ASSERT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 101; }, 10_s));
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

// failure-scenarios.md A3: with the ISR down to the leader, acks=all still succeeds; when the
// leader then dies, only an unclean election brings the partition back, without those writes.
TEST(Replication, UncleanElectionLosesAcknowledgedWritesOnlyWhenEnabled) {
  for (const bool unclean : {false, true}) {
    SCOPED_TRACE(unclean ? "unclean" : "clean");
    ClusterTest t(ThreeBrokers());
    ASSERT_TRUE(t.AwaitReady());
    ASSERT_EQ(t.CreateTopic("orders", 1, 2,
                            {{"unclean.leader.election.enable", unclean ? "true" : "false"}},
                            {{0, {102, 103}}}),
              ErrorCode::kNone);
    ASSERT_EQ(t.Produce(kP0, {1, 2}, -1).error, ErrorCode::kNone);
    t.KillBroker(103);
    ASSERT_TRUE(t.RunUntil([&] { return t.Isr(kP0) == std::vector<int32_t>{102}; }, 60_s));
    t.RunFor(1_s);
    ASSERT_EQ(t.Produce(kP0, {3, 4}, -1).error, ErrorCode::kNone);  // acked by 102 alone
    t.KillBroker(102);
    t.RestartBroker(103);
    t.RunFor(60_s);
    if (!unclean) {
      EXPECT_EQ(t.Leader(kP0), -1);  // offline: 102 is the last ISR member
      EXPECT_EQ(t.Isr(kP0), (std::vector<int32_t>{102}));
      EXPECT_TRUE(t.violations().empty()) << t.violations().front();
    } else {
      EXPECT_EQ(t.Leader(kP0), 103);
      EXPECT_EQ(t.LogValues(103, kP0), (std::vector<int64_t>{1, 2}));
      EXPECT_TRUE(t.HasViolation("a committed record is lost"));
    }
  }
}

TEST(Replication, PowerLossDropsWhatTheLeaderHadNotFlushed) {
  for (const char* flush : {"9223372036854775807", "1"}) {
    SCOPED_TRACE(flush);
    ClusterSpec spec = ThreeBrokers();
    spec.broker_config["log.flush.interval.messages"] = flush;
    ClusterTest t(spec);
    ASSERT_TRUE(t.AwaitReady());
    ASSERT_EQ(t.CreateTopic("orders", 1, 1, {}, {{0, {101}}}), ErrorCode::kNone);
    ASSERT_EQ(t.Produce(kP0, {1, 2, 3}, 1).error, ErrorCode::kNone);
    t.KillBroker(101, sim::CrashKind::kPowerLoss);
    t.RunFor(1_s);
    t.RestartBroker(101);
    ASSERT_TRUE(t.RunUntil([&] { return t.cluster().LeaderClaims(kP0).size() == 1; }, 60_s));
    const std::vector<int64_t> expected =
        std::string(flush) == "1" ? std::vector<int64_t>{1, 2, 3} : std::vector<int64_t>{};
    EXPECT_EQ(t.LogValues(101, kP0), expected);
  }
}

TEST(Replication, ProcessKillKeepsThePageCache) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 1, {}, {{0, {101}}}), ErrorCode::kNone);
  ASSERT_EQ(t.Produce(kP0, {1, 2, 3}, 1).error, ErrorCode::kNone);
  t.KillBroker(101, sim::CrashKind::kProcess);
  t.RestartBroker(101);
  ASSERT_TRUE(t.RunUntil([&] { return t.cluster().LeaderClaims(kP0).size() == 1; }, 60_s));
  EXPECT_EQ(t.LogValues(101, kP0), (std::vector<int64_t>{1, 2, 3}));
}

TEST(Replication, RetentionDeletesOldSegmentsOnEveryReplica) {
  ClusterSpec spec = ThreeBrokers();
  spec.broker_config["log.retention.check.interval.ms"] = "10000";
  ClusterTest t(spec);
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {{"retention.ms", "60000"}, {"segment.bytes", "500"}},
                          {{0, {101, 102, 103}}}),
            ErrorCode::kNone);
  for (int64_t v = 1; v <= 10; ++v) ASSERT_EQ(t.Produce(kP0, {v}, -1).error, ErrorCode::kNone);
  t.RunFor(30_s);
  EXPECT_EQ(t.cluster().Replica(101, kP0)->log().log_start_offset(), 0);
  t.RunFor(60_s);
  for (int32_t id : {101, 102, 103}) {
    const Log& log = t.cluster().Replica(id, kP0)->log();
    EXPECT_GT(log.log_start_offset(), 0) << id;
    EXPECT_EQ(log.log_end_offset(), 10) << id;
  }
  // A consumer asking for a deleted offset is told it is out of range.
  EXPECT_EQ(t.Fetch(101, kP0, 0).error, ErrorCode::kOffsetOutOfRange);
}

}  // namespace
}  // namespace kafka::testing
