// KIP-890 part 1 (Kafka 3.6): a partition leader asks the transaction coordinator before the
// first transactional append of a producer to a partition. The case it exists for: a produce that
// arrives after its transaction ended opens a transaction no marker will close (a hanging
// transaction), and the LSO stops there for good. Under 2.8, and under 3.6 with
// transaction.partition.verification.enable=false, that happens; under 3.6 the late produce is
// refused with INVALID_TXN_STATE.
#include <gtest/gtest.h>

#include "model/client/producer.h"
#include "model/txn/transaction_coordinator.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

const TopicPartition kOrders{"orders", 0};

ProducerConfig TransactionalConfig(ClusterTest& t) {
  ProducerConfig config = t.cluster().ProducerDefaults();
  EXPECT_FALSE(config.Set("transactional.id", "payments"));
  EXPECT_FALSE(config.Validate());
  return config;
}

struct Writer {
  int64_t producer_id = -1;
  int16_t epoch = -1;
};

// A transactional producer commits two transactions of 5 records to orders-0 and stops.
Writer CommitTwoTransactions(ClusterTest& t) {
  ProducerWorkload w;
  w.topic = "orders";
  w.rate_per_s = 20;
  w.limit = 10;
  w.keys = 1;
  w.start_after = 1_s;
  w.transaction_records = 5;
  const sim::NodeId node = t.cluster().AddProducer("writer", TransactionalConfig(t), w);
  t.RunFor(10_s);
  const Producer& producer = t.world().node_as<Producer>(node);
  EXPECT_NE(producer.transactions(), nullptr);
  if (producer.transactions() == nullptr) return {};
  return {producer.transactions()->producer_id(), producer.transactions()->epoch()};
}

// The same producer's batch, arriving late: after its transactions ended.
ErrorCode LateProduce(ClusterTest& t, const Writer& w, const std::string& transactional_id) {
  const Partition* leader = t.cluster().Replica(t.Leader(kOrders), kOrders);
  int32_t next_sequence = 0;
  const auto entry = leader->producer_state().producers().find(w.producer_id);
  if (entry != leader->producer_state().producers().end() && !entry->second.batches.empty()) {
    next_sequence = entry->second.batches.back().last_seq + 1;
  }
  const ErrorCode error =
      t.ProduceTransactional(kOrders, {w.producer_id, w.epoch, next_sequence, transactional_id});
  t.RunFor(2_s);
  return error;
}

Offset Lso(ClusterTest& t) {
  return t.cluster().Replica(t.Leader(kOrders), kOrders)->last_stable_offset();
}
Offset Hw(ClusterTest& t) {
  return t.cluster().Replica(t.Leader(kOrders), kOrders)->log().high_watermark();
}

TEST(TransactionVerification, Kafka28TakesALateProduceAndTheTransactionHangs) {
  ClusterTest t(ThreeBrokers("2.8"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const Writer w = CommitTwoTransactions(t);
  ASSERT_GE(w.producer_id, 0);
  ASSERT_EQ(Lso(t), 12);  // two transactions of 5, each with its marker
  EXPECT_EQ(LateProduce(t, w, "payments"), ErrorCode::kNone);
  t.RunFor(60_s);
  EXPECT_EQ(Hw(t), 13);
  EXPECT_EQ(Lso(t), 12);  // for good: no coordinator will end it
}

TEST(TransactionVerification, Kafka36RefusesALateProduceForAPartitionNotInTheTransaction) {
  ClusterTest t(ThreeBrokers("3.6"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const Writer w = CommitTwoTransactions(t);
  ASSERT_GE(w.producer_id, 0);
  ASSERT_EQ(Lso(t), 12);
  EXPECT_EQ(LateProduce(t, w, "payments"), ErrorCode::kInvalidTxnState);
  EXPECT_EQ(Hw(t), 12);
  EXPECT_EQ(Lso(t), 12);
  // A producer id the coordinator never gave to that transactional id.
  EXPECT_EQ(LateProduce(t, {w.producer_id + 7, 0}, "payments"),
            ErrorCode::kInvalidProducerIdMapping);
  // A newer epoch than the coordinator's (PRODUCER_FENCED there, INVALID_PRODUCER_EPOCH here).
  EXPECT_EQ(LateProduce(t, {w.producer_id, static_cast<int16_t>(w.epoch + 1)}, "payments"),
            ErrorCode::kInvalidProducerEpoch);
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

TEST(TransactionVerification, ALostVerificationIsANetworkErrorTheProducerRetries) {
  ClusterTest t(ThreeBrokers("3.6"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const Writer w = CommitTwoTransactions(t);
  ASSERT_GE(w.producer_id, 0);
  int32_t coordinator = -1;
  for (const int32_t b : t.cluster().broker_ids()) {
    const TransactionCoordinator* c = t.cluster().broker(b).txn_coordinator();
    if (c != nullptr && c->Find("payments") != nullptr) coordinator = b;
  }
  const int32_t leader = t.Leader(kOrders);
  ASSERT_GE(coordinator, 0);
  ASSERT_NE(coordinator, leader);  // else the question would not cross the network
  // The leader's question to the coordinator is lost; the answer comes after request.timeout.ms.
  t.world().Block(t.cluster().BrokerNode(leader), t.cluster().BrokerNode(coordinator));
  EXPECT_EQ(LateProduce(t, w, "payments"), ErrorCode::kNetworkException);
  EXPECT_EQ(Lso(t), Hw(t));
}

TEST(TransactionVerification, Kafka36WithVerificationTurnedOffHangsAs28Does) {
  ClusterSpec spec = ThreeBrokers("3.6");
  spec.broker_config["transaction.partition.verification.enable"] = "false";
  ClusterTest t(spec);
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const Writer w = CommitTwoTransactions(t);
  ASSERT_GE(w.producer_id, 0);
  EXPECT_EQ(LateProduce(t, w, "payments"), ErrorCode::kNone);
  t.RunFor(10_s);
  EXPECT_EQ(Lso(t), 12);
  EXPECT_EQ(Hw(t), 13);
}

TEST(TransactionVerification, Kafka36TransactionsStillCommitAndAbort) {
  ClusterTest t(ThreeBrokers("3.6"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 3, 3), ErrorCode::kNone);
  ProducerWorkload w;
  w.topic = "orders";
  w.rate_per_s = 20;
  w.limit = 60;
  w.keys = 6;
  w.start_after = 1_s;
  w.transaction_records = 10;
  w.abort_every = 3;
  t.cluster().AddProducer("writer", TransactionalConfig(t), w);
  t.RunFor(30_s);
  int commits = 0, aborts = 0, acknowledged = 0;
  for (const HistoryEvent& e : t.cluster().history()->events()) {
    commits += e.type == HistoryType::kTxnCommit;
    aborts += e.type == HistoryType::kTxnAbort;
    acknowledged += e.type == HistoryType::kOk;
  }
  EXPECT_EQ(commits, 4);
  EXPECT_EQ(aborts, 2);
  EXPECT_EQ(acknowledged, 60);
  for (int32_t p = 0; p < 3; ++p) {
    const TopicPartition tp{"orders", p};
    const Partition* leader = t.cluster().Replica(t.Leader(tp), tp);
    EXPECT_EQ(leader->last_stable_offset(), leader->log().high_watermark()) << p;
  }
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

}  // namespace
}  // namespace kafka::testing
