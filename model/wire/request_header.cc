// See request_header.h.
#include "model/wire/request_header.h"

#include "model/wire/api_keys.h"

namespace kafka::wire {

RequestHeader DecodeRequestHeader(WireReader& in) {
  RequestHeader h;
  h.api_key = in.Int16();
  h.api_version = in.Int16();
  h.correlation_id = in.Int32();
  h.client_id = in.NullableString();  // an int16 length even in header v2, for compatibility
  if (IsFlexible(h.api_key, h.api_version)) in.SkipTaggedFields();
  return h;
}

void EncodeResponseHeader(WireWriter& out, const RequestHeader& request) {
  out.Int32(request.correlation_id);
  if (request.api_key != static_cast<int16_t>(ApiKey::kApiVersions) &&
      IsFlexible(request.api_key, request.api_version)) {
    out.EmptyTaggedFields();
  }
}

std::string Frame(const std::string& payload) {
  WireWriter w;
  w.Int32(static_cast<int32_t>(payload.size()));
  w.Raw(payload);
  return w.Take();
}

}  // namespace kafka::wire
