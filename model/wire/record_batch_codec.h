// Record batches as they travel on the wire: message format v2 (magic 2), Kafka's
// DefaultRecordBatch. A batch is a 61-byte header and its records:
//
//   baseOffset int64, batchLength int32 (the bytes after it), partitionLeaderEpoch int32,
//   magic int8 = 2, crc uint32, attributes int16, lastOffsetDelta int32, baseTimestamp int64,
//   maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, count int32
//
// and each record: length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
// key (varint length, -1 for null), value (likewise), header count varint, headers (key as a
// varint-length string, value as varint-length bytes, -1 for null).
//
// The CRC is CRC-32C (Castagnoli) over everything from `attributes` to the end, so a broker may
// rewrite baseOffset and partitionLeaderEpoch without computing it again. Attributes: bits 0-2
// compression (0 none), bit 3 timestamp type (1 LogAppendTime), bit 4 transactional, bit 5
// control. Decoding checks magic, length, CRC and counts; compressed batches are refused, since
// the clients send none unless configured to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kafka::wire {

// CRC-32C of `bytes` (check value: "123456789" gives 0xE3069283).
uint32_t Crc32c(std::string_view bytes);

struct WireRecord {
  int64_t offset_delta = 0;
  int64_t timestamp_delta = 0;
  std::optional<std::string> key, value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  bool operator==(const WireRecord&) const = default;
};

struct WireRecordBatch {
  static constexpr int16_t kCompressionMask = 0x07;
  static constexpr int16_t kLogAppendTime = 0x08;
  static constexpr int16_t kTransactional = 0x10;
  static constexpr int16_t kControl = 0x20;

  int64_t base_offset = 0;
  int32_t partition_leader_epoch = -1;
  int16_t attributes = 0;
  int32_t last_offset_delta = -1;
  int64_t base_timestamp = -1, max_timestamp = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  std::vector<WireRecord> records;

  bool transactional() const { return (attributes & kTransactional) != 0; }
  bool control() const { return (attributes & kControl) != 0; }
  int compression() const { return attributes & kCompressionMask; }
  bool operator==(const WireRecordBatch&) const = default;
};

// Appends `batch` to `out` with its length and CRC worked out.
void EncodeRecordBatch(const WireRecordBatch& batch, std::string& out);

// Every batch in a Produce request's records field. Each must be whole and valid.
struct DecodedBatches {
  std::vector<WireRecordBatch> batches;
  std::string error;  // empty when every batch decoded
  bool ok() const { return error.empty(); }
};
DecodedBatches DecodeRecordBatches(std::string_view bytes);

}  // namespace kafka::wire
