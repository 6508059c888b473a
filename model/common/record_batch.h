// Record batches. A batch is immutable once appended and shared by pointer: a follower's log holds
// the very batch its leader appended, so replication costs per batch, not per record. A record
// keeps what the checkers need (key, a value id, size, timestamp), not a payload.
//
// Transactions (Kafka's DefaultRecordBatch attributes): a transactional batch belongs to its
// producer's open transaction; a control batch holds one marker (COMMIT or ABORT, with the
// coordinator's epoch) that ends it. Control batches take an offset but are never handed to an
// application.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

struct Record {
  std::optional<std::string> key;
  int64_t value_id = 0;  // identifies the value (the producer's send), for the delivery checker
  int32_t size_bytes = 100;
  int64_t timestamp_ms = 0;
  // Value bytes, for the few records whose value the model reads back (a group's metadata in
  // __consumer_offsets); null for the rest, which the checkers know by value_id.
  std::shared_ptr<const std::string> payload;
};

// A control record's type (ControlRecordType): the key of a transaction marker.
enum class ControlType : int8_t { kNone = -1, kAbort = 0, kCommit = 1 };

struct RecordBatch {
  Offset base_offset = 0;
  int32_t leader_epoch = -1;  // the epoch of the leader that appended it
  int64_t producer_id = -1;   // -1: not idempotent
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  bool transactional = false;
  ControlType control = ControlType::kNone;  // a marker batch: one record, no sequence
  int32_t coordinator_epoch = -1;            // the marker's: the coordinator partition's epoch
  std::vector<Record> records;

  bool is_control() const { return control != ControlType::kNone; }

  Offset last_offset() const { return base_offset + static_cast<Offset>(records.size()) - 1; }
  Offset next_offset() const { return base_offset + static_cast<Offset>(records.size()); }
  // Sequences wrap from Int.MAX to 0 (DefaultRecordBatch.incrementSequence).
  int32_t last_sequence() const {
    if (base_sequence < 0) return -1;
    const int64_t last = int64_t{base_sequence} + static_cast<int64_t>(records.size()) - 1;
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    return static_cast<int32_t>(last > kMax ? last - kMax - 1 : last);
  }
  int64_t size_bytes() const {
    int64_t bytes = 61;  // the v2 batch header
    for (const Record& r : records) bytes += r.size_bytes;
    return bytes;
  }
  int64_t max_timestamp_ms() const {
    int64_t t = 0;
    for (const Record& r : records) t = std::max(t, r.timestamp_ms);
    return t;
  }
};

using BatchPtr = std::shared_ptr<const RecordBatch>;

}  // namespace kafka
