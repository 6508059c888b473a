// See truncation.h.
#include "model/broker/truncation.h"

#include <algorithm>

namespace kafka {

TruncationDecision DecideTruncation(TruncationRule rule, std::pair<int32_t, Offset> leader_reply,
                                    const LeaderEpochCache& follower_epochs, Offset follower_leo,
                                    Offset follower_hw) {
  const auto [leader_epoch, leader_end] = leader_reply;
  switch (rule) {
    case TruncationRule::kToHighWatermark:
      return {follower_hw, true};
    case TruncationRule::kLeaderEpoch:
      if (leader_end == kUndefinedEpochOffset) return {follower_hw, true};
      return {std::min(leader_end, follower_leo), true};
    case TruncationRule::kLeaderEpochIterative: {
      if (leader_end == kUndefinedEpochOffset) return {follower_hw, true};
      if (leader_epoch == kUndefinedEpoch) return {std::min(leader_end, follower_leo), true};
      const auto [own_epoch, own_end] = follower_epochs.EndOffsetFor(leader_epoch, follower_leo);
      if (own_end == kUndefinedEpochOffset) {
        // The follower tracked no epochs then: the leader's answer is safe to take.
        return {std::min(leader_end, follower_leo), true};
      }
      if (own_epoch != leader_epoch) return {std::min(own_end, follower_leo), false};
      return {std::min({own_end, leader_end, follower_leo}), true};
    }
  }
  return {follower_hw, true};
}

}  // namespace kafka
