// See replica_invariants.h.
#include "model/check/replica_invariants.h"

#include <algorithm>

namespace kafka {

std::optional<RecordIdentity> RecordAt(const Log& log, Offset offset) {
  const BatchPtr batch = log.BatchAt(offset);
  if (!batch) return std::nullopt;
  const size_t i = static_cast<size_t>(offset - batch->base_offset);
  const int32_t seq =
      batch->base_sequence < 0 ? -1 : batch->base_sequence + static_cast<int32_t>(i);
  return RecordIdentity{batch->leader_epoch, batch->producer_id, seq, batch->records[i].value_id};
}

namespace {
std::string Describe(int32_t broker, Offset offset, const std::optional<RecordIdentity>& r) {
  if (!r)
    return "broker " + std::to_string(broker) + " has nothing at offset " + std::to_string(offset);
  return "broker " + std::to_string(broker) + " has value " + std::to_string(r->value_id) +
         " (leader epoch " + std::to_string(r->leader_epoch) + ") at offset " +
         std::to_string(offset);
}
}  // namespace

std::optional<std::string> CheckLogMatching(const std::vector<ReplicaView>& replicas,
                                            Offset from_offset) {
  for (size_t a = 0; a < replicas.size(); ++a) {
    for (size_t b = a + 1; b < replicas.size(); ++b) {
      const Log& la = *replicas[a].log;
      const Log& lb = *replicas[b].log;
      const Offset from = std::max({la.log_start_offset(), lb.log_start_offset(), from_offset});
      const Offset to = std::min(la.high_watermark(), lb.high_watermark());
      for (Offset o = from; o < to; ++o) {
        const auto ra = RecordAt(la, o), rb = RecordAt(lb, o);
        if (ra != rb) {
          return "log matching: below both high watermarks, " +
                 Describe(replicas[a].broker, o, ra) + " but " +
                 Describe(replicas[b].broker, o, rb);
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckLeaderCompleteness(const ReplicaView& leader,
                                                   const std::vector<ReplicaView>& replicas,
                                                   Offset from_offset) {
  for (const ReplicaView& r : replicas) {
    const Offset from =
        std::max({leader.log->log_start_offset(), r.log->log_start_offset(), from_offset});
    for (Offset o = from; o < r.log->high_watermark(); ++o) {
      const auto mine = RecordAt(*leader.log, o), theirs = RecordAt(*r.log, o);
      if (mine != theirs) {
        return "leader completeness: broker " + std::to_string(r.broker) + " committed offset " +
               std::to_string(o) +
               " but the leader's log differs: " + Describe(leader.broker, o, mine);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> ReplicationHistory::RecordLeader(int32_t epoch, int32_t broker) {
  const auto [it, fresh] = leader_of_epoch_.try_emplace(epoch, broker);
  if (fresh || it->second == broker) return std::nullopt;
  return "two leaders in leader epoch " + std::to_string(epoch) + ": brokers " +
         std::to_string(it->second) + " and " + std::to_string(broker);
}

void ReplicationHistory::RecordCommitted(const Log& log) {
  for (Offset o = std::max(log.log_start_offset(), committed_end()); o < log.high_watermark();
       ++o) {
    if (const auto r = RecordAt(log, o)) {
      committed_.emplace_back(o, *r);
      end_ = o + 1;
    }
  }
}

void ReplicationHistory::ForgetBelow(Offset offset) {
  const auto keep = std::partition_point(committed_.begin(), committed_.end(),
                                         [&](const auto& entry) { return entry.first < offset; });
  committed_.erase(committed_.begin(), keep);
}

std::optional<std::string> ReplicationHistory::CheckStillHeld(const ReplicaView& replica,
                                                              Offset from) const {
  const auto first = std::partition_point(committed_.begin(), committed_.end(),
                                          [&](const auto& entry) { return entry.first < from; });
  for (auto it = first; it != committed_.end(); ++it) {
    const auto& [offset, identity] = *it;
    if (offset < replica.log->log_start_offset()) continue;  // deleted by retention, not lost
    const auto now = RecordAt(*replica.log, offset);
    if (now != identity) {
      return "a committed record is lost: offset " + std::to_string(offset) + " held value " +
             std::to_string(identity.value_id) + ", and now " +
             Describe(replica.broker, offset, now);
    }
  }
  return std::nullopt;
}

}  // namespace kafka
