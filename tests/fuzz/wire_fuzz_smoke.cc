// A short, deterministic fuzz run of the wire codec for the test suite: a corpus of valid requests
// and record batches built here (ApiVersions v0 and v3, Metadata v0, v1 and v4, ListOffsets v2,
// Fetch v4 and v11, Produce v7, JoinGroup v2 and v5, SyncGroup v3, OffsetCommit v7, CreateTopics
// v4, batches with and without keys, headers and producer ids), then seeded mutations fed to the
// libFuzzer target. Usage: kafkasim_fuzz_wire_smoke [ITERATIONS] [SEED]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/wire/consumer_protocol.h"
#include "model/wire/record_batch_codec.h"
#include "model/wire/wire_codec.h"
#include "sim/rng.h"
#include "tests/fuzz/mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

using kafka::wire::WireWriter;

std::string Header(int16_t key, int16_t version, bool flexible) {
  WireWriter w;
  w.Int16(key);
  w.Int16(version);
  w.Int32(42);
  w.NullableString("fuzz");
  if (flexible) w.EmptyTaggedFields();
  return w.Take();
}

std::vector<std::string> Corpus() {
  std::vector<std::string> corpus;
  corpus.push_back(Header(18, 0, false));
  {
    WireWriter w;
    w.Raw(Header(18, 3, true));
    w.CompactString("librdkafka");
    w.CompactString("2.0.2");
    w.EmptyTaggedFields();
    corpus.push_back(w.Take());
  }
  for (int16_t version : {0, 1, 4}) {
    WireWriter w;
    w.Raw(Header(3, version, false));
    w.ArrayLength(2);
    w.String("orders");
    w.String("payments");
    if (version >= 4) w.Bool(true);
    corpus.push_back(w.Take());
  }
  {
    WireWriter w;  // ListOffsets v2
    w.Raw(Header(2, 2, false));
    w.Int32(-1);
    w.Int8(1);
    w.ArrayLength(1);
    w.String("orders");
    w.ArrayLength(1);
    w.Int32(0);
    w.Int64(-2);
    corpus.push_back(w.Take());
  }
  for (int16_t version : {4, 11}) {
    WireWriter w;  // Fetch
    w.Raw(Header(1, version, false));
    w.Int32(-1);
    w.Int32(500);
    w.Int32(1);
    w.Int32(1 << 20);
    w.Int8(0);
    if (version >= 7) {
      w.Int32(0);
      w.Int32(-1);
    }
    w.ArrayLength(1);
    w.String("orders");
    w.ArrayLength(1);
    w.Int32(0);
    if (version >= 9) w.Int32(-1);
    w.Int64(0);
    if (version >= 5) w.Int64(-1);
    w.Int32(1 << 20);
    if (version >= 7) w.ArrayLength(0);
    if (version >= 11) w.String("");
    corpus.push_back(w.Take());
  }
  for (int16_t version : {2, 5}) {
    WireWriter w;  // JoinGroup
    w.Raw(Header(11, version, false));
    w.String("readers");
    w.Int32(10000);
    w.Int32(30000);
    w.String("");
    if (version >= 5) w.NullableString(std::nullopt);
    w.String("consumer");
    w.ArrayLength(1);
    w.String("range");
    w.Bytes(kafka::wire::EncodeSubscription({{"orders"}, {{"orders", 1}}, -1}));
    corpus.push_back(w.Take());
  }
  {
    WireWriter w;  // SyncGroup v3
    w.Raw(Header(14, 3, false));
    w.String("readers");
    w.Int32(1);
    w.String("m-1");
    w.NullableString(std::nullopt);
    w.ArrayLength(1);
    w.String("m-1");
    w.Bytes(kafka::wire::EncodeAssignment({{"orders", 0}, {"orders", 2}}));
    corpus.push_back(w.Take());
  }
  {
    WireWriter w;  // OffsetCommit v7
    w.Raw(Header(8, 7, false));
    w.String("readers");
    w.Int32(1);
    w.String("m-1");
    w.NullableString(std::nullopt);
    w.ArrayLength(1);
    w.String("orders");
    w.ArrayLength(1);
    w.Int32(0);
    w.Int64(42);
    w.Int32(-1);
    w.NullableString(std::string());
    corpus.push_back(w.Take());
  }
  {
    WireWriter w;  // CreateTopics v4
    w.Raw(Header(19, 4, false));
    w.ArrayLength(1);
    w.String("payments");
    w.Int32(3);
    w.Int16(2);
    w.ArrayLength(0);
    w.ArrayLength(1);
    w.String("min.insync.replicas");
    w.NullableString(std::string("2"));
    w.Int32(30000);
    w.Bool(false);
    corpus.push_back(w.Take());
  }
  kafka::wire::WireRecordBatch batch;
  batch.base_timestamp = batch.max_timestamp = 1'700'000'000'000;
  batch.last_offset_delta = 1;
  batch.records.push_back({0, 0, "key", "value", {{"h", "v"}}});
  batch.records.push_back({1, 3, std::nullopt, std::nullopt, {}});
  std::string two;
  kafka::wire::EncodeRecordBatch(batch, two);
  batch.producer_id = 9;
  batch.producer_epoch = 0;
  batch.base_sequence = 0;
  kafka::wire::EncodeRecordBatch(batch, two);
  corpus.push_back(two);
  {
    WireWriter w;  // Produce v7 carrying the two batches
    w.Raw(Header(0, 7, false));
    w.NullableString(std::nullopt);
    w.Int16(-1);
    w.Int32(30000);
    w.ArrayLength(1);
    w.String("orders");
    w.ArrayLength(1);
    w.Int32(0);
    w.Bytes(two);
    corpus.push_back(w.Take());
  }
  return corpus;
}

const std::vector<std::string> kTokens = {
    std::string("\x00\x00\x00\x00", 4),
    std::string("\xff\xff\xff\xff", 4),
    std::string("\x7f\xff\xff\xff", 4),
    std::string("\x00\x12\x00\x03", 4),
    std::string("\x00\x03\x00\x04", 4),
    std::string("\x02", 1),
    std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10),
    std::string(1, '\x80')};

}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 20000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const std::vector<std::string> corpus = Corpus();
  sim::Rng rng(seed);
  for (const std::string& c : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(c.data()), c.size());
  }
  for (long i = 0; i < iterations; ++i) {
    const std::string input =
        kafkasim::fuzz::Mutate(corpus[rng.Below(corpus.size())], corpus, kTokens, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("wire fuzz smoke: %zu corpus entries, %ld mutations, seed %llu, no crash\n",
              corpus.size(), iterations, static_cast<unsigned long long>(seed));
  return 0;
}
