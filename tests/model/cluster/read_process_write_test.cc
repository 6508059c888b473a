// Read-process-write, Kafka to Kafka: a group that turns each input record into one output
// record. With transactions (Kafka Streams' exactly_once_v2) the output holds every acknowledged
// input once even when a member crashes mid-transaction; without them, the same crash writes
// some outputs twice.
#include <gtest/gtest.h>

#include <functional>

#include "model/check/exactly_once.h"
#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

struct Pipeline {
  std::vector<sim::NodeId> members;
};

// `tune` adjusts each member's consumer and output producer before it starts.
using Tuning = std::function<void(ConsumerConfig&, ProducerConfig&)>;

Pipeline StartPipeline(ClusterTest& t, ProcessingModel model, int members = 2,
                       const Tuning& tune = nullptr) {
  EXPECT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  EXPECT_EQ(t.CreateTopic("totals", 3, 3), ErrorCode::kNone);
  ProducerConfig input = t.cluster().ProducerDefaults();
  EXPECT_FALSE(input.Set("acks", "all"));
  EXPECT_FALSE(input.Set("enable.idempotence", "true"));
  EXPECT_FALSE(input.Validate());
  input.client_id = "shop";
  ProducerWorkload w;
  w.topic = "orders";
  w.rate_per_s = 50;
  w.limit = 1000;
  w.keys = 20;
  w.start_after = 1_s;
  t.cluster().AddProducer("shop", input, w);
  Pipeline p;
  for (int m = 1; m <= members; ++m) {
    const std::string name = "processors-" + std::to_string(m);
    ConsumerConfig c = t.cluster().ConsumerDefaults("processors");
    c.client_id = name;
    c.auto_offset_reset = "earliest";
    c.max_poll_records = 20;
    ConsumerWorkload cw;
    cw.topics = {"orders"};
    cw.model = model;
    cw.start_after = 1_s;
    cw.processing_time = 20_ms;  // busy most of the time: a crash lands mid-batch
    cw.output_topic = "totals";
    ProducerConfig out = t.cluster().ProducerDefaults();
    out.client_id = name;
    EXPECT_FALSE(out.Set("acks", "all"));
    if (model == ProcessingModel::kReadProcessWrite) {
      EXPECT_FALSE(out.Set("transactional.id", name));
    }
    if (tune) tune(c, out);
    EXPECT_FALSE(out.Validate());
    cw.output_producer = out;
    p.members.push_back(t.cluster().AddConsumer(name, c, cw));
  }
  return p;
}

PipelineOutcome Outcome(ClusterTest& t) {
  return CheckPipeline(t.cluster(), *t.cluster().history(), {"orders"}, "totals",
                       kOutputValueOffset, t.world().Now() - 5_s);
}

TEST(ReadProcessWrite, TransactionsWriteEveryInputOnce) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  StartPipeline(t, ProcessingModel::kReadProcessWrite);
  t.RunFor(40_s);
  const PipelineOutcome o = Outcome(t);
  EXPECT_EQ(o.inputs, 1000);
  EXPECT_TRUE(o.missing.empty()) << o.missing.size() << " missing, first " << o.missing[0];
  EXPECT_TRUE(o.duplicated.empty());
}

// A member killed mid-transaction: its transaction is aborted (by the restarted instance's
// initTransactions, or by the timeout), the partitions it had are read again from the committed
// offsets, and nothing is written twice.
TEST(ReadProcessWrite, ACrashMidTransactionWritesNothingTwice) {
  for (const ProcessingModel model :
       {ProcessingModel::kReadProcessWrite, ProcessingModel::kReadProcessWriteAtLeastOnce}) {
    SCOPED_TRACE(ToString(model));
    ClusterTest t(ThreeBrokers());
    ASSERT_TRUE(t.AwaitReady());
    const Pipeline p = StartPipeline(t, model);
    t.RunFor(8_s);
    for (int i = 0; i < 3; ++i) {  // three crashes, each while records are being processed
      t.world().Crash(p.members[0], sim::CrashKind::kProcess);
      t.RunFor(3_s);
      t.world().Restart(p.members[0]);
      t.RunFor(3_s);
    }
    t.RunFor(60_s);
    const PipelineOutcome o = Outcome(t);
    EXPECT_EQ(o.inputs, 1000);
    EXPECT_TRUE(o.missing.empty()) << o.missing.size() << " missing";
    if (model == ProcessingModel::kReadProcessWrite) {
      EXPECT_TRUE(o.duplicated.empty()) << o.duplicated.size() << " duplicated";
    } else {
      EXPECT_FALSE(o.duplicated.empty());  // at least once: the crash repeats some outputs
    }
  }
}

// Counts a member's producer.txn trace events with this step.
int TraceSteps(const sim::MemoryTraceSink& trace, sim::NodeId node, const std::string& step) {
  int n = 0;
  for (const auto& e : trace.OfKind("producer.txn")) {
    if (e.node == node && e.Text("step") == step) ++n;
  }
  return n;
}

// A member that stalls past its session is a zombie: the group gives its input to the other
// member. When it wakes, the coordinator refuses its offsets (KIP-447: the generation is old), and
// like a Kafka Streams thread it gives its tasks up, replaces its producer and rejoins. It must not
// go on processing its old partitions outside the group, where no generation fences it.
TEST(ReadProcessWrite, AZombieGivesItsTasksUpAndRejoins) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  sim::MemoryTraceSink trace;
  t.world().trace().AddSink(&trace);
  const Pipeline p = StartPipeline(t, ProcessingModel::kReadProcessWrite);
  t.RunFor(8_s);
  t.world().Pause(p.members[0], 15_s);  // session.timeout.ms is 10 s
  t.RunFor(60_s);
  t.world().trace().RemoveSink(&trace);
  EXPECT_GE(TraceSteps(trace, p.members[0], "tasks migrated: new producer, rejoining the group"),
            1);
  const GroupMetadata* g = t.cluster().Group("processors");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->members.size(), 2u);
  const PipelineOutcome o = Outcome(t);
  EXPECT_EQ(o.inputs, 1000);
  EXPECT_TRUE(o.missing.empty()) << o.missing.size() << " missing";
  EXPECT_TRUE(o.duplicated.empty()) << o.duplicated.size() << " duplicated";
}

// A member stalls with a transaction open until the coordinator times the transaction out and
// fences its producer. When it wakes, its producer is fenced: a Kafka Streams thread treats that
// as its tasks having migrated, so it takes a new producer (a new epoch) and rejoins, and the
// pipeline goes on with every input written once.
TEST(ReadProcessWrite, AMemberFencedByTheTransactionTimeoutGetsANewProducer) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  sim::MemoryTraceSink trace;
  t.world().trace().AddSink(&trace);
  const Pipeline p = StartPipeline(
      t, ProcessingModel::kReadProcessWrite, 2, [](ConsumerConfig& c, ProducerConfig& out) {
        c.session_timeout_ms = 45000;  // it stays in the group through the stall
        EXPECT_FALSE(out.Set("transaction.timeout.ms", "3000"));
      });
  t.RunFor(8_s);
  t.world().Pause(p.members[0], 20_s);
  t.RunFor(60_s);
  t.world().trace().RemoveSink(&trace);
  EXPECT_GE(TraceSteps(trace, p.members[0], "tasks migrated: new producer, rejoining the group"),
            1);
  EXPECT_EQ(TraceSteps(trace, p.members[0], "processing stopped"), 0);
  const PipelineOutcome o = Outcome(t);
  EXPECT_EQ(o.inputs, 1000);
  EXPECT_TRUE(o.missing.empty()) << o.missing.size() << " missing";
  EXPECT_TRUE(o.duplicated.empty()) << o.duplicated.size() << " duplicated";
}

TEST(ReadProcessWrite, CommittedValuesFollowTheMarkers) {
  Log log;
  auto batch = [&](int64_t pid, bool txn, std::vector<int64_t> values) {
    RecordBatch b;
    b.producer_id = pid;
    b.transactional = txn;
    for (int64_t v : values) b.records.push_back(Record{std::nullopt, v});
    log.AppendAsLeader(std::move(b), 0, 0);
  };
  auto marker = [&](int64_t pid, ControlType type) {
    RecordBatch b;
    b.producer_id = pid;
    b.transactional = true;
    b.control = type;
    b.records.resize(1);
    log.AppendAsLeader(std::move(b), 0, 0);
  };
  batch(1, true, {10, 11});
  batch(-1, false, {20});
  batch(2, true, {30});
  marker(1, ControlType::kCommit);
  marker(2, ControlType::kAbort);
  batch(1, true, {12});  // still open
  EXPECT_EQ(CommittedValues(log), (std::vector<int64_t>{20, 10, 11}));
}

}  // namespace
}  // namespace kafka::testing
