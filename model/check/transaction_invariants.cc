// See transaction_invariants.h.
#include "model/check/transaction_invariants.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "model/broker/partition.h"
#include "model/txn/transaction_log.h"

namespace kafka {
namespace {

const char* MarkerName(ControlType type) {
  return type == ControlType::kCommit ? "COMMIT" : "ABORT";
}

std::string Describe(const TransactionMetadata& t) {
  std::string out = std::string(ToString(t.state)) + " (producer " + std::to_string(t.producer_id) +
                    " epoch " + std::to_string(t.producer_epoch);
  if (!t.partitions.empty()) {
    out += ", partitions";
    for (const TopicPartition& tp : t.partitions) out += " " + ToString(tp);
  }
  return out + ")";
}

bool SameRecord(const TransactionMetadata& a, const TransactionMetadata& b) {
  return a.state == b.state && a.producer_id == b.producer_id &&
         a.producer_epoch == b.producer_epoch && a.partitions == b.partitions;
}

}  // namespace

void TransactionInvariants::CheckPartition(uint32_t id, const TopicPartition& tp,
                                           const std::vector<ChangeJournal::Holder>& holders,
                                           const IsUp& up, const Report& report) {
  Watched& w = Of(id);
  // Markers go to data partitions and __consumer_offsets, never to the transaction log.
  const bool internal = tp.topic == kTransactionStateTopic;
  for (const auto& [broker, replica] : holders) {
    if (!up(broker) || !replica->is_leader()) {
      // A leadership ended (or the broker went down, to come back with its HW from disk): the
      // next one starts afresh.
      std::erase_if(w.lso, [&](const LeaderLso& l) { return l.broker == broker; });
      continue;
    }
    auto last = std::find_if(w.lso.begin(), w.lso.end(),
                             [&](const LeaderLso& l) { return l.broker == broker; });
    if (last == w.lso.end()) last = w.lso.insert(w.lso.end(), LeaderLso{});
    CheckLeaderLso(tp, broker, *replica, *last, report);
    if (!internal) ReadMarkers(tp, broker, *replica, w.markers);
  }
}

void TransactionInvariants::Finish(ChangeJournal& journal, const Lookup& coordinators,
                                   const Report& report) {
  for (const ChangeJournal::TransactionNote& note : journal.TakeTransactions()) {
    const std::pair<int32_t, std::string> key{note.broker, note.transactional_id};
    const auto [now, partition, epoch] = coordinators(note.broker, note.transactional_id);
    if (note.loaded) applied_.erase(key);
    if (now == nullptr) {
      applied_.erase(key);
      continue;
    }
    if (now->state == TxnState::kPrepareCommit || now->state == TxnState::kPrepareAbort) {
      for (const TopicPartition& tp : now->partitions) {
        prepared_.insert({now->producer_id, now->producer_epoch, now->state, tp});
      }
    }
    if (const auto violation = Transition(note.broker, epoch, *now)) {
      report(*violation, {kTransactionStateTopic, partition});
    }
  }

  for (const Marker& m : unchecked_markers_) {
    if (prepared_.contains(m.needs)) continue;
    const auto& [pid, epoch, state, tp] = m.needs;
    if (state == TxnState::kPrepareAbort && journal.OperatorAborted(pid, epoch)) continue;
    if (!reported_markers_.insert(m.needs).second) continue;
    report("marker for an unprepared transaction: broker " + std::to_string(m.broker) + " wrote " +
               MarkerName(state == TxnState::kPrepareCommit ? ControlType::kCommit
                                                            : ControlType::kAbort) +
               " at offset " + std::to_string(m.offset) + " for producer " + std::to_string(pid) +
               " epoch " + std::to_string(epoch) + ", which no coordinator log prepared",
           m.tp);
  }
  unchecked_markers_.clear();

  for (const ChangeJournal::CommittedRead& read : journal.TakeCommittedReads()) {
    for (const ChangeJournal::Holder& h : journal.Holders(read.id)) {
      if (h.broker != read.broker) continue;
      const Offset lso = h.replica->last_stable_offset();
      if (read.end > lso) {
        report("read_committed fetch past the LSO: broker " + std::to_string(read.broker) +
                   " served offsets up to " + std::to_string(read.end) + ", its LSO is " +
                   std::to_string(lso),
               journal.Name(read.id));
      }
    }
  }
}

TransactionInvariants::Reading::Cursor& TransactionInvariants::Reading::Of(int32_t broker) {
  for (auto& [b, cursor] : replicas) {
    if (b == broker) return cursor;
  }
  return replicas.emplace_back(broker, Cursor{}).second;
}

Offset TransactionInvariants::Start(Reading& reading, int32_t broker, const Log& log) {
  const Reading::Cursor& c = reading.Of(broker);
  const Offset shared = std::min(reading.furthest, log.high_watermark());
  const bool valid = c.upto >= 0 && c.truncations == log.truncations();
  return std::max(valid ? std::max(c.upto, shared) : shared, log.log_start_offset());
}

void TransactionInvariants::Done(Reading& reading, int32_t broker, const Log& log, Offset end,
                                 uint64_t markers) {
  reading.Of(broker) = {log.truncations(), end, markers};
  reading.furthest = std::max(reading.furthest, end);
}

void TransactionInvariants::CheckLeaderLso(const TopicPartition& tp, int32_t broker,
                                           const Partition& leader, LeaderLso& last,
                                           const Report& report) {
  const Offset lso = leader.last_stable_offset();
  const Offset hw = leader.log().high_watermark();
  if (lso > hw) {
    report("LSO above the HW: broker " + std::to_string(broker) + "'s LSO " + std::to_string(lso) +
               " exceeds its HW " + std::to_string(hw),
           tp);
  }
  const LeaderLso now{broker, leader.leader_epoch(), leader.log().truncations(), lso};
  if (last.broker == now.broker && last.epoch == now.epoch && last.truncations == now.truncations &&
      lso < last.lso) {
    report("LSO moved backwards: broker " + std::to_string(broker) + " (leader epoch " +
               std::to_string(now.epoch) + ") moved its LSO from " + std::to_string(last.lso) +
               " to " + std::to_string(lso),
           tp);
  }
  last = now;
}

void TransactionInvariants::ReadMarkers(const TopicPartition& tp, int32_t broker,
                                        const Partition& leader, Reading& reading) {
  const Log& log = leader.log();
  const uint64_t markers = leader.producer_state().markers();
  const Offset from = Start(reading, broker, log);
  const Offset end = log.log_end_offset();
  if (from >= end) return;
  const Reading::Cursor& seen = reading.Of(broker);
  // No marker written since this replica was last read (most appends): nothing to look at.
  const bool none_new = seen.upto >= 0 && seen.truncations == log.truncations() &&
                        seen.markers == markers && from == seen.upto;
  if (!none_new) {
    for (const BatchPtr& b : log.Read(from, end, std::numeric_limits<int64_t>::max())) {
      if (b->base_offset < from || !b->is_control()) continue;
      const TxnState prepare =
          b->control == ControlType::kCommit ? TxnState::kPrepareCommit : TxnState::kPrepareAbort;
      unchecked_markers_.push_back(
          {tp, broker, b->base_offset, Prepared{b->producer_id, b->producer_epoch, prepare, tp}});
    }
  }
  Done(reading, broker, log, end, markers);
}

std::optional<std::string> TransactionInvariants::Transition(int32_t broker,
                                                             int32_t coordinator_epoch,
                                                             const TransactionMetadata& next) {
  const auto [it, first] =
      applied_.try_emplace({broker, next.transactional_id}, coordinator_epoch, next);
  if (first || std::exchange(it->second.first, coordinator_epoch) != coordinator_epoch) {
    it->second.second = next;
    return std::nullopt;
  }
  TransactionMetadata& prev = it->second.second;
  std::optional<std::string> violation;
  const std::string where =
      "broker " + std::to_string(broker) + "'s coordinator moved " + next.transactional_id;
  if (SameRecord(prev, next)) {
    // the same again (a retried write whose first answer was lost)
  } else if (!ValidTransition(prev.state, next.state)) {
    violation = "invalid transaction transition: " + where + " from " + Describe(prev) + " to " +
                Describe(next);
  } else if (prev.state == TxnState::kOngoing && next.state == TxnState::kOngoing &&
             (prev.producer_id != next.producer_id || prev.producer_epoch != next.producer_epoch ||
              !std::includes(next.partitions.begin(), next.partitions.end(),
                             prev.partitions.begin(), prev.partitions.end()))) {
    violation = "two ongoing transactions: " + where + " replaced " + Describe(prev) + " by " +
                Describe(next) + " without ending it";
  } else if (prev.producer_id == next.producer_id && next.producer_epoch < prev.producer_epoch) {
    violation = "producer epoch went backwards: " + where + " from " + Describe(prev) + " to " +
                Describe(next);
  }
  prev = next;
  return violation;
}

}  // namespace kafka
