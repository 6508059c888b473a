// What a scenario can check, at a time in the timeline or at the end, written as a sentence:
//   leader of orders-0 is 102          leader of orders-0 is none
//   ISR of orders-0 is [101,103]       controller is 101
//   LSO of orders-0 is at the high watermark     LSO of orders-0 is below the high watermark
//                                      (the leader's; below: a transaction is open, or hangs)
//   group dashboard is Stable          no acknowledged write lost
//   some acknowledged writes lost      (what a replay of a data-loss failure expects)
//   no acknowledged write of P lost    some acknowledged writes of P lost   (producer P only)
//   group G missed no acknowledged record     group G missed some acknowledged records
//   group G processed no record twice         group G processed some records twice
//   group G stored every acknowledged record once   (its external sink, for exactly once)
//   appends kept send order            consumers read in stored order
//   every key stayed in one partition  some keys changed partition
//   replicas of T-P agree              replicas of T-P disagree   (every replica's log, below the
//                                      shortest one's end: the divergence KIP-101 and KIP-279 fix)
//   the checker finds no anomaly       the checker finds lost-write   (any class of
//                                      model/check/delivery_checker.h)
//   metric UnderReplicatedPartitions is 3      (a Kafka metric by its JMX name or the part after
//                                      name=, scenarios/kafka_metrics.h; counters are counts)
// Delivery checks count records acknowledged up to 5 s before the check (later ones may still be
// on their way to the group).
// Parse turns the sentence into a Check (or says what was expected); Evaluate reads the cluster.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "model/client/sink.h"
#include "model/cluster.h"

namespace kafkasim::scenarios {

struct Check {
  enum class Kind {
    kLeader,
    kIsr,
    kLsoAtHighWatermark,  // negate: "below the high watermark"
    kController,
    kGroupState,
    kNoAcknowledgedWriteLost,
    kSomeAcknowledgedWritesLost,
    kGroupMissed,      // negate: "missed no"
    kGroupDuplicates,  // negate: "processed no record twice"
    kGroupSinkOnce,
    kGroupAbortedReads,  // negate: "read no aborted record"
    kGroupExactlyOnce,   // "processed every input record exactly once into T"; negate: "some
                         // input records more than once"
    kSendOrder,
    kReadOrder,
    kKeyPartition,
    kAnomaly,        // `anomaly` names the class; empty with negate: none at all
    kReplicasAgree,  // negate: "disagree"
    kMetric,         // `metric` is `value`
  };
  Kind kind = Kind::kLeader;
  std::string text;  // as written
  kafka::TopicPartition tp;
  int32_t broker = -1;       // kLeader (-1: none), kController
  std::vector<int32_t> isr;  // kIsr
  std::string group, state;  // kGroupState, kGroupMissed, kGroupDuplicates
  int32_t generation = -1;   // kGroupState: "... in generation N"; -1: any
  std::string producer;      // the lost-write checks: one producer's writes only
  bool negate = false;       // "no ...": the check passes when nothing is found
  std::string anomaly;       // kAnomaly
  std::string topic;         // kGroupExactlyOnce: the output topic
  std::string metric;        // kMetric: its name, in full or short
  int64_t value = 0;         // kMetric
};

// What a check needs to know of the scenario beyond the cluster: each group's members (client
// names) and topics.
struct GroupClients {
  std::set<std::string> members, topics;
  kafka::SinkPtr sink;              // where its members write what they process
  std::string output_topic;         // read-process-write: where its outputs go
  int64_t output_value_offset = 0;  // ... and what its outputs' value ids add to the inputs'
};
using ScenarioGroups = std::map<std::string, GroupClients>;

// The check, or the reason the sentence is not one.
std::variant<Check, std::string> ParseCheck(const std::string& text);

struct CheckOutcome {
  bool passed = false;
  std::string actual;  // what was found, e.g. "leader of orders-0 is 103"
};
CheckOutcome Evaluate(const Check& check, const kafka::Cluster& cluster,
                      const ScenarioGroups& groups = {});

// "orders-0" as a topic and partition.
std::optional<kafka::TopicPartition> ParsePartition(const std::string& text);

}  // namespace kafkasim::scenarios
