// KIP-320 in a consumer (failure-scenarios.md A10, truncation_test.py): an unclean election
// truncates the log under a consumer. From 2.3 the consumer validates its position against the
// new leader and moves back to where the logs diverge; before, its next fetch is out of range
// and auto.offset.reset=earliest sends it back to offset 0.
#include <gtest/gtest.h>

#include <set>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kP0{"events", 0};

struct TruncationOutcome {
  std::vector<Offset> polled_offsets;
  Offset new_leader_end_at_election = -1;
  Offset position_before = -1;
};

TruncationOutcome ConsumeThroughAnUncleanElection(const std::string& version) {
  ClusterTest t(ThreeBrokers(version));
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("events", 1, 2, {{"unclean.leader.election.enable", "true"}},
                          {{0, {102, 103}}}),
            ErrorCode::kNone);
  ProducerWorkload writes;
  writes.topic = "events";
  writes.rate_per_s = 10;
  writes.start_after = 1_s;
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  t.cluster().AddProducer("producer", p, writes);
  ConsumerConfig c = t.cluster().ConsumerDefaults("readers");
  EXPECT_FALSE(c.Set("auto.offset.reset", "earliest"));
  ConsumerWorkload reads;
  reads.topics = {"events"};
  reads.model = ProcessingModel::kProcessThenCommit;
  reads.start_after = 1_s;
  const sim::NodeId consumer = t.cluster().AddConsumer("reader", c, reads);
  t.RunFor(10_s);
  t.StopBroker(102);  // 103 leads alone; 102 keeps the log it has now
  t.RunFor(10_s);
  t.StopBroker(103);  // no replica left
  EXPECT_TRUE(t.RunUntil([&] { return !t.cluster().IsUp(103); }, 30_s));
  TruncationOutcome out;
  out.position_before = t.world().node_as<Consumer>(consumer).positions().at(kP0);
  t.RestartBroker(102);  // out of date, and elected uncleanly
  EXPECT_TRUE(t.RunUntil([&] { return t.Leader(kP0) == 102; }, 30_s));
  out.new_leader_end_at_election = t.cluster().Replica(102, kP0)->log().log_end_offset();
  t.RunFor(40_s);  // past the old position
  for (const auto& e : t.cluster().history()->events()) {
    if (e.type == HistoryType::kPoll) out.polled_offsets.push_back(e.offset);
  }
  return out;
}

TEST(ConsumerTruncation, From23TheConsumerGoesBackToWhereTheLogsDiverge) {
  const TruncationOutcome o = ConsumeThroughAnUncleanElection("2.8");
  ASSERT_LT(o.new_leader_end_at_election, o.position_before);  // the log was truncated
  // No offset is read twice except those the truncation gave new records, and 0 is read once.
  std::multiset<Offset> seen(o.polled_offsets.begin(), o.polled_offsets.end());
  EXPECT_EQ(seen.count(0), 1u);
  for (Offset off = o.new_leader_end_at_election; off < o.position_before; ++off) {
    EXPECT_EQ(seen.count(off), 2u) << off;  // the lost record and the one that replaced it
  }
  EXPECT_GT(o.polled_offsets.back(), o.position_before);  // and it reads on
}

TEST(ConsumerTruncation, Before23AnOutOfRangeFetchResetsToTheBeginning) {
  const TruncationOutcome o = ConsumeThroughAnUncleanElection("2.0");
  ASSERT_LT(o.new_leader_end_at_election, o.position_before);
  std::multiset<Offset> seen(o.polled_offsets.begin(), o.polled_offsets.end());
  EXPECT_EQ(seen.count(0), 2u);  // auto.offset.reset=earliest: everything again
}

}  // namespace
}  // namespace kafka::testing
