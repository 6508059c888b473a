// See api_versions_codec.h.
#include "model/wire/api_versions_codec.h"

#include "model/common/error_code.h"
#include "model/wire/api_keys.h"

namespace kafka::wire {

ApiVersionsRequest DecodeApiVersionsRequest(WireReader& in, int16_t version) {
  ApiVersionsRequest r;
  if (version >= 3) {
    r.client_software_name = in.CompactString();
    r.client_software_version = in.CompactString();
    in.SkipTaggedFields();
  }
  return r;
}

std::string EncodeApiVersionsResponse(int16_t version) {
  const auto self = FindApi(static_cast<int16_t>(ApiKey::kApiVersions));
  const bool supported = version >= self->min_version && version <= self->max_version;
  const int16_t v = supported ? version : 0;
  WireWriter w;
  w.Int16(static_cast<int16_t>(supported ? ErrorCode::kNone : ErrorCode::kUnsupportedVersion));
  const auto& apis = SupportedApis();
  if (v >= 3) {
    w.CompactArrayLength(static_cast<int32_t>(apis.size()));
  } else {
    w.ArrayLength(static_cast<int32_t>(apis.size()));
  }
  for (const ApiRange& api : apis) {
    w.Int16(static_cast<int16_t>(api.key));
    w.Int16(api.min_version);
    w.Int16(api.max_version);
    if (v >= 3) w.EmptyTaggedFields();
  }
  if (v >= 1) w.Int32(0);  // throttle_time_ms
  if (v >= 3) w.EmptyTaggedFields();
  return w.Take();
}

}  // namespace kafka::wire
