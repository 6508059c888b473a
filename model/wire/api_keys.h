// The APIs the gateway speaks to real clients, with the version ranges it advertises in
// ApiVersions, and the first flexible version of each (KIP-482: compact strings and arrays,
// tagged fields, request header v2). The ranges follow what librdkafka 2.0.2 and kafka-python
// 2.0.2 need (Kafka's message schemas, clients/src/main/resources/common/message/*.json) and stay
// below the flexible versions, except ApiVersions 3, which librdkafka sends first.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace kafka::wire {

enum class ApiKey : int16_t {
  kProduce = 0,
  kFetch = 1,
  kListOffsets = 2,
  kMetadata = 3,
  kOffsetCommit = 8,
  kOffsetFetch = 9,
  kFindCoordinator = 10,
  kJoinGroup = 11,
  kHeartbeat = 12,
  kLeaveGroup = 13,
  kSyncGroup = 14,
  kApiVersions = 18,
  kCreateTopics = 19,
  kDeleteTopics = 20,
  kInitProducerId = 22,
};

struct ApiRange {
  ApiKey key;
  int16_t min_version, max_version;
  int16_t first_flexible;  // the first version with flexible encoding
  const char* name;
};

// The APIs the gateway answers, in api key order.
const std::vector<ApiRange>& SupportedApis();
std::optional<ApiRange> FindApi(int16_t api_key);

// Whether requests of this key and version use the flexible encoding (and header v2). An unknown
// key is not flexible.
bool IsFlexible(int16_t api_key, int16_t version);

}  // namespace kafka::wire
