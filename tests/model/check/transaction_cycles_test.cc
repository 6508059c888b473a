// Cycles among transactions (G0, G1c) and precommitted reads, on hand-written histories: each found
// where it is, allowed where Kafka allows it, and left out where a transaction aborted.
#include "model/check/transaction_cycles.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

const TopicPartition kP0{"orders", 0};
const TopicPartition kP1{"orders", 1};

class Builder {
 public:
  Builder& At(int64_t ms) {
    now_ = ms;
    return *this;
  }
  Builder& Begin(const std::string& client) { return Add(client, HistoryType::kTxnBegin); }
  Builder& Commit(const std::string& client) { return Add(client, HistoryType::kTxnCommit); }
  Builder& Abort(const std::string& client) { return Add(client, HistoryType::kTxnAbort); }
  Builder& Crash(const std::string& client) { return Add(client, HistoryType::kCrash); }
  // A send of `value`, acknowledged at `offset` of `tp`.
  Builder& Write(const std::string& client, const TopicPartition& tp, Offset offset,
                 int64_t value) {
    Add(client, HistoryType::kInvoke, tp, -1, value);
    return Add(client, HistoryType::kOk, tp, offset, value);
  }
  Builder& Poll(const std::string& client, const TopicPartition& tp, Offset offset, int64_t value) {
    return Add(client, HistoryType::kPoll, tp, offset, value);
  }
  const History& history() const { return history_; }

 private:
  Builder& Add(const std::string& client, HistoryType type, const TopicPartition& tp = {},
               Offset offset = -1, int64_t value = -1) {
    history_.Add(
        {sim::Time::Zero() + sim::Duration::Millis(now_), client, type, tp, offset, value});
    return *this;
  }
  History history_;
  int64_t now_ = 0;
};

std::vector<std::string> Describe(const std::vector<Anomaly>& found) {
  std::vector<std::string> out;
  for (const Anomaly& a : found) out.push_back(a.Describe());
  return out;
}

TEST(TransactionCycles, TwoTransactionsFirstInDifferentPartitionsAreAnAllowedG0) {
  Builder b;
  b.At(1).Begin("a").Begin("b");
  b.At(2).Write("a", kP0, 0, 1).Write("b", kP0, 1, 2);  // a then b in orders-0
  b.At(3).Write("b", kP1, 0, 3).Write("a", kP1, 1, 4);  // b then a in orders-1
  b.At(4).Commit("a").At(5).Commit("b");
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_TRUE(f.anomalies.empty());
  EXPECT_EQ(
      Describe(f.allowed),
      (std::vector<std::string>{"G0: a's transaction #1 (begun 1ms) -[ww orders-0 offsets 0, 1]-> "
                                "b's transaction #1 (begun 1ms) -[ww orders-1 offsets 0, 1]-> "
                                "a's transaction #1 (begun 1ms)"}));
  EXPECT_EQ(f.allowed[0].at, sim::Time::Zero() + sim::Duration::Millis(5));
}

TEST(TransactionCycles, TwoCommittedTransactionsThatReadEachOthersWritesAreG1c) {
  Builder b;
  b.At(1).Begin("a").Begin("b");
  b.At(2).Write("a", kP0, 0, 1).Write("b", kP1, 0, 2);
  b.At(3).Poll("a", kP1, 0, 2).Poll("b", kP0, 0, 1);  // each reads the other's, uncommitted
  b.At(4).Commit("a").Commit("b");
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_TRUE(f.allowed.empty());
  EXPECT_EQ(
      Describe(f.anomalies),
      (std::vector<std::string>{"G1c: a's transaction #1 (begun 1ms) -[wr orders-0 offset 0]-> "
                                "b's transaction #1 (begun 1ms) -[wr orders-1 offset 0]-> "
                                "a's transaction #1 (begun 1ms)"}));
}

TEST(TransactionCycles, AG1cThatNeedsAWriteOrderIsAllowed) {
  Builder b;
  b.At(1).Begin("a").Begin("b");
  b.At(2).Write("a", kP0, 0, 1).Write("b", kP0, 1, 2);  // ww a -> b
  b.At(3).Write("b", kP1, 0, 3).Commit("b");
  b.At(4).Poll("a", kP1, 0, 3).Commit("a");  // wr b -> a: a read b's committed write
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_TRUE(f.anomalies.empty());
  ASSERT_EQ(f.allowed.size(), 1u);
  EXPECT_EQ(f.allowed[0].kind, "G1c");
  EXPECT_EQ(f.allowed[0].Describe(),
            "G1c: b's transaction #1 (begun 1ms) -[wr orders-1 offset 0]-> a's transaction #1 "
            "(begun 1ms) "
            "-[ww orders-0 offsets 0, 1]-> b's transaction #1 (begun 1ms)");
}

TEST(TransactionCycles, AnAbortedTransactionIsNotInTheGraph) {
  Builder b;
  b.At(1).Begin("a").Begin("b");
  b.At(2).Write("a", kP0, 0, 1).Write("b", kP1, 0, 2);
  b.At(3).Poll("a", kP1, 0, 2).Poll("b", kP0, 0, 1);
  b.At(4).Commit("a").Abort("b");
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_TRUE(f.anomalies.empty());
  EXPECT_TRUE(f.allowed.empty());
}

TEST(TransactionCycles, AnInDoubtTransactionIsInTheGraphOnlyOnceSomeoneReadItsWrites) {
  const auto history = [](bool read) {
    Builder b;
    b.At(1).Begin("a").Begin("b");
    b.At(2).Write("a", kP0, 0, 1).Write("b", kP0, 1, 2).Write("b", kP1, 0, 3);
    b.At(3).Write("a", kP1, 1, 4).Crash("b").Commit("a");  // b never heard how it ended
    if (read) b.At(5).Poll("c", kP1, 0, 3);
    return b;
  };
  EXPECT_TRUE(FindTransactionCycles(history(false).history()).allowed.empty());
  const TransactionFindings f = FindTransactionCycles(history(true).history());
  ASSERT_EQ(f.allowed.size(), 1u);
  EXPECT_EQ(f.allowed[0].kind, "G0");
}

TEST(TransactionCycles, ATransactionThatReadsItsOwnWriteIsAPrecommittedRead) {
  Builder b;
  b.At(1).Begin("a").At(2).Write("a", kP0, 0, 7).At(3).Poll("a", kP0, 0, 7).Commit("a");
  b.At(4).Begin("a").Poll("a", kP0, 0, 7).Commit("a");  // a later one may read it
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_EQ(Describe(f.anomalies),
            (std::vector<std::string>{"precommitted-read in orders-0 at offset 0, value 7 (a) at "
                                      "3ms"}));
}

TEST(TransactionCycles, PlainSendsAndPollsFindNothing) {
  Builder b;
  for (int64_t i = 0; i < 100; ++i) b.At(i).Write("p", i % 2 ? kP0 : kP1, i / 2, i);
  for (int64_t i = 0; i < 100; ++i) b.At(100 + i).Poll("c", i % 2 ? kP0 : kP1, i / 2, i);
  const TransactionFindings f = FindTransactionCycles(b.history());
  EXPECT_TRUE(f.anomalies.empty());
  EXPECT_TRUE(f.allowed.empty());
}

// A ring of 50,000 transactions, each first in one partition and second in the next, is one write
// cycle: found whole, without recursion that a long ring could exhaust.
TEST(TransactionCycles, ALongRingOfTransactionsIsOneWriteCycle) {
  constexpr int kRing = 50'000;
  Builder b;
  for (int i = 0; i < kRing; ++i) b.Begin("t" + std::to_string(i));
  for (int i = 0; i < kRing; ++i) {
    const std::string t = "t" + std::to_string(i);
    b.Write(t, {"ring", i}, 0, 2 * i).Write(t, {"ring", (i + 1) % kRing}, 1, 2 * i + 1);
  }
  for (int i = 0; i < kRing; ++i) b.Commit("t" + std::to_string(i));
  const TransactionFindings f = FindTransactionCycles(b.history());
  ASSERT_EQ(f.allowed.size(), 1u);
  EXPECT_EQ(f.allowed[0].kind, "G0");
  EXPECT_EQ(f.allowed[0].offsets.size(), static_cast<size_t>(kRing));
}

}  // namespace
}  // namespace kafka
