// See fetch_codec.h.
#include "model/wire/fetch_codec.h"

#include "model/wire/topic_grouping.h"

namespace kafka::wire {

FetchRequest DecodeFetchRequest(WireReader& in, int16_t version) {
  FetchRequest r;
  r.replica_id = in.Int32();
  r.max_wait_ms = in.Int32();
  r.min_bytes = in.Int32();
  r.max_bytes = in.Int32();
  r.isolation_level = in.Int8();
  if (version >= 7) {
    in.Int32();  // session_id
    in.Int32();  // session_epoch
  }
  const int32_t topics = in.ArrayLength(6);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string topic = in.String();
    const int32_t partitions = in.ArrayLength(16);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) {
      FetchRequest::Entry e;
      e.tp = {topic, in.Int32()};
      if (version >= 9) e.current_leader_epoch = in.Int32();
      e.fetch_offset = in.Int64();
      if (version >= 5) in.Int64();  // log_start_offset: a follower's, -1 from a consumer
      e.partition_max_bytes = in.Int32();
      r.entries.push_back(e);
    }
  }
  if (version >= 7) {
    const int32_t forgotten = in.ArrayLength(6);
    for (int32_t t = 0; t < forgotten && in.ok(); ++t) {
      in.String();
      const int32_t partitions = in.ArrayLength(4);
      for (int32_t p = 0; p < partitions && in.ok(); ++p) in.Int32();
    }
  }
  if (version >= 11) in.String();  // rack_id
  return r;
}

std::string EncodeFetchResponse(const FetchResponse& response, int16_t version,
                                int8_t isolation_level, const RecordStore& store) {
  WireWriter w;
  w.Int32(0);  // throttle_time_ms
  if (version >= 7) {
    w.Int16(0);  // error_code
    w.Int32(0);  // session_id: no session
  }
  WriteByTopic(w, response.entries, [&](const FetchResponse::Entry& e) {
    w.Int32(e.tp.partition);
    w.Int16(static_cast<int16_t>(e.error));
    w.Int64(e.high_watermark);
    w.Int64(e.last_stable_offset >= 0 ? e.last_stable_offset : e.high_watermark);
    if (version >= 5) w.Int64(e.log_start_offset);
    if (isolation_level == FetchRequest::kReadCommitted) {
      w.ArrayLength(static_cast<int32_t>(e.aborted_transactions.size()));
      for (const auto& a : e.aborted_transactions) {
        w.Int64(a.producer_id);
        w.Int64(a.first_offset);
      }
    } else {
      w.ArrayLength(-1);
    }
    if (version >= 11) w.Int32(-1);  // preferred_read_replica: the leader
    std::string records;
    for (const BatchPtr& batch : e.batches) EncodeRecordBatch(ToWireBatch(*batch, store), records);
    w.Bytes(records);
  });
  return w.Take();
}

}  // namespace kafka::wire
