// Kafka's znodes as Kafka writes them, the JSON underneath, and robustness against bad input.
#include "model/common/zk_data.h"

#include <gtest/gtest.h>

#include "model/common/json.h"
#include "sim/rng.h"

namespace kafka {
namespace {

TEST(Json, RoundTripsAndKeepsKeyOrder) {
  const std::string text = R"({"b":1,"a":[true,false,null,"x\"y",-5],"c":{}})";
  const auto v = json::Parse(text);
  ASSERT_TRUE(v);
  EXPECT_EQ(json::Dump(*v), text);
  EXPECT_EQ(*v->Get("b")->as_int(), 1);
  EXPECT_EQ(v->Get("zz"), nullptr);
  EXPECT_EQ(json::Dump(*json::Parse(" [ 1 , \"\\u0041\" ] ")), R"([1,"A"])");
}

TEST(Json, ReportsWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(json::Parse(R"({"a":})", &error));
  EXPECT_EQ(error, "unexpected character at offset 5");
  EXPECT_FALSE(json::Parse("[1,2", &error));
  EXPECT_FALSE(json::Parse("\"abc", &error));
  EXPECT_FALSE(json::Parse("\"\\uZZZZ\"", &error));
  EXPECT_FALSE(json::Parse("99999999999999999999", &error));
  EXPECT_FALSE(json::Parse("1 2", &error));
  EXPECT_FALSE(json::Parse(std::string(200, '['), &error));  // too deep, not a stack overflow
}

TEST(Json, NeverCrashesOnGarbage) {
  sim::Rng rng(1);
  const std::string alphabet = "{}[]\",:0123456789-truefalsnl \\u";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const uint64_t len = rng.Below(40);
    for (uint64_t k = 0; k < len; ++k) s.push_back(alphabet[rng.Below(alphabet.size())]);
    std::string error;
    const auto v = json::Parse(s, &error);
    if (v) {
      EXPECT_TRUE(json::Parse(json::Dump(*v)));  // whatever parses, dumps to valid JSON
    }
    (void)zkdata::DecodePartitionState(s);
    (void)zkdata::DecodeAssignment(s);
    (void)zkdata::DecodeBroker(1, s);
  }
}

TEST(ZkData, PartitionStateReadsAsOnARealCluster) {
  const zkdata::PartitionZkState s{101, 0, {101, 102}, 1};
  EXPECT_EQ(zkdata::EncodePartitionState(s),
            R"({"controller_epoch":1,"leader":101,"version":1,"leader_epoch":0,"isr":[101,102]})");
  EXPECT_EQ(zkdata::DecodePartitionState(zkdata::EncodePartitionState(s)), s);
  EXPECT_EQ(zkdata::PartitionStatePath({"orders", 3}), "/brokers/topics/orders/partitions/3/state");
}

TEST(ZkData, AssignmentControllerAndBroker) {
  const std::map<int32_t, std::vector<int32_t>> a = {{0, {101, 102}}, {1, {102, 103}}};
  EXPECT_EQ(
      zkdata::EncodeAssignment(a),
      R"({"version":2,"partitions":{"0":[101,102],"1":[102,103]},"adding_replicas":{},"removing_replicas":{}})");
  EXPECT_EQ(zkdata::DecodeAssignment(zkdata::EncodeAssignment(a)), a);
  EXPECT_EQ(zkdata::EncodeController(101, 1500),
            R"({"version":1,"brokerid":101,"timestamp":"1500"})");
  EXPECT_EQ(zkdata::DecodeController(zkdata::EncodeController(101, 1500)), 101);
  const zkdata::BrokerRegistration b{101, "broker-101", 9092, "rack-a", 42};
  EXPECT_EQ(
      zkdata::EncodeBroker(b),
      R"({"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://broker-101:9092"],"jmx_port":-1,"host":"broker-101","timestamp":"42","port":9092,"rack":"rack-a","version":4})");
  const auto decoded = zkdata::DecodeBroker(101, zkdata::EncodeBroker(b));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->host, "broker-101");
  EXPECT_EQ(decoded->rack, "rack-a");
  EXPECT_EQ(decoded->timestamp_ms, 42);
}

TEST(ZkData, IsrChangeAndTopicConfig) {
  const std::vector<TopicPartition> tps = {{"orders", 0}, {"orders", 2}};
  EXPECT_EQ(
      zkdata::EncodeIsrChange(tps),
      R"({"version":1,"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":2}]})");
  EXPECT_EQ(zkdata::DecodeIsrChange(zkdata::EncodeIsrChange(tps)), tps);
  const std::map<std::string, std::string> config = {{"min.insync.replicas", "2"}};
  EXPECT_EQ(zkdata::EncodeTopicConfig(config),
            R"({"version":1,"config":{"min.insync.replicas":"2"}})");
  EXPECT_EQ(zkdata::DecodeTopicConfig(zkdata::EncodeTopicConfig(config)), config);
}

}  // namespace
}  // namespace kafka
