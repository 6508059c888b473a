// The partition's side of transactions (ProducerState: open transactions, the LSO, the aborted
// index, marker fencing), the coordinator's state machine, and its records in
// __transaction_state. Worked examples follow Kafka 2.8's ProducerStateManager and
// TransactionMetadata.
#include <gtest/gtest.h>

#include "model/broker/producer_state.h"
#include "model/txn/transaction_log.h"
#include "model/txn/transaction_metadata.h"

namespace kafka {
namespace {

RecordBatch Data(int64_t pid, int16_t epoch, int32_t seq, Offset base, int records,
                 bool transactional = true) {
  RecordBatch b;
  b.producer_id = pid;
  b.producer_epoch = epoch;
  b.base_sequence = seq;
  b.base_offset = base;
  b.transactional = transactional;
  b.records.resize(static_cast<size_t>(records));
  return b;
}

RecordBatch Marker(int64_t pid, int16_t epoch, Offset at, ControlType type,
                   int32_t coordinator_epoch = 0) {
  RecordBatch b;
  b.producer_id = pid;
  b.producer_epoch = epoch;
  b.base_offset = at;
  b.transactional = true;
  b.control = type;
  b.coordinator_epoch = coordinator_epoch;
  b.records.resize(1);
  return b;
}

TEST(TransactionalProducerState, AnOpenTransactionHoldsTheLastStableOffset) {
  ProducerState s;
  s.Update(Data(7, 0, 0, 0, 3, false));  // offsets 0-2, not transactional
  EXPECT_EQ(s.LastStableOffset(3), 3);
  s.Update(Data(8, 0, 0, 3, 2));  // a transaction opens at 3
  EXPECT_EQ(s.FirstUnstableOffset(5), 3);
  EXPECT_EQ(s.LastStableOffset(5), 3);
  EXPECT_EQ(s.LastStableOffset(2), 2);  // never above the HW
  s.Update(Data(8, 0, 2, 5, 1));        // more of the same transaction
  EXPECT_EQ(s.ongoing().size(), 1u);
}

TEST(TransactionalProducerState, TheLsoPassesACommitOnlyOnceItsMarkerIsReplicated) {
  ProducerState s;
  s.Update(Data(8, 0, 0, 0, 2));                       // 0-1
  s.Update(Marker(8, 0, 2, ControlType::kCommit), 2);  // the marker at 2
  EXPECT_TRUE(s.ongoing().empty());
  EXPECT_EQ(s.LastStableOffset(2), 0);  // the marker is not below the HW yet
  EXPECT_EQ(s.LastStableOffset(3), 3);
  EXPECT_TRUE(s.aborted_index().empty());
}

TEST(TransactionalProducerState, AnAbortGoesIntoTheIndexWithTheLsoOfItsEnd) {
  ProducerState s;
  s.Update(Data(8, 0, 0, 0, 2));  // producer 8's transaction: 0-1
  s.Update(Data(9, 0, 0, 2, 1));  // producer 9's: 2
  s.Update(Marker(8, 0, 3, ControlType::kAbort));
  ASSERT_EQ(s.aborted_index().size(), 1u);
  const auto& a = s.aborted_index()[0];
  EXPECT_EQ(a.producer_id, 8);
  EXPECT_EQ(a.first_offset, 0);
  EXPECT_EQ(a.last_offset, 3);
  EXPECT_EQ(a.last_stable_offset, 2);  // producer 9's transaction is still open
  EXPECT_EQ(s.AbortedBetween(0, 2).size(), 1u);
  EXPECT_EQ(s.AbortedBetween(4, 10).size(), 0u);  // ended before the fetch offset
  s.Update(Marker(9, 0, 4, ControlType::kAbort));
  EXPECT_EQ(s.aborted_index()[1].last_stable_offset, 5);  // nothing open: past its marker
  EXPECT_EQ(s.AbortedBetween(1, 5).size(), 2u);
  EXPECT_EQ(s.AbortedBetween(0, 1).size(), 1u);  // 9's began at 2, past the upper bound
}

TEST(TransactionalProducerState, APlainBatchDuringAnOpenTransactionIsRefused) {
  ProducerState s;
  s.Update(Data(8, 0, 0, 0, 1));
  EXPECT_EQ(s.Check(Data(8, 0, 1, 1, 1, false)), ErrorCode::kInvalidTxnState);
  EXPECT_EQ(s.Check(Data(8, 0, 1, 1, 1)), ErrorCode::kNone);
}

TEST(TransactionalProducerState, MarkersAreFencedByProducerAndCoordinatorEpochs) {
  ProducerState s;
  s.Update(Data(8, 1, 0, 0, 1));
  EXPECT_EQ(s.Check(Marker(8, 0, 1, ControlType::kCommit)), ErrorCode::kInvalidProducerEpoch);
  s.Update(Marker(8, 2, 1, ControlType::kAbort, 5));  // a fence: the epoch goes up to 2
  EXPECT_EQ(s.producers().at(8).epoch, 2);
  EXPECT_EQ(s.Check(Data(8, 1, 1, 2, 1)), ErrorCode::kInvalidProducerEpoch);  // the zombie
  EXPECT_EQ(s.Check(Marker(8, 2, 2, ControlType::kCommit, 4)),
            ErrorCode::kTransactionCoordinatorFenced);
  EXPECT_EQ(s.Check(Marker(8, 2, 2, ControlType::kCommit, 5)), ErrorCode::kNone);
}

TEST(TransactionalProducerState, RebuildingFromTheLogGivesTheSameState) {
  std::vector<BatchPtr> log;
  log.push_back(std::make_shared<RecordBatch>(Data(8, 0, 0, 0, 2)));
  log.push_back(std::make_shared<RecordBatch>(Marker(8, 0, 2, ControlType::kAbort)));
  log.push_back(std::make_shared<RecordBatch>(Data(8, 0, 2, 3, 1)));
  ProducerState s;
  s.Rebuild(log, 3);
  EXPECT_EQ(s.aborted_index().size(), 1u);
  EXPECT_EQ(s.ongoing().size(), 1u);
  EXPECT_EQ(s.LastStableOffset(4), 3);
}

TEST(TransactionStates, FollowKafkasTransitions) {
  using S = TxnState;
  EXPECT_TRUE(ValidTransition(S::kEmpty, S::kOngoing));
  EXPECT_TRUE(ValidTransition(S::kOngoing, S::kPrepareCommit));
  EXPECT_TRUE(ValidTransition(S::kPrepareCommit, S::kCompleteCommit));
  EXPECT_TRUE(ValidTransition(S::kCompleteCommit, S::kOngoing));
  EXPECT_TRUE(ValidTransition(S::kPrepareEpochFence, S::kPrepareAbort));
  EXPECT_FALSE(ValidTransition(S::kEmpty, S::kPrepareCommit));
  EXPECT_FALSE(ValidTransition(S::kPrepareCommit, S::kCompleteAbort));
  EXPECT_FALSE(ValidTransition(S::kPrepareAbort, S::kOngoing));
  EXPECT_FALSE(ValidTransition(S::kOngoing, S::kEmpty));
  EXPECT_STREQ(ToString(S::kPrepareEpochFence), "PrepareEpochFence");
}

TEST(TransactionLog, ARecordHoldsTheWholeMetadata) {
  TransactionMetadata t;
  t.transactional_id = std::string("payments\0odd:id", 15);  // any character
  t.producer_id = 4000;
  t.last_producer_id = 3999;
  t.producer_epoch = 7;
  t.last_producer_epoch = 6;
  t.txn_timeout_ms = 10000;
  t.state = TxnState::kPrepareCommit;
  t.partitions = {{"orders", 0}, {"__consumer_offsets", 12}};
  t.txn_start_ms = 1234;
  t.txn_last_update_ms = 1300;
  const Record r = TransactionRecord(t, 1300);
  const auto back = DecodeTransactionRecord(r);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, t);
  std::map<std::string, TransactionMetadata> replayed;
  ReplayTransactionRecord(r, &replayed);
  t.state = TxnState::kCompleteCommit;
  t.partitions.clear();
  ReplayTransactionRecord(TransactionRecord(t, 1400), &replayed);
  EXPECT_EQ(replayed.at(t.transactional_id).state, TxnState::kCompleteCommit);
  Record group_record;
  group_record.key = "group";
  EXPECT_FALSE(DecodeTransactionRecord(group_record).has_value());
}

}  // namespace
}  // namespace kafka
