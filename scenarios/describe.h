// The cluster's state as Kafka's tools print it: `kafka-topics --describe` and
// `kafka-consumer-groups --describe` (TopicCommand.scala, ConsumerGroupCommand.scala, 2.8).
// Read-only views of a Cluster, used for a run's final state and by the simulated CLI.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/cluster.h"

namespace kafkasim::scenarios {

// Topic: orders	TopicId: ..	PartitionCount: 3	ReplicationFactor: 3	Configs:
// min.insync.replicas=2 	Topic: orders	Partition: 0	Leader: 101	Replicas:
// 101,102,103 Isr: 101,102,103
std::string DescribeTopic(const kafka::Cluster& cluster, const std::string& topic);

// GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID, one row per
// partition the group has committed or been assigned, columns as wide as their widest value.
std::string DescribeGroup(const kafka::Cluster& cluster, const std::string& group);

// Per partition of the group: (committed offset or -1, log end offset a consumer sees).
struct GroupLag {
  kafka::TopicPartition tp;
  kafka::Offset committed = -1;
  kafka::Offset log_end = -1;
  std::string member_id, client_id;
};
std::vector<GroupLag> GroupLags(const kafka::Cluster& cluster, const std::string& group);

// Every group a live coordinator holds, sorted (kafka-consumer-groups --list).
std::set<std::string> GroupIds(const kafka::Cluster& cluster);

}  // namespace kafkasim::scenarios
