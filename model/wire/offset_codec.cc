// See offset_codec.h.
#include "model/wire/offset_codec.h"

#include "model/wire/topic_grouping.h"

namespace kafka::wire {
namespace {

template <typename Value>
struct PartitionEntry {
  TopicPartition tp;
  Value value;
};

}  // namespace

OffsetCommitRequest DecodeOffsetCommitRequest(WireReader& in, int16_t version) {
  OffsetCommitRequest r;
  r.group_id = in.String();
  if (version >= 1) {
    r.generation_id = in.Int32();
    r.member_id = in.String();
  }
  if (version >= 7) r.group_instance_id = in.NullableString();
  if (version >= 2 && version <= 4) in.Int64();  // retention_time_ms
  const int32_t topics = in.ArrayLength(6);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string name = in.String();
    const int32_t partitions = in.ArrayLength(14);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) {
      const TopicPartition tp{name, in.Int32()};
      const Offset offset = in.Int64();
      if (version >= 6) in.Int32();  // committed_leader_epoch
      if (version == 1) in.Int64();  // commit_timestamp
      in.NullableString();           // committed_metadata
      r.offsets[tp] = offset;
    }
  }
  return r;
}

std::string EncodeOffsetCommitResponse(const OffsetCommitResponse& response, int16_t version) {
  std::vector<PartitionEntry<ErrorCode>> entries;
  for (const auto& [tp, error] : response.errors) entries.push_back({tp, error});
  WireWriter w;
  if (version >= 3) w.Int32(0);  // throttle_time_ms
  WriteByTopic(w, entries, [&](const PartitionEntry<ErrorCode>& e) {
    w.Int32(e.tp.partition);
    w.Int16(static_cast<int16_t>(e.value));
  });
  return w.Take();
}

DecodedOffsetFetch DecodeOffsetFetchRequest(WireReader& in, int16_t version) {
  DecodedOffsetFetch out;
  out.request.group_id = in.String();
  const int32_t topics = in.ArrayLength(6);
  if (topics < 0 && version < 2) in.Fail("null topics in OffsetFetch v" + std::to_string(version));
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string name = in.String();
    const int32_t partitions = in.ArrayLength(4);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) out.asked.push_back({name, in.Int32()});
  }
  out.request.partitions = out.asked;
  return out;
}

std::string EncodeOffsetFetchResponse(const OffsetFetchResponse& response,
                                      const std::vector<TopicPartition>& asked, int16_t version) {
  std::vector<PartitionEntry<Offset>> entries;
  if (asked.empty()) {
    for (const auto& [tp, offset] : response.offsets) entries.push_back({tp, offset});
  } else {
    for (const TopicPartition& tp : asked) {
      const auto it = response.offsets.find(tp);
      entries.push_back({tp, it == response.offsets.end() ? Offset{-1} : it->second});
    }
  }
  WireWriter w;
  if (version >= 3) w.Int32(0);  // throttle_time_ms
  WriteByTopic(w, entries, [&](const PartitionEntry<Offset>& e) {
    w.Int32(e.tp.partition);
    w.Int64(e.value);
    if (version >= 5) w.Int32(-1);  // committed_leader_epoch
    w.NullableString(std::string());
    // Before v2 a group-level error has nowhere else to go.
    w.Int16(static_cast<int16_t>(version < 2 ? response.error : ErrorCode::kNone));
  });
  if (version >= 2) w.Int16(static_cast<int16_t>(response.error));
  return w.Take();
}

}  // namespace kafka::wire
