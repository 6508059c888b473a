// Topic administration and producer ids, at their non-flexible versions:
//
//   CreateTopics (19) v0-4    request: [topics: name, num_partitions, replication_factor,
//                             [assignments: partition_index, [broker_ids]],
//                             [configs: name, value nullable string]], timeout_ms,
//                             validate_only (v1 on)
//                             response: throttle_time_ms (v2 on), [topics: name, error_code,
//                             error_message (v1 on)]
//   DeleteTopics (20) v0-3    request: [topic_names], timeout_ms
//                             response: throttle_time_ms (v1 on), [responses: name, error_code]
//   InitProducerId (22) v0-1  request: transactional_id nullable string, transaction_timeout_ms
//                             response: throttle_time_ms, error_code, producer_id,
//                             producer_epoch
#pragma once

#include <cstdint>
#include <string>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

CreateTopicsRequest DecodeCreateTopicsRequest(WireReader& in, int16_t version);
std::string EncodeCreateTopicsResponse(const CreateTopicsResponse& response, int16_t version);

DeleteTopicsRequest DecodeDeleteTopicsRequest(WireReader& in, int16_t version);
std::string EncodeDeleteTopicsResponse(const DeleteTopicsResponse& response, int16_t version);

InitProducerIdRequest DecodeInitProducerIdRequest(WireReader& in, int16_t version);
std::string EncodeInitProducerIdResponse(const InitProducerIdResponse& response, int16_t version);

}  // namespace kafka::wire
