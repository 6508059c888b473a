// Record batch v2 on a worked example derived from the format (DefaultRecordBatch), the CRC-32C
// check value, and every way a batch from the network can be wrong.
#include "model/wire/record_batch_codec.h"

#include <gtest/gtest.h>

namespace kafka::wire {
namespace {

WireRecordBatch OneRecord() {
  WireRecordBatch b;
  b.last_offset_delta = 0;
  b.base_timestamp = b.max_timestamp = 1'700'000'000'000;
  b.records.push_back({0, 0, "k", "v", {}});
  return b;
}

TEST(RecordBatchCodec, Crc32cHasItsCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
}

TEST(RecordBatchCodec, OneRecordTakesTheHeaderAndNineBytes) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  // 61 bytes of header, then the record: length 8 (zig-zag 0x10), attributes 0, timestamp delta
  // 0, offset delta 0, key length 1 (0x02) "k", value length 1 "v", no headers.
  ASSERT_EQ(out.size(), 70u);
  EXPECT_EQ(out.substr(61), std::string("\x10\x00\x00\x00\x02k\x02v\x00", 9));
  EXPECT_EQ(out.substr(8, 4), std::string("\x00\x00\x00\x3a", 4));  // batchLength 58
  EXPECT_EQ(out[16], 2);                                            // magic
  const uint32_t crc = (uint32_t{static_cast<uint8_t>(out[17])} << 24) |
                       (uint32_t{static_cast<uint8_t>(out[18])} << 16) |
                       (uint32_t{static_cast<uint8_t>(out[19])} << 8) |
                       uint32_t{static_cast<uint8_t>(out[20])};
  EXPECT_EQ(crc, Crc32c(std::string_view(out).substr(21)));
}

TEST(RecordBatchCodec, BatchesRoundTripWithNullKeysAndHeaders) {
  WireRecordBatch b = OneRecord();
  b.producer_id = 7;
  b.producer_epoch = 1;
  b.base_sequence = 42;
  b.attributes = WireRecordBatch::kTransactional;
  b.records.push_back({1, 5, std::nullopt, std::string("\0\xff", 2), {{"h", std::nullopt}}});
  b.last_offset_delta = 1;
  std::string out;
  EncodeRecordBatch(b, out);
  EncodeRecordBatch(OneRecord(), out);  // two batches back to back
  const DecodedBatches d = DecodeRecordBatches(out);
  ASSERT_TRUE(d.ok()) << d.error;
  ASSERT_EQ(d.batches.size(), 2u);
  EXPECT_EQ(d.batches[0], b);
  EXPECT_TRUE(d.batches[0].transactional());
  EXPECT_EQ(d.batches[1], OneRecord());
}

TEST(RecordBatchCodec, ABrokerMayRewriteTheBaseOffsetAndEpochWithoutANewCrc) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  out[7] = 9;   // base offset 9
  out[15] = 3;  // partition leader epoch
  const DecodedBatches d = DecodeRecordBatches(out);
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(d.batches[0].base_offset, 9);
}

TEST(RecordBatchCodec, AChangedByteFailsTheCrc) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  out[68] = 'w';  // the value
  const DecodedBatches d = DecodeRecordBatches(out);
  EXPECT_EQ(d.error.substr(0, 33), "batch at byte 0: CRC-32C mismatch");
}

TEST(RecordBatchCodec, ATruncatedBatchIsRefused) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  EXPECT_EQ(DecodeRecordBatches(out.substr(0, 69)).error,
            "batch at byte 0: batchLength 58 does not fit the 69 bytes there");
  EXPECT_EQ(DecodeRecordBatches(out.substr(0, 20)).error,
            "batch at byte 0: truncated header (20 bytes)");
}

TEST(RecordBatchCodec, OldMessageFormatsAndCompressionAreRefused) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  std::string v1 = out;
  v1[16] = 1;
  EXPECT_EQ(DecodeRecordBatches(v1).error,
            "batch at byte 0: magic 1 (only message format v2 is spoken)");
  WireRecordBatch gzip = OneRecord();
  gzip.attributes = 1;
  std::string compressed;
  EncodeRecordBatch(gzip, compressed);
  EXPECT_EQ(DecodeRecordBatches(compressed).error,
            "batch at byte 0: compression type 1 is not supported");
}

TEST(RecordBatchCodec, ARecordCountBeyondTheBatchIsRefused) {
  std::string out;
  EncodeRecordBatch(OneRecord(), out);
  // Claim 2 records where there is one, and mend the CRC so that only the count is wrong.
  out[60] = 2;
  const uint32_t crc = Crc32c(std::string_view(out).substr(21));
  for (int i = 0; i < 4; ++i) out[17 + i] = static_cast<char>(crc >> (8 * (3 - i)));
  EXPECT_EQ(DecodeRecordBatches(out).error,
            "batch at byte 0: truncated: varint needs 1 bytes, 0 left, at byte 9");
}

}  // namespace
}  // namespace kafka::wire
