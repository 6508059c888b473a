// See assignor.h.
#include "model/group/assignor.h"

#include <algorithm>
#include <set>

namespace kafka {

std::vector<GroupMember> SortedMembers(std::vector<GroupMember> members) {
  std::sort(members.begin(), members.end(), [](const GroupMember& a, const GroupMember& b) {
    if (a.group_instance_id.has_value() != b.group_instance_id.has_value()) {
      return a.group_instance_id.has_value();  // static members first
    }
    if (a.group_instance_id && *a.group_instance_id != *b.group_instance_id) {
      return *a.group_instance_id < *b.group_instance_id;
    }
    return a.member_id < b.member_id;
  });
  return members;
}

namespace {
bool Subscribes(const GroupMember& m, const std::string& topic) {
  return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
}
Assignment EmptyFor(const std::vector<GroupMember>& members) {
  Assignment a;
  for (const GroupMember& m : members) a[m.member_id];
  return a;
}
void SortLists(Assignment& a) {
  for (auto& [member, tps] : a) std::sort(tps.begin(), tps.end());
}
}  // namespace

Assignment AssignRange(const std::map<std::string, int32_t>& partitions_per_topic,
                       const std::vector<GroupMember>& members) {
  Assignment out = EmptyFor(members);
  const std::vector<GroupMember> sorted = SortedMembers(members);
  for (const auto& [topic, n] : partitions_per_topic) {
    std::vector<const GroupMember*> subscribers;
    for (const GroupMember& m : sorted) {
      if (Subscribes(m, topic)) subscribers.push_back(&m);
    }
    if (subscribers.empty()) continue;
    const int32_t c = static_cast<int32_t>(subscribers.size());
    const int32_t per = n / c, extra = n % c;
    for (int32_t i = 0; i < c; ++i) {
      const int32_t start = per * i + std::min(i, extra);
      const int32_t length = per + (i < extra ? 1 : 0);
      for (int32_t p = start; p < start + length; ++p) {
        out[subscribers[static_cast<size_t>(i)]->member_id].push_back({topic, p});
      }
    }
  }
  SortLists(out);
  return out;
}

Assignment AssignRoundRobin(const std::map<std::string, int32_t>& partitions_per_topic,
                            const std::vector<GroupMember>& members) {
  Assignment out = EmptyFor(members);
  const std::vector<GroupMember> sorted = SortedMembers(members);
  if (sorted.empty()) return out;
  std::set<std::string> subscribed;
  for (const GroupMember& m : sorted) subscribed.insert(m.topics.begin(), m.topics.end());
  size_t next = 0;  // the circular iterator
  for (const std::string& topic : subscribed) {
    const auto n = partitions_per_topic.find(topic);
    if (n == partitions_per_topic.end()) continue;
    for (int32_t p = 0; p < n->second; ++p) {
      while (!Subscribes(sorted[next], topic)) next = (next + 1) % sorted.size();
      out[sorted[next].member_id].push_back({topic, p});
      next = (next + 1) % sorted.size();
    }
  }
  SortLists(out);
  return out;
}

}  // namespace kafka
