// The replication failures that KIP-101 and KIP-279 fixed (failure-scenarios.md A5, A6, A7),
// replayed under the release that had them and the release that fixed them. Each names the
// mechanism it reproduces; the invariant checker of the fixture is the judge.
#include <gtest/gtest.h>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kP0{"orders", 0};

// A5, KIP-101 scenario 1. Leader B and followers A, C; m2 is acknowledged as soon as the leader's
// HW passes it, while A's own HW still says 1 (the news rides on A's next fetch response, which
// the leader holds for up to replica.fetch.wait.max.ms). A then becomes a follower again (C's
// controlled shutdown takes C out of the ISR and bumps the leader epoch), and before 0.11 a
// follower truncates to its own HW: m2 is gone from A. B dies before A fetches again, and A, in
// the ISR, is elected. From 0.11 A asks B where epoch 0 ends instead, and keeps m2.
struct Kip101Outcome {
  std::vector<int64_t> new_leader_log;
  bool committed_record_lost;
};
Kip101Outcome ReplayKip101Scenario1(const std::string& version) {
  ClusterTest t(ThreeBrokers(version));
  EXPECT_TRUE(t.AwaitReady());
  // B = 101 leads; A = 102 is next in line; C = 103.
  EXPECT_EQ(t.CreateTopic("orders", 1, 3, {}, {{0, {101, 102, 103}}}), ErrorCode::kNone);
  EXPECT_EQ(t.Produce(kP0, {1}, -1).error, ErrorCode::kNone);
  t.RunFor(2_s);  // every replica's HW is 1
  EXPECT_EQ(t.Produce(kP0, {2}, -1).error, ErrorCode::kNone);
  EXPECT_EQ(t.cluster().HighWatermark(101, kP0), 2);
  EXPECT_EQ(t.cluster().HighWatermark(102, kP0), 1);
  t.StopBroker(103);
  EXPECT_TRUE(t.RunUntil([&] { return t.cluster().Replica(102, kP0)->leader_epoch() == 1; }, 5_s));
  t.KillBroker(101);
  EXPECT_TRUE(t.AwaitLeader(kP0));
  EXPECT_EQ(t.Leader(kP0), 102);
  return {t.LogValues(102, kP0), t.HasViolation("a committed record is lost")};
}

TEST(Kip101, Scenario1LosesAnAcknowledgedWriteBefore011) {
  const Kip101Outcome legacy = ReplayKip101Scenario1("0.10.2");
  EXPECT_EQ(legacy.new_leader_log, (std::vector<int64_t>{1}));
  EXPECT_TRUE(legacy.committed_record_lost);
}

TEST(Kip101, Scenario1KeepsTheWriteWithLeaderEpochs) {
  for (const char* version : {"0.11", "2.8"}) {
    SCOPED_TRACE(version);
    const Kip101Outcome fixed = ReplayKip101Scenario1(version);
    EXPECT_EQ(fixed.new_leader_log, (std::vector<int64_t>{1, 2}));
    EXPECT_FALSE(fixed.committed_record_lost);
  }
}

// A6, KIP-101 scenario 2. A (102) flushes every message, B (103) never does. Both go down at
// once, B by power loss: B comes back first with an empty log and leads, and takes m3 at offset
// 0. A comes back with [m1, m2] and a HW of 2. Before 0.11 A truncates to that HW, which removes
// nothing; its fetch from offset 2 is out of range, so it cuts back to B's end, 1, and keeps m1
// where B has m3: the logs diverge below both HWs. From 0.11 A asks where epoch 0 ends on B (at
// 0) and truncates to it.
struct Kip101Scenario2Outcome {
  std::vector<int64_t> a_log, b_log;
  bool diverged;
};
Kip101Scenario2Outcome ReplayKip101Scenario2(const std::string& version) {
  ClusterSpec spec = ThreeBrokers(version);
  spec.brokers[1].config["log.flush.interval.messages"] = "1";  // A = 102
  ClusterTest t(spec);
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 1, 2, {}, {{0, {102, 103}}}), ErrorCode::kNone);
  EXPECT_EQ(t.Produce(kP0, {1}, -1).error, ErrorCode::kNone);
  EXPECT_EQ(t.Produce(kP0, {2}, -1).error, ErrorCode::kNone);
  t.RunFor(6_s);  // A's HW checkpoint says 2
  t.KillBroker(102, sim::CrashKind::kPowerLoss);
  t.KillBroker(103, sim::CrashKind::kPowerLoss);
  t.RunFor(1_s);
  t.RestartBroker(103);
  EXPECT_TRUE(t.RunUntil(
      [&] { return t.Leader(kP0) == 103 && t.cluster().LeaderClaims(kP0).size() == 1; }, 60_s));
  EXPECT_EQ(t.Produce(kP0, {3}, 1).error, ErrorCode::kNone);
  t.RestartBroker(102);
  EXPECT_TRUE(t.RunUntil([&] { return t.Isr(kP0).size() == 2; }, 60_s));
  t.RunFor(5_s);
  return {t.LogValues(102, kP0), t.LogValues(103, kP0), t.HasViolation("log matching")};
}

TEST(Kip101, Scenario2DivergesBefore011) {
  const auto legacy = ReplayKip101Scenario2("0.10.2");
  EXPECT_EQ(legacy.b_log, (std::vector<int64_t>{3}));
  EXPECT_EQ(legacy.a_log, (std::vector<int64_t>{1}));
  EXPECT_TRUE(legacy.diverged);
}

TEST(Kip101, Scenario2ConvergesWithLeaderEpochs) {
  for (const char* version : {"0.11", "2.8"}) {
    SCOPED_TRACE(version);
    const auto fixed = ReplayKip101Scenario2(version);
    EXPECT_EQ(fixed.b_log, (std::vector<int64_t>{3}));
    EXPECT_EQ(fixed.a_log, fixed.b_log);
    EXPECT_FALSE(fixed.diverged);
  }
}

// A7, KIP-279. A (102) leads epoch 0 with offsets 0-10 on both replicas and 11-20 only on A (B,
// 103, is cut off from A). A dies; B leads epoch 1 and writes its own 11-25. A comes back but
// cannot reach B, so it never truncates; B dies and A is elected uncleanly (epoch 2) with its
// epoch-0 suffix intact, then writes 21-25. B returns and asks where its latest epoch, 1, ends:
// A has no epoch 1 and answers with epoch 0 ending at 21. The 0.11 rule truncates B to 21 and
// keeps its epoch-1 records at 11-20; the iterative rule of 2.0 sees that B's epoch 0 ends at 11
// and truncates there.
struct Kip279Outcome {
  std::vector<int64_t> a_log, b_log;
  bool diverged;
};
std::vector<int64_t> Range(int64_t from, int64_t to) {
  std::vector<int64_t> values;
  for (int64_t v = from; v <= to; ++v) values.push_back(v);
  return values;
}
Kip279Outcome ReplayKip279(const std::string& version) {
  ClusterSpec spec = ThreeBrokers(version);
  spec.broker_config["unclean.leader.election.enable"] = "true";
  ClusterTest t(spec);
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.cluster().ControllerId(), 101);  // A and B are the other two
  EXPECT_EQ(t.CreateTopic("orders", 1, 2, {}, {{0, {102, 103}}}), ErrorCode::kNone);
  EXPECT_EQ(t.Produce(kP0, Range(100, 110), -1).error, ErrorCode::kNone);  // offsets 0-10
  const auto cut = [&](bool cut_off) {
    const sim::NodeId a = t.cluster().BrokerNode(102), b = t.cluster().BrokerNode(103);
    if (cut_off) {
      t.world().Block(a, b);
      t.world().Block(b, a);
    } else {
      t.world().Unblock(a, b);
      t.world().Unblock(b, a);
    }
  };
  cut(true);
  EXPECT_EQ(t.Produce(kP0, Range(111, 120), 1).error, ErrorCode::kNone);  // 11-20 on A only
  t.KillBroker(102);
  EXPECT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 103; }, 60_s));
  t.RunFor(1_s);
  EXPECT_EQ(t.Produce(kP0, Range(211, 225), 1).error, ErrorCode::kNone);  // B's 11-25
  t.RestartBroker(102);
  EXPECT_TRUE(t.RunUntil([&] { return t.cluster().Replica(102, kP0)->leader_epoch() >= 1; }, 60_s));
  t.KillBroker(103);
  EXPECT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 102; }, 60_s));
  t.RunFor(1_s);
  EXPECT_EQ(t.Produce(kP0, Range(321, 325), 1).error, ErrorCode::kNone);  // A's 21-25
  cut(false);
  t.RestartBroker(103);
  EXPECT_TRUE(t.RunUntil([&] { return t.Isr(kP0).size() == 2; }, 90_s));
  t.RunFor(5_s);
  return {t.LogValues(102, kP0), t.LogValues(103, kP0), t.HasViolation("log matching")};
}

TEST(Kip279, FastLeaderFailoverDivergesUnderTheOneRoundRule) {
  const auto legacy = ReplayKip279("0.11");
  EXPECT_TRUE(legacy.diverged);
  EXPECT_NE(legacy.a_log, legacy.b_log);
  // B kept its own epoch-1 records at 11-20 and took A's 21-25 after them.
  std::vector<int64_t> b_expected = Range(100, 110);
  for (int64_t v : Range(211, 220)) b_expected.push_back(v);
  for (int64_t v : Range(321, 325)) b_expected.push_back(v);
  EXPECT_EQ(legacy.b_log, b_expected);
}

TEST(Kip279, IterativeTruncationConverges) {
  const auto fixed = ReplayKip279("2.8");
  EXPECT_FALSE(fixed.diverged);
  EXPECT_EQ(fixed.a_log, fixed.b_log);
  std::vector<int64_t> expected = Range(100, 120);
  for (int64_t v : Range(321, 325)) expected.push_back(v);
  EXPECT_EQ(fixed.a_log, expected);
}

}  // namespace
}  // namespace kafka::testing
