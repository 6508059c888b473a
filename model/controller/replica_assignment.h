// Replica assignment at topic creation, exactly as Kafka's AdminUtils does it (2.8.0
// core/src/main/scala/kafka/admin/AdminUtils.scala; the same in 3.6's server-common).
//
// Rack-unaware: brokers sorted by id; the first replica of partition p is broker
// (p + startIndex) % n, and the others follow at a shift that grows by one every n partitions, so
// leaders and followers spread evenly. Rack-aware (every broker has a rack): the same walk over a
// broker list that alternates racks, skipping a broker whose rack (or itself) already holds a
// replica while some rack (or broker) holds none. startIndex and the initial shift are drawn at
// random, independently, unless fixed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/rng.h"

namespace kafka {

struct BrokerPlacement {
  int32_t id = 0;
  std::optional<std::string> rack;
};

struct AssignmentRequest {
  int32_t partitions = 1;
  int32_t replication_factor = 1;
  std::optional<int32_t> start_index;  // AdminUtils' fixedStartIndex
  // The initial shift; Kafka ties it to the fixed start index (kept apart here for teaching).
  std::optional<int32_t> shift;
  int32_t start_partition_id = 0;  // for adding partitions to an existing topic
};

struct AssignmentResult {
  std::map<int32_t, std::vector<int32_t>> replicas;  // partition -> brokers, preferred leader first
  int32_t start_index = 0;
  int32_t shift = 0;
  bool rack_aware = false;
  std::vector<int32_t> broker_order;  // the (rack-alternated) list the walk went over
  std::string
      error;  // Kafka's message, e.g. "Replication factor: 3 larger than available brokers: 1."
  bool ok() const { return error.empty(); }
};

// Draws startIndex and shift from `rng` (in that order) when they are not fixed.
AssignmentResult AssignReplicas(std::vector<BrokerPlacement> brokers,
                                const AssignmentRequest& request, sim::Rng& rng);

}  // namespace kafka
