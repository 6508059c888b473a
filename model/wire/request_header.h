// The header in front of every request and response (Kafka's RequestHeader and ResponseHeader).
//
//   request  v1: api_key int16, api_version int16, correlation_id int32, client_id nullable string
//            v2: the same, then tagged fields (flexible versions)
//   response v0: correlation_id int32
//            v1: the same, then tagged fields (flexible versions, except ApiVersions, whose
//                response header stays v0 so that any client can read the version it is refused)
//
// Request header v0 (no client id) belongs to ControlledShutdown v0 only and is not spoken.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/wire/wire_codec.h"

namespace kafka::wire {

struct RequestHeader {
  int16_t api_key = -1;
  int16_t api_version = -1;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;
};

// Reads the header at the front of a request; `in` is then at the body. On error `in` says why.
RequestHeader DecodeRequestHeader(WireReader& in);

// Starts a response frame's payload: the correlation id, and tagged fields when flexible.
void EncodeResponseHeader(WireWriter& out, const RequestHeader& request);

// A whole frame: the 4-byte length, then `payload`.
std::string Frame(const std::string& payload);

}  // namespace kafka::wire
