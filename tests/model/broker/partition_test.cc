// The leader's replication rules: high watermark, ISR shrink and expand, acks and
// min.insync.replicas, each on a small worked case.
#include "model/broker/partition.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

RecordBatch Batch(int records) {
  RecordBatch b;
  for (int i = 0; i < records; ++i) b.records.push_back(Record{std::nullopt, i, 100, 0});
  return b;
}

class PartitionTest : public ::testing::Test {
 protected:
  PartitionTest() : p_({"orders", 0}, 101, {2, 10000, true}, {}) {
    p_.MakeLeader({101, 1, {101, 102, 103}, 0, {101, 102, 103}}, 0);
  }
  Partition p_;
};

TEST_F(PartitionTest, HighWatermarkWaitsForEveryInSyncFollower) {
  ASSERT_EQ(p_.AppendAsLeader(Batch(5), -1, 0).error, ErrorCode::kNone);
  EXPECT_EQ(p_.log().high_watermark(), 0);
  p_.OnFollowerFetch(102, 5, 10);
  EXPECT_EQ(p_.log().high_watermark(), 0);  // 103 has not fetched yet
  p_.OnFollowerFetch(103, 3, 20);
  EXPECT_EQ(p_.log().high_watermark(), 3);
  p_.OnFollowerFetch(103, 5, 30);
  EXPECT_EQ(p_.log().high_watermark(), 5);
  EXPECT_EQ(p_.AcksAllOutcome(5), ErrorCode::kNone);
  EXPECT_FALSE(p_.AcksAllOutcome(6).has_value());
}

TEST_F(PartitionTest, AnInSyncFollowerThatNeverFetchedHoldsTheHwOnlyForTheLagTime) {
  p_.AppendAsLeader(Batch(3), 1, 0);
  p_.OnFollowerFetch(102, 3, 5000);
  EXPECT_EQ(p_.log().high_watermark(), 0);  // 103: LEO unknown, caught up as of the election
  EXPECT_FALSE(p_.MaybeIncrementHighWatermark(10'000));
  p_.IsrChangeSent({101, 102}, 10'001);  // 103 leaves the ISR after the lag time
  p_.IsrChangeDone(PartitionState{101, 1, {101, 102}, 1, {101, 102, 103}}, 10'001);
  EXPECT_EQ(p_.log().high_watermark(), 3);
}

TEST_F(PartitionTest, AcksAllIsRefusedBeforeTheAppendWhenTheIsrIsTooSmall) {
  p_.IsrChangeSent({101}, 0);
  p_.IsrChangeDone(PartitionState{101, 1, {101}, 1, {101, 102, 103}}, 0);
  const auto r = p_.AppendAsLeader(Batch(1), -1, 0);
  EXPECT_EQ(r.error, ErrorCode::kNotEnoughReplicas);
  EXPECT_EQ(p_.log().log_end_offset(), 0);                               // nothing was written
  EXPECT_EQ(p_.AppendAsLeader(Batch(1), 1, 0).error, ErrorCode::kNone);  // acks=1 is not checked
  EXPECT_EQ(p_.AppendAsLeader(Batch(1), 2, 0).error, ErrorCode::kInvalidRequiredAcks);
}

TEST_F(PartitionTest, AnIsrThatShrankAfterTheAppendGivesNotEnoughReplicasAfterAppend) {
  // 103 never fetches: it was in the ISR when the leader took over, so it counts as caught up
  // (and holds the HW back) until the lag time has passed.
  p_.AppendAsLeader(Batch(2), -1, 0);
  p_.OnFollowerFetch(102, 2, 100);
  p_.IsrChangeSent({101, 102}, 20'000);
  p_.IsrChangeDone(PartitionState{101, 1, {101, 102}, 1, {101, 102, 103}}, 20'000);
  p_.IsrChangeSent({101}, 20'100);
  p_.IsrChangeDone(PartitionState{101, 1, {101}, 2, {101, 102, 103}}, 30'000);
  EXPECT_EQ(p_.log().high_watermark(), 2);
  EXPECT_EQ(p_.AcksAllOutcome(2), ErrorCode::kNotEnoughReplicasAfterAppend);
}

TEST_F(PartitionTest, AFollowerThatStopsFetchingLeavesTheIsrAfterTheLagTime) {
  p_.AppendAsLeader(Batch(3), 1, 0);
  p_.OnFollowerFetch(102, 3, 1000);
  p_.OnFollowerFetch(103, 3, 1000);
  p_.AppendAsLeader(Batch(1), 1, 2000);
  p_.OnFollowerFetch(102, 4, 2500);      // 103 goes quiet, its last catch-up stays at 1000
  EXPECT_FALSE(p_.IsrToShrink(11'000));  // exactly the lag time: still in
  const auto shrunk = p_.IsrToShrink(11'001);
  ASSERT_TRUE(shrunk);
  EXPECT_EQ(*shrunk, (std::vector<int32_t>{101, 102}));
}

TEST_F(PartitionTest, AFollowerThatKeepsUpWithAnOlderLeoStaysCaughtUp) {
  // It fetches at least the LEO the leader had at its previous fetch: caught up as of then.
  p_.AppendAsLeader(Batch(2), 1, 0);
  p_.OnFollowerFetch(103, 0, 1000);  // leader LEO 2
  p_.AppendAsLeader(Batch(2), 1, 1500);
  p_.OnFollowerFetch(103, 2, 9000);  // reached 2, the LEO of the fetch at 1000
  EXPECT_EQ(p_.remotes().at(103).last_caught_up_ms, 1000);
  p_.AppendAsLeader(Batch(2), 1, 9500);
  p_.OnFollowerFetch(103, 4, 15000);  // reached 4 = the LEO at 9000
  EXPECT_EQ(p_.remotes().at(103).last_caught_up_ms, 9000);
}

TEST_F(PartitionTest, AFollowerRejoinsOnceItReachesTheHighWatermarkAndTheEpochStart) {
  Partition p({"orders", 0}, 101, {1, 10000, true}, {});
  p.log().AppendAsLeader(Batch(4), 0, 0);           // written under an older epoch
  p.MakeLeader({101, 2, {101}, 0, {101, 102}}, 0);  // epoch 2 starts at offset 4
  EXPECT_EQ(p.leader_epoch_start_offset(), 4);
  p.AppendAsLeader(Batch(2), 1, 0);
  EXPECT_EQ(p.log().high_watermark(), 6);       // alone in the ISR
  EXPECT_FALSE(p.OnFollowerFetch(102, 3, 10));  // below the HW
  const auto joined = p.OnFollowerFetch(102, 6, 20);
  ASSERT_TRUE(joined);
  EXPECT_EQ(*joined, (std::vector<int32_t>{101, 102}));
}

// The controller drops a dead follower from the ISR with a new epoch for the same leader
// (Partition.makeLeader, Kafka 2.8): the HW moves at once to what the remaining ISR has, and the
// acks=all requests waiting on it can complete; the followers' fetch offsets are kept.
TEST(PartitionLeaderEpoch, ShrinkingTheIsrThroughTheControllerAdvancesTheHighWatermark) {
  Partition p({"orders", 0}, 101, {1, 30000, true}, {});
  p.MakeLeader({101, 1, {101, 102, 103}, 0, {101, 102, 103}}, 0);
  p.AppendAsLeader(Batch(4), -1, 0);
  p.OnFollowerFetch(102, 4, 10);  // 102 has everything; 103 is dead and never fetched
  EXPECT_EQ(p.log().high_watermark(), 0);
  p.MakeLeader({101, 2, {101, 102}, 0, {101, 102, 103}}, 20);
  EXPECT_EQ(p.log().high_watermark(), 4);
  EXPECT_EQ(p.remotes().at(102).log_end_offset, 4);
  EXPECT_EQ(p.remotes().at(103).last_caught_up_ms, Partition::kNeverMs);
}

// A new leader knows nothing of its followers' fetches (updateFetchState with unknown offsets): a
// follower outside the ISR that fetches from the epoch's start but short of the end is not
// caught up as of the election, so it does not hold the HW back.
TEST(PartitionLeaderEpoch, ANewLeaderDoesNotCountALaggingFollowerAsCaughtUp) {
  Partition p({"orders", 0}, 101, {1, 30000, true}, {});
  p.log().AppendAsLeader(Batch(4), 0, 0);
  p.MakeLeader({101, 2, {101}, 0, {101, 102}}, 1000);  // epoch 2 starts at 4
  p.AppendAsLeader(Batch(2), -1, 1000);
  p.OnFollowerFetch(102, 4, 1010);  // at the epoch start, short of the end (6)
  EXPECT_EQ(p.remotes().at(102).last_caught_up_ms, Partition::kNeverMs);
  EXPECT_EQ(p.log().high_watermark(), 6);
}

// At the HW but short of where the leader's epoch starts: from 2.1 it may not rejoin yet; in 2.0
// (no such clause) it may.
TEST(PartitionRejoin, TheEpochStartClauseArrivedIn2_1) {
  for (const bool clause : {true, false}) {
    Partition p({"orders", 0}, 101, {1, 10000, clause}, {});
    p.log().AppendAsLeader(Batch(4), 0, 0);
    p.log().UpdateHighWatermark(2);
    // Epoch 2 starts at 4; 103, in the ISR, has not fetched from this new leader, so the HW
    // stays at 2.
    p.MakeLeader({101, 2, {101, 103}, 0, {101, 102, 103}}, 0);
    EXPECT_EQ(p.log().high_watermark(), 2);
    EXPECT_EQ(p.OnFollowerFetch(102, 3, 10).has_value(), !clause);
  }
}

TEST_F(PartitionTest, APendingExpansionHoldsTheHighWatermarkBack) {
  Partition p({"orders", 0}, 101, {1, 10000, true}, {});
  p.MakeLeader({101, 1, {101}, 0, {101, 102}}, 0);
  p.AppendAsLeader(Batch(4), 1, 0);
  const auto joined = p.OnFollowerFetch(102, 4, 100);
  ASSERT_TRUE(joined);
  p.IsrChangeSent(*joined, 100);
  EXPECT_TRUE(p.isr_change_in_flight());
  p.AppendAsLeader(Batch(2), 1, 200);
  EXPECT_EQ(p.log().high_watermark(), 4);  // 102 counts already
  p.IsrChangeDone(std::nullopt, 300);      // refused: the ISR stays [101]
  EXPECT_EQ(p.state().isr, std::vector<int32_t>{101});
}

TEST_F(PartitionTest, TheHighWatermarkNeverGoesDown) {
  p_.AppendAsLeader(Batch(5), 1, 0);
  p_.OnFollowerFetch(102, 5, 0);
  p_.OnFollowerFetch(103, 5, 0);
  EXPECT_EQ(p_.log().high_watermark(), 5);
  p_.OnFollowerFetch(103, 2, 1);  // a follower that truncated and fetches lower
  EXPECT_EQ(p_.log().high_watermark(), 5);
}

TEST_F(PartitionTest, AnIdempotentRetryIsNotWrittenTwice) {
  RecordBatch b = Batch(2);
  b.producer_id = 7;
  b.producer_epoch = 0;
  b.base_sequence = 0;
  const auto first = p_.AppendAsLeader(b, 1, 0);
  const auto retry = p_.AppendAsLeader(b, 1, 10);
  EXPECT_FALSE(first.duplicate);
  EXPECT_TRUE(retry.duplicate);
  EXPECT_EQ(retry.batch->base_offset, first.batch->base_offset);
  EXPECT_EQ(p_.log().log_end_offset(), 2);
  b.base_sequence = 5;
  EXPECT_EQ(p_.AppendAsLeader(b, 1, 20).error, ErrorCode::kOutOfOrderSequenceNumber);
}

TEST(PartitionFollower, TracksProducersAndForgetsTruncatedBatches) {
  Partition leader({"orders", 0}, 101, {1, 10000, true}, {});
  leader.MakeLeader({101, 1, {101}, 0, {101, 102}}, 0);
  Partition follower({"orders", 0}, 102, {1, 10000, true}, {});
  follower.MakeFollower({101, 1, {101}, 0, {101, 102}});
  for (int32_t seq : {0, 2}) {
    RecordBatch b = Batch(2);
    b.producer_id = 7;
    b.producer_epoch = 0;
    b.base_sequence = seq;
    follower.AppendAsFollower(leader.AppendAsLeader(b, 1, 0).batch, 0);
  }
  EXPECT_EQ(follower.producer_state().producers().at(7).batches.size(), 2u);
  follower.TruncateTo(2);  // the second batch is gone: its retry must be written again
  RecordBatch retry = Batch(2);
  retry.producer_id = 7;
  retry.producer_epoch = 0;
  retry.base_sequence = 2;
  EXPECT_FALSE(follower.producer_state().FindDuplicate(retry));
  EXPECT_EQ(follower.producer_state().Check(retry), ErrorCode::kNone);
}

TEST_F(PartitionTest, AFollowerRefusesProduce) {
  Partition p({"orders", 0}, 102, {1, 10000, true}, {});
  p.MakeFollower({101, 1, {101, 102}, 0, {101, 102}});
  EXPECT_EQ(p.AppendAsLeader(Batch(1), 1, 0).error, ErrorCode::kNotLeaderOrFollower);
}

}  // namespace
}  // namespace kafka
