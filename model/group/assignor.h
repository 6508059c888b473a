// Consumer group partition assignors, exactly as Kafka's clients compute them (2.8
// clients/.../consumer/RangeAssignor.java, RoundRobinAssignor.java, AbstractPartitionAssignor).
//
// Members sort with static members (a group.instance.id) first, by instance id, then the others by
// member id. Range works topic by topic: with C subscribers and N partitions, member i gets
// N/C partitions starting at i*(N/C) + min(i, N%C), the first N%C members one extra.
// RoundRobin deals all subscribed partitions, sorted by topic then number, round a circle of the
// members, skipping members not subscribed to the partition's topic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

struct GroupMember {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::vector<std::string> topics;  // its subscription
};

// member id -> its partitions, each list sorted by topic then partition.
using Assignment = std::map<std::string, std::vector<TopicPartition>>;

// Kafka's MemberInfo ordering.
std::vector<GroupMember> SortedMembers(std::vector<GroupMember> members);

Assignment AssignRange(const std::map<std::string, int32_t>& partitions_per_topic,
                       const std::vector<GroupMember>& members);
Assignment AssignRoundRobin(const std::map<std::string, int32_t>& partitions_per_topic,
                            const std::vector<GroupMember>& members);

}  // namespace kafka
