// The log, the leader-epoch cache and the follower truncation rules, on worked cases.
#include "model/broker/log.h"

#include <gtest/gtest.h>

#include "model/broker/truncation.h"

namespace kafka {
namespace {

RecordBatch Batch(int records, int64_t ts_ms = 0) {
  RecordBatch b;
  for (int i = 0; i < records; ++i) b.records.push_back(Record{std::nullopt, i, 100, ts_ms});
  return b;
}

LeaderEpochCache Cache(std::vector<EpochEntry> entries) {
  LeaderEpochCache c;
  for (const EpochEntry& e : entries) c.Assign(e.epoch, e.start_offset);
  return c;
}

TEST(LeaderEpochCache, EndOffsetForFollowsKafkasRules) {
  const LeaderEpochCache c = Cache({{0, 0}, {1, 5}, {3, 10}});
  EXPECT_EQ(c.EndOffsetFor(3, 15), std::make_pair(3, Offset{15}));  // the latest epoch: the LEO
  EXPECT_EQ(c.EndOffsetFor(1, 15), std::make_pair(1, Offset{10}));
  EXPECT_EQ(c.EndOffsetFor(2, 15), std::make_pair(1, Offset{10}));  // floor epoch, next start
  EXPECT_EQ(c.EndOffsetFor(0, 15), std::make_pair(0, Offset{5}));
  EXPECT_EQ(c.EndOffsetFor(-1, 15), std::make_pair(-1, Offset{-1}));
  EXPECT_EQ(c.EndOffsetFor(7, 15), std::make_pair(-1, Offset{-1}));
  EXPECT_EQ(Cache({{2, 4}, {3, 10}}).EndOffsetFor(1, 15), std::make_pair(1, Offset{4}));
}

TEST(LeaderEpochCache, AssignDropsEntriesThatAreNotOlder) {
  LeaderEpochCache c = Cache({{0, 0}, {1, 5}, {3, 10}});
  c.Assign(2, 8);
  EXPECT_EQ(c.entries(), (std::vector<EpochEntry>{{0, 0}, {1, 5}, {2, 8}}));
  c.Assign(4, 7);
  EXPECT_EQ(c.entries(), (std::vector<EpochEntry>{{0, 0}, {1, 5}, {4, 7}}));
  c.Assign(4, 9);  // same epoch, later offset: nothing to do
  EXPECT_EQ(c.entries().back(), (EpochEntry{4, 7}));
}

TEST(LeaderEpochCache, TruncatesFromEitherEnd) {
  LeaderEpochCache c = Cache({{0, 0}, {1, 5}, {3, 10}});
  c.TruncateFromStart(6);
  EXPECT_EQ(c.entries(), (std::vector<EpochEntry>{{1, 6}, {3, 10}}));
  c.TruncateFromEnd(10);
  EXPECT_EQ(c.entries(), (std::vector<EpochEntry>{{1, 6}}));
}

// KIP-101 scenario 1: the follower's HW lags the leader's; truncating to it loses an acknowledged
// record, while asking the leader keeps it.
TEST(Truncation, Kip101FollowerKeepsWhatTheLeaderHas) {
  const LeaderEpochCache follower = Cache({{0, 0}});
  const std::pair<int32_t, Offset> reply = {0, 2};  // the leader's LEO for epoch 0
  EXPECT_EQ(DecideTruncation(TruncationRule::kToHighWatermark, reply, follower, 2, 1).truncate_to,
            1);
  EXPECT_EQ(DecideTruncation(TruncationRule::kLeaderEpoch, reply, follower, 2, 1).truncate_to, 2);
  EXPECT_EQ(
      DecideTruncation(TruncationRule::kLeaderEpochIterative, reply, follower, 2, 1).truncate_to,
      2);
}

// KIP-279: offset 2 is epoch 1 on the follower but epoch 0 on the leader. One round (0.11)
// truncates to 3 and keeps the divergent record; the iterative rule stops at 2.
TEST(Truncation, Kip279OneRoundCanForkTheLog) {
  const LeaderEpochCache follower = Cache({{0, 0}, {1, 2}});
  const LeaderEpochCache leader = Cache({{0, 0}, {2, 3}});
  const auto reply = leader.EndOffsetFor(1, 5);
  EXPECT_EQ(reply, std::make_pair(0, Offset{3}));
  EXPECT_EQ(DecideTruncation(TruncationRule::kLeaderEpoch, reply, follower, 4, 0).truncate_to, 3);
  const TruncationDecision d =
      DecideTruncation(TruncationRule::kLeaderEpochIterative, reply, follower, 4, 0);
  EXPECT_EQ(d.truncate_to, 2);
  EXPECT_TRUE(d.completed);
}

TEST(Truncation, AnUnknownEpochMeansTruncateAndAskAgain) {
  const LeaderEpochCache follower = Cache({{0, 0}, {2, 5}});
  const TruncationDecision d =
      DecideTruncation(TruncationRule::kLeaderEpochIterative, {1, 7}, follower, 9, 0);
  EXPECT_EQ(d.truncate_to, 5);
  EXPECT_FALSE(d.completed);
  EXPECT_EQ(
      DecideTruncation(TruncationRule::kLeaderEpochIterative, {-1, -1}, follower, 9, 4).truncate_to,
      4);
}

TEST(Log, LeaderAppendsAssignOffsetsAndRecordEpochs) {
  Log log;
  const BatchPtr a = log.AppendAsLeader(Batch(3), 0, 0);
  const BatchPtr b = log.AppendAsLeader(Batch(2), 1, 0);
  EXPECT_EQ(a->base_offset, 0);
  EXPECT_EQ(b->base_offset, 3);
  EXPECT_EQ(log.log_end_offset(), 5);
  EXPECT_EQ(log.epochs().entries(), (std::vector<EpochEntry>{{0, 0}, {1, 3}}));
}

TEST(Log, FollowersShareTheLeadersBatches) {
  Log leader, follower;
  const BatchPtr a = leader.AppendAsLeader(Batch(3), 0, 0);
  follower.AppendAsFollower(a, 0);
  EXPECT_EQ(follower.AllBatches()[0].get(), a.get());
  EXPECT_EQ(follower.log_end_offset(), 3);
}

TEST(Log, HighWatermarkIsClampedAndReadsStopAtTheLimit) {
  Log log;
  for (int i = 0; i < 4; ++i) log.AppendAsLeader(Batch(2), 0, 0);
  EXPECT_TRUE(log.UpdateHighWatermark(4));
  EXPECT_FALSE(log.UpdateHighWatermark(4));
  log.UpdateHighWatermark(100);
  EXPECT_EQ(log.high_watermark(), 8);
  EXPECT_EQ(log.Read(0, 4, 1 << 20).size(), 2u);  // up to the limit offset
  EXPECT_EQ(log.Read(3, 8, 1 << 20).size(), 3u);  // from the batch holding offset 3
  EXPECT_EQ(log.Read(0, 8, 10).size(), 1u);       // at least one batch, even if too big
}

TEST(Log, TruncationCutsAStraddlingBatch) {
  Log log;
  log.AppendAsLeader(Batch(3), 0, 0);
  log.AppendAsLeader(Batch(3), 1, 0);
  log.UpdateHighWatermark(6);
  log.TruncateTo(4);
  EXPECT_EQ(log.log_end_offset(), 4);
  EXPECT_EQ(log.high_watermark(), 4);
  EXPECT_EQ(log.BatchAt(3)->records.size(), 1u);
  EXPECT_EQ(log.BatchAt(4), nullptr);
  EXPECT_EQ(log.epochs().entries(), (std::vector<EpochEntry>{{0, 0}, {1, 3}}));
  log.TruncateTo(3);
  EXPECT_EQ(log.epochs().entries(), (std::vector<EpochEntry>{{0, 0}}));
}

TEST(Log, PowerLossLosesWhatWasNotFlushedAndTheHwComesFromItsCheckpoint) {
  Log log;
  log.AppendAsLeader(Batch(2), 0, 0);
  log.UpdateHighWatermark(2);
  log.CheckpointHighWatermark();
  log.Flush();
  log.AppendAsLeader(Batch(2), 0, 0);
  log.UpdateHighWatermark(4);
  log.RecoverAfterCrash(false);  // a process kill: the page cache survives
  EXPECT_EQ(log.log_end_offset(), 4);
  EXPECT_EQ(log.high_watermark(), 2);  // the checkpoint, not the HW it had in memory
  log.RecoverAfterCrash(true);
  EXPECT_EQ(log.log_end_offset(), 2);
}

TEST(Log, FlushIntervalMessagesFlushes) {
  LogConfig config;
  config.flush_interval_messages = 3;
  Log log(config);
  log.AppendAsLeader(Batch(2), 0, 0);
  EXPECT_EQ(log.flushed_offset(), 0);
  log.AppendAsLeader(Batch(2), 0, 0);
  EXPECT_EQ(log.flushed_offset(), 4);
}

TEST(Log, RetentionDeletesOldSegmentsBelowTheHighWatermark) {
  LogConfig config;
  config.segment_ms = 1000;
  config.retention_ms = 5000;
  Log log(config);
  log.AppendAsLeader(Batch(2, 0), 0, 0);        // segment [0, 2)
  log.AppendAsLeader(Batch(2, 2000), 0, 2000);  // rolls: [2, 4)
  log.AppendAsLeader(Batch(2, 9000), 0, 9000);  // rolls: [4, 6)
  EXPECT_EQ(log.segment_count(), 3u);
  EXPECT_EQ(log.DeleteExpiredSegments(10'000), 0);  // nothing is below the HW yet
  log.UpdateHighWatermark(6);
  EXPECT_EQ(log.DeleteExpiredSegments(10'000), 2);  // older than 5 s: the first two
  EXPECT_EQ(log.log_start_offset(), 4);
  EXPECT_EQ(log.Read(0, 6, 1 << 20).front()->base_offset, 4);
  EXPECT_EQ(log.DeleteExpiredSegments(20'000), 1);  // the active one too, after a roll
  EXPECT_EQ(log.log_start_offset(), 6);
  EXPECT_EQ(log.log_end_offset(), 6);
}

// Reads find their first batch by binary search over segments and batches; a linear walk over
// every batch is the reference, from every offset, across segment rolls, a truncation that leaves
// an empty active segment, and retention.
TEST(Log, IndexedReadsAgreeWithAWalkOverEveryBatch) {
  LogConfig config;
  config.segment_bytes = 1000;  // a few batches a segment
  Log log(config);
  for (int i = 0; i < 60; ++i) log.AppendAsLeader(Batch(1 + i % 4), 0, i);
  log.TruncateTo(131);  // inside a batch: it is cut
  log.UpdateHighWatermark(131);
  const auto walk = [&](Offset from, Offset max_offset, int64_t max_bytes) {
    std::vector<BatchPtr> out;
    int64_t bytes = 0;
    for (const BatchPtr& b : log.AllBatches()) {
      if (b->last_offset() < from) continue;
      if (b->base_offset >= max_offset) break;
      if (!out.empty() && bytes + b->size_bytes() > max_bytes) break;
      out.push_back(b);
      bytes += b->size_bytes();
    }
    return out;
  };
  const auto check_all = [&] {
    for (Offset from = log.log_start_offset(); from <= log.log_end_offset() + 1; ++from) {
      EXPECT_EQ(log.Read(from, log.log_end_offset(), 700), walk(from, log.log_end_offset(), 700))
          << "from " << from;
      EXPECT_EQ(log.Read(from, from + 3, 1 << 20), walk(from, from + 3, 1 << 20))
          << "from " << from;
      const BatchPtr at = log.BatchAt(from);
      if (from < log.log_end_offset()) {
        ASSERT_NE(at, nullptr) << from;
        EXPECT_LE(at->base_offset, from);
        EXPECT_GE(at->last_offset(), from);
      } else {
        EXPECT_EQ(at, nullptr);
      }
    }
  };
  EXPECT_GT(log.segment_count(), 10u);
  check_all();
  log.DeleteExpiredSegments(1'000'000);  // retention to the HW
  check_all();
}

}  // namespace
}  // namespace kafka
