// See replica_assignment.h.
#include "model/controller/replica_assignment.h"

#include <algorithm>
#include <set>

namespace kafka {
namespace {

int32_t ReplicaIndex(int32_t first, int32_t shift, int32_t j, int32_t n) {
  const int32_t offset = 1 + (shift + j) % (n - 1);
  return (first + offset) % n;
}

// AdminUtils.getRackAlternatedBrokerList: racks in sorted order, one broker from each in turn.
std::vector<int32_t> RackAlternated(const std::vector<BrokerPlacement>& brokers) {
  std::map<std::string, std::vector<int32_t>> by_rack;
  for (const BrokerPlacement& b : brokers) by_rack[*b.rack].push_back(b.id);  // ids come sorted
  std::vector<int32_t> out;
  std::map<std::string, size_t> next;
  while (out.size() < brokers.size()) {
    for (const auto& [rack, ids] : by_rack) {
      if (out.size() == brokers.size()) break;
      size_t& i = next[rack];
      if (i < ids.size()) out.push_back(ids[i++]);
    }
  }
  return out;
}

}  // namespace

AssignmentResult AssignReplicas(std::vector<BrokerPlacement> brokers,
                                const AssignmentRequest& request, sim::Rng& rng) {
  AssignmentResult result;
  std::sort(brokers.begin(), brokers.end(),
            [](const BrokerPlacement& a, const BrokerPlacement& b) { return a.id < b.id; });
  if (request.partitions <= 0) {
    result.error = "Number of partitions must be larger than 0.";
    return result;
  }
  if (request.replication_factor <= 0) {
    result.error = "Replication factor must be larger than 0.";
    return result;
  }
  const int32_t n = static_cast<int32_t>(brokers.size());
  if (request.replication_factor > n) {
    result.error = "Replication factor: " + std::to_string(request.replication_factor) +
                   " larger than available brokers: " + std::to_string(n) + ".";
    return result;
  }
  const size_t with_rack = static_cast<size_t>(std::count_if(
      brokers.begin(), brokers.end(), [](const auto& b) { return b.rack.has_value(); }));
  if (with_rack != 0 && with_rack != brokers.size()) {
    result.error = "Not all brokers have rack information for replica rack aware assignment.";
    return result;
  }
  result.rack_aware = with_rack != 0;
  if (result.rack_aware) {
    result.broker_order = RackAlternated(brokers);
  } else {
    for (const BrokerPlacement& b : brokers) result.broker_order.push_back(b.id);
  }
  const std::vector<int32_t>& order = result.broker_order;
  std::map<int32_t, std::string> rack_of;
  for (const BrokerPlacement& b : brokers) rack_of[b.id] = b.rack.value_or("");
  std::set<std::string> racks;
  for (const BrokerPlacement& b : brokers) racks.insert(b.rack.value_or(""));

  // Two independent draws when not fixed; a fixed start index also fixes the shift (AdminUtils).
  const int32_t start =
      request.start_index.value_or(static_cast<int32_t>(rng.Below(static_cast<uint64_t>(n))));
  int32_t shift = request.shift         ? *request.shift
                  : request.start_index ? *request.start_index
                                        : static_cast<int32_t>(rng.Below(static_cast<uint64_t>(n)));
  result.start_index = start;
  result.shift = shift;

  int32_t p = std::max(0, request.start_partition_id);
  for (int32_t made = 0; made < request.partitions; ++made, ++p) {
    if (p > 0 && p % n == 0) ++shift;
    const int32_t first = (p + start) % n;
    std::vector<int32_t> replicas{order[first]};
    if (!result.rack_aware) {
      for (int32_t j = 0; j < request.replication_factor - 1; ++j) {
        replicas.push_back(order[ReplicaIndex(first, shift, j, n)]);
      }
    } else {
      std::set<std::string> racks_used{rack_of[order[first]]};
      std::set<int32_t> brokers_used{order[first]};
      int32_t k = 0;
      for (int32_t j = 0; j < request.replication_factor - 1; ++j) {
        while (true) {
          const int32_t b =
              order[ReplicaIndex(first, shift * static_cast<int32_t>(racks.size()), k, n)];
          ++k;
          const bool rack_ok =
              !racks_used.contains(rack_of[b]) || racks_used.size() == racks.size();
          const bool broker_ok =
              !brokers_used.contains(b) || static_cast<int32_t>(brokers_used.size()) == n;
          if (rack_ok && broker_ok) {
            replicas.push_back(b);
            racks_used.insert(rack_of[b]);
            brokers_used.insert(b);
            break;
          }
        }
      }
    }
    result.replicas[p] = std::move(replicas);
  }
  return result;
}

}  // namespace kafka
