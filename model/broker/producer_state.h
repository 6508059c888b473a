// ProducerState: the broker side of idempotence (Kafka 2.8 core/src/main/scala/kafka/log/
// ProducerStateManager.scala; NUM_BATCHES_TO_RETAIN = 5 in 3.6's ProducerStateEntry).
//
// Per producer id (per partition): its epoch and the last five batches' sequence ranges and
// offsets. A batch that repeats one of those is a retry: it is answered with the original offsets
// and not written again. Otherwise its first sequence must follow the last one (Int.MAX wraps to
// 0), a new epoch must start at sequence 0, and an older epoch is fenced. A producer with no state
// (new, or its state was lost) may start at any sequence.
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
  // NONE, OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_PRODUCER_EPOCH for a batch about to be written.
  ErrorCode Check(const RecordBatch& batch) const;
  // Records a written batch (with its offsets). Batches without a producer id are ignored.
  void Update(const RecordBatch& written);
  // Rebuilds from a log's batches (after truncation or a restart).
  void Rebuild(const std::vector<BatchPtr>& batches);

  struct Entry {
    int16_t epoch = -1;
    struct Batch {
      int32_t first_seq, last_seq;
      Offset base_offset, last_offset;
    };
    std::deque<Batch> batches;  // oldest first, at most kBatchesToRetain
  };
  const std::map<int64_t, Entry>& producers() const { return producers_; }

 private:
  std::map<int64_t, Entry> producers_;
};

}  // namespace kafka
