// The replication invariants catch the failures they exist for: KIP-101's lost write, KIP-279's
// fork, two leaders in one epoch, and a committed record truncated away.
#include "model/check/replica_invariants.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

RecordBatch Values(std::vector<int64_t> ids) {
  RecordBatch b;
  for (int64_t id : ids) b.records.push_back(Record{std::nullopt, id, 100, 0});
  return b;
}

TEST(ReplicaInvariants, IdenticalReplicasPass) {
  Log leader, follower;
  const BatchPtr b = leader.AppendAsLeader(Values({1, 2, 3}), 0, 0);
  follower.AppendAsFollower(b, 0);
  leader.UpdateHighWatermark(3);
  follower.UpdateHighWatermark(3);
  EXPECT_FALSE(CheckLogMatching({{101, &leader}, {102, &follower}}));
  EXPECT_FALSE(CheckLeaderCompleteness({101, &leader}, {{101, &leader}, {102, &follower}}));
}

// KIP-279's fork: at offset 2 the two logs hold different records below both high watermarks.
TEST(ReplicaInvariants, LogMatchingCatchesAFork) {
  Log a, b;
  const BatchPtr common = a.AppendAsLeader(Values({1, 2}), 0, 0);
  b.AppendAsFollower(common, 0);
  a.AppendAsLeader(Values({3}), 1, 0);
  b.AppendAsLeader(Values({4}), 2, 0);
  a.UpdateHighWatermark(3);
  b.UpdateHighWatermark(3);
  const auto v = CheckLogMatching({{101, &a}, {102, &b}});
  ASSERT_TRUE(v);
  EXPECT_NE(v->find("offset 2"), std::string::npos) << *v;
  b.UpdateHighWatermark(2);  // below the fork only: fine
  EXPECT_FALSE(CheckLogMatching({{101, &a}, {102, &b}}));
}

// KIP-101's lost write: the follower committed offset 1, the new leader truncated it away.
TEST(ReplicaInvariants, CompletenessAndDurabilityCatchALostWrite) {
  Log old_leader, new_leader;
  const BatchPtr b = old_leader.AppendAsLeader(Values({1, 2}), 0, 0);
  new_leader.AppendAsFollower(b, 0);
  old_leader.UpdateHighWatermark(2);
  ReplicationHistory history;
  history.RecordCommitted(old_leader);
  EXPECT_EQ(history.committed_count(), 2u);
  new_leader.TruncateTo(1);  // truncated to its own (stale) high watermark
  new_leader.AppendAsLeader(Values({9}), 1, 0);
  EXPECT_TRUE(history.CheckStillHeld({102, &new_leader}));
  EXPECT_TRUE(CheckLeaderCompleteness({102, &new_leader}, {{101, &old_leader}}));
  EXPECT_FALSE(history.CheckStillHeld({101, &old_leader}));
}

TEST(ReplicaInvariants, OneLeaderPerEpoch) {
  ReplicationHistory history;
  EXPECT_FALSE(history.RecordLeader(3, 101));
  EXPECT_FALSE(history.RecordLeader(3, 101));
  const auto v = history.RecordLeader(3, 102);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, "two leaders in leader epoch 3: brokers 101 and 102");
  EXPECT_FALSE(history.RecordLeader(4, 102));
}

TEST(ReplicaInvariants, RetentionIsNotLoss) {
  LogConfig config;
  config.segment_ms = 1000;
  config.retention_ms = 1000;
  Log log(config);
  log.AppendAsLeader(Values({1}), 0, 0);
  RecordBatch recent = Values({2});
  recent.records[0].timestamp_ms = 5000;
  log.AppendAsLeader(recent, 0, 5000);
  log.UpdateHighWatermark(2);
  ReplicationHistory history;
  history.RecordCommitted(log);
  ASSERT_EQ(log.DeleteExpiredSegments(5500), 1);
  EXPECT_FALSE(history.CheckStillHeld({101, &log}));
  // Once no replica holds offset 0, the history forgets it and still guards offset 1.
  history.ForgetBelow(log.log_start_offset());
  EXPECT_EQ(history.committed_count(), 1u);
  EXPECT_EQ(history.committed_end(), 2);
  Log rewritten(config);
  rewritten.AppendAsLeader(Values({1, 3}), 0, 0);
  EXPECT_TRUE(history.CheckStillHeld({102, &rewritten}));
}

}  // namespace
}  // namespace kafka
