// ListOffsets (key 2), versions 0 to 2: the offset for a time, -1 latest, -2 earliest.
//
//   request  replica_id int32, isolation_level int8 (v2 on),
//            [topics: name string, [partitions: index int32, timestamp int64,
//             max_num_offsets int32 (v0 only)]]
//   response throttle_time_ms int32 (v2 on),
//            [topics: name string, [partitions: index int32, error_code int16,
//             v0: [old_style_offsets int64]; v1 on: timestamp int64, offset int64]]
#pragma once

#include <cstdint>
#include <string>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

ListOffsetsRequest DecodeListOffsetsRequest(WireReader& in, int16_t version);
std::string EncodeListOffsetsResponse(const ListOffsetsResponse& response, int16_t version);

}  // namespace kafka::wire
