// Where a replica that becomes a follower truncates its log, by release (kafka.md section 2;
// AbstractFetcherThread.getOffsetTruncationState in 2.8):
// - before 0.11: to its own high watermark (which KIP-101 showed can lose or fork data);
// - 0.11 to 1.1 (KIP-101): ask the leader for the end offset of the follower's latest epoch, and
//   truncate to min(that, LEO) in one round (KIP-279 showed this can still fork);
// - 2.0 on (KIP-279): if the leader answers with an epoch the follower does not have, truncate to
//   the follower's own end of the largest epoch below it and ask again, until the epochs agree.
#pragma once

#include <utility>

#include "model/broker/leader_epoch_cache.h"
#include "model/common/version_profile.h"

namespace kafka {

struct TruncationDecision {
  Offset truncate_to = 0;
  bool completed = true;  // false: truncate, then ask the leader again
};

// `leader_reply` is the leader's (epoch, end offset) for OffsetsForLeaderEpoch(follower's latest
// epoch); ignored by kToHighWatermark.
TruncationDecision DecideTruncation(TruncationRule rule, std::pair<int32_t, Offset> leader_reply,
                                    const LeaderEpochCache& follower_epochs, Offset follower_leo,
                                    Offset follower_hw);

}  // namespace kafka
