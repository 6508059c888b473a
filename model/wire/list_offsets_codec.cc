// See list_offsets_codec.h.
#include "model/wire/list_offsets_codec.h"

#include "model/wire/topic_grouping.h"

namespace kafka::wire {

ListOffsetsRequest DecodeListOffsetsRequest(WireReader& in, int16_t version) {
  ListOffsetsRequest r;
  r.replica_id = in.Int32();
  if (version >= 2) r.isolation_level = in.Int8();
  const int32_t topics = in.ArrayLength(6);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string name = in.String();
    const int32_t partitions = in.ArrayLength(12);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) {
      ListOffsetsRequest::Entry e;
      e.tp = {name, in.Int32()};
      e.timestamp = in.Int64();
      if (version == 0) in.Int32();  // max_num_offsets: one is given
      r.entries.push_back(e);
    }
  }
  return r;
}

std::string EncodeListOffsetsResponse(const ListOffsetsResponse& response, int16_t version) {
  WireWriter w;
  if (version >= 2) w.Int32(0);  // throttle_time_ms
  WriteByTopic(w, response.entries, [&](const ListOffsetsResponse::Entry& e) {
    w.Int32(e.tp.partition);
    w.Int16(static_cast<int16_t>(e.error));
    if (version == 0) {
      w.ArrayLength(e.offset >= 0 ? 1 : 0);
      if (e.offset >= 0) w.Int64(e.offset);
    } else {
      w.Int64(-1);  // timestamp: not kept for latest and earliest
      w.Int64(e.offset);
    }
  });
  return w.Take();
}

}  // namespace kafka::wire
