// ApiVersions (key 18), the first request of every client: which APIs, at which versions.
//
//   request  v0-v2: empty. v3 (flexible): client_software_name and client_software_version,
//            compact strings, then tagged fields.
//   response v0: error_code int16, [api_key int16, min_version int16, max_version int16]
//            v1, v2: the same, then throttle_time_ms int32
//            v3 (flexible): the same in compact arrays, each entry and the whole ending with
//            tagged fields
//
// A version the gateway does not speak is answered in v0's format with UNSUPPORTED_VERSION (35)
// and the ranges, as Kafka does: librdkafka then retries at the highest version it sees here.
#pragma once

#include <cstdint>
#include <string>

#include "model/wire/wire_codec.h"

namespace kafka::wire {

struct ApiVersionsRequest {
  std::string client_software_name, client_software_version;  // v3
};
ApiVersionsRequest DecodeApiVersionsRequest(WireReader& in, int16_t version);

// The body of the answer to an ApiVersions request of `version`, listing SupportedApis().
std::string EncodeApiVersionsResponse(int16_t version);

}  // namespace kafka::wire
