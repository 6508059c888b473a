// ExternalSink: the system a consumer writes what it processes to (a database, a search index).
// It lives outside Kafka, so it keeps what it stored through consumer crashes and rebalances. It
// counts every write of every record, so a checker can see what was processed and how often; an
// idempotent sink keys records by their partition and offset and ignores one it already holds,
// which is how a consumer gets exactly-once from Kafka into an external system.
//
// It is modelled as a store the consumer writes to directly (no network between them): the
// failures under study are Kafka's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "model/common/ids.h"

namespace kafka {

class ExternalSink {
 public:
  explicit ExternalSink(bool idempotent) : idempotent_(idempotent) {}

  // Returns whether the record was stored (an idempotent sink refuses a repeat).
  bool Write(const TopicPartition& tp, Offset offset, int64_t value) {
    ++attempts_[value];
    if (idempotent_ && stored_.contains({tp, offset})) return false;
    stored_[{tp, offset}] = value;
    ++stored_count_[value];
    return true;
  }
  bool idempotent() const { return idempotent_; }
  // How many times each value was stored (more than once: a duplicate in the sink).
  const std::map<int64_t, int>& stored_counts() const { return stored_count_; }
  const std::map<std::pair<TopicPartition, Offset>, int64_t>& stored() const { return stored_; }
  // How many times each value was written at all, refused repeats included.
  const std::map<int64_t, int>& attempts() const { return attempts_; }

 private:
  bool idempotent_;
  std::map<std::pair<TopicPartition, Offset>, int64_t> stored_;
  std::map<int64_t, int> stored_count_;
  std::map<int64_t, int> attempts_;
};

using SinkPtr = std::shared_ptr<ExternalSink>;

}  // namespace kafka
