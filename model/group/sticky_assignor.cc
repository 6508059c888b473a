// See sticky_assignor.h.
#include "model/group/sticky_assignor.h"

#include "model/group/sticky_general.h"

#include <algorithm>
#include <deque>
#include <set>

namespace kafka {
namespace {

// CooperativeStickyAssignor.adjustAssignment: a partition changing owner is only revoked in this
// rebalance; the next one hands it over.
void WithholdMoving(const std::map<TopicPartition, std::string>& previous_owner,
                    StickyResult* out) {
  for (auto& entry : out->assignment) {
    const std::string& id = entry.first;  // a plain reference: lambdas may use it (clang 14)
    std::erase_if(entry.second, [&](const TopicPartition& tp) {
      const auto prev = previous_owner.find(tp);
      const bool moving = prev != previous_owner.end() && prev->second != id;
      if (moving) out->withheld.push_back(tp);
      return moving;
    });
  }
  std::sort(out->withheld.begin(), out->withheld.end());
}

}  // namespace

StickyResult StickyAssign(const std::map<std::string, int32_t>& partitions_per_topic,
                          const std::vector<StickyMember>& members_in, bool cooperative) {
  StickyResult out;
  std::vector<StickyMember> members = members_in;
  std::sort(members.begin(), members.end(), [](const StickyMember& a, const StickyMember& b) {
    return a.member.member_id < b.member.member_id;
  });
  for (const StickyMember& m : members) out.assignment[m.member.member_id];
  if (members.empty()) return out;

  std::set<std::string> subscription(members[0].member.topics.begin(),
                                     members[0].member.topics.end());
  for (const StickyMember& m : members) {
    if (std::set<std::string>(m.member.topics.begin(), m.member.topics.end()) != subscription) {
      // Different subscriptions: the general algorithm (sticky_general.h).
      GeneralStickyResult general = StickyGeneralAssign(partitions_per_topic, members);
      out.assignment = std::move(general.assignment);
      if (cooperative) WithholdMoving(general.current_owner, &out);
      return out;
    }
  }
  std::vector<TopicPartition> all;  // by topic, then partition
  for (const std::string& topic : subscription) {
    const auto n = partitions_per_topic.find(topic);
    if (n == partitions_per_topic.end()) continue;
    for (int32_t p = 0; p < n->second; ++p) all.push_back({topic, p});
  }
  const std::set<TopicPartition> exists(all.begin(), all.end());

  // Owned partitions of the highest generation only; a partition claimed twice there is nobody's.
  int32_t max_generation = -1;
  for (const StickyMember& m : members) max_generation = std::max(max_generation, m.generation);
  std::map<std::string, std::vector<TopicPartition>> owned;
  std::map<TopicPartition, int> claims;
  std::map<TopicPartition, std::string> previous_owner;
  for (const StickyMember& m : members) {
    if (m.generation != max_generation || m.generation < 0) continue;
    for (const TopicPartition& tp : m.owned) {
      if (!exists.contains(tp)) continue;
      ++claims[tp];
      previous_owner[tp] = m.member.member_id;
      owned[m.member.member_id].push_back(tp);
    }
  }
  std::set<TopicPartition> revoked;
  for (auto& [id, tps] : owned) {
    std::erase_if(tps, [&](const TopicPartition& tp) {
      if (claims[tp] < 2) return false;
      revoked.insert(tp);
      return true;
    });
    // ownedPartitions sorted by partition, then topic
    std::sort(tps.begin(), tps.end(), [](const TopicPartition& a, const TopicPartition& b) {
      return a.partition != b.partition ? a.partition < b.partition : a.topic < b.topic;
    });
  }
  for (const auto& [tp, n] : claims) {
    if (n >= 2) previous_owner.erase(tp);
  }

  const int32_t p = static_cast<int32_t>(all.size());
  const int32_t c = static_cast<int32_t>(members.size());
  const int32_t min_quota = p / c;
  const int32_t max_quota = (p + c - 1) / c;
  const int32_t expected_at_max = p % c;
  int32_t at_max = 0;
  std::vector<std::string> under_min;
  std::deque<std::string> exactly_min;
  std::set<TopicPartition> assigned;
  for (const StickyMember& m : members) {
    const std::string& id = m.member.member_id;
    const std::vector<TopicPartition>& mine = owned[id];
    std::vector<TopicPartition>& target = out.assignment[id];
    const int32_t n = static_cast<int32_t>(mine.size());
    int32_t keep;
    if (n < min_quota) {
      keep = n;
      under_min.push_back(id);
    } else if (n >= max_quota && at_max < expected_at_max) {
      keep = max_quota;
      if (++at_max == expected_at_max) exactly_min.clear();
    } else {
      keep = min_quota;
      if (at_max < expected_at_max) exactly_min.push_back(id);
    }
    for (int32_t i = 0; i < n; ++i) {
      if (i < keep) {
        target.push_back(mine[static_cast<size_t>(i)]);
        assigned.insert(mine[static_cast<size_t>(i)]);
      } else {
        revoked.insert(mine[static_cast<size_t>(i)]);
      }
    }
  }
  std::sort(under_min.begin(), under_min.end());
  std::sort(exactly_min.begin(), exactly_min.end());

  size_t cursor = 0;
  for (const TopicPartition& tp : all) {
    if (assigned.contains(tp)) continue;
    std::string who;
    if (cursor < under_min.size()) {
      who = under_min[cursor];
    } else if (!under_min.empty()) {
      cursor = 0;
      who = under_min[cursor];
    } else if (!exactly_min.empty()) {
      who = exactly_min.front();
      exactly_min.pop_front();
    } else {
      out.error = "internal: no member left for " + ToString(tp);
      return out;
    }
    std::vector<TopicPartition>& target = out.assignment[who];
    target.push_back(tp);
    const int32_t count = static_cast<int32_t>(target.size());
    if (cursor < under_min.size() && under_min[cursor] == who) {
      if (count == min_quota) {
        under_min.erase(under_min.begin() + static_cast<ptrdiff_t>(cursor));
        exactly_min.push_back(who);
      } else {
        ++cursor;
      }
    }
    if (count == max_quota) ++at_max;
  }

  for (auto& [id, tps] : out.assignment) std::sort(tps.begin(), tps.end());
  if (cooperative) WithholdMoving(previous_owner, &out);
  return out;
}

}  // namespace kafka
