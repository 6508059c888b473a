// See admin_codec.h.
#include "model/wire/admin_codec.h"

namespace kafka::wire {

CreateTopicsRequest DecodeCreateTopicsRequest(WireReader& in, int16_t version) {
  CreateTopicsRequest r;
  const int32_t topics = in.ArrayLength(16);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    CreateTopicsRequest::Topic topic;
    topic.name = in.String();
    topic.num_partitions = in.Int32();
    topic.replication_factor = in.Int16();
    const int32_t assignments = in.ArrayLength(8);
    for (int32_t a = 0; a < assignments && in.ok(); ++a) {
      const int32_t partition = in.Int32();
      const int32_t brokers = in.ArrayLength(4);
      std::vector<int32_t>& ids = topic.assignments[partition];
      for (int32_t b = 0; b < brokers && in.ok(); ++b) ids.push_back(in.Int32());
    }
    const int32_t configs = in.ArrayLength(4);
    for (int32_t c = 0; c < configs && in.ok(); ++c) {
      const std::string name = in.String();
      const std::optional<std::string> value = in.NullableString();
      if (value) topic.configs[name] = *value;
    }
    r.topics.push_back(std::move(topic));
  }
  r.timeout_ms = in.Int32();
  if (version >= 1) r.validate_only = in.Bool();
  return r;
}

std::string EncodeCreateTopicsResponse(const CreateTopicsResponse& response, int16_t version) {
  WireWriter w;
  if (version >= 2) w.Int32(0);  // throttle_time_ms
  w.ArrayLength(static_cast<int32_t>(response.topics.size()));
  for (const TopicResult& t : response.topics) {
    w.String(t.name);
    w.Int16(static_cast<int16_t>(t.error));
    if (version >= 1) {
      w.NullableString(t.message.empty() ? std::nullopt : std::optional<std::string>(t.message));
    }
  }
  return w.Take();
}

DeleteTopicsRequest DecodeDeleteTopicsRequest(WireReader& in, int16_t /*version*/) {
  DeleteTopicsRequest r;
  const int32_t names = in.ArrayLength(2);
  for (int32_t i = 0; i < names && in.ok(); ++i) r.names.push_back(in.String());
  r.timeout_ms = in.Int32();
  return r;
}

std::string EncodeDeleteTopicsResponse(const DeleteTopicsResponse& response, int16_t version) {
  WireWriter w;
  if (version >= 1) w.Int32(0);  // throttle_time_ms
  w.ArrayLength(static_cast<int32_t>(response.topics.size()));
  for (const TopicResult& t : response.topics) {
    w.String(t.name);
    w.Int16(static_cast<int16_t>(t.error));
  }
  return w.Take();
}

InitProducerIdRequest DecodeInitProducerIdRequest(WireReader& in, int16_t /*version*/) {
  InitProducerIdRequest r;
  r.transactional_id = in.NullableString();
  r.transaction_timeout_ms = in.Int32();
  return r;
}

std::string EncodeInitProducerIdResponse(const InitProducerIdResponse& response,
                                         int16_t /*version*/) {
  WireWriter w;
  w.Int32(0);  // throttle_time_ms
  w.Int16(static_cast<int16_t>(response.error));
  w.Int64(response.producer_id);
  w.Int16(response.producer_epoch);
  return w.Take();
}

}  // namespace kafka::wire
