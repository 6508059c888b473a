// Metadata (key 3), versions 0 to 4, to and from the model's own MetadataRequest and
// MetadataResponse (model/common/requests.h).
//
//   request  v0: [topics string]; an empty array asks for every topic
//            v1-v3: a nullable array; null asks for every topic, empty for none
//            v4: then allow_auto_topic_creation bool (earlier versions: true)
//   response v0: [brokers: node_id int32, host string, port int32]
//                [topics: error_code int16, name string,
//                  [partitions: error_code int16, partition_index int32, leader_id int32,
//                   [replica_nodes int32], [isr_nodes int32]]]
//            v1: brokers gain rack (nullable string); controller_id int32 follows the brokers;
//                topics gain is_internal bool after the name
//            v2: cluster_id nullable string between the brokers and controller_id
//            v3, v4: throttle_time_ms int32 first
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

MetadataRequest DecodeMetadataRequest(WireReader& in, int16_t version);

std::string EncodeMetadataResponse(const MetadataResponse& response, int16_t version,
                                   const std::optional<std::string>& cluster_id);

}  // namespace kafka::wire
