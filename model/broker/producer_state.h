// ProducerState: the broker side of idempotence (Kafka 2.8 core/src/main/scala/kafka/log/
// ProducerStateManager.scala; NUM_BATCHES_TO_RETAIN = 5 in 3.6's ProducerStateEntry).
//
// Per producer id (per partition): its epoch and the last five batches' sequence ranges and
// offsets. A batch that repeats one of those is a retry: it is answered with the original offsets
// and not written again. Otherwise its first sequence must follow the last one (Int.MAX wraps to
// 0), a new epoch must start at sequence 0, and an older epoch is fenced. A producer with no state
// (new, or its state was lost) may start at any sequence.
//
// Transactions (ProducerStateManager's ongoingTxns and unreplicatedTxns, TransactionIndex): a
// producer's first transactional batch opens its transaction at that offset; its marker closes
// it. An aborted transaction goes into the aborted index with the LSO of the moment it ended.
// The first unstable offset is the earliest first offset of a transaction that is open or whose
// marker is not yet below the high watermark; the last stable offset (LSO) is that, capped by the
// high watermark. Read in Kafka 2.8's ProducerStateManager.scala and Log.scala.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "model/common/error_code.h"
#include "model/common/record_batch.h"

namespace kafka {

class ProducerState {
 public:
  static constexpr size_t kBatchesToRetain = 5;

  struct Duplicate {
    Offset base_offset;
    Offset last_offset;
  };
  // The original offsets if `batch` repeats a retained batch of the same producer epoch.
  std::optional<Duplicate> FindDuplicate(const RecordBatch& batch) const;
  // NONE, OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH or INVALID_TXN_STATE (a plain
  // batch from a producer whose transaction is open) for a data batch about to be written; for a
  // marker, INVALID_PRODUCER_EPOCH (older than the producer's epoch) or
  // TRANSACTION_COORDINATOR_FENCED (from an older coordinator than the last marker's).
  ErrorCode Check(const RecordBatch& batch) const;
  // Records a written batch (with its offsets). Batches without a producer id are ignored.
  // `high_watermark` lets it forget completed transactions whose markers are replicated.
  void Update(const RecordBatch& written, Offset high_watermark = -1);
  // Rebuilds from a log's batches (after truncation or a restart).
  void Rebuild(const std::vector<BatchPtr>& batches, Offset high_watermark = -1);

  struct Entry {
    int16_t epoch = -1;
    struct Batch {
      int32_t first_seq, last_seq;
      Offset base_offset, last_offset;
    };
    std::deque<Batch> batches;       // oldest first, at most kBatchesToRetain
    Offset txn_first_offset = -1;    // the open transaction's first offset; -1: none open
    int32_t coordinator_epoch = -1;  // of the last marker
  };
  const std::map<int64_t, Entry>& producers() const { return producers_; }

  // A transaction that ended on this partition (CompletedTxn), and an aborted one as the aborted
  // index keeps it (AbortedTxn).
  struct CompletedTxn {
    int64_t producer_id;
    Offset first_offset, last_offset;  // last: the marker's offset
    bool aborted;
  };
  struct AbortedTxn {
    int64_t producer_id;
    Offset first_offset, last_offset, last_stable_offset;
  };
  // The first offset of the earliest open or unreplicated transaction, if any.
  std::optional<Offset> FirstUnstableOffset(Offset high_watermark) const;
  // LSO = min(first unstable offset, high watermark).
  Offset LastStableOffset(Offset high_watermark) const;
  // TransactionIndex.collectAbortedTxns: the aborted transactions that overlap [from, upper).
  std::vector<AbortedTxn> AbortedBetween(Offset from, Offset upper) const;
  // Whether the producer has a transaction open here (ProducerStateManager's
  // currentTxnFirstOffset).
  bool HasOngoingTransaction(int64_t producer_id) const {
    const auto it = producers_.find(producer_id);
    return it != producers_.end() && it->second.txn_first_offset >= 0;
  }
  // KIP-890's VerificationGuard: a leader that asks the coordinator about a producer holds a
  // token, reused while one is held; any transactional batch of the producer written here (data or
  // marker) drops it, so an append whose token no longer matches raced a marker.
  uint64_t StartVerification(int64_t producer_id);
  bool VerificationHolds(int64_t producer_id, uint64_t guard) const {
    const auto it = verification_.find(producer_id);
    return it != verification_.end() && it->second == guard;
  }

  // Moves on with every marker written (a rebuild counts the kept ones again): an observer that
  // saw this count before knows no marker came since.
  uint64_t markers() const { return markers_; }

  // Open transactions by first offset (for describing and for the invariants).
  const std::map<Offset, int64_t>& ongoing() const { return ongoing_; }
  const std::vector<AbortedTxn>& aborted_index() const { return aborted_; }

 private:
  void EndTransaction(int64_t producer_id, Entry& e, const RecordBatch& marker);
  void ForgetReplicated(Offset high_watermark);

  std::map<int64_t, Entry> producers_;
  std::map<Offset, int64_t> ongoing_;         // first offset -> producer id
  std::deque<CompletedTxn> unreplicated_;     // in marker order
  std::vector<AbortedTxn> aborted_;           // in marker order, so by last offset
  std::map<int64_t, uint64_t> verification_;  // producer id -> guard
  uint64_t next_guard_ = 1;
  uint64_t markers_ = 0;
};

}  // namespace kafka
