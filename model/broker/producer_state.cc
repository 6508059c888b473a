// See producer_state.h.
#include "model/broker/producer_state.h"

#include <algorithm>
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
  if (batch.producer_id < 0 || batch.is_control()) return std::nullopt;
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
  if (batch.is_control()) {  // ProducerAppendInfo.appendEndTxnMarker
    if (batch.producer_epoch < e.epoch) return ErrorCode::kInvalidProducerEpoch;
    if (batch.coordinator_epoch < e.coordinator_epoch) {
      return ErrorCode::kTransactionCoordinatorFenced;
    }
    return ErrorCode::kNone;
  }
  if (batch.producer_epoch < e.epoch) return ErrorCode::kInvalidProducerEpoch;
  if (!batch.transactional && e.txn_first_offset >= 0) return ErrorCode::kInvalidTxnState;
  // A coordinator's transactional write (TxnOffsetCommit) carries no sequence: Kafka checks
  // sequences only for what clients append.
  if (batch.base_sequence < 0) return ErrorCode::kNone;
  if (batch.producer_epoch > e.epoch) {
    return batch.base_sequence == 0 ? ErrorCode::kNone : ErrorCode::kOutOfOrderSequenceNumber;
  }
  if (e.batches.empty()) return ErrorCode::kNone;
  return InSequence(e.batches.back().last_seq, batch.base_sequence)
             ? ErrorCode::kNone
             : ErrorCode::kOutOfOrderSequenceNumber;
}

void ProducerState::Update(const RecordBatch& written, Offset high_watermark) {
  ForgetReplicated(high_watermark);
  if (written.producer_id < 0) return;
  // UnifiedLog.updateProducers: a transactional batch ends any verification of its producer.
  if (written.transactional) verification_.erase(written.producer_id);
  Entry& e = producers_[written.producer_id];
  if (written.producer_epoch != e.epoch) {  // a new epoch restarts the sequences
    e.epoch = written.producer_epoch;
    e.batches.clear();
  }
  if (written.is_control()) {
    ++markers_;
    EndTransaction(written.producer_id, e, written);
    return;
  }
  if (written.transactional && e.txn_first_offset < 0) {
    e.txn_first_offset = written.base_offset;
    ongoing_[written.base_offset] = written.producer_id;
  }
  if (written.base_sequence < 0) return;
  e.batches.push_back(
      {written.base_sequence, written.last_sequence(), written.base_offset, written.last_offset()});
  if (e.batches.size() > kBatchesToRetain) e.batches.pop_front();
}

// Log.scala's append of completed transactions: the aborted index entry carries the LSO as it
// will be once this transaction is done (the next other producer's open transaction, or just
// past the marker), which bounds how far a fetch must look (ProducerStateManager.lastStableOffset).
void ProducerState::EndTransaction(int64_t producer_id, Entry& e, const RecordBatch& marker) {
  e.coordinator_epoch = marker.coordinator_epoch;
  if (e.txn_first_offset < 0) return;  // a marker for a transaction with no data here
  const bool aborted = marker.control == ControlType::kAbort;
  const Offset first = e.txn_first_offset;
  ongoing_.erase(first);
  e.txn_first_offset = -1;
  unreplicated_.push_back({producer_id, first, marker.base_offset, aborted});
  if (aborted) {
    const Offset lso = ongoing_.empty() ? marker.base_offset + 1 : ongoing_.begin()->first;
    aborted_.push_back({producer_id, first, marker.base_offset, lso});
  }
}

void ProducerState::ForgetReplicated(Offset high_watermark) {
  while (!unreplicated_.empty() && unreplicated_.front().last_offset < high_watermark) {
    unreplicated_.pop_front();
  }
}

std::optional<Offset> ProducerState::FirstUnstableOffset(Offset high_watermark) const {
  std::optional<Offset> first;
  if (!ongoing_.empty()) first = ongoing_.begin()->first;
  for (const CompletedTxn& t : unreplicated_) {
    if (t.last_offset >= high_watermark && (!first || t.first_offset < *first)) {
      first = t.first_offset;
    }
  }
  return first;
}

Offset ProducerState::LastStableOffset(Offset high_watermark) const {
  const std::optional<Offset> first = FirstUnstableOffset(high_watermark);
  return first ? std::min(*first, high_watermark) : high_watermark;
}

std::vector<ProducerState::AbortedTxn> ProducerState::AbortedBetween(Offset from,
                                                                     Offset upper) const {
  std::vector<AbortedTxn> out;
  auto it = std::lower_bound(aborted_.begin(), aborted_.end(), from,
                             [](const AbortedTxn& t, Offset o) { return t.last_offset < o; });
  for (; it != aborted_.end(); ++it) {
    if (it->first_offset < upper) out.push_back(*it);
    if (it->last_stable_offset >= upper) break;
  }
  return out;
}

uint64_t ProducerState::StartVerification(int64_t producer_id) {
  // ProducerStateManager.maybeCreateVerificationStateEntry: an entry that exists is reused.
  return verification_.try_emplace(producer_id, next_guard_++).first->second;
}

void ProducerState::Rebuild(const std::vector<BatchPtr>& batches, Offset high_watermark) {
  producers_.clear();
  ongoing_.clear();
  unreplicated_.clear();
  aborted_.clear();
  verification_.clear();
  // markers_ is not reset: recounting the kept markers only moves it on, which is all an
  // observer needs to know to look again.
  for (const BatchPtr& b : batches) Update(*b);
  ForgetReplicated(high_watermark);
}

}  // namespace kafka
