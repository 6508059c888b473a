// The course's guarantees and the delivery semantics, read from the client history:
//   - appends keep send order: in each partition's log, one producer's records sit in the order
//     it sent them (each once: a retried duplicate breaks the order too);
//   - consumers read in stored order: while a consumer owns a partition (from its assignment to
//     its revocation or crash), the offsets it polls only go up;
//   - a key always maps to one partition (while the partition count stays the same);
//   - a group's delivery: which acknowledged records its members never processed (at least once
//     broken) and which they processed more than once (at most once broken).
// Each finding is a sentence naming the client, partition, offsets and values involved.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/check/delivery_checker.h"
#include "model/check/history.h"
#include "model/client/sink.h"
#include "model/cluster.h"

namespace kafka {

// `logs`: each partition's records (value ids) in offset order, as its leader holds them.
// Only `producers`' records are judged, if given.
std::vector<std::string> SendOrderViolations(
    const History& history, const std::map<TopicPartition, std::vector<int64_t>>& logs,
    const std::set<std::string>* producers = nullptr);
// Each partition's value ids in offset order, from its leader (or, without one, an ISR member).
std::map<TopicPartition, std::vector<int64_t>> PartitionLogs(const Cluster& cluster);
std::vector<std::string> ReadOrderViolations(const History& history);
// Keys whose acknowledged records landed in more than one partition of a topic (of `topics`
// only, if given).
std::vector<std::string> KeyPartitionViolations(const History& history,
                                                const std::set<std::string>* topics = nullptr);

struct GroupDelivery {
  int64_t acknowledged = 0;     // acknowledged records of the group's topics
  std::vector<int64_t> missed;  // acknowledged, never processed by a member
  // Acknowledged, never processed, and deleted by retention before any member read past them:
  // the group never had the chance, so its semantics did not lose them.
  std::vector<int64_t> expired;
  std::map<int64_t, int> duplicated;  // value -> times processed (more than once)
  // Records of aborted transactions that a member read (only read_uncommitted members can).
  int64_t aborted_read = 0;
  // With a sink: acknowledged records it does not hold, and records it holds more than once.
  int64_t sink_missing = 0, sink_repeated = 0;
};
// `members` are the group's client names; `topics` its subscriptions. Acknowledged records are
// those whose write was acknowledged before `until_acknowledged` (later ones may not have had
// time to be read), less those of aborted transactions and transactions in doubt.
// `now` less `grace`, not before time zero: records acknowledged after it may still be on their
// way to a consumer.
inline sim::Time SettledBefore(sim::Time now, sim::Duration grace) {
  return now - std::min(grace, now - sim::Time::Zero());
}

GroupDelivery SummarizeGroup(const History& history, const std::set<std::string>& members,
                             const std::set<std::string>& topics, sim::Time until_acknowledged,
                             const ExternalSink* sink = nullptr,
                             const RetentionTimeline* retention = nullptr);

}  // namespace kafka
