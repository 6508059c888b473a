// Kafka's metrics under their JMX names, read from a running cluster: what a broker kill moves
// (under-replicated partitions, ISR shrinks, elections), what stays (one active controller, no
// offline partition), what producers add (messages and bytes in), and an unclean election. The
// check sentence reads the same values, and a name kafkasim does not keep is refused.
#include "scenarios/kafka_metrics.h"

#include <gtest/gtest.h>

#include "scenarios/checks.h"
#include "scenarios/loader.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {
namespace {

std::unique_ptr<ScenarioRunner> Start(const std::string& text) {
  const Loaded loaded = LoadScenarioText(text, "metrics.textproto");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors.front().ToString());
  auto runner = std::make_unique<ScenarioRunner>(*loaded.scenario, RunOptions{});
  runner->Begin();
  return runner;
}

int64_t Metric(ScenarioRunner& r, const std::string& name) {
  const auto reading = FindMetric(ReadKafkaMetrics(r.cluster()), name);
  EXPECT_TRUE(reading.has_value()) << name;
  return reading ? reading->value : -1;
}

sim::Time At(int64_t s) { return sim::Time::Zero() + sim::Duration::Seconds(s); }

TEST(KafkaMetrics, AKilledFollowerLeavesPartitionsUnderReplicated) {
  auto r = Start(R"(
    duration: "120s"
    topics { name: "t" partitions: 3 replication_factor: 3 }
    producers { name: "p" topic: "t" rate: 100 start: "2s" count: 500 keys: 10
                config { key: "acks" value: "all" } config { key: "enable.idempotence" value: "true" } }
  )");
  r->AdvanceTo(At(15));
  EXPECT_EQ(Metric(*r, "UnderReplicatedPartitions"), 0);
  EXPECT_EQ(Metric(*r, "ActiveControllerCount"), 1);
  EXPECT_EQ(Metric(*r, "OfflinePartitionsCount"), 0);
  EXPECT_EQ(Metric(*r, "MessagesInPerSec"), 500);
  EXPECT_GT(Metric(*r, "BytesInPerSec"), 500);
  EXPECT_EQ(Metric(*r, "FailedProduceRequestsPerSec"), 0);
  EXPECT_EQ(Metric(*r, "kafka.server:type=ReplicaManager,name=IsrShrinksPerSec"), 0);

  scenario::Step kill;
  kill.set_kill("broker-103");
  r->Apply(kill);
  r->AdvanceTo(At(90));
  // Every partition has a replica on 103: each is short of it, none is offline.
  EXPECT_EQ(Metric(*r, "UnderReplicatedPartitions"), 3);
  EXPECT_EQ(Metric(*r, "OfflinePartitionsCount"), 0);
  EXPECT_EQ(Metric(*r, "ActiveControllerCount"), 1);
  EXPECT_GE(Metric(*r, "LeaderElectionRateAndTimeMs"), 1);  // 103 led one of them
  EXPECT_EQ(Metric(*r, "UncleanLeaderElectionsPerSec"), 0);

  // The check sentence reads the same numbers.
  const auto check = ParseCheck("metric UnderReplicatedPartitions is 3");
  ASSERT_TRUE(std::holds_alternative<Check>(check));
  const CheckOutcome outcome = Evaluate(std::get<Check>(check), r->cluster());
  EXPECT_TRUE(outcome.passed) << outcome.actual;

  r->Apply([] {
    scenario::Step s;
    s.set_restart("broker-103");
    return s;
  }());
  r->AdvanceTo(At(120));
  EXPECT_EQ(Metric(*r, "UnderReplicatedPartitions"), 0);
  EXPECT_GE(Metric(*r, "IsrExpandsPerSec"), 3);  // the leaders took 103 back
}

TEST(KafkaMetrics, ProduceLatencyPercentilesShowAFollowerThatStalls) {
  // acks=all: a request is answered once every ISR member has the records. With 1 ms links that
  // takes a few milliseconds, until 103 stops for 20 s (a GC pause) while still in the ISR: the
  // requests of that time wait for it.
  auto r = Start(R"(
    duration: "120s"
    topics { name: "t" partitions: 1 replication_factor: 3 }
    producers { name: "p" topic: "t" rate: 100 start: "2s" config { key: "acks" value: "all" } }
    timeline { at: "40s" pause { node: "broker-103" duration: "20s" } }
  )");
  r->AdvanceTo(At(35));
  const int64_t p50 = Metric(*r, "ProduceTotalTimeMs.50thPercentile");
  EXPECT_GE(p50, 1);
  EXPECT_LE(p50, 10);
  EXPECT_LE(Metric(*r,
                   "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce:"
                   "99thPercentile"),
            20);
  r->AdvanceTo(At(65));
  EXPECT_GE(Metric(*r, "ProduceTotalTimeMs.999thPercentile"), 1000);
  EXPECT_GE(Metric(*r, "ProduceTotalTimeMs.99thPercentile"),
            Metric(*r, "ProduceTotalTimeMs.50thPercentile"));
  const auto check = ParseCheck("metric ProduceTotalTimeMs.50thPercentile is 0");
  ASSERT_TRUE(std::holds_alternative<Check>(check)) << std::get<std::string>(check);
  // A minute after the pause, its requests have left the windows a reading sees.
  r->AdvanceTo(At(120));
  EXPECT_LE(Metric(*r, "ProduceTotalTimeMs.999thPercentile"), 20);
}

TEST(KafkaMetrics, AnUncleanElectionIsCounted) {
  // 102 falls out of t-0's ISR while cut off; then the leader 101 dies and, with unclean election
  // on, 102 leads from outside the ISR.
  auto r = Start(R"(
    duration: "150s"
    cluster { config { key: "unclean.leader.election.enable" value: "true" } }
    topics { name: "t" partitions: 1 replication_factor: 2 assignment { partition: 0 replicas: [101, 102] } }
    producers { name: "p" topic: "t" rate: 20 start: "2s" config { key: "acks" value: "1" } }
    timeline { at: "5s" cut { node: "broker-102" } }
    timeline { at: "60s" kill: "broker-101" }
    timeline { at: "61s" heal: "broker-102" }
  )");
  r->AdvanceTo(At(55));
  EXPECT_GE(Metric(*r, "IsrShrinksPerSec"), 1);  // 101 dropped 102 from the ISR
  EXPECT_EQ(Metric(*r, "UncleanLeaderElectionsPerSec"), 0);
  r->AdvanceTo(At(140));
  EXPECT_EQ(Metric(*r, "UncleanLeaderElectionsPerSec"), 1);
  // 101's own count died with it: a dashboard sums the brokers that are up.
  EXPECT_EQ(Metric(*r, "IsrShrinksPerSec"), 0);
}

TEST(KafkaMetrics, AnUnknownMetricIsRefusedWithTheNamesKept) {
  const auto parsed = ParseCheck("metric UnderReplicatedPartition is 3");
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  const std::string& error = std::get<std::string>(parsed);
  EXPECT_NE(error.find("no metric named 'UnderReplicatedPartition'"), std::string::npos) << error;
  EXPECT_NE(error.find("UnderReplicatedPartitions, IsrShrinksPerSec"), std::string::npos) << error;
  EXPECT_TRUE(IsKafkaMetric("kafka.controller:type=KafkaController,name=ActiveControllerCount"));
  EXPECT_EQ(ShortMetricName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec"),
            "BytesInPerSec");
}

}  // namespace
}  // namespace kafkasim::scenarios
