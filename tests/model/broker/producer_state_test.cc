// Idempotence on the broker: retries are answered with the original offsets, gaps and old epochs
// are refused, and only the last five batches are remembered.
#include "model/broker/producer_state.h"

#include <gtest/gtest.h>

#include <limits>

namespace kafka {
namespace {

RecordBatch Batch(int64_t pid, int16_t epoch, int32_t seq, int records, Offset base = 0) {
  RecordBatch b;
  b.producer_id = pid;
  b.producer_epoch = epoch;
  b.base_sequence = seq;
  b.base_offset = base;
  b.records.resize(static_cast<size_t>(records));
  return b;
}

TEST(ProducerState, ARetryIsAnsweredWithTheOriginalOffsets) {
  ProducerState s;
  s.Update(Batch(7, 0, 0, 3, 10));  // offsets 10..12, sequences 0..2
  const auto dup = s.FindDuplicate(Batch(7, 0, 0, 3));
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->base_offset, 10);
  EXPECT_EQ(dup->last_offset, 12);
  EXPECT_FALSE(s.FindDuplicate(Batch(7, 1, 0, 3)));  // another epoch is not a retry
  EXPECT_FALSE(s.FindDuplicate(Batch(8, 0, 0, 3)));
}

TEST(ProducerState, SequencesMustFollowOnWithoutAGap) {
  ProducerState s;
  s.Update(Batch(7, 0, 0, 3, 0));
  EXPECT_EQ(s.Check(Batch(7, 0, 3, 1)), ErrorCode::kNone);
  EXPECT_EQ(s.Check(Batch(7, 0, 4, 1)), ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(s.Check(Batch(7, 0, 2, 1)), ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(s.Check(Batch(9, 0, 42, 1)), ErrorCode::kNone);  // unknown producer: any start
}

TEST(ProducerState, ANewEpochStartsAtZeroAndAnOldOneIsFenced) {
  ProducerState s;
  s.Update(Batch(7, 2, 0, 3, 0));
  EXPECT_EQ(s.Check(Batch(7, 3, 0, 1)), ErrorCode::kNone);
  EXPECT_EQ(s.Check(Batch(7, 3, 5, 1)), ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(s.Check(Batch(7, 1, 3, 1)), ErrorCode::kInvalidProducerEpoch);
}

TEST(ProducerState, SequencesWrapAfterIntMax) {
  ProducerState s;
  s.Update(Batch(7, 0, std::numeric_limits<int32_t>::max(), 1, 0));
  EXPECT_EQ(s.Check(Batch(7, 0, 0, 1)), ErrorCode::kNone);
  // A batch that crosses the wrap ends at a small sequence, as Kafka's incrementSequence counts.
  EXPECT_EQ(Batch(7, 0, std::numeric_limits<int32_t>::max() - 1, 4).last_sequence(),
            1);  // MAX-1, MAX, 0, 1
}

TEST(ProducerState, OnlyTheLastFiveBatchesAreRemembered) {
  ProducerState s;
  for (int i = 0; i < 6; ++i) s.Update(Batch(7, 0, i, 1, i));
  EXPECT_FALSE(s.FindDuplicate(Batch(7, 0, 0, 1)));  // the sixth-newest is forgotten
  EXPECT_TRUE(s.FindDuplicate(Batch(7, 0, 1, 1)));
  EXPECT_EQ(s.Check(Batch(7, 0, 0, 1)), ErrorCode::kOutOfOrderSequenceNumber);
}

TEST(ProducerState, RebuildsFromTheLog) {
  std::vector<BatchPtr> log = {std::make_shared<RecordBatch>(Batch(7, 0, 0, 2, 0)),
                               std::make_shared<RecordBatch>(Batch(7, 0, 2, 2, 2))};
  ProducerState s;
  s.Rebuild(log);
  EXPECT_EQ(s.FindDuplicate(Batch(7, 0, 2, 2))->base_offset, 2);
  EXPECT_EQ(s.Check(Batch(7, 0, 4, 1)), ErrorCode::kNone);
}

}  // namespace
}  // namespace kafka
