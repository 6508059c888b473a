// ReplicationMonitor: the replication invariants checked as a run goes (an observer: it reads the
// cluster and never acts). Call Check after every event: it examines exactly the partitions the
// cluster's ChangeJournal says the event touched (model/common/change_journal.h), so its cost
// follows the event, not the size of the cluster; a touched partition is re-examined only when
// something about its replicas changed. CheckAll examines every partition, as the reference the
// incremental check is audited against (tests/model/check/incremental_monitor_test.cc).
//
// - One leader per epoch: no two brokers ever lead a partition in the same leader epoch.
// - Log matching: the in-sync replicas agree on every offset below both their high watermarks (a
//   replica back with a stale HW has not truncated yet, and is not in the ISR until it has).
// - Leader completeness and durability, judged on the leader the controller recognises once it
//   has heard so (a deposed leader that has not heard promises nothing): it holds every record
//   below any in-sync replica's HW, and every record ever committed is still where it was.
//
// The transaction invariants (model/check/transaction_invariants.h) ride along: the same touched
// partitions are handed to them, and their violations are collected here too.
//
// Violations are collected, each once per partition and kind, with the time; tests of historical
// failures assert that they happen.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/check/replica_invariants.h"
#include "model/check/transaction_invariants.h"
#include "model/cluster.h"

namespace kafka {

class ReplicationMonitor {
 public:
  void Check(const Cluster& cluster);
  void CheckAll(const Cluster& cluster);
  // For audits (costs a walk of the cluster): the partitions whose replicas changed since this
  // monitor last examined them. Empty after Check, if the journal missed nothing.
  std::vector<TopicPartition> Unexamined(const Cluster& cluster) const;
  const std::vector<std::string>& violations() const { return violations_; }
  // Whether a violation of this kind ("log matching", "a committed record is lost", ...) occurred.
  bool Has(const std::string& kind) const;

 private:
  // What the checks look at in one partition: the replicas' offsets, epochs and roles (the
  // signature: nothing to check again while it stays the same), the in-sync replicas that are up,
  // who claims to lead in which epoch, and the leader the controller recognises (or -1).
  struct Snapshot {
    std::vector<int64_t> signature;
    std::vector<ReplicaView> in_sync;
    std::vector<std::pair<int32_t, int32_t>> claims;  // (broker, leader epoch)
    int32_t leader = -1;
  };
  using Holders = std::vector<ChangeJournal::Holder>;
  // `holders`: the replicas of `tp`, in broker id order.
  static Snapshot Take(const Cluster& cluster, const TopicPartition& tp, const Holders& holders);
  static Holders HoldersByWalk(const Cluster& cluster, const TopicPartition& tp);
  // `id`: the partition's id in the cluster's journal.
  void CheckPartition(const Cluster& cluster, uint32_t id, const TopicPartition& tp,
                      const Holders& holders, sim::Time now);
  void Note(const std::optional<std::string>& violation, const TopicPartition& tp, sim::Time now);
  static TransactionInvariants::Lookup Coordinators(const Cluster& cluster);
  TransactionInvariants::Report Reporter(sim::Time now) {
    return [this, now](const std::optional<std::string>& v, const TopicPartition& tp) {
      Note(v, tp, now);
    };
  }
  bool checked_before_ = false;

  // What has been verified already between two replicas (a leader and itself, for durability),
  // so each check looks only at what is new; a log that lost its tail since is verified again
  // from the start.
  struct Progress {
    int32_t a = -1, b = -1;
    uint64_t truncations_a = 0, truncations_b = 0;
    Offset upto = 0;
  };
  using ProgressList = std::vector<Progress>;  // a few entries: one per pair of replicas
  static Offset From(ProgressList& progress, const ReplicaView& a, const ReplicaView& b,
                     Offset upto);
  // Everything the monitor remembers about one partition, found with one lookup per check.
  struct Watched {
    std::vector<int64_t> signature;  // the last snapshot's signature
    ReplicationHistory history;
    ProgressList matched, complete, held;
  };
  // Looked up only, so ordered the cheap way.
  std::map<TopicPartition, Watched, PartitionNumberFirst> watched_;
  TransactionInvariants transactions_;
  std::set<std::string> reported_;
  std::vector<std::string> violations_;
};

}  // namespace kafka
