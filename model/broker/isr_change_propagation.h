// How a partition leader told the controller about ISR changes before 2.7 (ZkIsrManager,
// "isr-change-propagation"): every 2500 ms a task looks at the changes recorded since it last
// wrote; it writes them in one /isr_change_notification/isr_change_<seq> znode once no change has
// happened for 5000 ms, or once 60000 ms have passed since the last write, whichever comes first.
// The controller then re-reads those partitions' states and sends UpdateMetadata.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

class IsrChangePropagation {
 public:
  static constexpr int64_t kCheckIntervalMs = 2500;
  static constexpr int64_t kBlackoutMs = 5000;
  static constexpr int64_t kMaxDelayMs = 60000;

  // A partition's ISR changed (the ZK write succeeded).
  void Record(const TopicPartition& tp, int64_t now_ms);
  // The check the task makes every kCheckIntervalMs: the partitions to announce now, if any.
  std::optional<std::vector<TopicPartition>> MaybePropagate(int64_t now_ms);

 private:
  std::set<TopicPartition> pending_;
  int64_t last_change_ms_ = 0;
  int64_t last_propagation_ms_ = 0;
};

}  // namespace kafka
