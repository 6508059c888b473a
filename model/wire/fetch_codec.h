// Fetch (key 1), versions 4 to 11 (message format v2; librdkafka 2.0.2 asks for up to 11,
// kafka-python 2.0.2 for 4). No fetch sessions: librdkafka 2.0.2 and kafka-python use none
// (session id 0, epoch -1), and every request is answered in full.
//
//   request  replica_id int32, max_wait_ms int32, min_bytes int32, max_bytes int32,
//            isolation_level int8, session_id int32 and session_epoch int32 (v7 on),
//            [topics: topic string, [partitions: partition int32, current_leader_epoch int32
//             (v9 on), fetch_offset int64, log_start_offset int64 (v5 on),
//             partition_max_bytes int32]],
//            [forgotten_topics_data: topic string, [partitions int32]] (v7 on),
//            rack_id string (v11)
//   response throttle_time_ms int32, error_code int16 and session_id int32 (v7 on),
//            [responses: topic string, [partitions: partition_index int32, error_code int16,
//             high_watermark int64, last_stable_offset int64, log_start_offset int64 (v5 on),
//             [aborted_transactions: producer_id int64, first_offset int64] (nullable),
//             preferred_read_replica int32 (v11), records nullable bytes]]
#pragma once

#include <cstdint>
#include <string>

#include "model/common/requests.h"
#include "model/wire/record_conversion.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

FetchRequest DecodeFetchRequest(WireReader& in, int16_t version);
std::string EncodeFetchResponse(const FetchResponse& response, int16_t version,
                                int8_t isolation_level, const RecordStore& store);

}  // namespace kafka::wire
