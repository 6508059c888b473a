// See replication_monitor.h.
#include "model/check/replication_monitor.h"

#include <algorithm>
#include <utility>

#include "model/broker/broker.h"
#include "model/txn/transaction_coordinator.h"

namespace kafka {

void ReplicationMonitor::Check(const Cluster& cluster) {
  ChangeJournal& journal = cluster.journal();
  const std::vector<uint32_t> touched = journal.TakeTouched();
  if (!std::exchange(checked_before_, true)) {
    CheckAll(cluster);  // what happened before the first check is new too
    return;
  }
  const sim::Time now = cluster.world().Now();
  for (const uint32_t id : touched) {
    const Holders& holders = journal.Holders(id);
    if (!holders.empty()) CheckPartition(cluster, id, journal.Name(id), holders, now);
  }
  transactions_.Finish(cluster.journal(), Coordinators(cluster), Reporter(now));
}

void ReplicationMonitor::CheckAll(const Cluster& cluster) {
  checked_before_ = true;
  const sim::Time now = cluster.world().Now();
  for (const TopicPartition& tp : cluster.Partitions()) {
    CheckPartition(cluster, cluster.journal().Intern(tp), tp, HoldersByWalk(cluster, tp), now);
  }
  transactions_.Finish(cluster.journal(), Coordinators(cluster), Reporter(now));
}

std::vector<TopicPartition> ReplicationMonitor::Unexamined(const Cluster& cluster) const {
  std::vector<TopicPartition> stale;
  for (const TopicPartition& tp : cluster.Partitions()) {
    const auto last = watched_.find(tp);
    if (last == watched_.end() ||
        last->second.signature != Take(cluster, tp, HoldersByWalk(cluster, tp)).signature) {
      stale.push_back(tp);
    }
  }
  return stale;
}

ReplicationMonitor::Holders ReplicationMonitor::HoldersByWalk(const Cluster& cluster,
                                                              const TopicPartition& tp) {
  Holders holders;
  for (int32_t id : cluster.broker_ids()) {
    if (const Partition* p = cluster.Replica(id, tp)) holders.push_back({id, p});
  }
  return holders;
}

ReplicationMonitor::Snapshot ReplicationMonitor::Take(const Cluster& cluster,
                                                      const TopicPartition& tp,
                                                      const Holders& holders) {
  Snapshot snap;
  static const LeaderAndIsr kNone;
  const LeaderAndIsr* leadership = cluster.Leadership(tp);
  const LeaderAndIsr& recorded = leadership != nullptr ? *leadership : kNone;
  const std::vector<int32_t>& isr = recorded.isr;
  const int32_t elected = recorded.leader;
  for (const auto& [id, p] : holders) {
    const bool up = cluster.IsUp(id);
    if (up && std::find(isr.begin(), isr.end(), id) != isr.end()) {
      snap.in_sync.push_back({id, &p->log()});
    }
    const bool leads = up && p->is_leader();
    snap.signature.insert(
        snap.signature.end(),
        {id, p->log().log_end_offset(), p->log().high_watermark(), p->log().log_start_offset(),
         p->leader_epoch(), leads, static_cast<int64_t>(snap.in_sync.size())});
    if (leads) snap.claims.emplace_back(id, p->leader_epoch());
    if (leads && id == elected && p->leader_epoch() == recorded.leader_epoch) snap.leader = id;
  }
  return snap;
}

void ReplicationMonitor::CheckPartition(const Cluster& cluster, uint32_t id,
                                        const TopicPartition& tp, const Holders& holders,
                                        sim::Time now) {
  Snapshot snap = Take(cluster, tp, holders);
  Watched& w = watched_[tp];
  for (const auto& [broker, epoch] : snap.claims) {
    Note(w.history.RecordLeader(epoch, broker), tp, now);
  }
  const std::vector<ReplicaView>& in_sync = snap.in_sync;
  const int32_t leader = snap.leader;
  if (w.signature == snap.signature) return;
  w.signature = std::move(snap.signature);
  transactions_.CheckPartition(
      id, tp, holders, [&cluster](int32_t id) { return cluster.IsUp(id); }, Reporter(now));
  for (size_t i = 0; i < in_sync.size(); ++i) {
    for (size_t j = i + 1; j < in_sync.size(); ++j) {
      const ReplicaView& a = in_sync[i];
      const ReplicaView& b = in_sync[j];
      const Offset both = std::min(a.log->high_watermark(), b.log->high_watermark());
      Note(CheckLogMatching({a, b}, From(w.matched, a, b, both)), tp, now);
    }
  }
  if (leader >= 0) {
    const auto holder =
        std::find_if(holders.begin(), holders.end(),
                     [&](const ChangeJournal::Holder& h) { return h.broker == leader; });
    const ReplicaView lead{leader, &holder->replica->log()};
    for (const ReplicaView& r : in_sync) {
      const Offset from = From(w.complete, lead, r, r.log->high_watermark());
      Note(CheckLeaderCompleteness(lead, {r}, from), tp, now);
    }
    const Offset from = From(w.held, lead, lead, w.history.committed_end());
    Note(w.history.CheckStillHeld(lead, from), tp, now);
    w.history.RecordCommitted(*lead.log);
    From(w.held, lead, lead, w.history.committed_end());  // the new committed end is verified
    Offset kept_from = lead.log->log_start_offset();
    for (const ChangeJournal::Holder& h : holders) {
      kept_from = std::min(kept_from, h.replica->log().log_start_offset());
    }
    w.history.ForgetBelow(kept_from);
  }
}

Offset ReplicationMonitor::From(ProgressList& progress, const ReplicaView& a, const ReplicaView& b,
                                Offset upto) {
  auto p = std::find_if(progress.begin(), progress.end(),
                        [&](const Progress& x) { return x.a == a.broker && x.b == b.broker; });
  if (p == progress.end()) p = progress.insert(progress.end(), Progress{a.broker, b.broker});
  const bool unchanged =
      p->truncations_a == a.log->truncations() && p->truncations_b == b.log->truncations();
  const Offset from = unchanged ? p->upto : 0;
  *p = Progress{a.broker, b.broker, a.log->truncations(), b.log->truncations(),
                std::max(from, upto)};
  return from;
}

TransactionInvariants::Lookup ReplicationMonitor::Coordinators(const Cluster& cluster) {
  return [&cluster](int32_t broker, const std::string& id) -> TransactionInvariants::Coordinated {
    const TransactionCoordinator* c = cluster.broker(broker).txn_coordinator();
    if (c == nullptr) return {};
    return {c->Find(id), c->PartitionFor(id), c->CoordinatorEpoch(id)};
  };
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
