// See producer_state.h.
#include "model/broker/producer_state.h"

#include <limits>

namespace kafka {
namespace {
bool InSequence(int32_t last_seq, int32_t next_seq) {
  return static_cast<int64_t>(next_seq) == static_cast<int64_t>(last_seq) + 1 ||
         (next_seq == 0 && last_seq == std::numeric_limits<int32_t>::max());
}
}  // namespace

std::optional<ProducerState::Duplicate> ProducerState::FindDuplicate(
    const RecordBatch& batch) const {
  if (batch.producer_id < 0) return std::nullopt;
  const auto it = producers_.find(batch.producer_id);
  if (it == producers_.end() || it->second.epoch != batch.producer_epoch) return std::nullopt;
  for (const Entry::Batch& b : it->second.batches) {
    if (b.first_seq == batch.base_sequence && b.last_seq == batch.last_sequence()) {
      return Duplicate{b.base_offset, b.last_offset};
    }
  }
  return std::nullopt;
}

ErrorCode ProducerState::Check(const RecordBatch& batch) const {
  if (batch.producer_id < 0) return ErrorCode::kNone;
  const auto it = producers_.find(batch.producer_id);
  if (it == producers_.end() || it->second.epoch < 0) return ErrorCode::kNone;  // no state yet
  const Entry& e = it->second;
  if (batch.producer_epoch < e.epoch) return ErrorCode::kInvalidProducerEpoch;
  if (batch.producer_epoch > e.epoch) {
    return batch.base_sequence == 0 ? ErrorCode::kNone : ErrorCode::kOutOfOrderSequenceNumber;
  }
  if (e.batches.empty()) return ErrorCode::kNone;
  return InSequence(e.batches.back().last_seq, batch.base_sequence)
             ? ErrorCode::kNone
             : ErrorCode::kOutOfOrderSequenceNumber;
}

void ProducerState::Update(const RecordBatch& written) {
  if (written.producer_id < 0) return;
  Entry& e = producers_[written.producer_id];
  if (written.producer_epoch != e.epoch) {
    e.epoch = written.producer_epoch;
    e.batches.clear();
  }
  e.batches.push_back(
      {written.base_sequence, written.last_sequence(), written.base_offset, written.last_offset()});
  if (e.batches.size() > kBatchesToRetain) e.batches.pop_front();
}

void ProducerState::Rebuild(const std::vector<BatchPtr>& batches) {
  producers_.clear();
  for (const BatchPtr& b : batches) Update(*b);
}

}  // namespace kafka
