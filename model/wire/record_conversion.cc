// See record_conversion.h.
#include "model/wire/record_conversion.h"

#include <algorithm>

#include "model/wire/wire_codec.h"

namespace kafka::wire {

RecordBatch ToModelBatch(const WireRecordBatch& wire, RecordStore& store) {
  RecordBatch batch;
  batch.producer_id = wire.producer_id;
  batch.producer_epoch = wire.producer_epoch;
  batch.base_sequence = wire.base_sequence;
  batch.transactional = wire.transactional();
  for (const WireRecord& r : wire.records) {
    Record record;
    record.key = r.key;
    int64_t size = 8 + (r.key ? static_cast<int64_t>(r.key->size()) : 0) +
                   (r.value ? static_cast<int64_t>(r.value->size()) : 0);
    for (const auto& [k, v] : r.headers) size += 2 + k.size() + (v ? v->size() : 0);
    record.size_bytes = static_cast<int32_t>(std::min<int64_t>(size, INT32_MAX));
    record.timestamp_ms = wire.base_timestamp + r.timestamp_delta;
    record.value_id = store.Put({r.value, r.headers});
    batch.records.push_back(std::move(record));
  }
  return batch;
}

WireRecordBatch ToWireBatch(const RecordBatch& batch, const RecordStore& store) {
  WireRecordBatch wire;
  wire.base_offset = batch.base_offset;
  wire.partition_leader_epoch = batch.leader_epoch;
  wire.attributes =
      static_cast<int16_t>((batch.transactional ? WireRecordBatch::kTransactional : 0) |
                           (batch.is_control() ? WireRecordBatch::kControl : 0));
  wire.last_offset_delta = static_cast<int32_t>(batch.records.size()) - 1;
  wire.producer_id = batch.producer_id;
  wire.producer_epoch = batch.producer_epoch;
  wire.base_sequence = batch.base_sequence;
  if (!batch.records.empty()) {
    wire.base_timestamp = batch.records.front().timestamp_ms;
    wire.max_timestamp = batch.max_timestamp_ms();
  }
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const Record& r = batch.records[i];
    WireRecord out;
    out.offset_delta = static_cast<int64_t>(i);
    out.timestamp_delta = r.timestamp_ms - wire.base_timestamp;
    if (batch.is_control()) {
      WireWriter key, value;
      key.Int16(0);
      key.Int16(static_cast<int16_t>(batch.control));
      value.Int16(0);
      value.Int32(batch.coordinator_epoch);
      out.key = key.Take();
      out.value = value.Take();
    } else if (const RecordStore::Payload* payload = store.Find(r.value_id)) {
      out.key = r.key;
      out.value = payload->value;
      out.headers = payload->headers;
    } else {
      out.key = r.key;
      out.value = r.payload ? *r.payload : std::to_string(r.value_id);
    }
    wire.records.push_back(std::move(out));
  }
  return wire;
}

}  // namespace kafka::wire
