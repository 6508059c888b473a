// See record_batch_codec.h.
#include "model/wire/record_batch_codec.h"

#include <boost/crc.hpp>

#include "model/wire/wire_codec.h"

namespace kafka::wire {
namespace {

constexpr size_t kHeaderBytes = 61;       // through the record count
constexpr size_t kCrcCoversFrom = 21;     // attributes start here
constexpr size_t kLengthCoversFrom = 12;  // batchLength counts the bytes after itself

void EncodeRecord(const WireRecord& r, std::string& out) {
  WireWriter body;
  body.Int8(0);  // record attributes: unused
  body.Varlong(r.timestamp_delta);
  body.Varint(static_cast<int32_t>(r.offset_delta));
  const auto sized = [&](const std::optional<std::string>& s) {
    body.Varint(s ? static_cast<int32_t>(s->size()) : -1);
    if (s) body.Raw(*s);
  };
  sized(r.key);
  sized(r.value);
  body.Varint(static_cast<int32_t>(r.headers.size()));
  for (const auto& [key, value] : r.headers) {
    body.Varint(static_cast<int32_t>(key.size()));
    body.Raw(key);
    sized(value);
  }
  WireWriter length;
  length.Varint(static_cast<int32_t>(body.size()));
  out += length.bytes();
  out += body.bytes();
}

std::optional<std::string> VarintSized(WireReader& in, const char* what) {
  const int32_t n = in.Varint();
  if (!in.ok() || n == -1) return std::nullopt;
  if (n < -1) {
    in.Fail(std::string("negative ") + what + " length");
    return std::nullopt;
  }
  return std::string(in.Raw(static_cast<size_t>(n)));
}

std::optional<WireRecord> DecodeRecord(WireReader& in) {
  const int32_t length = in.Varint();
  if (!in.ok()) return std::nullopt;
  if (length < 0 || static_cast<size_t>(length) > in.remaining()) {
    in.Fail("record length " + std::to_string(length) + " beyond the batch");
    return std::nullopt;
  }
  WireReader r(in.Raw(static_cast<size_t>(length)));
  WireRecord record;
  r.Int8();  // attributes
  record.timestamp_delta = r.Varlong();
  record.offset_delta = r.Varint();
  record.key = VarintSized(r, "key");
  record.value = VarintSized(r, "value");
  const int32_t headers = r.Varint();
  if (headers < 0 || static_cast<size_t>(headers) > r.remaining()) r.Fail("bad header count");
  for (int32_t i = 0; i < headers && r.ok(); ++i) {
    auto key = VarintSized(r, "header key");
    if (!key) r.Fail("null header key");
    record.headers.emplace_back(key.value_or(""), VarintSized(r, "header value"));
  }
  if (r.ok() && !r.AtEnd()) r.Fail("bytes left after the record's headers");
  if (!r.ok()) {
    in.Fail("record: " + r.error());
    return std::nullopt;
  }
  return record;
}

}  // namespace

uint32_t Crc32c(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

void EncodeRecordBatch(const WireRecordBatch& batch, std::string& out) {
  WireWriter w;
  w.Int64(batch.base_offset);
  w.Int32(0);  // batchLength, patched below
  w.Int32(batch.partition_leader_epoch);
  w.Int8(2);    // magic
  w.UInt32(0);  // crc, patched below
  w.Int16(batch.attributes);
  w.Int32(batch.last_offset_delta);
  w.Int64(batch.base_timestamp);
  w.Int64(batch.max_timestamp);
  w.Int64(batch.producer_id);
  w.Int16(batch.producer_epoch);
  w.Int32(batch.base_sequence);
  w.Int32(static_cast<int32_t>(batch.records.size()));
  std::string records;
  for (const WireRecord& r : batch.records) EncodeRecord(r, records);
  w.Raw(records);
  w.PatchInt32(8, static_cast<int32_t>(w.size() - kLengthCoversFrom));
  const std::string_view covered = std::string_view(w.bytes()).substr(kCrcCoversFrom);
  w.PatchInt32(17, static_cast<int32_t>(Crc32c(covered)));
  out += w.bytes();
}

DecodedBatches DecodeRecordBatches(std::string_view bytes) {
  DecodedBatches out;
  size_t at = 0;
  while (at < bytes.size() && out.ok()) {
    const std::string_view rest = bytes.substr(at);
    const auto fail = [&](const std::string& what) {
      out.error = "batch at byte " + std::to_string(at) + ": " + what;
    };
    if (rest.size() < kHeaderBytes) {
      fail("truncated header (" + std::to_string(rest.size()) + " bytes)");
      break;
    }
    WireReader h(rest);
    WireRecordBatch b;
    b.base_offset = h.Int64();
    const int32_t length = h.Int32();
    if (length < static_cast<int32_t>(kHeaderBytes - kLengthCoversFrom) ||
        static_cast<size_t>(length) > rest.size() - kLengthCoversFrom) {
      fail("batchLength " + std::to_string(length) + " does not fit the " +
           std::to_string(rest.size()) + " bytes there");
      break;
    }
    const std::string_view whole = rest.substr(0, kLengthCoversFrom + length);
    b.partition_leader_epoch = h.Int32();
    if (const int8_t magic = h.Int8(); magic != 2) {
      fail("magic " + std::to_string(magic) + " (only message format v2 is spoken)");
      break;
    }
    const uint32_t crc = h.UInt32();
    if (const uint32_t actual = Crc32c(whole.substr(kCrcCoversFrom)); actual != crc) {
      fail("CRC-32C mismatch (stored " + std::to_string(crc) + ", computed " +
           std::to_string(actual) + ")");
      break;
    }
    b.attributes = h.Int16();
    b.last_offset_delta = h.Int32();
    b.base_timestamp = h.Int64();
    b.max_timestamp = h.Int64();
    b.producer_id = h.Int64();
    b.producer_epoch = h.Int16();
    b.base_sequence = h.Int32();
    const int32_t count = h.Int32();
    if (b.compression() != 0) {
      fail("compression type " + std::to_string(b.compression()) + " is not supported");
      break;
    }
    WireReader records(whole.substr(kHeaderBytes));
    if (count < 0 || static_cast<size_t>(count) > records.remaining()) {
      fail("record count " + std::to_string(count) + " does not fit the batch");
      break;
    }
    for (int32_t i = 0; i < count && records.ok(); ++i) {
      if (auto r = DecodeRecord(records)) b.records.push_back(std::move(*r));
    }
    if (records.ok() && !records.AtEnd()) records.Fail("bytes left after the last record");
    if (!records.ok()) {
      fail(records.error());
      break;
    }
    out.batches.push_back(std::move(b));
    at += whole.size();
  }
  return out;
}

}  // namespace kafka::wire
