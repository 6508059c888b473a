// The runner's steps that no lesson exercises alone: a network split and its heal, a slow route,
// a session expired on demand, and servers started by hand.
#include "scenarios/runner.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"

namespace kafkasim::scenarios {
namespace {

RunReport Play(const std::string& text) {
  const Loaded loaded = LoadScenarioText(text, "runner.textproto");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors.front().ToString());
  if (!loaded.ok()) return {};
  ScenarioRunner runner(*loaded.scenario, {});
  return runner.Run();
}

std::string Failures(const RunReport& r) {
  std::string out;
  for (const auto& c : r.checks) {
    if (!c.passed) out += c.check + " (found: " + c.actual + ")\n";
  }
  for (const auto& v : r.UnexpectedViolations()) out += v + "\n";
  return out;
}

TEST(ScenarioRunner, ASplitCutsTheGroupsApartUntilHealed) {
  // 102 and 103 lose ZooKeeper: their sessions end, and 101 takes over the partition they led.
  const RunReport r = Play(R"(
    duration: "60s"
    topics { name: "t" partitions: 1 replication_factor: 2 assignment { partition: 0 replicas: [102, 101] } }
    timeline { at: "3s" check: "leader of t-0 is 102" }
    timeline { at: "5s" split { groups { nodes: ["zk-1", "broker-101"] } groups { nodes: ["broker-102", "broker-103"] } } }
    timeline { at: "30s" check: "leader of t-0 is 101" }
    timeline { at: "30s" check: "controller is 101" }
    timeline { at: "31s" heal: "all" }
    timeline { at: "55s" check: "ISR of t-0 is [101,102]" }
  )");
  EXPECT_TRUE(r.passed()) << Failures(r);
}

TEST(ScenarioRunner, ASlowRouteDropsAFollowerFromTheIsrUntilItsFetchesArriveAgain) {
  // 102's fetches reach the leader 40 s late: past replica.lag.time.max.ms (30 s in 2.8) the
  // leader has not seen it catch up and shrinks the ISR. Nothing is lost on the way, and after
  // the heal (and the last delayed fetch) 102 is back.
  const RunReport r = Play(R"(
    duration: "150s"
    topics { name: "t" partitions: 1 replication_factor: 3 assignment { partition: 0 replicas: [101, 102, 103] } }
    producers { topic: "t" rate: 10 }
    timeline { at: "10s" slow { node: "broker-102" to: ["broker-101"] delay: "40s" } }
    timeline { at: "30s" check: "ISR of t-0 is [101,102,103]" }
    timeline { at: "48s" check: "ISR of t-0 is [101,103]" }
    timeline { at: "50s" heal: "broker-102" }
    timeline { at: "140s" check: "ISR of t-0 is [101,102,103]" }
  )");
  EXPECT_TRUE(r.passed()) << Failures(r);
}

TEST(ScenarioRunner, ASlowStepNamesRealNodesAndADuration) {
  const Loaded l = LoadScenarioText(
      "timeline { at: \"1s\" slow { node: \"broker-101\" to: [\"broker-109\"] delay: \"soon\" } "
      "}\n",
      "s.textproto");
  ASSERT_EQ(l.errors.size(), 2u);
  EXPECT_EQ(l.errors[0].ToString(),
            "s.textproto:1:47: no node 'broker-109' in this scenario; did you mean 'broker-101'?");
  EXPECT_EQ(l.errors[1].ToString(),
            "s.textproto:1:66: 'soon' is not a duration like 500ms, 20s or 1.5m");
}

TEST(ScenarioRunner, AnExpiredSessionMovesTheControllerAndComesBack) {
  const RunReport r = Play(R"(
    duration: "20s"
    timeline { at: "3s" check: "controller is 101" }
    timeline { at: "4s" expire_session: "controller" }
    timeline { at: "8s" check: "controller is 102" }
  )");
  EXPECT_TRUE(r.passed()) << Failures(r);
}

TEST(ScenarioRunner, ServersStartedByHandComeUpOnlyWhenStarted) {
  const RunReport r = Play(R"(
    duration: "20s"
    cluster { start_by_hand: true }
    timeline { at: "5s" check: "controller is 103" }
    timeline { at: "6s" restart: "zk-1" }
    timeline { at: "7s" restart: "broker-103" }
    timeline { at: "10s" check: "controller is 103" }
  )");
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_FALSE(r.checks[0].passed);
  EXPECT_EQ(r.checks[0].actual, "controller is none");
  EXPECT_TRUE(r.checks[1].passed) << r.checks[1].actual;
}

TEST(ScenarioRunner, ASplitNeedsTwoGroupsOfRealNodes) {
  const Loaded l = LoadScenarioText(
      "timeline { at: \"1s\" split { groups { nodes: [\"broker-101\", \"broker-109\"] } } }\n",
      "s.textproto");
  ASSERT_EQ(l.errors.size(), 2u);
  EXPECT_EQ(l.errors[0].ToString(), "s.textproto:1:21: a split needs at least two groups of nodes");
  EXPECT_NE(l.errors[1].ToString().find("no node 'broker-109' in this scenario; did you mean"),
            std::string::npos)
      << l.errors[1].ToString();
}

}  // namespace
}  // namespace kafkasim::scenarios

namespace kafkasim::scenarios {
namespace {

// A group that starts after retention deleted what it would have read (log.retention.ms 60 s,
// segments rolled every 10 s): those records are reported as deleted by retention, not as
// missed by the group's semantics, and not as unseen by the checker.
TEST(ScenarioRunner, RecordsRetentionDeletedBeforeAGroupReadThemAreNotMissed) {
  const RunReport r = Play(R"(
    duration: "240s"
    cluster {
      config { key: "log.retention.ms" value: "60000" }
      config { key: "log.roll.ms" value: "10000" }
      config { key: "log.retention.check.interval.ms" value: "5000" }
    }
    topics { name: "t" partitions: 1 replication_factor: 3 }
    producers { name: "p" topic: "t" rate: 100 start: "1s" count: 1000 config { key: "acks" value: "all" } }
    groups { group_id: "late" topics: ["t"] members: 1 start: "150s" processing: "at-least-once"
             config { key: "auto.offset.reset" value: "earliest" } }
  )");
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_TRUE(r.groups[0].held) << r.groups[0].detail;
  EXPECT_NE(r.groups[0].detail.find("deleted by retention before the group reached them"),
            std::string::npos)
      << r.groups[0].detail;
  EXPECT_GT(r.delivery.expired, 0);
  EXPECT_EQ(r.delivery.unseen, 0);
  EXPECT_EQ(r.delivery.lost, 0);
}

}  // namespace
}  // namespace kafkasim::scenarios
