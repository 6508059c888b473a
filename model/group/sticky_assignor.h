// The sticky and cooperative-sticky assignors (Kafka 3.6 clients/.../consumer/internals/
// AbstractStickyAssignor.java). For groups whose members share one subscription, constrainedAssign:
//
// Owned partitions count only for members of the highest generation, and a partition claimed by two
// such members counts for neither. With P partitions and C members, minQ = P/C, maxQ = ceil(P/C),
// and P%C members may hold maxQ. Each member keeps its owned partitions (sorted by partition, then
// topic) up to minQ, or up to maxQ while members at maxQ are still wanted; the rest are revoked.
// The unassigned partitions (by topic, then partition) are dealt round-robin to the members below
// minQ (sorted by id); members that reach minQ queue up, in order, for the partitions left over.
// Kafka walks the owners in a HashMap's order; kafkasim walks them by member id.
//
// Cooperative: a partition moving to a new owner is first withheld (the old owner revokes it; a
// second rebalance hands it over).
//
// Members with different subscriptions go to Kafka's general algorithm (sticky_general.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/group/assignor.h"

namespace kafka {

struct StickyMember {
  GroupMember member;
  std::vector<TopicPartition> owned;  // what it held, as it reports in its subscription
  int32_t generation = -1;            // the generation it held them in (-1: none)
};

struct StickyResult {
  Assignment assignment;
  std::vector<TopicPartition> withheld;  // cooperative: moving this round, assigned next round
  std::string error;
  bool ok() const { return error.empty(); }
};

StickyResult StickyAssign(const std::map<std::string, int32_t>& partitions_per_topic,
                          const std::vector<StickyMember>& members, bool cooperative);

}  // namespace kafka
