// The sticky assignors' general algorithm, for groups whose members subscribe to different
// topics (Kafka's AbstractStickyAssignor.generalAssign, 2.8 to 3.4):
// 1. keep every valid owned partition (per partition, the claim of the highest generation; the
//    next highest is its previous owner);
// 2. drop partitions whose topic is gone or that their owner no longer subscribes to;
// 3. deal the unassigned partitions, those with the fewest potential consumers first, each to
//    the eligible member holding the fewest (ties: the smaller member id);
// 4. while unbalanced, move a partition to its previous owner or to a member holding at least two
//    fewer, undoing an earlier move of the same topic where one exists (stickiness); keep the
//    result only if the balance score (sum of |size difference| over member pairs) improved.
// Where Kafka iterates a HashMap, kafkasim goes by member id, or by topic and partition.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/group/sticky_assignor.h"

namespace kafka {

struct GeneralStickyResult {
  Assignment assignment;
  // Each partition's owner as the members reported it (the highest generation's claim).
  std::map<TopicPartition, std::string> current_owner;
};

GeneralStickyResult StickyGeneralAssign(const std::map<std::string, int32_t>& partitions_per_topic,
                                        const std::vector<StickyMember>& members);

}  // namespace kafka
