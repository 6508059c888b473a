// Kafka's primitive types on worked examples (the encodings of the protocol guide and of Kafka's
// ByteUtils), and a reader that refuses to run past its bytes.
#include "model/wire/wire_codec.h"

#include <gtest/gtest.h>

namespace kafka::wire {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

TEST(WireCodec, IntegersAreBigEndian) {
  WireWriter w;
  w.Int16(0x0102);
  w.Int32(-2);
  w.Int64(0x0102030405060708);
  EXPECT_EQ(Hex(w.bytes()), "01 02 ff ff ff fe 01 02 03 04 05 06 07 08");
  WireReader r(w.bytes());
  EXPECT_EQ(r.Int16(), 0x0102);
  EXPECT_EQ(r.Int32(), -2);
  EXPECT_EQ(r.Int64(), 0x0102030405060708);
  EXPECT_TRUE(r.AtEnd());
}

TEST(WireCodec, VarintsAreZigZagAndSevenBitsAByte) {
  WireWriter w;
  w.UVarint(300);  // the protocol guide's example: ac 02
  w.Varint(0);
  w.Varint(-1);
  w.Varint(1);
  w.Varint(-64);
  w.Varint(64);
  w.Varlong(INT64_MIN);
  EXPECT_EQ(Hex(w.bytes()), "ac 02 00 01 02 7f 80 01 ff ff ff ff ff ff ff ff ff 01");
  WireReader r(w.bytes());
  EXPECT_EQ(r.UVarint(), 300u);
  EXPECT_EQ(r.Varint(), 0);
  EXPECT_EQ(r.Varint(), -1);
  EXPECT_EQ(r.Varint(), 1);
  EXPECT_EQ(r.Varint(), -64);
  EXPECT_EQ(r.Varint(), 64);
  EXPECT_EQ(r.Varlong(), INT64_MIN);
  EXPECT_TRUE(r.AtEnd());
}

TEST(WireCodec, StringsCarryTheirLengthAndNullIsMinusOne) {
  WireWriter w;
  w.String("ab");
  w.NullableString(std::nullopt);
  w.CompactString("ab");
  w.CompactNullableString(std::nullopt);
  w.NullableBytes(std::nullopt);
  EXPECT_EQ(Hex(w.bytes()), "00 02 61 62 ff ff 03 61 62 00 ff ff ff ff");
  WireReader r(w.bytes());
  EXPECT_EQ(r.String(), "ab");
  EXPECT_EQ(r.NullableString(), std::nullopt);
  EXPECT_EQ(r.CompactString(), "ab");
  EXPECT_EQ(r.CompactNullableString(), std::nullopt);
  EXPECT_EQ(r.NullableBytes(), std::nullopt);
  EXPECT_TRUE(r.AtEnd());
}

TEST(WireCodec, AReadPastTheEndStopsTheReaderAndSaysWhere) {
  const std::string bytes("\x00\x01\x00", 3);
  WireReader r(bytes);
  EXPECT_EQ(r.Int16(), 1);
  EXPECT_EQ(r.Int32(), 0);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "truncated: int32 needs 4 bytes, 1 left, at byte 2");
  EXPECT_EQ(r.Int16(), 0);  // stopped: later reads give zero and keep the first error
  EXPECT_EQ(r.error(), "truncated: int32 needs 4 bytes, 1 left, at byte 2");
}

TEST(WireCodec, AStringLongerThanTheBytesIsRefused) {
  const std::string bytes(
      "\x7f\xff"
      "abc",
      5);
  WireReader r(bytes);
  r.String();
  EXPECT_EQ(r.error(), "truncated: string needs 32767 bytes, 3 left, at byte 2");
}

TEST(WireCodec, AnArrayCountTheBytesCannotHoldIsRefusedBeforeAnythingIsAllocated) {
  WireWriter w;
  w.ArrayLength(0x7fffffff);
  w.Int32(1);
  WireReader r(w.bytes());
  EXPECT_EQ(r.ArrayLength(4), 0);
  EXPECT_EQ(r.error(), "array of 2147483647 elements in 4 bytes at byte 4");
}

TEST(WireCodec, TaggedFieldsAreSkipped) {
  WireWriter w;
  w.UVarint(2);  // two fields
  w.UVarint(0);
  w.UVarint(3);
  w.Raw("xyz");
  w.UVarint(5);
  w.UVarint(0);
  w.Int8(7);
  WireReader r(w.bytes());
  r.SkipTaggedFields();
  EXPECT_EQ(r.Int8(), 7);
  EXPECT_TRUE(r.AtEnd());
}

TEST(WireCodec, AVarintOfElevenBytesIsRefused) {
  const std::string bytes(11, '\x80');
  WireReader r(bytes);
  r.UVarint();
  EXPECT_EQ(r.error(), "varint longer than 10 bytes at byte 10");
}

}  // namespace
}  // namespace kafka::wire
