// LeaderEpochCache: for each leader epoch, the first offset written in it (Kafka 2.8
// core/src/main/scala/kafka/server/epoch/LeaderEpochFileCache.scala). It answers
// OffsetsForLeaderEpoch, which lets a new follower find where its log and the leader's diverge
// (KIP-101, KIP-279).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

inline constexpr int32_t kUndefinedEpoch = -1;
inline constexpr Offset kUndefinedEpochOffset = -1;

struct EpochEntry {
  int32_t epoch;
  Offset start_offset;
  bool operator==(const EpochEntry&) const = default;
};

class LeaderEpochCache {
 public:
  // Records that `epoch` starts at `start_offset`. An entry that is not newer in both epoch and
  // offset than the last one is dropped first (maybeTruncateNonMonotonicEntries).
  void Assign(int32_t epoch, Offset start_offset);

  // endOffsetFor: (requested, LEO) for the latest epoch; otherwise (the largest epoch <= requested,
  // the start offset of the first epoch above it); (requested, first start) when requested is below
  // every epoch; (-1, -1) when unknown.
  std::pair<int32_t, Offset> EndOffsetFor(int32_t requested, Offset log_end_offset) const;

  // Drops the entries that start at or after `end_offset` (the log was truncated there).
  void TruncateFromEnd(Offset end_offset);
  // Drops entries below `start_offset`, keeping the last of them moved up to it.
  void TruncateFromStart(Offset start_offset);

  std::optional<int32_t> LatestEpoch() const;
  const std::vector<EpochEntry>& entries() const { return entries_; }
  void Clear() { entries_.clear(); }

 private:
  std::vector<EpochEntry> entries_;  // ascending in both epoch and start offset
};

}  // namespace kafka
