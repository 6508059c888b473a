// See leader_election.h.
#include "model/controller/leader_election.h"

#include <algorithm>

namespace kafka {
namespace {

bool Contains(const std::vector<int32_t>& v, int32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

LeaderAndIsr Next(const LeaderAndIsr& current, int32_t leader, std::vector<int32_t> isr) {
  return LeaderAndIsr{leader, current.leader_epoch + 1, std::move(isr)};
}

}  // namespace

ElectionResult ElectOfflinePartitionLeader(const std::vector<int32_t>& assignment,
                                           const LeaderAndIsr& current,
                                           const std::set<int32_t>& live,
                                           bool unclean_leader_election_enable) {
  for (int32_t a : assignment) {
    if (live.contains(a) && Contains(current.isr, a)) {
      std::vector<int32_t> isr;
      for (int32_t r : current.isr) {
        if (live.contains(r)) isr.push_back(r);
      }
      return {Next(current, a, std::move(isr)), false};
    }
  }
  if (unclean_leader_election_enable) {
    for (int32_t a : assignment) {
      if (live.contains(a)) return {Next(current, a, {a}), true};
    }
  }
  return {};
}

ElectionResult ElectControlledShutdownLeader(const std::vector<int32_t>& assignment,
                                             const LeaderAndIsr& current,
                                             const std::set<int32_t>& live,
                                             const std::set<int32_t>& shutting_down) {
  for (int32_t a : assignment) {
    if (live.contains(a) && Contains(current.isr, a) && !shutting_down.contains(a)) {
      std::vector<int32_t> isr;
      for (int32_t r : current.isr) {
        if (!shutting_down.contains(r)) isr.push_back(r);
      }
      return {Next(current, a, std::move(isr)), false};
    }
  }
  return {};
}

ElectionResult ElectPreferredLeader(const std::vector<int32_t>& assignment,
                                    const LeaderAndIsr& current, const std::set<int32_t>& live) {
  if (assignment.empty()) return {};
  const int32_t preferred = assignment.front();
  if (!live.contains(preferred) || !Contains(current.isr, preferred)) return {};
  return {Next(current, preferred, current.isr), false};
}

ElectionResult ElectReassignedLeader(const std::vector<int32_t>& target,
                                     const LeaderAndIsr& current, const std::set<int32_t>& live) {
  for (int32_t a : target) {
    if (live.contains(a) && Contains(current.isr, a)) return {Next(current, a, current.isr), false};
  }
  return {};
}

std::optional<LeaderAndIsr> InitialLeaderAndIsr(const std::vector<int32_t>& assignment,
                                                const std::set<int32_t>& live) {
  std::vector<int32_t> isr;
  for (int32_t a : assignment) {
    if (live.contains(a)) isr.push_back(a);
  }
  if (isr.empty()) return std::nullopt;
  return LeaderAndIsr{isr.front(), 0, isr};
}

LeaderAndIsr RemoveReplicaFromIsr(const LeaderAndIsr& current, int32_t replica) {
  LeaderAndIsr next = current;
  next.leader_epoch += 1;
  if (next.leader == replica) next.leader = -1;
  if (next.isr.size() > 1) std::erase(next.isr, replica);
  return next;
}

}  // namespace kafka
