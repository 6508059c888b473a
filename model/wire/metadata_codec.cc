// See metadata_codec.h.
#include "model/wire/metadata_codec.h"

namespace kafka::wire {

MetadataRequest DecodeMetadataRequest(WireReader& in, int16_t version) {
  MetadataRequest r;
  const int32_t n = in.ArrayLength(2);
  if (n >= 0) {
    r.topics.emplace();
    for (int32_t i = 0; i < n && in.ok(); ++i) r.topics->push_back(in.String());
    if (version == 0 && n == 0) r.topics.reset();  // v0: no topics means every topic
  } else if (version == 0) {
    in.Fail("null topic array in Metadata v0");
  }
  r.allow_auto_topic_creation = version >= 4 ? in.Bool() : true;
  return r;
}

std::string EncodeMetadataResponse(const MetadataResponse& response, int16_t version,
                                   const std::optional<std::string>& cluster_id) {
  WireWriter w;
  if (version >= 3) w.Int32(0);  // throttle_time_ms
  w.ArrayLength(static_cast<int32_t>(response.brokers.size()));
  for (const BrokerEndpoint& b : response.brokers) {
    w.Int32(b.id);
    w.String(b.host);
    w.Int32(b.port);
    if (version >= 1) w.NullableString(b.rack);
  }
  if (version >= 2) w.NullableString(cluster_id);
  if (version >= 1) w.Int32(response.controller_id);
  w.ArrayLength(static_cast<int32_t>(response.topics.size()));
  for (const MetadataResponse::Topic& t : response.topics) {
    w.Int16(static_cast<int16_t>(t.error));
    w.String(t.name);
    if (version >= 1) w.Bool(t.is_internal);
    w.ArrayLength(static_cast<int32_t>(t.partitions.size()));
    for (const MetadataResponse::Partition& p : t.partitions) {
      w.Int16(static_cast<int16_t>(p.error));
      w.Int32(p.index);
      w.Int32(p.leader);
      w.ArrayLength(static_cast<int32_t>(p.replicas.size()));
      for (int32_t id : p.replicas) w.Int32(id);
      w.ArrayLength(static_cast<int32_t>(p.isr.size()));
      for (int32_t id : p.isr) w.Int32(id);
    }
  }
  return w.Take();
}

}  // namespace kafka::wire
