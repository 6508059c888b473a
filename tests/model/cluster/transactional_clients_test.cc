// The transactional producer client and read_committed consumers on a three-broker cluster: a
// workload that commits and aborts, what each isolation level reads, what the delivery checker
// makes of it, and a producer that crashes mid-transaction and comes back under the same
// transactional.id.
#include <gtest/gtest.h>

#include "model/check/delivery_checker.h"
#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

ProducerWorkload Transactional(int64_t limit, int32_t per_transaction, int32_t abort_every) {
  ProducerWorkload w;
  w.topic = "orders";
  w.rate_per_s = 20;
  w.limit = limit;
  w.keys = 6;
  w.start_after = 1_s;
  w.transaction_records = per_transaction;
  w.abort_every = abort_every;
  return w;
}

sim::NodeId AddTransactionalProducer(ClusterTest& t, ProducerWorkload w) {
  ProducerConfig config = t.cluster().ProducerDefaults();
  EXPECT_FALSE(config.Set("transactional.id", "orders-writer"));
  EXPECT_FALSE(config.Validate());
  config.client_id = "writer";
  return t.cluster().AddProducer("writer", config, std::move(w));
}

void AddReader(ClusterTest& t, const std::string& group, const char* isolation) {
  ConsumerConfig c = t.cluster().ConsumerDefaults(group);
  c.client_id = group;
  c.auto_offset_reset = "earliest";
  EXPECT_FALSE(c.Set("isolation.level", isolation));
  ConsumerWorkload w;
  w.topics = {"orders"};
  w.start_after = 1_s;
  t.cluster().AddConsumer(group, c, w);
}

std::map<std::string, std::vector<int64_t>> Polled(const History& h) {
  std::map<std::string, std::vector<int64_t>> out;
  for (const HistoryEvent& e : h.events()) {
    if (e.type == HistoryType::kPoll) out[e.client].push_back(e.value);
  }
  return out;
}

int Count(const History& h, HistoryType type) {
  int n = 0;
  for (const HistoryEvent& e : h.events()) n += e.type == type ? 1 : 0;
  return n;
}

TEST(TransactionalProducer, TransactionalIdTurnsOnIdempotenceAndAcksAll) {
  ProducerConfig c = ProducerConfig::Defaults(*FindVersionProfile("2.8"));
  ASSERT_FALSE(c.Set("transactional.id", "t"));
  ASSERT_FALSE(c.Validate());
  EXPECT_TRUE(c.enable_idempotence);
  EXPECT_EQ(c.acks, -1);
  EXPECT_GT(c.retries, 0);
  ProducerConfig off = ProducerConfig::Defaults(*FindVersionProfile("2.8"));
  ASSERT_FALSE(off.Set("transactional.id", "t"));
  ASSERT_FALSE(off.Set("enable.idempotence", "false"));
  EXPECT_EQ(off.Validate().value_or(""),
            "Cannot set a transactional.id without also enabling idempotence.");
  ProducerConfig acks1 = ProducerConfig::Defaults(*FindVersionProfile("2.8"));
  ASSERT_FALSE(acks1.Set("transactional.id", "t"));
  ASSERT_FALSE(acks1.Set("acks", "1"));
  EXPECT_EQ(acks1.Validate().value_or(""),
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot "
            "guarantee idempotence.");
}

TEST(TransactionalProducer, CommitsAndAbortsAndEachIsolationLevelReadsItsShare) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  AddTransactionalProducer(t, Transactional(30, 5, 3));  // six transactions; the 3rd, 6th abort
  AddReader(t, "committed", "read_committed");
  AddReader(t, "everything", "read_uncommitted");
  t.RunFor(40_s);
  const History& h = *t.cluster().history();
  EXPECT_EQ(Count(h, HistoryType::kTxnBegin), 6);
  EXPECT_EQ(Count(h, HistoryType::kTxnCommit), 4);
  EXPECT_EQ(Count(h, HistoryType::kTxnAbort), 2);
  auto polled = Polled(h);
  std::sort(polled["committed"].begin(), polled["committed"].end());
  std::vector<int64_t> expected;
  for (int64_t v = 1; v <= 30; ++v) {
    if ((v - 1) / 5 % 3 != 2) expected.push_back(v);  // transactions 3 and 6 aborted
  }
  EXPECT_EQ(polled["committed"], expected);
  EXPECT_EQ(polled["everything"].size(), 30u);
  // The read_committed reader passed every marker and aborted batch without a poll-skip; the
  // read_uncommitted one read the aborted transactions' ten values: Jepsen's G1a.
  const DeliveryReport report = CheckDelivery(h);
  EXPECT_EQ(report.counts.count("poll-skip"), 0u);
  EXPECT_EQ(report.counts.count("lost-write"), 0u);
  EXPECT_EQ(report.counts.count("unseen"), 0u);
  ASSERT_EQ(report.counts.count("aborted-read"), 1u);
  EXPECT_EQ(report.counts.at("aborted-read"), 10);
  for (const Anomaly& a : report.anomalies) {
    if (a.kind == "aborted-read") {
      EXPECT_EQ(a.client, "everything");
    }
  }
  // The LSO caught up with the HW once the last transaction ended.
  for (int32_t p = 0; p < 3; ++p) {
    const Partition* leader = t.cluster().Replica(t.Leader({"orders", p}), {"orders", p});
    ASSERT_NE(leader, nullptr);
    EXPECT_EQ(leader->last_stable_offset(), leader->log().high_watermark()) << p;
  }
}

TEST(TransactionalProducer, ACrashMidTransactionIsAbortedByTheNextInstance) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  const sim::NodeId writer = AddTransactionalProducer(t, Transactional(-1, 20, 0));
  AddReader(t, "committed", "read_committed");
  // Into a transaction, a third of the way (20 records at 20 a second).
  const auto& producer = t.world().node_as<Producer>(writer);
  ASSERT_TRUE(t.RunUntil(
      [&] { return producer.transactions()->state() == TransactionManager::State::kInTransaction; },
      20_s));
  t.RunFor(300_ms);
  t.world().Crash(writer, sim::CrashKind::kProcess);
  t.RunFor(2_s);
  t.world().Restart(writer);
  t.RunFor(20_s);
  ASSERT_NE(producer.transactions(), nullptr);
  // The new instance fenced the old one: epoch 0 was the first life's, the abort bumped it to 1
  // and the new InitProducerId to 2.
  EXPECT_EQ(producer.transactions()->epoch(), 2);
  const History& h = *t.cluster().history();
  EXPECT_GE(Count(h, HistoryType::kTxnCommit), 3);
  const DeliveryReport report = CheckDelivery(h, t.world().Now() - 5_s);
  EXPECT_TRUE(report.ok()) << (report.anomalies.empty() ? "" : report.anomalies[0].Describe());
  // The crashed transaction's records were written and never read by the read_committed group.
  const std::vector<int64_t> committed_reads = Polled(h)["committed"];
  const std::set<int64_t> read(committed_reads.begin(), committed_reads.end());
  int in_doubt_read = 0;
  bool open = false;
  std::vector<int64_t> current;
  for (const HistoryEvent& e : h.events()) {
    if (e.client != "writer") continue;
    if (e.type == HistoryType::kTxnBegin) {
      open = true;
      current.clear();
    } else if (e.type == HistoryType::kInvoke && open) {
      current.push_back(e.value);
    } else if (e.type == HistoryType::kCrash) {
      for (int64_t v : current) in_doubt_read += read.contains(v) ? 1 : 0;
      open = false;
    } else if (e.type == HistoryType::kTxnCommit || e.type == HistoryType::kTxnAbort) {
      open = false;
    }
  }
  EXPECT_EQ(in_doubt_read, 0);
}

// KafkaProducer.send outside a transaction throws (TransactionManager.failIfNotReadyForSend):
// nothing is queued, so nothing can reach a partition after a marker.
TEST(TransactionalProducer, ASendOutsideATransactionIsRefusedAtOnce) {
  ClusterTest t(ThreeBrokers());
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  ProducerConfig config = t.cluster().ProducerDefaults();
  ASSERT_FALSE(config.Set("transactional.id", "lonely"));
  ASSERT_FALSE(config.Validate());
  ProducerWorkload idle;
  idle.topic = "orders";
  idle.rate_per_s = 0;  // the test sends by hand
  const sim::NodeId node = t.cluster().AddProducer("lonely", config, idle);
  t.RunFor(5_s);
  Producer& producer = t.world().node_as<Producer>(node);
  ASSERT_EQ(producer.transactions()->state(), TransactionManager::State::kReady);
  producer.Send("orders", std::nullopt, 42);
  t.RunFor(2_s);
  bool refused = false, acknowledged = false;
  for (const HistoryEvent& e : t.cluster().history()->events()) {
    if (e.value != 42) continue;
    refused = refused || (e.type == HistoryType::kFail && e.error == ErrorCode::kInvalidTxnState);
    acknowledged = acknowledged || e.type == HistoryType::kOk;
  }
  EXPECT_TRUE(refused);
  EXPECT_FALSE(acknowledged);
  EXPECT_EQ(t.cluster().Replica(t.Leader({"orders", 0}), {"orders", 0})->log().log_end_offset(), 0);
}

}  // namespace
}  // namespace kafka::testing
