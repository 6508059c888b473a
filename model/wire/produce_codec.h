// Produce (key 0), versions 3 to 7: message format v2 only, which every client that sees a
// broker speaking Produce 3 uses (versions 0 to 2 carry the older message sets).
//
//   request  transactional_id nullable string, acks int16, timeout_ms int32,
//            [topic_data: name string, [partition_data: index int32, records nullable bytes]]
//   response [responses: name string, [partitions: index int32, error_code int16,
//            base_offset int64, log_append_time_ms int64, log_start_offset int64 (v5 on)]],
//            throttle_time_ms int32
//
// Each partition's records must be exactly one valid batch (Kafka's rule from v3): one that does
// not decode is refused with CORRUPT_MESSAGE, more than one with INVALID_RECORD, and neither
// reaches the broker.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/requests.h"
#include "model/wire/record_conversion.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

struct DecodedProduce {
  ProduceRequest request;                       // the partitions that go to the broker
  std::vector<ProduceResponse::Entry> refused;  // the partitions answered here
  std::vector<std::string> reasons;             // why each was refused, for the log
};
DecodedProduce DecodeProduceRequest(WireReader& in, int16_t version, RecordStore& store);

std::string EncodeProduceResponse(const std::vector<ProduceResponse::Entry>& entries,
                                  int16_t version);

}  // namespace kafka::wire
