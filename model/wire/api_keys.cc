// See api_keys.h.
#include "model/wire/api_keys.h"

namespace kafka::wire {

const std::vector<ApiRange>& SupportedApis() {
  // Grows as the gateway learns each API; ApiVersions lists exactly these.
  static const std::vector<ApiRange> kApis = {
      {ApiKey::kProduce, 3, 7, 9, "Produce"},  // 3 on: message format v2 only
      {ApiKey::kFetch, 4, 11, 12, "Fetch"},    // 4 on: message format v2 only
      {ApiKey::kListOffsets, 0, 2, 6, "ListOffsets"}, {ApiKey::kMetadata, 0, 4, 9, "Metadata"},
      {ApiKey::kApiVersions, 0, 3, 3, "ApiVersions"},
  };
  return kApis;
}

std::optional<ApiRange> FindApi(int16_t api_key) {
  for (const ApiRange& api : SupportedApis()) {
    if (static_cast<int16_t>(api.key) == api_key) return api;
  }
  return std::nullopt;
}

bool IsFlexible(int16_t api_key, int16_t version) {
  const auto api = FindApi(api_key);
  return api && version >= api->first_flexible;
}

}  // namespace kafka::wire
