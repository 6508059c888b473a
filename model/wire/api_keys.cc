// See api_keys.h.
#include "model/wire/api_keys.h"

namespace kafka::wire {

const std::vector<ApiRange>& SupportedApis() {
  // Grows as the gateway learns each API; ApiVersions lists exactly these.
  // clang-format off
  static const std::vector<ApiRange> kApis = {
      {ApiKey::kProduce, 3, 7, 9, "Produce"},  // 3 on: message format v2 only
      {ApiKey::kFetch, 4, 11, 12, "Fetch"},    // 4 on: message format v2 only
      {ApiKey::kListOffsets, 0, 2, 6, "ListOffsets"},
      {ApiKey::kMetadata, 0, 4, 9, "Metadata"},
      {ApiKey::kOffsetCommit, 0, 7, 8, "OffsetCommit"},
      {ApiKey::kOffsetFetch, 0, 5, 6, "OffsetFetch"},
      {ApiKey::kFindCoordinator, 0, 2, 3, "FindCoordinator"},
      {ApiKey::kJoinGroup, 0, 5, 6, "JoinGroup"},
      {ApiKey::kHeartbeat, 0, 3, 4, "Heartbeat"},
      {ApiKey::kLeaveGroup, 0, 1, 4, "LeaveGroup"},
      {ApiKey::kSyncGroup, 0, 3, 4, "SyncGroup"},
      {ApiKey::kApiVersions, 0, 3, 3, "ApiVersions"},
      {ApiKey::kCreateTopics, 0, 4, 5, "CreateTopics"},
      {ApiKey::kDeleteTopics, 0, 3, 4, "DeleteTopics"},
      {ApiKey::kInitProducerId, 0, 1, 2, "InitProducerId"},
  };
  // clang-format on
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
