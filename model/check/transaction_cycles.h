// Transaction dependency cycles and precommitted reads, as Jepsen's Kafka checker finds them with
// Elle. Each committed transaction in the history is a node (so is an in-doubt one whose writes
// someone read: it must have committed). Its writes are the sends acknowledged inside it; its reads
// are the records its client polled or processed inside it. Two kinds of edge join them:
//
//   ww  T1 -> T2  the next write in a partition after one of T1's is one of T2's (the log's order)
//   wr  T1 -> T2  T2 read a record T1 wrote
//
// and three findings:
//
//   G0                 a cycle of ww edges only (a write cycle). Kafka orders the writes of
//                      concurrent transactions per partition, not across partitions, so two
//                      transactions can each come first in a different partition. Allowed.
//   G1c                a cycle with wr edges (circular information flow). With ww edges in it,
//                      Kafka allows it for the same reason (Jepsen allows G1c only when it needs
//                      ww edges). A cycle of wr edges alone means two committed transactions each
//                      read the other's writes, which read_committed never lets happen: an anomaly.
//   precommitted-read  a transaction read a record it wrote itself before it committed.
//
// Non-transactional sends and polls are single operations: a poll has no outgoing edge and a send
// sits on one partition, so neither can close a cycle; they are left out, and the ww order skips
// over them (it is transitive along a partition's log). One cycle is reported per strongly
// connected component, the shortest through its first transaction.
#pragma once

#include <vector>

#include "model/check/delivery_checker.h"
#include "model/check/history.h"

namespace kafka {

struct TransactionFindings {
  std::vector<Anomaly> anomalies;  // G1c of wr edges only, precommitted-read
  std::vector<Anomaly> allowed;    // G0, G1c that needs ww edges
};

TransactionFindings FindTransactionCycles(const History& history);

}  // namespace kafka
