// Cluster tests of the clients: the producer's partitioning, ordering and idempotence, and
// consumer groups: assignment, failures, max.poll.interval.ms, auto.offset.reset and the three
// processing models.
#include <gtest/gtest.h>

#include "model/client/partitioner.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

ProducerWorkload Workload(const std::string& topic, int64_t rate, int64_t limit, int32_t keys,
                          int64_t first_value = 1) {
  ProducerWorkload w;
  w.topic = topic;
  w.rate_per_s = rate;
  w.limit = limit;
  w.keys = keys;
  w.first_value = first_value;
  w.start_after = 1_s;
  return w;
}

ConsumerWorkload Reading(const std::string& topic, ProcessingModel model, SinkPtr sink = nullptr,
                         sim::Duration processing = 1_ms) {
  ConsumerWorkload w;
  w.topics = {topic};
  w.model = model;
  w.sink = std::move(sink);
  w.processing_time = processing;
  w.start_after = 1_s;
  return w;
}

std::vector<HistoryEvent> Of(ClusterTest& t, HistoryType type, const std::string& client = "") {
  std::vector<HistoryEvent> out;
  for (const auto& e : t.cluster().history()->events()) {
    if (e.type == type && (client.empty() || e.client == client)) out.push_back(e);
  }
  return out;
}

TEST(Producer, KeysLandWherePartitionForKeySaysAndKeepTheirOrder) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  ProducerConfig config = t.cluster().ProducerDefaults();
  config.acks = -1;
  ASSERT_FALSE(config.Validate());
  t.cluster().AddProducer("producer", config, Workload("orders", 50, 100, 5));
  t.RunFor(10_s);
  const auto acked = Of(t, HistoryType::kOk);
  ASSERT_EQ(acked.size(), 100u);
  std::map<std::string, Offset> last_offset;
  std::map<std::string, int64_t> last_value;
  for (const auto& e : acked) {
    ASSERT_TRUE(e.key.has_value());
    EXPECT_EQ(e.tp.partition, PartitionForKey(*e.key, 3)) << *e.key;
    if (last_offset.contains(*e.key)) {
      EXPECT_GT(e.offset, last_offset[*e.key]);
      EXPECT_GT(e.value, last_value[*e.key]);  // sent later, stored later
    }
    last_offset[*e.key] = e.offset;
    last_value[*e.key] = e.value;
  }
}

TEST(ProducerConfig, IdempotenceConflictsFollowKafkasRules) {
  ProducerConfig explicit_conflict = ProducerConfig::Defaults(*FindVersionProfile("3.6"));
  ASSERT_FALSE(explicit_conflict.Set("enable.idempotence", "true"));
  ASSERT_FALSE(explicit_conflict.Set("acks", "1"));
  EXPECT_EQ(explicit_conflict.Validate(),
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot "
            "guarantee idempotence.");
  ProducerConfig default_conflict = ProducerConfig::Defaults(*FindVersionProfile("3.6"));
  ASSERT_FALSE(default_conflict.Set("max.in.flight.requests.per.connection", "6"));
  EXPECT_FALSE(default_conflict.Validate());  // only the default: silently off
  EXPECT_FALSE(default_conflict.enable_idempotence);
  ProducerConfig timeouts = ProducerConfig::Defaults(*FindVersionProfile("2.8"));
  ASSERT_FALSE(timeouts.Set("delivery.timeout.ms", "1000"));
  EXPECT_EQ(timeouts.Validate(),
            "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
  EXPECT_EQ(timeouts.Set("acks", "2"),
            "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1");
}

TEST(ProducerConfig, BufferMemoryAndMaxBlockMsAreNonNegativeLongs) {
  ProducerConfig c = ProducerConfig::Defaults(*FindVersionProfile("2.8"));
  EXPECT_EQ(c.buffer_memory, 33554432);
  EXPECT_EQ(c.max_block_ms, 60000);
  EXPECT_FALSE(c.Set("buffer.memory", "65536"));
  EXPECT_EQ(c.buffer_memory, 65536);
  EXPECT_EQ(c.Set("buffer.memory", "-1"),
            "Invalid value -1 for configuration buffer.memory: Value must be at least 0");
  EXPECT_EQ(c.Set("max.block.ms", "soon"),
            "Invalid value soon for configuration max.block.ms: Not a number of type LONG");
}

// buffer.memory holds one batch (each new batch takes batch.size from it) and batches linger
// for a second. Two keys on two partitions: the second key's record needs a new batch, so
// send() blocks the workload until the first batch completes and gives its memory back.
struct BlockedSends {
  std::vector<HistoryEvent> invokes, oks, fails;
};
BlockedSends SendWithOneBatchOfMemory(int64_t max_block_ms) {
  ClusterTest t(ThreeBrokers());
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 4, 3), ErrorCode::kNone);
  EXPECT_NE(PartitionForKey("key-0", 4), PartitionForKey("key-1", 4));
  ProducerConfig config = t.cluster().ProducerDefaults();
  EXPECT_FALSE(config.Set("buffer.memory", "16384"));
  EXPECT_FALSE(config.Set("linger.ms", "1000"));
  EXPECT_FALSE(config.Set("max.block.ms", std::to_string(max_block_ms)));
  EXPECT_FALSE(config.Validate());
  t.cluster().AddProducer("producer", config, Workload("orders", 100, -1, 2));
  t.RunFor(10_s);
  return {Of(t, HistoryType::kInvoke), Of(t, HistoryType::kOk), Of(t, HistoryType::kFail)};
}

TEST(Producer, AFullBufferBlocksSendUntilABatchCompletes) {
  const BlockedSends run = SendWithOneBatchOfMemory(60000);
  ASSERT_GE(run.oks.size(), 2u);
  EXPECT_TRUE(run.fails.empty());
  // Value 1 (key-0) opened the only batch; value 2 (key-1) waited for it; the workload's thread
  // sent value 3 only after value 1's batch was acknowledged.
  ASSERT_GE(run.invokes.size(), 3u);
  EXPECT_EQ(run.oks[0].value, 1);
  EXPECT_GT(run.invokes[2].time, run.oks[0].time);
  // About one record a second instead of 100: far below the workload's rate.
  EXPECT_LT(run.invokes.size(), 20u);
  for (size_t i = 1; i < run.oks.size(); ++i) EXPECT_GT(run.oks[i].time, run.oks[i - 1].time);
}

TEST(Producer, ASendBlockedLongerThanMaxBlockMsFails) {
  const BlockedSends run = SendWithOneBatchOfMemory(300);
  ASSERT_FALSE(run.fails.empty());
  // Value 2 was sent 10 ms after value 1 and failed max.block.ms later, never written.
  EXPECT_EQ(run.fails[0].value, 2);
  ASSERT_GE(run.invokes.size(), 2u);
  EXPECT_EQ(run.fails[0].time, run.invokes[1].time + 300_ms);
  for (const HistoryEvent& f : run.fails) {
    for (const HistoryEvent& ok : run.oks) EXPECT_NE(ok.value, f.value);
  }
  // The workload's thread went on one interval after the failure, and value 3 (key-0) joined the
  // batch that was still lingering.
  ASSERT_GE(run.invokes.size(), 3u);
  EXPECT_EQ(run.invokes[2].time, run.fails[0].time + 10_ms);
  EXPECT_TRUE(std::ranges::any_of(run.oks, [](const HistoryEvent& e) { return e.value == 3; }));
}

// Responses from the leader are lost, so the producer retries batches the leader wrote; then the
// leader dies and the retries go to the new leader. Without idempotence the log holds
// duplicates; with it the new leader knows the producer's sequences and answers with the
// original offsets.
std::map<int64_t, int> CopiesAfterLostResponses(bool idempotent) {
  ClusterTest t(ThreeBrokers());
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 1, 3, {{"min.insync.replicas", "2"}}, {{0, {101, 102, 103}}}),
            ErrorCode::kNone);
  ProducerConfig config = t.cluster().ProducerDefaults();
  config.acks = -1;
  config.retries = 100;
  config.request_timeout_ms = 3000;
  config.enable_idempotence = idempotent;
  EXPECT_FALSE(config.Validate());
  const sim::NodeId producer =
      t.cluster().AddProducer("producer", config, Workload("orders", 20, 60, 0));
  t.RunFor(2_s);
  t.world().Block(t.cluster().BrokerNode(101), producer);  // answers from the leader are lost
  t.RunFor(2_s);
  t.KillBroker(101);
  t.RunFor(30_s);
  std::map<int64_t, int> copies;
  const int32_t leader = t.Leader({"orders", 0});
  for (int64_t v : t.LogValues(leader, {"orders", 0})) ++copies[v];
  EXPECT_EQ(Of(t, HistoryType::kOk).size(), 60u);
  return copies;
}

TEST(Producer, RetriesDuplicateWithoutIdempotenceAfterLeaderFailover) {
  const auto copies = CopiesAfterLostResponses(false);
  EXPECT_TRUE(std::any_of(copies.begin(), copies.end(), [](auto& c) { return c.second > 1; }));
}

TEST(Producer, IdempotentRetriesWriteEachRecordOnce) {
  const auto copies = CopiesAfterLostResponses(true);
  EXPECT_EQ(copies.size(), 60u);
  for (const auto& [value, n] : copies) EXPECT_EQ(n, 1) << value;
}

// Runs until every consumer named is in the group with an assignment, the group Stable.
bool AwaitStable(ClusterTest& t, const std::string& group, size_t members,
                 sim::Duration limit = 60_s) {
  return t.RunUntil(
      [&] {
        const GroupMetadata* g = t.cluster().Group(group);
        return g != nullptr && g->state == GroupState::kStable && g->members.size() == members;
      },
      limit);
}

TEST(ConsumerGroup, MoreMembersThanPartitionsLeavesSomeIdle) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  std::vector<sim::NodeId> consumers;
  for (int i = 1; i <= 3; ++i) {
    ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
    c.client_id = "consumer-" + std::to_string(i);
    consumers.push_back(
        t.cluster().AddConsumer(c.client_id, c, Reading("orders", ProcessingModel::kAutoCommit)));
  }
  ASSERT_TRUE(AwaitStable(t, "dashboard", 3));
  t.RunFor(2_s);
  std::vector<size_t> sizes;
  for (sim::NodeId n : consumers)
    sizes.push_back(t.world().node_as<Consumer>(n).assignment().size());
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<size_t>{0, 1, 1}));
  EXPECT_EQ(t.cluster().Group("dashboard")->protocol, "range");
}

TEST(ConsumerGroup, TheLeaderRebalancesWhenItsMetadataShowsNewPartitions) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  std::vector<sim::NodeId> consumers;
  for (int i = 1; i <= 2; ++i) {
    ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
    c.client_id = "consumer-" + std::to_string(i);
    ASSERT_EQ(c.Set("metadata.max.age.ms", "2000"), std::nullopt);
    consumers.push_back(
        t.cluster().AddConsumer(c.client_id, c, Reading("orders", ProcessingModel::kAutoCommit)));
  }
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2));
  const int32_t generation = t.cluster().Group("dashboard")->generation_id;
  std::optional<CreatePartitionsResponse> response;
  CreatePartitionsRequest request;
  request.topics.push_back({"orders", 4});
  SendToController(t.client(), {101}, request, 30000, [&](const PacketBody* body) {
    response = std::get<CreatePartitionsResponse>(*body);
  });
  auto assigned = [&] {
    size_t n = 0;
    for (sim::NodeId c : consumers) n += t.world().node_as<Consumer>(c).assignment().size();
    return n;
  };
  ASSERT_TRUE(t.RunUntil([&] { return assigned() == 4; }, 15_s)) << assigned();
  EXPECT_GT(t.cluster().Group("dashboard")->generation_id, generation);
}

TEST(ConsumerGroup, ADeadMemberIsRemovedAfterTheSessionTimeout) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 4, 3), ErrorCode::kNone);
  std::vector<sim::NodeId> consumers;
  for (int i = 1; i <= 2; ++i) {
    ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
    c.client_id = "consumer-" + std::to_string(i);
    consumers.push_back(
        t.cluster().AddConsumer(c.client_id, c, Reading("orders", ProcessingModel::kAutoCommit)));
  }
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2));
  const int32_t generation = t.cluster().Group("dashboard")->generation_id;
  t.world().Crash(consumers[0], sim::CrashKind::kPowerLoss);  // no LeaveGroup
  t.RunFor(5_s);
  EXPECT_EQ(t.cluster().Group("dashboard")->members.size(), 2u);  // session.timeout.ms is 10 s
  ASSERT_TRUE(AwaitStable(t, "dashboard", 1, 30_s));
  EXPECT_GT(t.cluster().Group("dashboard")->generation_id, generation);
  t.RunFor(2_s);
  EXPECT_EQ(t.world().node_as<Consumer>(consumers[1]).assignment().size(), 4u);
}

// Issue 17's seed 109: while the group waited for a member to rejoin, the coordinator stopped
// looking at sessions once a member waiting in JoinGroup had an old heartbeat, so a member that
// died during the rebalance was never removed and the group never became Stable again.
TEST(ConsumerGroup, AMemberThatDiesWhileOthersWaitToRejoinIsStillRemoved) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  ConsumerConfig busy = t.cluster().ConsumerDefaults("dashboard");
  busy.client_id = "busy";  // polls once, then spends minutes on a record: it never rejoins
  ConsumerConfig quick = t.cluster().ConsumerDefaults("dashboard");
  quick.client_id = "quick";
  const sim::NodeId b = t.cluster().AddConsumer(
      "busy", busy, Reading("orders", ProcessingModel::kAutoCommit, nullptr, 600_s));
  const sim::NodeId q =
      t.cluster().AddConsumer("quick", quick, Reading("orders", ProcessingModel::kAutoCommit));
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2));
  t.cluster().AddProducer("producer", t.cluster().ProducerDefaults(),
                          Workload("orders", 10, 20, 0));
  t.RunFor(5_s);  // busy holds a record now
  ConsumerConfig late = t.cluster().ConsumerDefaults("dashboard");
  late.client_id = "late";
  t.cluster().AddConsumer("late", late, Reading("orders", ProcessingModel::kAutoCommit));
  t.RunFor(20_s);  // quick and late wait in JoinGroup; busy heartbeats but does not rejoin
  EXPECT_EQ(t.cluster().Group("dashboard")->state, GroupState::kPreparingRebalance);
  t.world().Crash(b, sim::CrashKind::kPowerLoss);
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2, 30_s));
  t.RunFor(2_s);
  EXPECT_EQ(t.world().node_as<Consumer>(q).assignment().size(), 1u);
}

TEST(ConsumerGroup, AMemberThatStopsPollingLeavesAfterMaxPollInterval) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  ConsumerConfig slow = t.cluster().ConsumerDefaults("dashboard");
  slow.client_id = "slow";
  slow.max_poll_interval_ms = 20000;
  ConsumerConfig quick = t.cluster().ConsumerDefaults("dashboard");
  quick.client_id = "quick";
  t.cluster().AddConsumer("slow", slow,
                          Reading("orders", ProcessingModel::kAutoCommit, nullptr, 60_s));
  const sim::NodeId q =
      t.cluster().AddConsumer("quick", quick, Reading("orders", ProcessingModel::kAutoCommit));
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2));
  ProducerConfig p = t.cluster().ProducerDefaults();
  t.cluster().AddProducer("producer", p, Workload("orders", 10, 20, 0));
  // The slow member takes a record and then a minute over it: after 20 s it leaves.
  ASSERT_TRUE(
      t.RunUntil([&] { return t.world().node_as<Consumer>(q).assignment().size() == 2; }, 90_s));
  EXPECT_EQ(t.cluster().Group("dashboard")->members.size(), 1u);
}

TEST(ConsumerGroup, EarliestReadsEverythingThenOnlyNewRecordsAfterARestart) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  t.cluster().AddProducer("producer", p, Workload("orders", 10, 10, 0));
  t.RunFor(5_s);
  ConsumerConfig c = t.cluster().ConsumerDefaults("readers");
  ASSERT_FALSE(c.Set("auto.offset.reset", "earliest"));
  const sim::NodeId consumer =
      t.cluster().AddConsumer("consumer", c, Reading("orders", ProcessingModel::kAutoCommit));
  t.RunFor(20_s);  // reads all ten; auto commit every 5 s
  EXPECT_EQ(Of(t, HistoryType::kPoll, "consumer").size(), 10u);
  t.world().Crash(consumer, sim::CrashKind::kProcess);
  t.cluster().AddProducer("producer-2", p, Workload("orders", 10, 5, 0, 1001));
  t.RunFor(5_s);
  t.world().Restart(consumer);
  t.RunFor(30_s);
  const auto polls = Of(t, HistoryType::kPoll, "consumer");
  ASSERT_EQ(polls.size(), 15u);  // the five new ones, none of the old again
  for (size_t i = 10; i < polls.size(); ++i) EXPECT_GT(polls[i].value, 1000);
}

// The processing models of the course notes, each with a consumer crash in the worst place.
struct ModelOutcome {
  std::map<int64_t, int> stored;  // value -> times in the sink
  size_t produced = 0;
};
ModelOutcome CrashWhileProcessing(ProcessingModel model) {
  ClusterTest t(ThreeBrokers());
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  t.cluster().AddProducer("producer", p, Workload("orders", 20, 40, 0));
  auto sink = std::make_shared<ExternalSink>(model == ProcessingModel::kIdempotentSink);
  ConsumerConfig c = t.cluster().ConsumerDefaults("etl");
  EXPECT_FALSE(c.Set("auto.offset.reset", "earliest"));
  c.max_poll_records = 10;
  const sim::NodeId consumer =
      t.cluster().AddConsumer("consumer", c, Reading("orders", model, sink, 200_ms));
  t.RunFor(10_s);
  // Halfway through a batch of ten: some processed, the commit before or after not yet.
  EXPECT_TRUE(t.RunUntil(
      [&] { return t.world().node_as<Consumer>(consumer).processed() % 10 == 5; }, 30_s));
  t.world().Crash(consumer, sim::CrashKind::kProcess);
  t.RunFor(1_s);
  t.world().Restart(consumer);
  t.RunFor(60_s);
  return {sink->stored_counts(), Of(t, HistoryType::kOk).size()};
}

TEST(ProcessingModels, AtMostOnceLosesWhatWasCommittedButNotProcessed) {
  const ModelOutcome o = CrashWhileProcessing(ProcessingModel::kCommitBeforeProcessing);
  EXPECT_EQ(o.produced, 40u);
  EXPECT_LT(o.stored.size(), 40u);                           // lost
  for (const auto& [v, n] : o.stored) EXPECT_EQ(n, 1) << v;  // never twice
}

TEST(ProcessingModels, AtLeastOnceProcessesSomeRecordsTwice) {
  const ModelOutcome o = CrashWhileProcessing(ProcessingModel::kProcessThenCommit);
  EXPECT_EQ(o.stored.size(), 40u);  // nothing lost
  EXPECT_TRUE(std::any_of(o.stored.begin(), o.stored.end(), [](auto& s) { return s.second > 1; }));
}

TEST(ProcessingModels, AnIdempotentSinkHoldsEachRecordOnce) {
  const ModelOutcome o = CrashWhileProcessing(ProcessingModel::kIdempotentSink);
  EXPECT_EQ(o.stored.size(), 40u);
  for (const auto& [v, n] : o.stored) EXPECT_EQ(n, 1) << v;
}

}  // namespace
}  // namespace kafka::testing

namespace kafka::testing {
namespace {

TEST(ConsumerGroup, TooFewBrokersForTheOffsetsTopicMeansNoCoordinator) {
  ClusterSpec spec = ThreeBrokers();
  spec.brokers = {{101, {}}};
  ClusterTest t(spec);
  ASSERT_TRUE(t.AwaitReady());
  std::optional<FindCoordinatorResponse> answer;
  t.client().Send(101, FindCoordinatorRequest{"dashboard"}, 5000, [&](const PacketBody* body) {
    answer = std::get<FindCoordinatorResponse>(*body);
  });
  t.RunFor(1_s);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->error, ErrorCode::kCoordinatorNotAvailable);
  EXPECT_FALSE(t.cluster().broker(101).metadata().Contains("__consumer_offsets"));
}

TEST(ConsumerGroup, StaticMemberComesBackWithoutARebalance) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  std::vector<sim::NodeId> consumers;
  for (int i = 1; i <= 2; ++i) {
    ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
    c.client_id = "consumer-" + std::to_string(i);
    c.group_instance_id = "instance-" + std::to_string(i);
    consumers.push_back(
        t.cluster().AddConsumer(c.client_id, c, Reading("orders", ProcessingModel::kAutoCommit)));
  }
  ASSERT_TRUE(AwaitStable(t, "dashboard", 2));
  t.RunFor(2_s);
  const int32_t generation = t.cluster().Group("dashboard")->generation_id;
  const auto before = t.world().node_as<Consumer>(consumers[0]).assignment();
  t.world().Crash(consumers[0], sim::CrashKind::kProcess);
  t.RunFor(2_s);
  t.world().Restart(consumers[0]);
  t.RunFor(10_s);
  EXPECT_EQ(t.cluster().Group("dashboard")->generation_id, generation);  // no rebalance
  EXPECT_EQ(t.world().node_as<Consumer>(consumers[0]).assignment(), before);
}

TEST(ConsumerGroup, CooperativeStickyHandsAPartitionOverInTwoSteps) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 4, 3), ErrorCode::kNone);
  ConsumerConfig c1 = t.cluster().ConsumerDefaults("dashboard");
  c1.client_id = "consumer-1";
  c1.assignors = {"cooperative-sticky"};
  const sim::NodeId first =
      t.cluster().AddConsumer("consumer-1", c1, Reading("orders", ProcessingModel::kAutoCommit));
  ASSERT_TRUE(AwaitStable(t, "dashboard", 1));
  t.RunFor(2_s);
  ASSERT_EQ(t.world().node_as<Consumer>(first).assignment().size(), 4u);
  ConsumerConfig c2 = c1;
  c2.client_id = "consumer-2";
  const sim::NodeId second =
      t.cluster().AddConsumer("consumer-2", c2, Reading("orders", ProcessingModel::kAutoCommit));
  ASSERT_TRUE(t.RunUntil(
      [&] { return t.world().node_as<Consumer>(second).assignment().size() == 2; }, 60_s));
  EXPECT_EQ(t.world().node_as<Consumer>(first).assignment().size(), 2u);
  // consumer-1 gave up only the two partitions that moved, and kept the others throughout.
  EXPECT_EQ(Of(t, HistoryType::kRevoke, "consumer-1").size(), 2u);
  EXPECT_EQ(t.cluster().Group("dashboard")->protocol, "cooperative-sticky");
  EXPECT_GE(t.cluster().Group("dashboard")->generation_id, 3);  // two rebalances after the first
}

TEST(ConsumerGroup, OffsetsSurviveTheCoordinatorsFailure) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  t.cluster().AddProducer("producer", p, Workload("orders", 10, 20, 0));
  ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
  ASSERT_FALSE(c.Set("auto.offset.reset", "earliest"));
  const sim::NodeId consumer = t.cluster().AddConsumer(
      "consumer", c, Reading("orders", ProcessingModel::kProcessThenCommit));
  t.RunFor(15_s);
  ASSERT_EQ(Of(t, HistoryType::kPoll).size(), 20u);
  int32_t coordinator = -1;
  for (int32_t id : t.cluster().broker_ids()) {
    if (t.cluster().broker(id).coordinator()->Owns("dashboard")) coordinator = id;
  }
  ASSERT_GE(coordinator, 0);
  t.KillBroker(coordinator);
  t.world().Crash(consumer, sim::CrashKind::kProcess);
  t.RunFor(1_s);
  t.world().Restart(consumer);
  t.RunFor(60_s);
  const GroupMetadata* g = t.cluster().Group("dashboard");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->offsets.at({"orders", 0}), 20);       // replayed from __consumer_offsets
  EXPECT_EQ(Of(t, HistoryType::kPoll).size(), 20u);  // nothing read twice
}

// consumer_test.py's rule: a broker failure must not rebalance the group. The new coordinator
// loads the group record (members, assignment) and resumes the group Stable in its generation.
TEST(ConsumerGroup, TheCoordinatorsFailureCausesNoRebalance) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 2, 3), ErrorCode::kNone);
  ConsumerConfig c = t.cluster().ConsumerDefaults("dashboard");
  for (const char* name : {"consumer-1", "consumer-2"}) {
    t.cluster().AddConsumer(name, c, Reading("orders", ProcessingModel::kProcessThenCommit));
  }
  t.RunFor(15_s);
  const auto coordinator = [&] {
    for (int32_t id : t.cluster().broker_ids()) {
      const GroupCoordinator* c = t.cluster().broker(id).coordinator();
      if (c != nullptr && c->Owns("dashboard")) return id;  // null while the broker is down
    }
    return -1;
  };
  const int32_t old_coordinator = coordinator();
  ASSERT_GE(old_coordinator, 0);
  const GroupMetadata before = *t.cluster().Group("dashboard");
  ASSERT_EQ(before.state, GroupState::kStable);
  t.KillBroker(old_coordinator);
  t.RunFor(40_s);
  const int32_t new_coordinator = coordinator();
  ASSERT_GE(new_coordinator, 0);
  EXPECT_NE(new_coordinator, old_coordinator);
  const GroupMetadata* after = t.cluster().Group("dashboard");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->state, GroupState::kStable);
  EXPECT_EQ(after->generation_id, before.generation_id);
  ASSERT_EQ(after->members.size(), 2u);
  for (const auto& [id, m] : before.members) {
    ASSERT_TRUE(after->members.contains(id));
    EXPECT_EQ(after->members.at(id).assignment, m.assignment);
  }
}

TEST(ProcessingModels, AnIdempotentSinkStaysExactThroughRebalancesAndBrokerFailover) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3, {{"min.insync.replicas", "2"}}), ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  p.retries = 1000;
  p.enable_idempotence = true;
  ASSERT_FALSE(p.Validate());
  t.cluster().AddProducer("producer", p, Workload("orders", 20, 600, 0));
  auto sink = std::make_shared<ExternalSink>(true);
  std::vector<sim::NodeId> consumers;
  for (int i = 1; i <= 2; ++i) {
    ConsumerConfig c = t.cluster().ConsumerDefaults("etl");
    c.client_id = "consumer-" + std::to_string(i);
    c.max_poll_records = 10;
    EXPECT_FALSE(c.Set("auto.offset.reset", "earliest"));
    consumers.push_back(t.cluster().AddConsumer(
        c.client_id, c, Reading("orders", ProcessingModel::kIdempotentSink, sink, 20_ms)));
  }
  t.RunFor(10_s);
  t.world().Crash(consumers[0], sim::CrashKind::kProcess);  // a rebalance
  t.RunFor(5_s);
  t.KillBroker(t.Leader({"orders", 0}));  // a leader failover
  t.RunFor(5_s);
  t.world().Restart(consumers[0]);  // another rebalance
  t.RunFor(90_s);
  const size_t acked = Of(t, HistoryType::kOk).size();
  EXPECT_EQ(acked, 600u);
  EXPECT_EQ(sink->stored_counts().size(), acked);
  for (const auto& [v, n] : sink->stored_counts()) EXPECT_EQ(n, 1) << v;
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

}  // namespace
}  // namespace kafka::testing

namespace kafka::testing {
namespace {

// The partitions `count` keyless records went to, sent at `rate` per second.
std::vector<int32_t> NullKeyPartitions(const std::string& version, int64_t rate, int64_t count,
                                       int64_t linger_ms) {
  ClusterTest t(ThreeBrokers(version));
  EXPECT_TRUE(t.AwaitReady());
  EXPECT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.linger_ms = linger_ms;
  t.cluster().AddProducer("producer", p, Workload("orders", rate, count, 0));
  t.RunFor(10_s);
  std::vector<int32_t> partitions;
  for (const auto& e : Of(t, HistoryType::kOk)) partitions.push_back(e.tp.partition);
  return partitions;
}

// Null keys: round robin up to 2.3 spreads consecutive records; the sticky partitioner of 2.4 on
// keeps a batch's records together on one partition (a burst within linger.ms is one batch).
TEST(Producer, NullKeysFollowTheReleasesPartitioner) {
  auto round_robin = NullKeyPartitions("2.0", 100, 6, 1000);
  ASSERT_EQ(round_robin.size(), 6u);
  std::sort(round_robin.begin(), round_robin.end());
  EXPECT_EQ(round_robin, (std::vector<int32_t>{0, 0, 1, 1, 2, 2}));
  const auto sticky = NullKeyPartitions("2.8", 100, 6, 1000);
  ASSERT_EQ(sticky.size(), 6u);
  EXPECT_TRUE(std::all_of(sticky.begin(), sticky.end(), [&](int32_t p) { return p == sticky[0]; }));
}

// Null keys with linger.ms=0 at a slow rate: every record starts a new batch. KIP-480's sticky
// partitioner (2.4 to 3.2) then moves to another partition each time; KIP-794's uniform sticky
// (3.3 on) stays until batch.size bytes went to the partition.
TEST(Producer, TheStickyPartitionerMovesOnEachNewBatchAndUniformStickyAfterBatchSize) {
  const auto sticky = NullKeyPartitions("2.8", 20, 30, 0);
  ASSERT_EQ(sticky.size(), 30u);
  for (size_t i = 1; i < sticky.size(); ++i) EXPECT_NE(sticky[i], sticky[i - 1]) << i;
  const auto uniform = NullKeyPartitions("3.6", 20, 30, 0);
  ASSERT_EQ(uniform.size(), 30u);
  EXPECT_EQ(std::set<int32_t>(uniform.begin(), uniform.end()).size(), 1u);  // 30 x 100 B < 16 KB
}

TEST(ConsumerGroup, ACommittedOffsetDeletedByRetentionResetsToEarliest) {
  ClusterSpec spec = ThreeBrokers();
  spec.broker_config["log.retention.check.interval.ms"] = "5000";
  ClusterTest t(spec);
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3, {{"retention.ms", "20000"}, {"segment.bytes", "300"}}),
            ErrorCode::kNone);
  ProducerConfig p = t.cluster().ProducerDefaults();
  p.acks = -1;
  t.cluster().AddProducer("producer", p, Workload("orders", 5, 5, 0));
  ConsumerConfig c = t.cluster().ConsumerDefaults("slowpokes");
  ASSERT_FALSE(c.Set("auto.offset.reset", "earliest"));
  c.max_poll_records = 1;
  const sim::NodeId consumer = t.cluster().AddConsumer(
      "consumer", c, Reading("orders", ProcessingModel::kProcessThenCommit));
  ASSERT_TRUE(t.RunUntil([&] { return Of(t, HistoryType::kCommit).size() >= 1; }, 30_s));
  t.world().Crash(consumer, sim::CrashKind::kProcess);
  t.RunFor(40_s);  // the first records age out; the committed offset now lies before the log
  t.cluster().AddProducer("producer-2", p, Workload("orders", 5, 5, 0, 101));
  t.RunFor(5_s);
  const Offset start =
      t.cluster().Replica(t.Leader({"orders", 0}), {"orders", 0})->log().log_start_offset();
  ASSERT_GT(start, Of(t, HistoryType::kCommit).back().offset);
  t.world().Restart(consumer);
  t.RunFor(30_s);
  const auto polls = Of(t, HistoryType::kPoll, "consumer");
  ASSERT_FALSE(polls.empty());
  EXPECT_EQ(polls.back().value, 105);  // read on from the log start to the end
}

}  // namespace
}  // namespace kafka::testing
