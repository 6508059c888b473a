// Kafka's primitive wire types (the protocol guide's "Protocol Primitive Types"): big-endian
// integers, unsigned varints and zig-zag varints, strings and bytes with an int16, int32 or varint
// length, arrays with an int32 or varint count, and the tagged fields of flexible versions.
//
// WireWriter appends to a byte string. WireReader reads a byte string it does not own; it never
// reads past the end. The first read that would stops the reader: every later read returns a zero
// value, and `error()` says what ran out and where. A parser can therefore read a whole message
// and check `ok()` once, and bytes from the network can never make it read out of bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kafka::wire {

class WireWriter {
 public:
  void Int8(int8_t v) { out_.push_back(static_cast<char>(v)); }
  void Int16(int16_t v) { BigEndian(static_cast<uint16_t>(v), 2); }
  void Int32(int32_t v) { BigEndian(static_cast<uint32_t>(v), 4); }
  void UInt32(uint32_t v) { BigEndian(v, 4); }
  void Int64(int64_t v) { BigEndian(static_cast<uint64_t>(v), 8); }
  void Bool(bool v) { Int8(v ? 1 : 0); }
  void UVarint(uint64_t v);
  void Varint(int32_t v) { UVarint(ZigZag(v)); }
  void Varlong(int64_t v) { UVarint(ZigZag(v)); }
  // Strings and bytes. Null is length -1 (compact: 0), in the nullable forms only.
  void String(std::string_view s);
  void NullableString(const std::optional<std::string>& s);
  void CompactString(std::string_view s);
  void CompactNullableString(const std::optional<std::string>& s);
  void Bytes(std::string_view b);
  void NullableBytes(const std::optional<std::string>& b);
  void CompactBytes(std::string_view b);
  void ArrayLength(int32_t n) { Int32(n); }  // -1: a null array
  void CompactArrayLength(int32_t n);        // -1: a null array
  void EmptyTaggedFields() { UVarint(0); }   // flexible versions end each structure so
  void Raw(std::string_view bytes) { out_.append(bytes); }

  size_t size() const { return out_.size(); }
  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }
  // Overwrites 4 bytes at `at` (a length or CRC written after what it covers).
  void PatchInt32(size_t at, int32_t v);

 private:
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }
  void BigEndian(uint64_t v, int bytes);
  std::string out_;
};

class WireReader {
 public:
  explicit WireReader(std::string_view in) : in_(in) {}
  // The reader keeps a view: reading a temporary string would read freed memory.
  explicit WireReader(std::string&&) = delete;

  int8_t Int8();
  int16_t Int16();
  int32_t Int32();
  uint32_t UInt32();
  int64_t Int64();
  bool Bool() { return Int8() != 0; }
  uint64_t UVarint();
  int32_t Varint();
  int64_t Varlong();
  std::string String();
  std::optional<std::string> NullableString();
  std::string CompactString();
  std::optional<std::string> CompactNullableString();
  std::string Bytes();
  std::optional<std::string> NullableBytes();
  std::string CompactBytes();
  // An array's count: -1 for null. A count larger than the bytes left could hold is refused
  // (every element takes at least `min_element_bytes`), so a hostile count cannot make a parser
  // reserve gigabytes.
  int32_t ArrayLength(size_t min_element_bytes = 1);
  int32_t CompactArrayLength(size_t min_element_bytes = 1);
  // Skips tagged fields (the ones this codec knows none of).
  void SkipTaggedFields();
  // `n` bytes as they are.
  std::string_view Raw(size_t n);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return ok() ? in_.size() - pos_ : 0; }
  bool AtEnd() const { return ok() && pos_ == in_.size(); }
  // Stops the reader with `what` (a value out of range, say).
  void Fail(const std::string& what);

 private:
  bool Need(size_t n, const char* what);
  uint64_t BigEndian(int bytes, const char* what);
  std::optional<std::string> Sized(int64_t length, const char* what);

  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace kafka::wire
