// See isr_change_propagation.h.
#include "model/broker/isr_change_propagation.h"

namespace kafka {

void IsrChangePropagation::Record(const TopicPartition& tp, int64_t now_ms) {
  pending_.insert(tp);
  last_change_ms_ = now_ms;
}

std::optional<std::vector<TopicPartition>> IsrChangePropagation::MaybePropagate(int64_t now_ms) {
  if (pending_.empty()) return std::nullopt;
  if (last_change_ms_ + kBlackoutMs >= now_ms && last_propagation_ms_ + kMaxDelayMs >= now_ms) {
    return std::nullopt;
  }
  std::vector<TopicPartition> out(pending_.begin(), pending_.end());
  pending_.clear();
  last_propagation_ms_ = now_ms;
  return out;
}

}  // namespace kafka
