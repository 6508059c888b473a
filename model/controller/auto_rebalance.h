// The controller's automatic preferred-leader rebalance (KafkaController
// checkAndTriggerAutoLeaderRebalance, run every leader.imbalance.check.interval.seconds = 300).
// For each broker, among the partitions whose preferred replica (first in the assignment) it is,
// the share it does not lead is its imbalance. Above leader.imbalance.per.broker.percentage (10),
// the partitions it should lead get a preferred election, if it is live and in their ISR.
// Compared in integers (not_led * 100 > percentage * preferred): no floating point decides.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "model/common/ids.h"
#include "model/controller/leader_election.h"

namespace kafka {

struct PartitionLeadership {
  std::vector<int32_t> assignment;
  LeaderAndIsr state;
};

// The partitions to run a preferred election for, by the preferred broker's imbalance.
std::vector<TopicPartition> PartitionsToRebalance(
    const std::map<TopicPartition, PartitionLeadership>& partitions, const std::set<int32_t>& live,
    int32_t imbalance_percentage = 10);

}  // namespace kafka
