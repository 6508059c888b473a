// See sticky_general.h.
#include "model/group/sticky_general.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

namespace kafka {
namespace {

using Lists = std::map<std::string, std::vector<TopicPartition>>;

bool Has(const std::vector<TopicPartition>& v, const TopicPartition& tp) {
  return std::find(v.begin(), v.end(), tp) != v.end();
}

// PartitionMovements: the moves made so far, by topic, so that a later move in the opposite
// direction undoes an earlier one instead of shuffling a second partition.
class Movements {
 public:
  TopicPartition ActualPartitionToMove(const TopicPartition& tp, std::string old_owner,
                                       const std::string& new_owner) const {
    const auto topic = by_topic_.find(tp.topic);
    if (topic == by_topic_.end()) return tp;
    if (const auto m = moves_.find(tp); m != moves_.end()) old_owner = m->second.first;
    const auto reverse = topic->second.find({new_owner, old_owner});
    if (reverse == topic->second.end() || reverse->second.empty()) return tp;
    return *reverse->second.begin();
  }
  void Move(const TopicPartition& tp, const std::string& from, const std::string& to) {
    if (const auto m = moves_.find(tp); m != moves_.end()) {
      const auto [src, dst] = m->second;
      Remove(tp);
      if (src != to) Add(tp, {src, to});  // not going back where it came from
    } else {
      Add(tp, {from, to});
    }
  }

 private:
  using Pair = std::pair<std::string, std::string>;  // from, to
  void Add(const TopicPartition& tp, const Pair& pair) {
    moves_[tp] = pair;
    by_topic_[tp.topic][pair].insert(tp);
  }
  void Remove(const TopicPartition& tp) {
    const Pair pair = moves_.at(tp);
    moves_.erase(tp);
    auto& topic = by_topic_[tp.topic];
    topic[pair].erase(tp);
    if (topic[pair].empty()) topic.erase(pair);
    if (topic.empty()) by_topic_.erase(tp.topic);
  }
  std::map<TopicPartition, Pair> moves_;
  std::map<std::string, std::map<Pair, std::set<TopicPartition>>> by_topic_;
};

class Builder {
 public:
  Builder(const std::map<std::string, int32_t>& partitions_per_topic,
          const std::vector<StickyMember>& members) {
    // prepopulateCurrentAssignments: per partition, its claimants by generation.
    std::map<TopicPartition, std::map<int32_t, std::string>> claims;
    for (const StickyMember& m : members) {
      for (const TopicPartition& tp : m.owned) {
        auto& by_generation = claims[tp];
        if (!by_generation.contains(m.generation)) by_generation[m.generation] = m.member.member_id;
      }
    }
    for (const auto& [tp, by_generation] : claims) {
      auto it = by_generation.rbegin();
      current_[it->second].push_back(tp);
      result_.current_owner[tp] = it->second;
      if (++it != by_generation.rend()) previous_[tp] = it->second;
    }
    for (const auto& [topic, n] : partitions_per_topic) {
      for (int32_t p = 0; p < n; ++p) potential_consumers_[{topic, p}];
    }
    for (const StickyMember& m : members) {
      const std::string& id = m.member.member_id;
      subscriptions_[id] = std::set<std::string>(m.member.topics.begin(), m.member.topics.end());
      auto& potential = potential_partitions_[id];
      for (const std::string& topic : subscriptions_[id]) {
        const auto n = partitions_per_topic.find(topic);
        if (n == partitions_per_topic.end()) continue;
        for (int32_t p = 0; p < n->second; ++p) {
          potential.push_back({topic, p});
          potential_consumers_[{topic, p}].push_back(id);
        }
      }
      current_[id];
    }
  }

  GeneralStickyResult Build() {
    for (const auto& [id, tps] : current_) {
      for (const TopicPartition& tp : tps) owner_[tp] = id;
    }
    std::vector<TopicPartition> sorted;
    for (const auto& [tp, consumers] : potential_consumers_) sorted.push_back(tp);
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
      return potential_consumers_[a].size() < potential_consumers_[b].size();
    });
    std::vector<TopicPartition> unassigned = sorted;
    bool revocation_required = false;
    for (auto it = current_.begin(); it != current_.end();) {
      if (!subscriptions_.contains(it->first)) {  // a member that left
        for (const TopicPartition& tp : it->second) owner_.erase(tp);
        it = current_.erase(it);
        continue;
      }
      std::erase_if(it->second, [&](const TopicPartition& tp) {
        if (!potential_consumers_.contains(tp)) {  // the partition is gone
          owner_.erase(tp);
          return true;
        }
        if (!subscriptions_[it->first].contains(tp.topic)) {  // no longer subscribed
          revocation_required = true;
          return true;
        }
        std::erase(unassigned, tp);
        return false;
      });
      ++it;
    }
    Balance(sorted, unassigned, revocation_required);
    for (auto& [id, tps] : current_) {
      std::sort(tps.begin(), tps.end());
      result_.assignment[id] = tps;
    }
    return result_;
  }

 private:
  // The members by (how many partitions they hold, member id): SubscriptionComparator.
  std::vector<std::string> SortedMembers() const {
    std::vector<std::string> ids;
    for (const auto& [id, tps] : current_) ids.push_back(id);
    std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
      const size_t sa = current_.at(a).size(), sb = current_.at(b).size();
      return sa != sb ? sa < sb : a < b;
    });
    return ids;
  }

  bool IsBalanced() const {
    const std::vector<std::string> sorted = SortedMembers();
    if (sorted.empty()) return true;
    const size_t min = current_.at(sorted.front()).size();
    const size_t max = current_.at(sorted.back()).size();
    if (min + 1 >= max) return true;
    for (const std::string& id : sorted) {
      const auto& mine = current_.at(id);
      const auto& potential = potential_partitions_.at(id);
      if (mine.size() == potential.size()) continue;
      for (const TopicPartition& tp : potential) {
        if (Has(mine, tp)) continue;
        const auto owner = owner_.find(tp);
        if (owner == owner_.end() || !current_.contains(owner->second)) continue;
        if (mine.size() < current_.at(owner->second).size()) return false;
      }
    }
    return true;
  }

  static int64_t BalanceScore(const Lists& assignment) {
    std::vector<int64_t> sizes;
    for (const auto& [id, tps] : assignment) sizes.push_back(static_cast<int64_t>(tps.size()));
    int64_t score = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
      for (size_t j = i + 1; j < sizes.size(); ++j) score += std::llabs(sizes[i] - sizes[j]);
    }
    return score;
  }

  void AssignPartition(const TopicPartition& tp) {
    for (const std::string& id : SortedMembers()) {
      if (Has(potential_partitions_.at(id), tp)) {
        current_[id].push_back(tp);
        owner_[tp] = id;
        return;
      }
    }
  }

  bool CanReassign(const TopicPartition& tp) const {
    return potential_consumers_.at(tp).size() >= 2;
  }
  bool CanReassign(const std::string& id) const {
    const auto& mine = current_.at(id);
    if (mine.size() < potential_partitions_.at(id).size()) return true;
    return std::any_of(mine.begin(), mine.end(), [&](const auto& tp) { return CanReassign(tp); });
  }

  void Move(const TopicPartition& partition, const std::string& to) {
    const std::string from = owner_.at(partition);
    const TopicPartition tp = movements_.ActualPartitionToMove(partition, from, to);
    const std::string old_owner = owner_.at(tp);
    movements_.Move(tp, old_owner, to);
    std::erase(current_[old_owner], tp);
    current_[to].push_back(tp);
    owner_[tp] = to;
  }

  bool PerformReassignments(const std::vector<TopicPartition>& partitions) {
    bool performed = false, modified = false;
    do {
      modified = false;
      for (const TopicPartition& tp : partitions) {
        if (IsBalanced()) break;
        const auto owner = owner_.find(tp);
        if (owner == owner_.end() || !current_.contains(owner->second)) continue;
        const std::string consumer = owner->second;
        const auto prev = previous_.find(tp);
        if (prev != previous_.end() && current_.contains(prev->second) &&
            current_.at(consumer).size() > current_.at(prev->second).size() + 1) {
          Move(tp, prev->second);
          performed = modified = true;
          continue;
        }
        for (const std::string& other : potential_consumers_.at(tp)) {
          if (!current_.contains(other)) continue;
          if (current_.at(consumer).size() > current_.at(other).size() + 1) {
            for (const std::string& id : SortedMembers()) {  // the emptiest eligible member
              if (Has(potential_partitions_.at(id), tp)) {
                Move(tp, id);
                break;
              }
            }
            performed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return performed;
  }

  void Balance(std::vector<TopicPartition> sorted, std::vector<TopicPartition> unassigned,
               bool revocation_required) {
    const std::vector<std::string> members = SortedMembers();
    const bool initializing = members.empty() || current_.at(members.back()).empty();
    for (const TopicPartition& tp : unassigned) {
      if (!potential_consumers_.at(tp).empty()) AssignPartition(tp);
    }
    std::erase_if(sorted, [&](const auto& tp) { return !CanReassign(tp); });
    std::erase_if(unassigned, [&](const auto& tp) { return !CanReassign(tp); });
    Lists fixed;
    for (const auto& [id, potential] : potential_partitions_) {
      if (!CanReassign(id)) {
        fixed[id] = current_.at(id);
        current_.erase(id);
      }
    }
    const Lists before = current_;
    const std::map<TopicPartition, std::string> owners_before = owner_;
    if (!revocation_required) PerformReassignments(unassigned);
    const bool performed = PerformReassignments(sorted);
    if (!initializing && performed && BalanceScore(current_) >= BalanceScore(before)) {
      current_ = before;
      owner_ = owners_before;
    }
    for (auto& [id, tps] : fixed) current_[id] = std::move(tps);
  }

  GeneralStickyResult result_;
  Lists current_;
  std::map<TopicPartition, std::string> previous_;
  std::map<TopicPartition, std::string> owner_;
  std::map<std::string, std::set<std::string>> subscriptions_;
  Lists potential_partitions_;
  std::map<TopicPartition, std::vector<std::string>> potential_consumers_;
  Movements movements_;
};

}  // namespace

GeneralStickyResult StickyGeneralAssign(const std::map<std::string, int32_t>& partitions_per_topic,
                                        const std::vector<StickyMember>& members) {
  std::vector<StickyMember> sorted = members;
  std::sort(sorted.begin(), sorted.end(), [](const StickyMember& a, const StickyMember& b) {
    return a.member.member_id < b.member.member_id;
  });
  return Builder(partitions_per_topic, sorted).Build();
}

}  // namespace kafka
