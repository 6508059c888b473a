// See auto_rebalance.h.
#include "model/controller/auto_rebalance.h"

#include <algorithm>

namespace kafka {

std::vector<TopicPartition> PartitionsToRebalance(
    const std::map<TopicPartition, PartitionLeadership>& partitions, const std::set<int32_t>& live,
    int32_t imbalance_percentage) {
  std::map<int32_t, std::vector<const std::pair<const TopicPartition, PartitionLeadership>*>>
      by_preferred;
  for (const auto& entry : partitions) {
    if (!entry.second.assignment.empty())
      by_preferred[entry.second.assignment.front()].push_back(&entry);
  }
  std::vector<TopicPartition> out;
  for (const auto& [broker, owned] : by_preferred) {
    std::vector<TopicPartition> not_led;
    for (const auto* entry : owned) {
      if (entry->second.state.leader != broker) not_led.push_back(entry->first);
    }
    if (static_cast<int64_t>(not_led.size()) * 100 <=
        static_cast<int64_t>(imbalance_percentage) * static_cast<int64_t>(owned.size())) {
      continue;
    }
    for (const TopicPartition& tp : not_led) {
      const LeaderAndIsr& s = partitions.at(tp).state;
      const bool in_isr = std::find(s.isr.begin(), s.isr.end(), broker) != s.isr.end();
      if (live.contains(broker) && in_isr) out.push_back(tp);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kafka
