// Read-process-write, Kafka to Kafka: a group that turns each input record into one output
// record. With transactions (Kafka Streams' exactly_once_v2) the output holds every acknowledged
// input once even when a member crashes mid-transaction; without them, the same crash writes
// some outputs twice.
#include <gtest/gtest.h>

#include "model/check/exactly_once.h"
#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

struct Pipeline {
  std::vector<sim::NodeId> members;
};

Pipeline StartPipeline(ClusterTest& t, ProcessingModel model, int members = 2) {
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
