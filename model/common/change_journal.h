// ChangeJournal: what the model changed since an observer last looked, so that observers check
// what an event touched instead of walking the whole cluster after every event (the way OMNeT++'s
// signals reach only their listeners, and TigerBeetle's state checker looks at a replica when it
// commits).
//
// It records two things:
// - which partitions were touched: a replica's log moved (append, HW, start offset, truncation),
//   a replica's role or leader epoch changed, a replica was created or deleted, or the
//   controller's record of the partition (leader, ISR, epoch) was written;
// - which brokers hold a replica of each partition, and the replica itself (a registry kept by
//   the replicas, from construction to destruction), so an observer reaches a partition's
//   replicas without asking every broker or looking anything up.
//
// Some changes bear on every partition at once: a broker going down or coming up (the cluster
// hears it from the world's state observer), a controller taking over or resigning. TouchAll marks
// them, and bumps generation() so that caches derived from them (the active controller) know to
// recompute.
//
// It also keeps, per replica, the highest offset a read_committed fetch was served up to since the
// last look, so an observer can hold it against the replica's last stable offset; and which
// transactional ids each transaction coordinator changed.
//
// Promise: a partition whose observable replica state changes during an event is touched in that
// event (an over-approximation is fine). Touches are deduplicated; one reader drains them.
// The journal is an observer's aid: no model decision reads it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

class Partition;  // model/broker/partition.h; the journal only hands the pointer to observers

class ChangeJournal {
 public:
  // A dense id for `tp`, stable for the life of the journal.
  uint32_t Intern(const TopicPartition& tp);
  const TopicPartition& Name(uint32_t id) const { return names_[id]; }

  void Touch(uint32_t id);
  void Touch(const TopicPartition& tp) { Touch(Intern(tp)); }
  // Something that bears on every partition changed (a broker went down or came up, the
  // controller changed).
  void TouchAll();
  uint64_t generation() const { return generation_; }

  // The replica registry: `replica` on `broker` now exists (or no longer does). Both touch. A
  // replica that replaces another on the same broker takes its place; removing one that was
  // already replaced changes nothing.
  struct Holder {
    int32_t broker;
    const Partition* replica;
    bool operator==(const Holder&) const = default;
  };
  void AddReplica(uint32_t id, int32_t broker, const Partition* replica);
  void RemoveReplica(uint32_t id, int32_t broker, const Partition* replica);
  // The replicas of the partition, in broker id order.
  const std::vector<Holder>& Holders(uint32_t id) const { return holders_[id]; }

  // The partitions touched since the last call (every known partition after a TouchAll), in
  // TopicPartition order, and forgets them.
  std::vector<uint32_t> TakeTouched();

  // `broker`'s replica of partition `id` answered a read_committed fetch with offsets below `end`.
  // Kept as the highest end per replica, so the memory is bounded by the replicas.
  void NoteCommittedRead(uint32_t id, int32_t broker, Offset end);
  struct CommittedRead {
    uint32_t id;
    int32_t broker;
    Offset end;
  };
  // The reads noted since the last call, in (partition id, broker) order, and forgets them.
  std::vector<CommittedRead> TakeCommittedReads();

  // `broker`'s transaction coordinator applied a written change to `transactional_id`, or loaded
  // (or dropped) it with a __transaction_state partition it took over (or gave up).
  void NoteTransaction(int32_t broker, const std::string& transactional_id, bool loaded);
  struct TransactionNote {
    int32_t broker;
    std::string transactional_id;
    bool loaded;  // a load or a drop since the last look: no transition to judge
  };
  // The notes since the last call, in (broker, id) order, and forgets them.
  std::vector<TransactionNote> TakeTransactions();

  // An operator aborts producer `producer_id`'s transaction at `epoch` by hand (kafka-transactions
  // abort): the markers it writes are no coordinator's. Kept for the life of the journal.
  void NoteOperatorAbort(int64_t producer_id, int16_t epoch) {
    operator_aborts_.insert({producer_id, epoch});
  }
  bool OperatorAborted(int64_t producer_id, int16_t epoch) const {
    return operator_aborts_.contains({producer_id, epoch});
  }

 private:
  std::map<TopicPartition, uint32_t> ids_;
  std::vector<TopicPartition> names_;
  std::vector<std::vector<Holder>> holders_;
  std::vector<uint8_t> touched_flag_;
  std::vector<uint32_t> touched_;
  bool all_touched_ = false;
  uint64_t generation_ = 0;
  std::map<std::pair<uint32_t, int32_t>, Offset> committed_reads_;
  std::map<std::pair<int32_t, std::string>, bool> transactions_;
  std::set<std::pair<int64_t, int16_t>> operator_aborts_;
};

}  // namespace kafka
