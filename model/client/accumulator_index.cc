// See accumulator_index.h.
#include "model/client/accumulator_index.h"

#include <algorithm>

namespace kafka {

void AccumulatorIndex::Set(const TopicPartition& tp, std::optional<Keys> keys) {
  const auto old = keys_.find(tp);
  if (old != keys_.end()) {
    if (keys && *keys == old->second) return;
    due_.erase({old->second.due_ms, tp});
    if (old->second.ready_ms) ready_.erase({*old->second.ready_ms, tp});
    if (old->second.expiry_ms) expiry_.erase({*old->second.expiry_ms, tp});
    keys_.erase(old);
  }
  if (!keys) return;
  due_.insert({keys->due_ms, tp});
  if (keys->ready_ms) ready_.insert({*keys->ready_ms, tp});
  if (keys->expiry_ms) expiry_.insert({*keys->expiry_ms, tp});
  keys_.emplace(tp, *keys);
}

std::vector<TopicPartition> AccumulatorIndex::Due(int64_t now) const {
  std::vector<TopicPartition> due;
  for (auto it = due_.begin(); it != due_.end() && it->first <= now; ++it) {
    due.push_back(it->second);
  }
  std::sort(due.begin(), due.end());
  return due;
}

std::optional<int64_t> AccumulatorIndex::NextReadyAfter(
    int64_t now, const std::vector<TopicPartition>& skip) const {
  const TopicPartition lowest{"", std::numeric_limits<int32_t>::min()};
  for (auto it = now == kNever ? ready_.end() : ready_.lower_bound({now + 1, lowest});
       it != ready_.end(); ++it) {
    if (!std::binary_search(skip.begin(), skip.end(), it->second)) return it->first;
  }
  return std::nullopt;
}

std::optional<int64_t> AccumulatorIndex::EarliestExpiry() const {
  if (expiry_.empty()) return std::nullopt;
  return expiry_.begin()->first;
}

void AccumulatorIndex::Clear() {
  keys_.clear();
  due_.clear();
  ready_.clear();
  expiry_.clear();
}

}  // namespace kafka
