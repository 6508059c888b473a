// See replication_monitor.h.
#include "model/check/replication_monitor.h"

#include <algorithm>

namespace kafka {

void ReplicationMonitor::Check(const Cluster& cluster) {
  const sim::Time now = cluster.world().Now();
  for (const TopicPartition& tp : cluster.Partitions()) {
    std::vector<int64_t> signature;
    std::vector<ReplicaView> in_sync;
    const std::vector<int32_t> isr = cluster.Isr(tp);
    const int32_t elected = cluster.Leader(tp);
    int32_t leader = -1;
    for (int32_t id : cluster.broker_ids()) {
      const Partition* p = cluster.Replica(id, tp);
      if (p == nullptr) continue;
      if (cluster.IsUp(id) && std::find(isr.begin(), isr.end(), id) != isr.end()) {
        in_sync.push_back({id, &p->log()});
      }
      const bool leads = cluster.IsUp(id) && p->is_leader();
      signature.insert(signature.end(), {id, p->log().log_end_offset(), p->log().high_watermark(),
                                         p->log().log_start_offset(), p->leader_epoch(), leads,
                                         static_cast<int64_t>(in_sync.size())});
      if (leads) Note(history_[tp].RecordLeader(p->leader_epoch(), id), tp, now);
      if (leads && id == elected && p->leader_epoch() == cluster.LeaderEpoch(tp)) leader = id;
    }
    auto& last = signatures_[tp];
    if (last == signature) continue;
    last = signature;
    Note(CheckLogMatching(in_sync), tp, now);
    if (leader >= 0) {
      const ReplicaView lead{leader, &cluster.Replica(leader, tp)->log()};
      Note(CheckLeaderCompleteness(lead, in_sync), tp, now);
      Note(history_[tp].CheckStillHeld(lead), tp, now);
      history_[tp].RecordCommitted(*lead.log);
    }
  }
}

bool ReplicationMonitor::Has(const std::string& kind) const {
  return std::any_of(violations_.begin(), violations_.end(),
                     [&](const std::string& v) { return v.starts_with(kind); });
}

void ReplicationMonitor::Note(const std::optional<std::string>& violation, const TopicPartition& tp,
                              sim::Time now) {
  if (!violation) return;
  const std::string kind = violation->substr(0, violation->find(':'));
  if (!reported_.insert(kind + " " + ToString(tp)).second) return;
  violations_.push_back(*violation + " [" + ToString(tp) + " at " + sim::ToString(now.SinceZero()) +
                        "]");
}

}  // namespace kafka
