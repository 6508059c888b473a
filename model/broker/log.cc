// See log.h.
#include "model/broker/log.h"

#include <algorithm>

namespace kafka {

Log::Segment& Log::ActiveSegment(int64_t batch_bytes, int64_t now_ms) {
  const bool roll =
      segments_.empty() || (!segments_.back().batches.empty() &&
                            (segments_.back().size_bytes + batch_bytes > config_.segment_bytes ||
                             now_ms - segments_.back().created_ms >= config_.segment_ms));
  if (roll) segments_.push_back(Segment{log_end_offset_, {}, {}, 0, now_ms, 0});
  return segments_.back();
}

void Log::Store(const BatchPtr& batch, int64_t now_ms) {
  Segment& s = ActiveSegment(batch->size_bytes(), now_ms);
  s.batches.push_back(batch);
  s.last_offsets.push_back(batch->last_offset());
  s.size_bytes += batch->size_bytes();
  s.max_timestamp_ms = std::max(s.max_timestamp_ms, batch->max_timestamp_ms());
  log_end_offset_ = batch->next_offset();
  if (batch->leader_epoch >= 0) epochs_.Assign(batch->leader_epoch, batch->base_offset);
  Touched();
}

BatchPtr Log::AppendAsLeader(RecordBatch batch, int32_t leader_epoch, int64_t now_ms) {
  batch.base_offset = log_end_offset_;
  batch.leader_epoch = leader_epoch;
  auto stored = std::make_shared<const RecordBatch>(std::move(batch));
  Store(stored, now_ms);
  MaybeFlush(now_ms);
  return stored;
}

void Log::AppendAsFollower(const BatchPtr& batch, int64_t now_ms) {
  Store(batch, now_ms);
  MaybeFlush(now_ms);
}

bool Log::UpdateHighWatermark(Offset hw) {
  const Offset clamped = std::clamp(hw, log_start_offset_, log_end_offset_);
  if (clamped == high_watermark_) return false;
  high_watermark_ = clamped;
  Touched();
  return true;
}

std::pair<size_t, size_t> Log::Locate(Offset offset) const {
  // A caught-up follower or consumer asks for the end: nothing is at or past it.
  if (offset >= log_end_offset_) return {segments_.size(), 0};
  // Segments are in offset order and only the last can be empty, so "holds nothing at or past
  // `offset`" is true for a prefix of them.
  const auto segment = std::partition_point(
      segments_.begin(), segments_.end(),
      [&](const Segment& s) { return !s.last_offsets.empty() && s.last_offsets.back() < offset; });
  if (segment == segments_.end()) return {segments_.size(), 0};
  const auto batch =
      std::lower_bound(segment->last_offsets.begin(), segment->last_offsets.end(), offset);
  return {static_cast<size_t>(segment - segments_.begin()),
          static_cast<size_t>(batch - segment->last_offsets.begin())};
}

std::vector<BatchPtr> Log::Read(Offset from, Offset max_offset, int64_t max_bytes) const {
  std::vector<BatchPtr> out;
  int64_t bytes = 0;
  auto [segment, batch] = Locate(from);
  for (; segment < segments_.size(); ++segment, batch = 0) {
    const std::vector<BatchPtr>& batches = segments_[segment].batches;
    for (; batch < batches.size(); ++batch) {
      const BatchPtr& b = batches[batch];
      if (b->base_offset >= max_offset) return out;
      if (!out.empty() && bytes + b->size_bytes() > max_bytes) return out;
      out.push_back(b);
      bytes += b->size_bytes();
    }
  }
  return out;
}

BatchPtr Log::BatchAt(Offset offset) const {
  const auto [segment, batch] = Locate(offset);
  if (segment == segments_.size() || batch == segments_[segment].batches.size()) return nullptr;
  const BatchPtr& b = segments_[segment].batches[batch];
  return b->base_offset <= offset ? b : nullptr;
}

std::vector<BatchPtr> Log::AllBatches() const {
  std::vector<BatchPtr> out;
  for (const Segment& s : segments_) out.insert(out.end(), s.batches.begin(), s.batches.end());
  return out;
}

void Log::TruncateTo(Offset offset) {
  if (offset >= log_end_offset_) return;
  ++truncations_;
  Touched();
  offset = std::max(offset, log_start_offset_);
  if (segments_.empty()) return;
  while (!segments_.empty() && segments_.back().base_offset >= offset && segments_.size() > 1) {
    segments_.pop_back();
  }
  Segment& s = segments_.back();
  while (!s.batches.empty() && s.batches.back()->base_offset >= offset) {
    s.size_bytes -= s.batches.back()->size_bytes();
    s.batches.pop_back();
    s.last_offsets.pop_back();
  }
  if (!s.batches.empty() && s.batches.back()->last_offset() >= offset) {
    // Keep the part of the straddling batch below the new end, as a new (shorter) batch.
    auto cut = std::make_shared<RecordBatch>(*s.batches.back());
    cut->records.resize(static_cast<size_t>(offset - cut->base_offset));
    s.size_bytes += cut->size_bytes() - s.batches.back()->size_bytes();
    s.last_offsets.back() = cut->last_offset();
    s.batches.back() = std::move(cut);
  }
  log_end_offset_ = offset;
  high_watermark_ = std::min(high_watermark_, offset);
  flushed_offset_ = std::min(flushed_offset_, offset);
  hw_checkpoint_ = std::min(hw_checkpoint_, offset);
  epochs_.TruncateFromEnd(offset);
}

void Log::TruncateFullyAndStartAt(Offset offset) {
  ++truncations_;
  segments_.clear();
  log_start_offset_ = log_end_offset_ = high_watermark_ = flushed_offset_ = hw_checkpoint_ = offset;
  epochs_.Clear();
  Touched();
}

void Log::MaybeFlush(int64_t now_ms) {
  if (log_end_offset_ - flushed_offset_ >= config_.flush_interval_messages ||
      now_ms - last_flush_ms_ >= config_.flush_interval_ms) {
    Flush();
    last_flush_ms_ = now_ms;
  }
}

void Log::RecoverAfterCrash(bool power_loss) {
  if (power_loss && flushed_offset_ < log_end_offset_) TruncateTo(flushed_offset_);
  high_watermark_ = std::clamp(hw_checkpoint_, log_start_offset_, log_end_offset_);
  Touched();
}

int Log::DeleteExpiredSegments(int64_t now_ms) {
  int deleted = 0;
  while (!segments_.empty()) {
    const Segment& oldest = segments_.front();
    if (oldest.batches.empty() || now_ms - oldest.max_timestamp_ms <= config_.retention_ms) break;
    // Only what lies wholly below the high watermark may go (Log.deletableSegments).
    const Offset next_base = segments_.size() > 1 ? segments_[1].base_offset : log_end_offset_;
    if (next_base > high_watermark_) break;
    if (segments_.size() == 1) {  // the active segment: roll an empty one first
      segments_.push_back(Segment{log_end_offset_, {}, {}, 0, now_ms, 0});
    }
    segments_.erase(segments_.begin());
    ++deleted;
  }
  if (deleted > 0) {
    log_start_offset_ = segments_.front().base_offset;
    epochs_.TruncateFromStart(log_start_offset_);
    Touched();
  }
  return deleted;
}

}  // namespace kafka
