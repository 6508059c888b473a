// Partition: one broker's replica of one partition, and, when that broker leads it, the leader's
// replication bookkeeping (Kafka 2.8 core/src/main/scala/kafka/cluster/Partition.scala and
// Replica.scala).
//
// Leader rules, as kafka.md section 2 gives them:
// - each follower's LEO is the offset it fetches from; lastCaughtUpTime advances to the fetch time
//   when it fetched at the leader's LEO, or to the previous fetch time when it fetched at least the
//   LEO the leader had then;
// - HW = min(leader LEO, LEO of every follower in the ISR or caught up within
//   replica.lag.time.max.ms); it never goes down;
// - a follower leaves the ISR when its LEO differs from the leader's and it has not caught up for
//   replica.lag.time.max.ms (checked every half of that);
// - it rejoins once its LEO reaches the HW (and, from 2.1, the start offset of the leader's epoch);
// - one ISR change is in flight at a time; while it is, the HW counts the ISR it asks for too;
// - acks=all is refused with NOT_ENOUGH_REPLICAS before the append when the ISR is smaller than
//   min.insync.replicas, and answered with NOT_ENOUGH_REPLICAS_AFTER_APPEND if it shrank meanwhile.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "model/broker/log.h"
#include "model/broker/producer_state.h"
#include "model/common/error_code.h"
#include "model/common/ids.h"
#include "model/common/version_profile.h"

namespace kafka {

struct PartitionConfig {
  int32_t min_insync_replicas = 1;
  int64_t replica_lag_time_max_ms = 30000;
  bool isr_expand_needs_epoch_start = true;
};

// What the controller says about a partition (LeaderAndIsr).
struct PartitionState {
  int32_t leader = -1;
  int32_t leader_epoch = 0;
  std::vector<int32_t> isr;
  int32_t partition_epoch = 0;  // the state znode's zkVersion
  std::vector<int32_t> replicas;
};

class Partition : private Log::Listener {
 public:
  // With a journal, the replica registers itself there as long as it exists, and reports every
  // change to its role, epoch and log (model/common/change_journal.h).
  Partition(TopicPartition tp, int32_t local_broker, PartitionConfig config, LogConfig log_config,
            ChangeJournal* journal = nullptr);
  ~Partition();
  // The model's own change feed (its broker's purgatories watch partitions through it): after any
  // change to its role, epoch, ISR, config or log, the partition adds itself to `feed` once, until
  // the owner takes it out and calls LeftFeed. A partition destroyed while listed leaves it.
  void FeedChangesTo(std::vector<Partition*>* feed) { feed_ = feed; }
  void LeftFeed() { in_feed_ = false; }
  bool in_feed() const { return in_feed_; }
  Partition(const Partition&) = delete;
  Partition& operator=(const Partition&) = delete;

  const TopicPartition& tp() const { return tp_; }
  Log& log() { return log_; }
  const Log& log() const { return log_; }
  bool is_leader() const { return state_.leader == local_; }
  const PartitionState& state() const { return state_; }
  int32_t leader_epoch() const { return state_.leader_epoch; }
  Offset leader_epoch_start_offset() const { return leader_epoch_start_offset_; }
  PartitionConfig& config() { return config_; }

  // LeaderAndIsr made this broker the leader: the epoch starts at the LEO; followers in the ISR
  // count as caught up now, the others as never; their LEOs are unknown until they fetch.
  void MakeLeader(const PartitionState& state, int64_t now_ms);
  // LeaderAndIsr made it a follower (truncation is the fetcher's business).
  void MakeFollower(const PartitionState& state);
  // The broker lost its memory (a crash) or stopped serving the partition: no role, no epoch, no
  // remote state. The log stays.
  void MakeOffline();
  // After a crash: offline, and the log recovers as the disk allows (log.h).
  void RecoverAfterCrash(bool power_loss);
  void set_config(const PartitionConfig& config) {
    config_ = config;
    Changed();
  }

  // Leader: a follower fetched at `fetch_offset`. Updates its state and the HW, and returns an
  // ISR to propose if the follower may now rejoin.
  std::optional<std::vector<int32_t>> OnFollowerFetch(int32_t replica, Offset fetch_offset,
                                                      int64_t now_ms);
  // Leader: the ISR without the followers that have fallen behind, if any has.
  std::optional<std::vector<int32_t>> IsrToShrink(int64_t now_ms) const;
  // Leader: an ISR change was sent (AlterIsr or the ZK write) and is in flight.
  void IsrChangeSent(const std::vector<int32_t>& proposed, int64_t now_ms);
  // The change went through (with the state's new version), or was refused (fenced).
  void IsrChangeDone(std::optional<PartitionState> accepted, int64_t now_ms);
  bool isr_change_in_flight() const { return pending_isr_.has_value(); }

  // Leader: checks and appends a produced batch. NOT_ENOUGH_REPLICAS (acks=all, small ISR) and
  // NOT_LEADER_OR_FOLLOWER come back without an append.
  // An idempotent producer's retry of a batch already written is answered with the original
  // batch and not written again (duplicate = true); a sequence gap or an old epoch is refused.
  struct AppendResult {
    ErrorCode error = ErrorCode::kNone;
    BatchPtr batch;
    bool duplicate = false;
  };
  AppendResult AppendAsLeader(RecordBatch batch, int16_t acks, int64_t now_ms);
  // Follower: the leader's batch, and what it tells about its producer.
  void AppendAsFollower(const BatchPtr& batch, int64_t now_ms);
  // Truncates the log and rebuilds the producer state from what is left.
  void TruncateTo(Offset offset);
  // Empties the log and restarts it at `offset` (a follower behind the leader's log start).
  void TruncateFullyAndStartAt(Offset offset);
  const ProducerState& producer_state() const { return producers_; }
  // KIP-890: a guard for verifying `producer_id`'s transaction (producer_state.h).
  uint64_t StartVerification(int64_t producer_id) {
    return producers_.StartVerification(producer_id);
  }
  // The last stable offset: a read_committed consumer reads below it (producer_state.h).
  Offset last_stable_offset() const { return producers_.LastStableOffset(log_.high_watermark()); }
  // Tells the journal's observers that a read_committed fetch was served below `end`.
  void NoteCommittedRead(Offset end) const {
    if (journal_ != nullptr) journal_->NoteCommittedRead(journal_id_, local_, end);
  }
  // acks=all: has the HW passed `required_offset`? Then with which error.
  std::optional<ErrorCode> AcksAllOutcome(Offset required_offset) const;

  // Recomputes the HW from the followers' states (monotonic). Returns whether it moved.
  bool MaybeIncrementHighWatermark(int64_t now_ms);

  // Kafka stores 0 for "never caught up", which is decades ago on a wall clock; simulated time
  // starts at 0, so "never" needs its own value.
  static constexpr int64_t kNeverMs = -(int64_t{1} << 62);

  struct RemoteReplica {
    Offset log_end_offset = -1;  // unknown until it fetches
    int64_t last_caught_up_ms = kNeverMs;
    Offset last_fetch_leader_leo = -1;
    int64_t last_fetch_ms = 0;
  };
  const std::map<int32_t, RemoteReplica>& remotes() const { return remotes_; }

 private:
  bool InIsr(int32_t replica) const;
  void Touched() {
    if (journal_ != nullptr) journal_->Touch(journal_id_);
    Changed();
  }
  void Changed() {
    if (feed_ == nullptr || in_feed_) return;
    in_feed_ = true;
    feed_->push_back(this);
  }
  void LogChanged() override { Changed(); }
  // The ISR plus any member a pending expansion adds: the HW waits for them too.
  std::vector<int32_t> MaximalIsr() const;

  TopicPartition tp_;
  int32_t local_;
  PartitionConfig config_;
  Log log_;
  PartitionState state_;
  Offset leader_epoch_start_offset_ = 0;
  std::map<int32_t, RemoteReplica> remotes_;
  std::optional<std::vector<int32_t>> pending_isr_;
  ProducerState producers_;
  ChangeJournal* journal_;
  uint32_t journal_id_ = 0;
  std::vector<Partition*>* feed_ = nullptr;
  bool in_feed_ = false;
};

}  // namespace kafka
