// See wire_codec.h.
#include "model/wire/wire_codec.h"

namespace kafka::wire {

void WireWriter::BigEndian(uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void WireWriter::PatchInt32(size_t at, int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) out_[at + i] = static_cast<char>((u >> (8 * (3 - i))) & 0xff);
}

void WireWriter::UVarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void WireWriter::String(std::string_view s) {
  Int16(static_cast<int16_t>(s.size()));
  out_.append(s);
}

void WireWriter::NullableString(const std::optional<std::string>& s) {
  if (!s) {
    Int16(-1);
  } else {
    String(*s);
  }
}

void WireWriter::CompactString(std::string_view s) {
  UVarint(s.size() + 1);
  out_.append(s);
}

void WireWriter::CompactNullableString(const std::optional<std::string>& s) {
  if (!s) {
    UVarint(0);
  } else {
    CompactString(*s);
  }
}

void WireWriter::Bytes(std::string_view b) {
  Int32(static_cast<int32_t>(b.size()));
  out_.append(b);
}

void WireWriter::NullableBytes(const std::optional<std::string>& b) {
  if (!b) {
    Int32(-1);
  } else {
    Bytes(*b);
  }
}

void WireWriter::CompactBytes(std::string_view b) { CompactString(b); }

void WireWriter::CompactArrayLength(int32_t n) {
  UVarint(n < 0 ? 0 : static_cast<uint64_t>(n) + 1);
}

void WireReader::Fail(const std::string& what) {
  if (ok()) error_ = what + " at byte " + std::to_string(pos_);
}

bool WireReader::Need(size_t n, const char* what) {
  if (!ok()) return false;
  if (in_.size() - pos_ >= n) return true;
  Fail(std::string("truncated: ") + what + " needs " + std::to_string(n) + " bytes, " +
       std::to_string(in_.size() - pos_) + " left,");
  return false;
}

uint64_t WireReader::BigEndian(int bytes, const char* what) {
  if (!Need(bytes, what)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(in_[pos_ + i]);
  pos_ += bytes;
  return v;
}

int8_t WireReader::Int8() { return static_cast<int8_t>(BigEndian(1, "int8")); }
int16_t WireReader::Int16() { return static_cast<int16_t>(BigEndian(2, "int16")); }
int32_t WireReader::Int32() { return static_cast<int32_t>(BigEndian(4, "int32")); }
uint32_t WireReader::UInt32() { return static_cast<uint32_t>(BigEndian(4, "uint32")); }
int64_t WireReader::Int64() { return static_cast<int64_t>(BigEndian(8, "int64")); }

uint64_t WireReader::UVarint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (!Need(1, "varint")) return 0;
    const auto byte = static_cast<uint8_t>(in_[pos_++]);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  Fail("varint longer than 10 bytes");
  return 0;
}

int32_t WireReader::Varint() {
  const uint64_t u = UVarint();
  if (u > 0xffffffffULL) {
    Fail("varint out of int32 range");
    return 0;
  }
  return static_cast<int32_t>(static_cast<uint32_t>(u >> 1) ^ (~static_cast<uint32_t>(u & 1) + 1));
}

int64_t WireReader::Varlong() {
  const uint64_t u = UVarint();
  return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::optional<std::string> WireReader::Sized(int64_t length, const char* what) {
  if (!ok()) return std::string();
  if (length < -1) {
    Fail(std::string("negative length ") + std::to_string(length) + " of " + what);
    return std::string();
  }
  if (length == -1) return std::nullopt;
  if (!Need(static_cast<size_t>(length), what)) return std::string();
  std::string s(in_.substr(pos_, static_cast<size_t>(length)));
  pos_ += static_cast<size_t>(length);
  return s;
}

std::string WireReader::String() {
  auto s = Sized(Int16(), "string");
  if (!s) Fail("null where a string must be");
  return s.value_or("");
}

std::optional<std::string> WireReader::NullableString() { return Sized(Int16(), "string"); }

std::string WireReader::CompactString() {
  auto s = CompactNullableString();
  if (!s) Fail("null where a string must be");
  return s.value_or("");
}

std::optional<std::string> WireReader::CompactNullableString() {
  const uint64_t n = UVarint();
  if (n > 0x7fffffff) Fail("compact string length out of range");
  return Sized(static_cast<int64_t>(n) - 1, "compact string");
}

std::string WireReader::Bytes() {
  auto b = Sized(Int32(), "bytes");
  if (!b) Fail("null where bytes must be");
  return b.value_or("");
}

std::optional<std::string> WireReader::NullableBytes() { return Sized(Int32(), "bytes"); }

std::string WireReader::CompactBytes() { return CompactString(); }

int32_t WireReader::ArrayLength(size_t min_element_bytes) {
  const int32_t n = Int32();
  if (!ok() || n == -1) return ok() ? -1 : 0;
  if (n < -1 || static_cast<size_t>(n) * min_element_bytes > remaining()) {
    Fail("array of " + std::to_string(n) + " elements in " + std::to_string(remaining()) +
         " bytes");
    return 0;
  }
  return n;
}

int32_t WireReader::CompactArrayLength(size_t min_element_bytes) {
  const uint64_t u = UVarint();
  if (!ok()) return 0;
  if (u == 0) return -1;
  if (u - 1 > 0x7fffffff || (u - 1) * min_element_bytes > remaining()) {
    Fail("array of " + std::to_string(u - 1) + " elements in " + std::to_string(remaining()) +
         " bytes");
    return 0;
  }
  return static_cast<int32_t>(u - 1);
}

void WireReader::SkipTaggedFields() {
  const uint64_t count = UVarint();
  for (uint64_t i = 0; i < count && ok(); ++i) {
    UVarint();  // tag
    const uint64_t size = UVarint();
    if (size > remaining()) {
      Fail("tagged field longer than the message");
      return;
    }
    pos_ += size;
  }
}

std::string_view WireReader::Raw(size_t n) {
  if (!Need(n, "raw bytes")) return {};
  const std::string_view out = in_.substr(pos_, n);
  pos_ += n;
  return out;
}

}  // namespace kafka::wire
