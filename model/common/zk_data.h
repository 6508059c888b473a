// The znodes Kafka keeps in ZooKeeper, with their paths and JSON exactly as Kafka writes them
// (core/src/main/scala/kafka/zk/ZkData.scala, 2.x). The broker and the controller read and write
// them; tools and lessons show them as zookeeper-shell would.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/common/ids.h"

namespace kafka::zkdata {

inline constexpr const char* kBrokerIdsPath = "/brokers/ids";
inline constexpr const char* kTopicsPath = "/brokers/topics";
inline constexpr const char* kControllerPath = "/controller";
inline constexpr const char* kControllerEpochPath = "/controller_epoch";
inline constexpr const char* kIsrChangeNotificationPath = "/isr_change_notification";
inline constexpr const char* kIsrChangePrefix = "/isr_change_notification/isr_change_";
inline constexpr const char* kDeleteTopicsPath = "/admin/delete_topics";
inline constexpr const char* kClusterIdPath = "/cluster/id";
inline constexpr const char* kConfigTopicsPath = "/config/topics";

std::string BrokerPath(int32_t id);                        // /brokers/ids/101
std::string TopicPath(const std::string& topic);           // /brokers/topics/orders
std::string PartitionsPath(const std::string& topic);      // .../orders/partitions
std::string PartitionPath(const TopicPartition& tp);       // .../partitions/0
std::string PartitionStatePath(const TopicPartition& tp);  // .../partitions/0/state
std::string TopicConfigPath(const std::string& topic);     // /config/topics/orders

struct BrokerRegistration {
  int32_t id = 0;
  std::string host;
  int32_t port = 9092;
  std::optional<std::string> rack;
  int64_t timestamp_ms = 0;
};
// {"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://h:9092"],
//  "jmx_port":-1,"host":"h","timestamp":"..","port":9092,"version":4} (+"rack")
std::string EncodeBroker(const BrokerRegistration& b);
std::optional<BrokerRegistration> DecodeBroker(int32_t id, const std::string& json);

// {"version":1,"brokerid":101,"timestamp":".."}
std::string EncodeController(int32_t broker_id, int64_t timestamp_ms);
std::optional<int32_t> DecodeController(const std::string& json);

// {"version":2,"partitions":{"0":[101,102]},"adding_replicas":{},"removing_replicas":{}}
std::string EncodeAssignment(const std::map<int32_t, std::vector<int32_t>>& assignment);
std::optional<std::map<int32_t, std::vector<int32_t>>> DecodeAssignment(const std::string& json);

struct PartitionZkState {
  int32_t leader = -1;
  int32_t leader_epoch = 0;
  std::vector<int32_t> isr;
  int32_t controller_epoch = 0;
  bool operator==(const PartitionZkState&) const = default;
};
// {"controller_epoch":1,"leader":101,"version":1,"leader_epoch":0,"isr":[101,102]}
std::string EncodePartitionState(const PartitionZkState& s);
std::optional<PartitionZkState> DecodePartitionState(const std::string& json);

// {"version":1,"partitions":[{"topic":"orders","partition":0}]}
std::string EncodeIsrChange(const std::vector<TopicPartition>& partitions);
std::optional<std::vector<TopicPartition>> DecodeIsrChange(const std::string& json);

// {"version":1,"config":{"min.insync.replicas":"2"}}
std::string EncodeTopicConfig(const std::map<std::string, std::string>& config);
std::optional<std::map<std::string, std::string>> DecodeTopicConfig(const std::string& json);

}  // namespace kafka::zkdata
