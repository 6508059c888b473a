// AccumulatorIndex: the producer's per-partition queues ordered by when each next needs the
// sender, so that a drain visits the partitions that have something to do (a batch ready to go,
// or one to expire) instead of every partition the producer ever wrote to. Kafka's sender walks
// every partition's deque in RecordAccumulator.ready; the simulation keeps that walk's outcome
// (the same batches, requests and wake-ups, in the same order) at the cost of what is due.
//
// The producer states each queue's keys whenever its front batch or its mute changes:
// - due: the earliest time the queue needs a visit (its front may be sent, or must expire);
// - ready: when its front batch may be sent, if it is not muted (kReadyNow: already);
// - expiry: when its front batch's delivery.timeout.ms runs out, if that sets a wake-up (not muted,
//   not yet sent).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

class AccumulatorIndex {
 public:
  static constexpr int64_t kReadyNow = std::numeric_limits<int64_t>::min();
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  struct Keys {
    int64_t due_ms = kNever;
    std::optional<int64_t> ready_ms;
    std::optional<int64_t> expiry_ms;
    bool operator==(const Keys&) const = default;
  };

  // The queue of `tp` now has these keys (nothing: it is empty).
  void Set(const TopicPartition& tp, std::optional<Keys> keys);
  // The queues due at `now`, in TopicPartition order.
  std::vector<TopicPartition> Due(int64_t now) const;
  // The earliest ready time after `now` among the queues not in `skip` (sorted).
  std::optional<int64_t> NextReadyAfter(int64_t now, const std::vector<TopicPartition>& skip) const;
  // The earliest expiry among the queues that set one.
  std::optional<int64_t> EarliestExpiry() const;
  void Clear();

 private:
  using Entry = std::pair<int64_t, TopicPartition>;
  std::map<TopicPartition, Keys> keys_;
  std::set<Entry> due_, ready_, expiry_;
};

}  // namespace kafka
