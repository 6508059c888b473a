// See acknowledged.h.
#include "model/check/acknowledged.h"

#include "model/check/replica_invariants.h"

namespace kafka {

bool AcknowledgedRecordHeld(const Cluster& cluster, const TopicPartition& tp, Offset offset,
                            int64_t value) {
  const int32_t leader = cluster.Leader(tp);
  const std::vector<int32_t> holders = leader >= 0 ? std::vector<int32_t>{leader} : cluster.Isr(tp);
  for (int32_t id : holders) {
    const Partition* p = cluster.Replica(id, tp);
    if (p == nullptr) continue;
    if (offset < p->log().log_start_offset()) return true;
    const auto r = RecordAt(p->log(), offset);
    if (r && r->value_id == value) return true;
  }
  return false;
}

std::vector<HistoryEvent> AcknowledgedWritesLost(const Cluster& cluster,
                                                 const std::string& client) {
  std::vector<HistoryEvent> lost;
  for (const HistoryEvent& e : cluster.history()->events()) {
    if (e.type != HistoryType::kOk || e.offset < 0) continue;
    if (!client.empty() && e.client != client) continue;
    if (!AcknowledgedRecordHeld(cluster, e.tp, e.offset, e.value)) lost.push_back(e);
  }
  return lost;
}

}  // namespace kafka
