// Request headers, ApiVersions and Metadata on the bytes the clients send and expect: librdkafka's
// ApiVersions v3 probe, kafka-python's v0, the v0 answer to a version the gateway does not speak,
// and Metadata at v0 and v4.
#include <gtest/gtest.h>

#include <map>

#include "model/wire/api_keys.h"
#include "model/wire/api_versions_codec.h"
#include "model/wire/metadata_codec.h"
#include "model/wire/request_header.h"

namespace kafka::wire {
namespace {

TEST(RequestHeader, LibrdkafkasApiVersionsV3ProbeIsFlexible) {
  WireWriter w;
  w.Int16(18);
  w.Int16(3);
  w.Int32(1);
  w.NullableString("rdkafka");
  w.EmptyTaggedFields();
  w.CompactString("librdkafka");
  w.CompactString("2.0.2");
  w.EmptyTaggedFields();
  WireReader r(w.bytes());
  const RequestHeader h = DecodeRequestHeader(r);
  EXPECT_EQ(h.api_key, 18);
  EXPECT_EQ(h.api_version, 3);
  EXPECT_EQ(h.correlation_id, 1);
  EXPECT_EQ(h.client_id, "rdkafka");
  const ApiVersionsRequest body = DecodeApiVersionsRequest(r, 3);
  EXPECT_EQ(body.client_software_name, "librdkafka");
  EXPECT_EQ(body.client_software_version, "2.0.2");
  EXPECT_TRUE(r.AtEnd());
}

TEST(RequestHeader, ApiVersionsAnswersKeepHeaderV0) {
  WireWriter w;
  EncodeResponseHeader(w, {18, 3, 7, "rdkafka"});
  EXPECT_EQ(w.bytes(), std::string("\x00\x00\x00\x07", 4));  // no tagged fields
  EXPECT_EQ(Frame("ab"), std::string("\x00\x00\x00\x02"
                                     "ab",
                                     6));
}

struct Range {
  int16_t key, min, max;
};

std::vector<Range> ReadRanges(WireReader& r, bool compact) {
  std::vector<Range> out;
  const int32_t n = compact ? r.CompactArrayLength() : r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    Range range{r.Int16(), r.Int16(), r.Int16()};
    if (compact) r.SkipTaggedFields();
    out.push_back(range);
  }
  return out;
}

TEST(ApiVersionsCodec, V0ListsEveryApiTheGatewaySpeaks) {
  const std::string bytes = EncodeApiVersionsResponse(0);
  WireReader r(bytes);
  EXPECT_EQ(r.Int16(), 0);
  const std::vector<Range> ranges = ReadRanges(r, false);
  ASSERT_EQ(ranges.size(), SupportedApis().size());
  std::map<int16_t, std::pair<int16_t, int16_t>> by_key;
  for (size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_EQ(ranges[i].key, static_cast<int16_t>(SupportedApis()[i].key));
    by_key[ranges[i].key] = {ranges[i].min, ranges[i].max};
  }
  EXPECT_EQ(by_key[18], (std::pair<int16_t, int16_t>{0, 3}));  // ApiVersions
  EXPECT_EQ(by_key[3], (std::pair<int16_t, int16_t>{0, 4}));   // Metadata
  EXPECT_EQ(by_key[0].first, 3);  // Produce: message format v2 needs 3 (librdkafka's MsgVer2)
  EXPECT_EQ(by_key[1].first, 4);  // Fetch: likewise 4
  EXPECT_TRUE(r.AtEnd());
}

TEST(ApiVersionsCodec, V3IsCompactAndEndsWithThrottleTimeAndTags) {
  const std::string bytes = EncodeApiVersionsResponse(3);
  WireReader r(bytes);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(ReadRanges(r, true).size(), SupportedApis().size());
  EXPECT_EQ(r.Int32(), 0);  // throttle_time_ms
  r.SkipTaggedFields();
  EXPECT_TRUE(r.AtEnd());
}

TEST(ApiVersionsCodec, AnUnknownVersionIsRefusedInV0sFormat) {
  const std::string bytes = EncodeApiVersionsResponse(9);
  WireReader r(bytes);
  EXPECT_EQ(r.Int16(), 35);  // UNSUPPORTED_VERSION
  EXPECT_EQ(ReadRanges(r, false).size(), SupportedApis().size());
  EXPECT_TRUE(r.AtEnd());  // no throttle time: v0
}

TEST(MetadataCodec, AnEmptyV0RequestAsksForEveryTopicAndV1ForNone) {
  WireWriter empty;
  empty.ArrayLength(0);
  WireReader v0(empty.bytes());
  EXPECT_EQ(DecodeMetadataRequest(v0, 0).topics, std::nullopt);
  WireReader v1(empty.bytes());
  EXPECT_EQ(DecodeMetadataRequest(v1, 1).topics, std::vector<std::string>{});
  WireWriter null_all;
  null_all.ArrayLength(-1);
  null_all.Bool(false);
  WireReader v4(null_all.bytes());
  const MetadataRequest r = DecodeMetadataRequest(v4, 4);
  EXPECT_EQ(r.topics, std::nullopt);
  EXPECT_FALSE(r.allow_auto_topic_creation);
  EXPECT_TRUE(v4.AtEnd());
}

MetadataResponse OneTopic() {
  MetadataResponse m;
  m.brokers = {{101, "127.0.0.1", 9092, std::nullopt}, {102, "127.0.0.1", 9093, "rack-b"}};
  m.controller_id = 101;
  MetadataResponse::Topic t;
  t.name = "orders";
  t.partitions.push_back({ErrorCode::kNone, 0, 102, 3, {102, 101}, {102}, {}});
  m.topics.push_back(t);
  return m;
}

TEST(MetadataCodec, V0HasNoRackControllerOrClusterId) {
  const std::string bytes = EncodeMetadataResponse(OneTopic(), 0, "sim-cluster");
  WireReader r(bytes);
  EXPECT_EQ(r.ArrayLength(), 2);
  EXPECT_EQ(r.Int32(), 101);
  EXPECT_EQ(r.String(), "127.0.0.1");
  EXPECT_EQ(r.Int32(), 9092);
  EXPECT_EQ(r.Int32(), 102);
  EXPECT_EQ(r.String(), "127.0.0.1");
  EXPECT_EQ(r.Int32(), 9093);
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.String(), "orders");
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.Int32(), 0);    // partition
  EXPECT_EQ(r.Int32(), 102);  // leader
  EXPECT_EQ(r.ArrayLength(), 2);
  EXPECT_EQ(r.Int32(), 102);
  EXPECT_EQ(r.Int32(), 101);
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int32(), 102);
  EXPECT_TRUE(r.AtEnd());
}

TEST(MetadataCodec, V4AddsThrottleRackClusterIdControllerAndInternal) {
  const std::string bytes = EncodeMetadataResponse(OneTopic(), 4, "sim-cluster");
  WireReader r(bytes);
  EXPECT_EQ(r.Int32(), 0);  // throttle_time_ms
  EXPECT_EQ(r.ArrayLength(), 2);
  r.Int32();
  r.String();
  r.Int32();
  EXPECT_EQ(r.NullableString(), std::nullopt);
  r.Int32();
  r.String();
  r.Int32();
  EXPECT_EQ(r.NullableString(), "rack-b");
  EXPECT_EQ(r.NullableString(), "sim-cluster");
  EXPECT_EQ(r.Int32(), 101);  // controller
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.String(), "orders");
  EXPECT_FALSE(r.Bool());  // is_internal
  EXPECT_EQ(r.ArrayLength(), 1);
  r.Raw(10);  // error, partition, leader
  EXPECT_EQ(r.ArrayLength(), 2);
  r.Raw(8);
  EXPECT_EQ(r.ArrayLength(), 1);
  r.Raw(4);
  EXPECT_TRUE(r.AtEnd());
}

}  // namespace
}  // namespace kafka::wire
