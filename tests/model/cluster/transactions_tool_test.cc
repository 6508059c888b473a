// kafka-transactions against a running cluster: what list, describe and describe-producers show
// of a producer that died mid-transaction, how find-hanging tells a hanging transaction (one no
// coordinator counts the partition in) from an open one, and how an operator's abort frees the
// LSO. And what the tool can do against 2.8 brokers, which lack KIP-664's admin APIs.
#include <gtest/gtest.h>

#include "model/client/producer.h"
#include "scenarios/shell/shell.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

using kafkasim::scenarios::KafkaShell;

class Tool {
 public:
  explicit Tool(ClusterTest& t)
      : t_(t),
        shell_(t.cluster(), t.client_node(),
               [this](const std::string&, const std::string& text, bool ok) {
                 out_ += text;
                 ok_ = ok;
               }) {}
  // Runs the command; what it printed, once the answers (if any) arrived.
  std::string Run(const std::string& args) {
    out_.clear();
    ok_.reset();
    shell_.Run("kafka-transactions --bootstrap-server localhost:9092 " + args, "", {});
    t_.RunUntil([&] { return ok_.has_value(); }, 10_s);
    return out_;
  }
  bool ok() const { return ok_.value_or(false); }

 private:
  ClusterTest& t_;
  KafkaShell shell_;
  std::string out_;
  std::optional<bool> ok_;
};

// A transactional producer that crashes in the middle of its first transaction.
void CrashMidTransaction(ClusterTest& t) {
  ProducerConfig config = t.cluster().ProducerDefaults();
  ASSERT_FALSE(config.Set("transactional.id", "payments"));
  ASSERT_FALSE(config.Validate());
  ProducerWorkload w;
  w.topic = "orders";
  w.rate_per_s = 20;
  w.keys = 1;  // one partition only: orders-0 or orders-1
  w.start_after = 1_s;
  w.transaction_records = 100;
  const sim::NodeId writer = t.cluster().AddProducer("writer", config, w);
  t.RunFor(4_s);
  t.world().Crash(writer, sim::CrashKind::kProcess);
  t.RunFor(1_s);
}

// A transactional batch from a producer id no coordinator gave out: a produce that arrives after
// its transaction ended, as KIP-890 describes, opens a transaction nobody will close.
void LateTransactionalProduce(ClusterTest& t, const TopicPartition& tp) {
  t.ProduceTransactional(tp, {999, 0});
}

TEST(KafkaTransactionsTool, ListDescribeAndDescribeProducersShowAnOpenTransaction) {
  ClusterTest t(ThreeBrokers("3.6"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  CrashMidTransaction(t);
  Tool tool(t);
  const std::string list = tool.Run("list");
  EXPECT_TRUE(tool.ok());
  EXPECT_TRUE(list.starts_with("TransactionalId\tCoordinator\tProducerId\tTransactionState\t\n"))
      << list;
  EXPECT_NE(list.find("payments       \t"), std::string::npos) << list;
  EXPECT_NE(list.find("Ongoing         \t"), std::string::npos) << list;

  const std::string describe = tool.Run("describe --transactional-id payments");
  EXPECT_NE(describe.find("\tpayments       \t0         \t0            \tOngoing         \t60000"),
            std::string::npos)
      << describe;
  EXPECT_NE(describe.find("\torders-0       \t\n"), std::string::npos) << describe;
  EXPECT_EQ(tool.Run("describe --transactional-id nobody"),
            "Failed to describe transaction state of transactional-id `nobody`: "
            "DescribeTransactions request for transactionalId `nobody` failed because the ID "
            "could not be found. Enable debug logging for additional detail.");
  EXPECT_FALSE(tool.ok());

  const std::string producers = tool.Run("describe-producers --topic orders --partition 0");
  EXPECT_TRUE(
      producers.starts_with("ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\t"
                            "LastSequence\tLastTimestamp\tCurrentTransactionStartOffset\t"
                            "\n0         \t0            \t-1                    \t"))
      << producers;
  EXPECT_NE(producers.find("\t0                            \t\n"), std::string::npos) << producers;

  // Open, but its coordinator counts orders-0 in: not hanging.
  EXPECT_EQ(tool.Run("find-hanging --topic orders --max-transaction-timeout 0"),
            "Topic\tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\t"
            "LastTimestamp\tDuration(min)\t\n");
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

TEST(KafkaTransactionsTool, FindHangingFindsATransactionNoCoordinatorKnowsAndAbortFreesTheLso) {
  // Kafka 3.6's leader would refuse this batch (KIP-890, transaction_verification_test.cc)
  // unless the check is turned off.
  ClusterSpec spec = ThreeBrokers("3.6");
  spec.broker_config["transaction.partition.verification.enable"] = "false";
  ClusterTest t(spec);
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const TopicPartition tp{"orders", 0};
  t.Produce(tp, {1, 2, 3}, -1);
  LateTransactionalProduce(t, tp);
  t.Produce(tp, {4, 5}, -1);
  t.RunFor(61_s);
  const Partition* leader = t.cluster().Replica(t.Leader(tp), tp);
  ASSERT_NE(leader, nullptr);
  EXPECT_EQ(leader->last_stable_offset(), 3);  // stuck at the hanging transaction's start
  EXPECT_EQ(leader->log().high_watermark(), 6);

  Tool tool(t);
  // Quiet for a minute: hanging past a 15-minute limit only later, past a 0-minute one now.
  EXPECT_EQ(tool.Run("find-hanging --broker-id 101").find("999"), std::string::npos);
  const std::string found = tool.Run("find-hanging --broker-id 101 --max-transaction-timeout 0");
  EXPECT_NE(found.find("\norders\t0        \t999       \t0            \t-1              \t3  "),
            std::string::npos)
      << found;
  EXPECT_NE(found.find("\t1            \t\n"), std::string::npos) << found;  // a minute quiet
  EXPECT_EQ(tool.Run("abort --topic orders --partition 0 --start-offset 4"),
            "Could not find any open transactions starting at offset 4 on partition orders-0");
  EXPECT_EQ(tool.Run("abort --topic orders --partition 0 --start-offset 3"), "");
  EXPECT_TRUE(tool.ok());
  t.RunFor(1_s);
  EXPECT_EQ(leader->last_stable_offset(), leader->log().high_watermark());
  EXPECT_EQ(tool.Run("find-hanging --topic orders --partition 0 --max-transaction-timeout 0"),
            "Topic\tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\t"
            "LastTimestamp\tDuration(min)\t\n");
  // The operator's marker was no coordinator's, and no invariant says otherwise.
  EXPECT_TRUE(t.violations().empty()) << t.violations().front();
}

TEST(KafkaTransactionsTool, Against28BrokersOnlyAnAbortByProducerIdWorks) {
  ClusterTest t(ThreeBrokers("2.8"));
  ASSERT_TRUE(t.AwaitReady());
  ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
  const TopicPartition tp{"orders", 0};
  LateTransactionalProduce(t, tp);
  t.Produce(tp, {4, 5}, -1);
  Tool tool(t);
  EXPECT_EQ(tool.Run("list"),
            "Failed to list transactions: The broker does not support LIST_TRANSACTIONS. Enable "
            "debug logging for additional detail.");
  EXPECT_FALSE(tool.ok());
  EXPECT_EQ(tool.Run("find-hanging --topic orders"),
            "Failed to describe producers: The broker does not support DESCRIBE_PRODUCERS. "
            "Enable debug logging for additional detail.");
  const Partition* leader = t.cluster().Replica(t.Leader(tp), tp);
  ASSERT_NE(leader, nullptr);
  EXPECT_EQ(leader->last_stable_offset(), 0);
  // A stale epoch is refused by the partition; the right one ends the transaction.
  EXPECT_NE(tool.Run("abort --topic orders --partition 0 --producer-id 999 --producer-epoch -1 "
                     "--coordinator-epoch 0")
                .find("failed due an invalid producer epoch"),
            std::string::npos);
  EXPECT_EQ(tool.Run("abort --topic orders --partition 0 --producer-id 999 --producer-epoch 0 "
                     "--coordinator-epoch 0"),
            "");
  t.RunFor(1_s);
  EXPECT_EQ(leader->last_stable_offset(), 4);  // past the marker at 3
  EXPECT_EQ(leader->log().high_watermark(), 4);
}

TEST(KafkaTransactionsTool, CommandLineMistakesGetTheToolsWords) {
  const auto check = [](const std::string& line) {
    return KafkaShell::Check(line).value_or("(accepted)");
  };
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092"),
            "kafka-transactions.sh: error: too few arguments");
  EXPECT_EQ(check("kafka-transactions list"),
            "kafka-transactions.sh: error: argument --bootstrap-server is required");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 describe"),
            "kafka-transactions.sh: error: argument --transactional-id is required");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 purge"),
            "kafka-transactions.sh: error: invalid choice: 'purge' (choose from 'list', "
            "'describe', 'describe-producers', 'abort', 'find-hanging')");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 describe-producers "
                  "--topic t"),
            "kafka-transactions.sh: error: argument --partition is required");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 describe-producers "
                  "--topic t --partition x"),
            "kafka-transactions.sh: error: argument --partition: could not convert 'x' to "
            "Integer (For input string: \"x\")");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 find-hanging"),
            "The `find-hanging` command requires either --topic or --broker-id to limit the "
            "scope of the search");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 abort --topic t "
                  "--partition 0"),
            "The transaction to abort must be identified either with --start-offset (for brokers "
            "on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch "
            "(for older brokers)");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 abort --topic t "
                  "--partition 0 --producer-id 5 --producer-epoch 1"),
            "Missing required argument --coordinator-epoch");
  EXPECT_EQ(check("kafka-transactions --bootstrap-server localhost:9092 list"), "(accepted)");
}

}  // namespace
}  // namespace kafka::testing
