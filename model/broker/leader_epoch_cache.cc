// See leader_epoch_cache.h.
#include "model/broker/leader_epoch_cache.h"

#include <algorithm>

namespace kafka {

void LeaderEpochCache::Assign(int32_t epoch, Offset start_offset) {
  if (!entries_.empty()) {
    const EpochEntry& last = entries_.back();
    if (epoch == last.epoch && start_offset >= last.start_offset) return;  // no update needed
  }
  while (!entries_.empty() &&
         (entries_.back().epoch >= epoch || entries_.back().start_offset >= start_offset)) {
    entries_.pop_back();
  }
  entries_.push_back({epoch, start_offset});
}

std::pair<int32_t, Offset> LeaderEpochCache::EndOffsetFor(int32_t requested,
                                                          Offset log_end_offset) const {
  if (requested == kUndefinedEpoch || entries_.empty())
    return {kUndefinedEpoch, kUndefinedEpochOffset};
  if (entries_.back().epoch == requested) return {requested, log_end_offset};
  // The first entry with an epoch above the requested one.
  const auto higher = std::upper_bound(entries_.begin(), entries_.end(), requested,
                                       [](int32_t e, const EpochEntry& x) { return e < x.epoch; });
  if (higher == entries_.end()) return {kUndefinedEpoch, kUndefinedEpochOffset};
  if (higher == entries_.begin()) return {requested, higher->start_offset};
  return {std::prev(higher)->epoch, higher->start_offset};
}

void LeaderEpochCache::TruncateFromEnd(Offset end_offset) {
  while (!entries_.empty() && entries_.back().start_offset >= end_offset) entries_.pop_back();
}

void LeaderEpochCache::TruncateFromStart(Offset start_offset) {
  size_t keep_from = 0;
  while (keep_from + 1 < entries_.size() && entries_[keep_from + 1].start_offset <= start_offset) {
    ++keep_from;
  }
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<ptrdiff_t>(keep_from));
  if (!entries_.empty() && entries_.front().start_offset < start_offset) {
    entries_.front().start_offset = start_offset;
  }
}

std::optional<int32_t> LeaderEpochCache::LatestEpoch() const {
  if (entries_.empty()) return std::nullopt;
  return entries_.back().epoch;
}

}  // namespace kafka
