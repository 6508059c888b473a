// Log: one partition replica's log on one broker's disk (Kafka's Log.scala, simplified to what
// replication, durability and retention need).
//
// - Offsets: the log start offset, the log end offset (LEO: the next offset to write) and the
//   high watermark (HW: below it, records are committed). The HW is clamped to [start, LEO].
// - Batches are shared by pointer (record_batch.h). The leader assigns offsets; a follower appends
//   the leader's batches as they are.
// - Segments roll at log.segment.bytes or log.segment.ms; time retention deletes whole segments
//   whose newest record is older than log.retention.ms, never past the HW, and moves the start.
// - Durability: the page cache survives a process kill, the disk only what was flushed
//   (log.flush.interval.messages / .ms, by default left to the OS: never, here). The HW lives in a
//   checkpoint file written every replica.high.watermark.checkpoint.interval.ms (5 s), so after a
//   restart the HW is the last checkpoint: this is what KIP-101's failures hinge on.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "model/broker/leader_epoch_cache.h"
#include "model/common/change_journal.h"
#include "model/common/record_batch.h"

namespace kafka {

struct LogConfig {
  int64_t segment_bytes = 1'073'741'824;          // log.segment.bytes
  int64_t segment_ms = 7LL * 24 * 3600 * 1000;    // log.roll.hours = 168
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;  // log.retention.hours = 168
  int64_t flush_interval_messages = std::numeric_limits<int64_t>::max();
  int64_t flush_interval_ms = std::numeric_limits<int64_t>::max();
};

class Log {
 public:
  explicit Log(LogConfig config = {}) : config_(config) {}

  // Every change to the offsets or the contents touches partition `id` in `journal` (observers
  // check what changed; model/common/change_journal.h). Optional.
  void ReportChangesTo(ChangeJournal* journal, uint32_t id) {
    journal_ = journal;
    journal_id_ = id;
  }
  // Told of the same changes, for the model itself (the partition that owns the log, whose
  // broker's purgatories watch it). Optional.
  class Listener {
   public:
    virtual void LogChanged() = 0;

   protected:
    ~Listener() = default;
  };
  void set_listener(Listener* listener) { listener_ = listener; }

  // The leader's append: offsets from the LEO, stamped with the leader's epoch. Returns the stored
  // batch (with its base offset).
  BatchPtr AppendAsLeader(RecordBatch batch, int32_t leader_epoch, int64_t now_ms);
  // A follower's append of its leader's batch. REQUIRES: batch->base_offset == LEO.
  void AppendAsFollower(const BatchPtr& batch, int64_t now_ms);

  Offset log_start_offset() const { return log_start_offset_; }
  Offset log_end_offset() const { return log_end_offset_; }
  Offset high_watermark() const { return high_watermark_; }
  // Sets the HW, clamped to [start, LEO]; returns whether it changed.
  bool UpdateHighWatermark(Offset hw);

  // The batches holding offsets from `from` below `max_offset`, at most `max_bytes` (but at least
  // one batch, as Kafka returns an oversized first batch). The first batch is found by binary
  // search over segments and then batches, as Kafka's offset index finds it (LogSegment.read),
  // so a read costs what it returns, not the length of the log.
  std::vector<BatchPtr> Read(Offset from, Offset max_offset, int64_t max_bytes) const;
  // The batch holding `offset`, if any.
  BatchPtr BatchAt(Offset offset) const;
  // Every batch, oldest first.
  std::vector<BatchPtr> AllBatches() const;

  // Makes the LEO `offset`: later batches go, a batch that straddles it is cut.
  void TruncateTo(Offset offset);
  // Empties the log and restarts it at `offset` (a follower that fell behind the leader's start).
  void TruncateFullyAndStartAt(Offset offset);

  LeaderEpochCache& epochs() { return epochs_; }
  const LeaderEpochCache& epochs() const { return epochs_; }

  // Durability.
  void Flush() { flushed_offset_ = log_end_offset_; }
  // Flushes if log.flush.interval.messages or .ms says so.
  void MaybeFlush(int64_t now_ms);
  Offset flushed_offset() const { return flushed_offset_; }
  void CheckpointHighWatermark() { hw_checkpoint_ = high_watermark_; }
  Offset hw_checkpoint() const { return hw_checkpoint_; }
  // After a crash: the HW comes back from its checkpoint; a power loss also loses what was not
  // flushed.
  void RecoverAfterCrash(bool power_loss);

  // How many times the log lost its tail (truncation, a full restart at an offset): observers
  // that verified a prefix must verify it again after a change here.
  uint64_t truncations() const { return truncations_; }

  // Time retention. Returns how many segments were deleted.
  int DeleteExpiredSegments(int64_t now_ms);
  size_t segment_count() const { return segments_.size(); }

 private:
  struct Segment {
    Offset base_offset = 0;
    std::vector<BatchPtr> batches;
    // The offset index: each batch's last offset, beside `batches`, so that a lookup searches
    // contiguous numbers instead of following a pointer per probe.
    std::vector<Offset> last_offsets;
    int64_t size_bytes = 0;
    int64_t created_ms = 0;
    int64_t max_timestamp_ms = 0;
  };
  void Store(const BatchPtr& batch, int64_t now_ms);
  // Where the first batch with records at or past `offset` is: (segment, batch) indexes, the
  // batch index equal to the segment's size when that segment holds nothing past it.
  std::pair<size_t, size_t> Locate(Offset offset) const;
  void Touched() {
    if (journal_ != nullptr) journal_->Touch(journal_id_);
    if (listener_ != nullptr) listener_->LogChanged();
  }
  Segment& ActiveSegment(int64_t batch_bytes, int64_t now_ms);

  LogConfig config_;
  std::vector<Segment> segments_;
  Offset log_start_offset_ = 0;
  Offset log_end_offset_ = 0;
  Offset high_watermark_ = 0;
  Offset flushed_offset_ = 0;
  Offset hw_checkpoint_ = 0;
  uint64_t truncations_ = 0;
  int64_t last_flush_ms_ = 0;
  LeaderEpochCache epochs_;
  ChangeJournal* journal_ = nullptr;
  uint32_t journal_id_ = 0;
  Listener* listener_ = nullptr;
};

}  // namespace kafka
