// The incremental replication monitor against the full walk it replaced. Over replays that break
// every invariant the library breaks (and a seeded second leader in one epoch), after every event:
// - the monitor that checks what the journal says changed reports exactly the violations, with
//   the same times, as one that checks every partition;
// - no partition whose replicas changed was left unexamined (the journal missed nothing);
// - no broker holds a parked produce or fetch that could finish although its purgatory never
//   heard that its partitions changed (the purgatories' own change feed missed nothing).
#include <gtest/gtest.h>

#include "model/check/replication_monitor.h"
#include "scenarios/loader.h"
#include "scenarios/runner.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka {
namespace {

using kafkasim::scenarios::LoadScenarioFile;
using kafkasim::scenarios::RunOptions;
using kafkasim::scenarios::ScenarioRunner;

// Steps `runner` to its end with both monitors; returns the violations they found.
std::vector<std::string> RunSideBySide(const std::string& file) {
  const auto loaded = LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/" + file);
  EXPECT_TRUE(loaded.ok()) << file;
  if (!loaded.ok()) return {};
  RunOptions options;
  options.check_invariants = false;  // the two monitors below do it
  ScenarioRunner runner(*loaded.scenario, options);
  runner.Begin();
  ReplicationMonitor incremental, full;
  const sim::Time end = sim::Time::Zero() + runner.duration();
  uint64_t events = 0;
  while (runner.world().scheduler().NextEventTime() <= end && runner.StepOne()) {
    incremental.Check(runner.cluster());
    full.CheckAll(runner.cluster());
    ++events;
    if (incremental.violations() != full.violations()) {
      ADD_FAILURE() << file << ": the monitors disagree after event " << events << " at "
                    << sim::ToString(runner.world().Now().SinceZero());
      break;
    }
    // The audit walks the cluster: every event early on, then every 7th (a prime, so it meets
    // every kind of periodic event) to keep the test short.
    if (events < 20'000 || events % 7 == 0) {
      const std::vector<TopicPartition> missed = incremental.Unexamined(runner.cluster());
      if (!missed.empty()) {
        ADD_FAILURE() << file << ": " << ToString(missed.front()) << " changed in event " << events
                      << " at " << sim::ToString(runner.world().Now().SinceZero())
                      << " but the journal did not say so";
        break;
      }
      for (const int32_t id : runner.cluster().broker_ids()) {
        const ReplicaManager* replicas = runner.cluster().broker(id).replicas();
        if (replicas == nullptr || replicas->Overlooked().empty()) continue;
        ADD_FAILURE() << file << ": broker " << id << " holds a parked request after event "
                      << events << " at " << sim::ToString(runner.world().Now().SinceZero())
                      << " that could finish, but its purgatory did not hear of the change";
        return incremental.violations();
      }
    }
  }
  return incremental.violations();
}

bool HasKind(const std::vector<std::string>& violations, const std::string& kind) {
  for (const std::string& v : violations) {
    if (v.starts_with(kind)) return true;
  }
  return false;
}

TEST(IncrementalMonitor, CatchesLostCommittedRecordsAsTheFullWalkDoes) {
  const auto v = RunSideBySide("replays/a5-kip101-hw-truncation-legacy.textproto");
  EXPECT_TRUE(HasKind(v, "a committed record is lost"));
}

TEST(IncrementalMonitor, CatchesLogDivergenceAsTheFullWalkDoes) {
  const auto v = RunSideBySide("replays/a6-kip101-divergence-legacy.textproto");
  EXPECT_TRUE(HasKind(v, "log matching"));
}

TEST(IncrementalMonitor, CatchesIncompleteLeadersAsTheFullWalkDoes) {
  const auto v = RunSideBySide("replays/a7-kip279-fast-failover-legacy.textproto");
  EXPECT_TRUE(HasKind(v, "leader completeness"));
}

TEST(IncrementalMonitor, AgreesWithTheFullWalkThroughUncleanElection) {
  const auto v = RunSideBySide("replays/a3-unclean-election-enabled.textproto");
  EXPECT_TRUE(HasKind(v, "a committed record is lost"));
}

TEST(IncrementalMonitor, AgreesWithTheFullWalkThroughRollingBounces) {
  EXPECT_TRUE(RunSideBySide("replays/a10-rolling-broker-bounce.textproto").empty());
}

TEST(IncrementalMonitor, AgreesWithTheFullWalkThroughQuorumLoss) {
  EXPECT_TRUE(RunSideBySide("replays/zookeeper-loses-quorum.textproto").empty());
}

// No replay has two leaders in one epoch (the controller's epochs prevent it), so seed one: a
// follower is made to lead in the leader's own epoch, as a broker with a fencing bug would.
TEST(IncrementalMonitor, CatchesTwoLeadersInOneEpochAtTheSameEvent) {
  testing::ClusterTest t(testing::ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const TopicPartition tp{"orders", 0};
  const int32_t leader = t.cluster().Leader(tp);
  const int32_t other = leader == 101 ? 102 : 101;
  ReplicationMonitor incremental, full;
  incremental.Check(t.cluster());
  full.CheckAll(t.cluster());
  ASSERT_TRUE(incremental.violations().empty());

  Partition* follower = t.cluster().broker(other).replicas()->Find(tp);
  ASSERT_NE(follower, nullptr);
  PartitionState state = follower->state();
  state.leader = other;
  follower->MakeLeader(state, 0);

  incremental.Check(t.cluster());
  full.CheckAll(t.cluster());
  EXPECT_TRUE(incremental.Has("two leaders in leader epoch"));
  EXPECT_EQ(incremental.violations(), full.violations());
}

}  // namespace
}  // namespace kafka
