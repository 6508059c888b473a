// What a Kafka broker counts under the names its JMX beans carry, kept by the model as a broker
// would keep them: counts since the broker's process started (the Count attribute of Kafka's
// meters). Rates are differences of counts over time, taken by whoever samples them.
//   kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec      messages_in
//   kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec         bytes_in
//   kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec
//                                                                  failed_produce_requests
//   kafka.server:type=ReplicaManager,name=IsrShrinksPerSec          isr_shrinks
//   kafka.server:type=ReplicaManager,name=IsrExpandsPerSec          isr_expands
//   kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs   leader_elections
//   kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec  unclean_elections
//   kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce       produce_total_time
//     (from a produce request's arrival to its response: acks=all waits for the ISR)
// Gauges (UnderReplicatedPartitions, ActiveControllerCount, OfflinePartitionsCount) are read from
// the state when sampled, as Kafka's gauges are.
#pragma once

#include <cstdint>

#include "model/common/latency_histogram.h"

namespace kafka {

struct ReplicaManagerMetrics {
  int64_t messages_in = 0;  // records appended as leader for clients (duplicates not counted)
  int64_t bytes_in = 0;     // their batches' bytes
  // Partition appends refused (Kafka marks the meter for each failed partition of a request),
  // but for NOT_LEADER_OR_FOLLOWER and UNKNOWN_TOPIC_OR_PARTITION, which Kafka leaves out.
  int64_t failed_produce_requests = 0;
  int64_t isr_shrinks = 0;  // ISR changes of this broker's leaders, once accepted, by direction
  int64_t isr_expands = 0;
  LatencyHistogram produce_total_time;
};

struct ControllerMetrics {
  int64_t leader_elections = 0;   // partitions given a leader by this broker as controller
  int64_t unclean_elections = 0;  // of them, from outside the ISR
};

}  // namespace kafka
