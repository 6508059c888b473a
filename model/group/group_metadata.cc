// See group_metadata.h.
#include "model/group/group_metadata.h"

#include <algorithm>

namespace kafka {

const char* ToString(GroupState state) {
  switch (state) {
    case GroupState::kEmpty:
      return "Empty";
    case GroupState::kPreparingRebalance:
      return "PreparingRebalance";
    case GroupState::kCompletingRebalance:
      return "CompletingRebalance";
    case GroupState::kStable:
      return "Stable";
    case GroupState::kDead:
      return "Dead";
  }
  return "?";
}

bool CanTransition(GroupState from, GroupState to) {
  switch (to) {
    case GroupState::kPreparingRebalance:
      return from == GroupState::kStable || from == GroupState::kCompletingRebalance ||
             from == GroupState::kEmpty;
    case GroupState::kCompletingRebalance:
      return from == GroupState::kPreparingRebalance;
    case GroupState::kStable:
      return from == GroupState::kCompletingRebalance;
    case GroupState::kEmpty:
      return from == GroupState::kPreparingRebalance;
    case GroupState::kDead:
      return true;
  }
  return false;
}

bool GroupMetadata::Transition(GroupState to) {
  if (!CanTransition(state, to)) return false;
  state = to;
  return true;
}

bool GroupMetadata::AllMembersJoined() const {
  return pending_members.empty() && std::all_of(members.begin(), members.end(), [](const auto& m) {
           return m.second.join_waiter.has_value();
         });
}

int32_t GroupMetadata::RebalanceTimeoutMs() const {
  int32_t timeout = 0;
  for (const auto& [id, m] : members) timeout = std::max(timeout, m.rebalance_timeout_ms);
  return timeout;
}

bool GroupMetadata::SupportsProtocols(const std::vector<std::string>& protocols) const {
  if (members.empty()) return !protocols.empty();
  for (const std::string& p : protocols) {
    const bool everyone = std::all_of(members.begin(), members.end(), [&](const auto& m) {
      const auto& theirs = m.second.protocols;
      return std::find(theirs.begin(), theirs.end(), p) != theirs.end();
    });
    if (everyone) return true;
  }
  return false;
}

// GroupMetadata.selectProtocol: candidates are the protocols all members support; each member
// votes for the first candidate in its own order.
std::string GroupMetadata::SelectProtocol() const {
  if (members.empty()) return "";
  std::vector<std::string> candidates = members.begin()->second.protocols;
  std::erase_if(candidates, [&](const std::string& p) {
    return std::any_of(members.begin(), members.end(), [&](const auto& m) {
      const auto& theirs = m.second.protocols;
      return std::find(theirs.begin(), theirs.end(), p) == theirs.end();
    });
  });
  std::map<std::string, int> votes;
  for (const auto& [id, m] : members) {
    for (const std::string& p : m.protocols) {
      if (std::find(candidates.begin(), candidates.end(), p) != candidates.end()) {
        ++votes[p];
        break;
      }
    }
  }
  std::string best;
  int most = 0;
  for (const auto& [p, n] : votes) {
    if (n > most) {
      best = p;
      most = n;
    }
  }
  return best;
}

const MemberMetadata* GroupMetadata::FindStatic(const std::string& instance_id) const {
  for (const auto& [id, m] : members) {
    if (m.group_instance_id == instance_id) return &m;
  }
  return nullptr;
}

}  // namespace kafka
