// DeliveryChecker: Jepsen's Kafka anomaly classes (jepsen.tests.kafka, as the failure-scenarios
// reference defines them), read from the client history. A topic-partition plays Jepsen's "key";
// offsets are dense, so an offset is its own index.
//
//   inconsistent-offsets  one partition offset holds two different values (seen by polls or
//                         acknowledged sends)
//   duplicate             one value sits at two offsets of a partition
//   lost-write            an acknowledged value at an offset at or below the highest offset any
//                         poll saw in its partition, that no poll ever read
//   unseen                an acknowledged value no poll ever read (checked for topics someone
//                         reads; a healed final phase should leave none)
//   aborted-read          a poll read a value whose send had definitely failed, or whose
//                         transaction aborted (Jepsen's G1a: an aborted write was read)
//   poll-skip             a consumer's next poll of a partition it kept jumped past offsets
//   nonmonotonic-poll     ... or went back or repeated
//   int-poll-skip, int-nonmonotonic-poll   the same inside one poll
//   nonmonotonic-send     a producer's later send to a partition landed at or before an earlier
//   precommitted-read     a transaction read its own write before it committed
//   G1c                   two or more committed transactions each read what the next one wrote
//                         (G0, and G1c through ww edges, are reported as allowed)
//
// Transactions: a producer's sends between its txn-begin and txn-commit or txn-abort are one
// transaction. Values of aborted transactions, and of transactions that never ended (in doubt),
// are owed to no reader: they are never lost or unseen. A consumer's skip (past markers and
// aborted records) is not a poll-skip.
//
// Each anomaly names the partition, the offsets and values involved, the client and the time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/check/history.h"

namespace kafka {

struct Anomaly {
  std::string kind;
  TopicPartition tp;
  std::vector<Offset> offsets;
  std::vector<int64_t> values;
  std::string client;  // who saw or did it, if one client
  sim::Time at;
  // G0 and G1c: the transactions around the cycle and the edges between them.
  std::string cycle;
  std::string Describe() const;
};

// When retention moved each partition's log start (the highest any replica reached), in time
// order: records below it were deleted, not lost.
using RetentionTimeline = std::map<TopicPartition, std::vector<std::pair<sim::Time, Offset>>>;
// How far reads of one partition had gone over time: each new highest offset read, and when.
class ReadReach {
 public:
  void Read(sim::Time at, Offset offset) {
    if (reach_.empty() || offset > reach_.back().second) reach_.emplace_back(at, offset);
  }
  // When a read first went past `offset`, if one did.
  std::optional<sim::Time> PassedAt(Offset offset) const;

 private:
  std::vector<std::pair<sim::Time, Offset>> reach_;  // both rising
};

// Whether retention deleted `offset` of `tp` before any read (as `reach` has them) went past it:
// then nobody had the chance to read it, and missing it is no loss.
bool DeletedBeforeReadPast(const RetentionTimeline& retention, const TopicPartition& tp,
                           Offset offset, const ReadReach& reach);

struct DeliveryReport {
  std::vector<Anomaly> anomalies;     // in kind order, then partition and offset
  std::map<std::string, int> counts;  // per kind
  int64_t lost = 0, duplicates = 0, unseen = 0;
  // Acknowledged values nobody read that retention deleted: not an anomaly (Jepsen's test keeps
  // every record; a retention run does not).
  int64_t expired = 0;
  // Found but allowed, as Jepsen allows them for Kafka: G0 cycles, and G1c cycles that need ww
  // edges (model/check/transaction_cycles.h). Kafka does not promise to prevent them.
  std::vector<Anomaly> allowed;
  std::map<std::string, int> allowed_counts;
  bool ok() const { return anomalies.empty(); }
};

// Values acknowledged after `settled` are not reported unseen: they may still be on their way to
// a consumer when the run ends. Unread values that `retention` deleted count as expired.
DeliveryReport CheckDelivery(const History& history, sim::Time settled = sim::Time::Never(),
                             const RetentionTimeline* retention = nullptr);

}  // namespace kafka
