// See produce_codec.h.
#include "model/wire/produce_codec.h"

#include "model/wire/topic_grouping.h"

namespace kafka::wire {

DecodedProduce DecodeProduceRequest(WireReader& in, int16_t version, RecordStore& store) {
  (void)version;  // 3 to 7 read alike
  DecodedProduce out;
  out.request.transactional_id = in.NullableString();
  out.request.acks = in.Int16();
  out.request.timeout_ms = in.Int32();
  const int32_t topics = in.ArrayLength(6);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string name = in.String();
    const int32_t partitions = in.ArrayLength(8);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) {
      const TopicPartition tp{name, in.Int32()};
      const std::optional<std::string> records = in.NullableBytes();
      if (!in.ok()) break;
      const DecodedBatches batches = DecodeRecordBatches(records.value_or(""));
      const auto refuse = [&](ErrorCode error, const std::string& why) {
        out.refused.push_back({tp, error, -1, -1});
        out.reasons.push_back(ToString(tp) + ": " + why);
      };
      if (!batches.ok()) {
        refuse(ErrorCode::kCorruptMessage, batches.error);
      } else if (batches.batches.size() != 1) {
        refuse(ErrorCode::kInvalidRecord,
               std::to_string(batches.batches.size()) + " record batches, where one must be");
      } else if (batches.batches[0].control()) {
        refuse(ErrorCode::kInvalidRecord, "a client may not write a control batch");
      } else {
        out.request.entries.push_back({tp, ToModelBatch(batches.batches[0], store)});
      }
    }
  }
  return out;
}

std::string EncodeProduceResponse(const std::vector<ProduceResponse::Entry>& entries,
                                  int16_t version) {
  WireWriter w;
  WriteByTopic(w, entries, [&](const ProduceResponse::Entry& e) {
    w.Int32(e.tp.partition);
    w.Int16(static_cast<int16_t>(e.error));
    w.Int64(e.base_offset);
    w.Int64(-1);  // log_append_time_ms: CreateTime topics
    if (version >= 5) w.Int64(e.log_start_offset);
  });
  w.Int32(0);  // throttle_time_ms
  return w.Take();
}

}  // namespace kafka::wire
