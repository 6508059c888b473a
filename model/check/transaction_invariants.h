// TransactionInvariants: the transaction invariants, checked as a run goes on what each event
// touched (an observer: it reads the cluster and never acts). The ReplicationMonitor hands it
// every partition whose replicas changed, and the journal's record of read_committed fetches and of
// the transactional ids the coordinators changed.
//
// - The LSO is never above the HW (a guard on its definition, min(first unstable offset, HW)),
//   and never moves backwards while one leader stays up and leads
//   one epoch (a new leader may start below its predecessor: its HW catches up after it takes
//   over; a restarted broker reads its HW back from its checkpoint).
// - No read_committed fetch is served past the LSO of the replica that served it.
// - Markers only for prepared transactions: every COMMIT (ABORT) marker a leader writes is for a
//   producer id and epoch that some coordinator had in PrepareCommit (PrepareAbort) with that
//   partition in it, written or loaded from its log, or an ABORT an operator wrote by hand
//   (kafka-transactions abort). Before KIP-890 part 2 a producer keeps its epoch across
//   transactions, so a stray marker of an earlier transaction of the same epoch on the same
//   partition is not told apart.
// - One ongoing transaction per transactional id and epoch: each change a coordinator applies
//   (once its write is acknowledged) follows Kafka's state machine
//   (TransactionMetadata.validPreviousStates), an Ongoing transaction only grows its partitions
//   while its producer id and epoch stay, and a producer id's epoch never goes back. A load from
//   the log starts afresh. The log itself is not judged record by record: a write that failed may
//   still be replicated and committed later, as in Kafka, leaving a record no coordinator applied
//   (the latest record wins on a load, so it does no harm).
//
// Cost follows the work: each leader's log is read once, from where the last check stopped
// (again from its HW after a truncation, the part below it being the same batches as another
// leader's, already read); a coordinator's change is looked at once.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/common/change_journal.h"
#include "model/txn/transaction_metadata.h"

namespace kafka {

class Log;
class Partition;

class TransactionInvariants {
 public:
  using Report = std::function<void(const std::optional<std::string>&, const TopicPartition&)>;

  using IsUp = std::function<bool(int32_t broker)>;
  // A broker's transaction coordinator's metadata for an id (null if it has none), the
  // __transaction_state partition the id belongs to, and the coordinator epoch the broker holds
  // it in (a coordinator that took the partition over, or a restarted broker, starts afresh).
  struct Coordinated {
    const TransactionMetadata* txn = nullptr;
    int32_t partition = -1;
    int32_t coordinator_epoch = -1;
  };
  using Lookup = std::function<Coordinated(int32_t broker, const std::string& transactional_id)>;

  // `holders`: the replicas of `tp`, whose id in the journal is `id` (the journal's registry).
  // Checks what changed in them.
  void CheckPartition(uint32_t id, const TopicPartition& tp,
                      const std::vector<ChangeJournal::Holder>& holders, const IsUp& up,
                      const Report& report);
  // After every touched partition was examined: the coordinators' changes `journal` noted, then
  // the markers written in the event against every prepare seen by now, and the read_committed
  // fetches `journal` noted.
  void Finish(ChangeJournal& journal, const Lookup& coordinators, const Report& report);

 private:
  // How far the leaders' logs of one partition have been read: the furthest any leader's was,
  // and each replica's own cursor (void once its log lost its tail). A replica that leads again
  // resumes at its cursor, but never below what another leader's log was read to under its HW,
  // which holds the same batches (log matching).
  struct Reading {
    Offset furthest = 0;
    struct Cursor {
      uint64_t truncations = 0;
      Offset upto = -1;
      uint64_t markers = 0;  // the replica's marker count when it was read
    };
    std::vector<std::pair<int32_t, Cursor>> replicas;  // a few: one per replica
    Cursor& Of(int32_t broker);
  };
  static Offset Start(Reading& reading, int32_t broker, const Log& log);
  static void Done(Reading& reading, int32_t broker, const Log& log, Offset end, uint64_t markers);

  // The LSO last seen on a leader, with the leader epoch and truncation count it was seen at.
  struct LeaderLso {
    int32_t broker = -1;
    int32_t epoch = -1;
    uint64_t truncations = 0;
    Offset lso = -1;
  };
  // What is remembered of one partition, by its journal id: the LSO of each broker that leads
  // it (two may claim to while a deposed one has not heard), and how far its logs were read.
  struct Watched {
    std::vector<LeaderLso> lso;
    Reading markers;
  };
  Watched& Of(uint32_t id) {
    if (id >= watched_.size()) watched_.resize(id + 1);
    return watched_[id];
  }

  void CheckLeaderLso(const TopicPartition& tp, int32_t broker, const Partition& leader,
                      LeaderLso& last, const Report& report);
  void ReadMarkers(const TopicPartition& tp, int32_t broker, const Partition& leader,
                   Reading& reading);
  std::optional<std::string> Transition(int32_t broker, int32_t coordinator_epoch,
                                        const TransactionMetadata& next);

  std::vector<Watched> watched_;

  // Producer id, epoch, Prepare*, and a partition of the prepared transaction.
  using Prepared = std::tuple<int64_t, int16_t, TxnState, TopicPartition>;
  std::set<Prepared> prepared_;
  struct Marker {
    TopicPartition tp;
    int32_t broker;
    Offset offset;
    Prepared needs;
  };
  std::vector<Marker> unchecked_markers_;
  std::set<Prepared> reported_markers_;

  // What each coordinator last applied or loaded, per (broker, transactional id), with the
  // coordinator epoch.
  std::map<std::pair<int32_t, std::string>, std::pair<int32_t, TransactionMetadata>> applied_;
};

}  // namespace kafka
