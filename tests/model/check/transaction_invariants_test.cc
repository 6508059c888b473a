// The transaction invariants on hand-built leaders: each check reports what it exists to catch,
// and stays quiet on the same history done right.
#include "model/check/transaction_invariants.h"

#include <gtest/gtest.h>

#include <memory>

#include "model/broker/partition.h"

namespace kafka {
namespace {

const TopicPartition kOrders{"orders", 0};

// A single-replica leader of `tp` on broker 101 (its HW follows its appends).
std::unique_ptr<Partition> Leader(const TopicPartition& tp, ChangeJournal* journal) {
  auto p =
      std::make_unique<Partition>(tp, 101, PartitionConfig{1, 10000, true}, LogConfig{}, journal);
  p->MakeLeader({101, 1, {101}, 0, {101}}, 0);
  return p;
}

RecordBatch Transactional(int64_t pid, int16_t epoch, int32_t seq) {
  RecordBatch b;
  b.producer_id = pid;
  b.producer_epoch = epoch;
  b.base_sequence = seq;
  b.transactional = true;
  b.records.push_back(Record{"k", 1, 100, 0});
  return b;
}

RecordBatch Marker(int64_t pid, int16_t epoch, ControlType type) {
  RecordBatch b;
  b.producer_id = pid;
  b.producer_epoch = epoch;
  b.transactional = true;
  b.control = type;
  b.coordinator_epoch = 0;
  b.records.push_back(Record{});
  return b;
}

TransactionMetadata Txn(TxnState state, std::set<TopicPartition> partitions, int16_t epoch = 3) {
  TransactionMetadata t;
  t.transactional_id = "payments";
  t.producer_id = 42;
  t.producer_epoch = epoch;
  t.state = state;
  t.partitions = std::move(partitions);
  return t;
}

class TransactionInvariantsTest : public ::testing::Test {
 protected:
  void Check(const Partition& p) {
    const uint32_t id = journal_.Intern(p.tp());
    invariants_.CheckPartition(
        id, p.tp(), journal_.Holders(id), [](int32_t) { return true; }, Collect());
  }
  // Broker 101's coordinator applies `txn` (or loads it).
  void Apply(const TransactionMetadata& txn, bool loaded = false) {
    coordinator_ = txn;
    journal_.NoteTransaction(101, txn.transactional_id, loaded);
    Finish();
  }
  void Finish() {
    invariants_.Finish(
        journal_,
        [this](int32_t broker, const std::string& id) -> TransactionInvariants::Coordinated {
          if (broker != 101 || !coordinator_ || coordinator_->transactional_id != id) return {};
          return {&*coordinator_, 7, 0};
        },
        Collect());
  }
  TransactionInvariants::Report Collect() {
    return [this](const std::optional<std::string>& v, const TopicPartition&) {
      if (v) found_.push_back(*v);
    };
  }
  bool Found(const std::string& kind) const {
    for (const std::string& v : found_) {
      if (v.starts_with(kind)) return true;
    }
    return false;
  }

  ChangeJournal journal_;
  std::optional<TransactionMetadata> coordinator_;
  TransactionInvariants invariants_;
  std::vector<std::string> found_;
};

TEST_F(TransactionInvariantsTest, AMarkerNeedsThePrepareOfItsProducerEpochAndOutcome) {
  auto orders = Leader(kOrders, &journal_);
  ASSERT_EQ(orders->AppendAsLeader(Transactional(42, 3, 0), -1, 0).error, ErrorCode::kNone);
  Apply(Txn(TxnState::kOngoing, {kOrders}));
  Apply(Txn(TxnState::kPrepareAbort, {kOrders}));
  ASSERT_EQ(orders->AppendAsLeader(Marker(42, 3, ControlType::kAbort), -1, 0).error,
            ErrorCode::kNone);
  Check(*orders);
  Finish();
  EXPECT_TRUE(found_.empty()) << found_.front();

  // The same producer and epoch, but a partition the prepared transaction did not hold.
  auto other = Leader({"orders", 1}, &journal_);
  ASSERT_EQ(other->AppendAsLeader(Marker(42, 3, ControlType::kAbort), -1, 0).error,
            ErrorCode::kNone);
  Check(*other);
  Finish();
  ASSERT_EQ(found_.size(), 1u);
  EXPECT_EQ(found_[0],
            "marker for an unprepared transaction: broker 101 wrote ABORT at offset 0 for "
            "producer 42 epoch 3, which no coordinator log prepared");
  found_.clear();

  // The next transaction commits without a PrepareCommit in any coordinator's log.
  ASSERT_EQ(orders->AppendAsLeader(Transactional(42, 3, 1), -1, 0).error, ErrorCode::kNone);
  ASSERT_EQ(orders->AppendAsLeader(Marker(42, 3, ControlType::kCommit), -1, 0).error,
            ErrorCode::kNone);
  Check(*orders);
  Finish();
  ASSERT_EQ(found_.size(), 1u);
  EXPECT_EQ(found_[0],
            "marker for an unprepared transaction: broker 101 wrote COMMIT at offset 3 for "
            "producer 42 epoch 3, which no coordinator log prepared");
}

TEST_F(TransactionInvariantsTest, ACoordinatorFollowsTheStateMachine) {
  for (const TxnState st : {TxnState::kEmpty, TxnState::kOngoing, TxnState::kOngoing,
                            TxnState::kPrepareCommit, TxnState::kPrepareCommit,  // retried
                            TxnState::kCompleteCommit}) {
    std::set<TopicPartition> parts;
    if (st != TxnState::kEmpty && st != TxnState::kCompleteCommit) parts = {kOrders};
    Apply(Txn(st, parts));
  }
  EXPECT_TRUE(found_.empty()) << found_.front();

  // A commit goes straight back to PrepareCommit: no transaction was ongoing.
  Apply(Txn(TxnState::kPrepareCommit, {kOrders}));
  ASSERT_EQ(found_.size(), 1u);
  EXPECT_EQ(found_[0],
            "invalid transaction transition: broker 101's coordinator moved payments from "
            "CompleteCommit (producer 42 epoch 3) to PrepareCommit (producer 42 epoch 3, "
            "partitions orders-0)");
}

TEST_F(TransactionInvariantsTest, ALoadStartsAfresh) {
  Apply(Txn(TxnState::kCompleteCommit, {}));
  Apply(Txn(TxnState::kPrepareCommit, {kOrders}), /*loaded=*/true);
  EXPECT_TRUE(found_.empty()) << found_.front();
}

TEST_F(TransactionInvariantsTest, AnOngoingTransactionIsNotReplacedByAnotherWithTheSameEpoch) {
  Apply(Txn(TxnState::kOngoing, {kOrders}));
  Apply(Txn(TxnState::kOngoing, {{"payments", 1}}));
  EXPECT_TRUE(Found("two ongoing transactions: broker 101's coordinator moved payments"));
}

TEST_F(TransactionInvariantsTest, AnEpochNeverGoesBack) {
  Apply(Txn(TxnState::kCompleteAbort, {}, 5));
  Apply(Txn(TxnState::kEmpty, {}, 4));
  EXPECT_TRUE(Found("producer epoch went backwards"));
}

TEST_F(TransactionInvariantsTest, AReadCommittedFetchMustStopAtTheLso) {
  auto orders = Leader(kOrders, &journal_);
  orders->AppendAsLeader(Transactional(42, 3, 0), -1, 0);  // open: the LSO stays at 0
  ASSERT_EQ(orders->last_stable_offset(), 0);
  orders->NoteCommittedRead(0);
  Finish();
  EXPECT_TRUE(found_.empty());
  orders->NoteCommittedRead(1);
  Finish();
  ASSERT_EQ(found_.size(), 1u);
  EXPECT_EQ(found_[0],
            "read_committed fetch past the LSO: broker 101 served offsets up to 1, its LSO is 0");
}

TEST_F(TransactionInvariantsTest, TheLsoOfOneLeaderInOneEpochNeverMovesBack) {
  auto orders = Leader(kOrders, &journal_);
  orders->AppendAsLeader(Transactional(42, 3, 0), -1, 0);
  orders->AppendAsLeader(Marker(42, 3, ControlType::kAbort), -1, 0);
  ASSERT_EQ(orders->last_stable_offset(), 2);
  Check(*orders);
  // The same broker's replica, same epoch, no truncation, reporting an older LSO: a stand-in
  // for a bug that lets it move back.
  ChangeJournal other;
  auto stale = Leader(kOrders, &other);
  stale->AppendAsLeader(Transactional(42, 3, 0), -1, 0);
  invariants_.CheckPartition(
      journal_.Intern(kOrders), kOrders, other.Holders(other.Intern(kOrders)),
      [](int32_t) { return true; }, Collect());
  EXPECT_TRUE(Found("LSO moved backwards: broker 101 (leader epoch 1) moved its LSO from 2 to 0"));
}

}  // namespace
}  // namespace kafka
