// The consumer protocol's subscription and assignment bytes: worked examples of their layout,
// and the later versions' fields read past.
#include "model/wire/consumer_protocol.h"

#include <gtest/gtest.h>

namespace kafka::wire {
namespace {

TEST(ConsumerProtocol, ASubscriptionWithoutOwnedPartitionsIsVersionZero) {
  const std::string bytes = EncodeSubscription({{"orders"}, {}, -1});
  EXPECT_EQ(bytes, std::string("\0\0"               // version 0
                               "\0\0\0\1"           // one topic
                               "\0\6orders"         //
                               "\xff\xff\xff\xff",  // user_data: null
                               18));
  std::string error;
  const Subscription back = DecodeSubscription(bytes, &error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(back.topics, std::vector<std::string>{"orders"});
}

TEST(ConsumerProtocol, OwnedPartitionsMakeItVersionOneAndRoundTrip) {
  const Subscription s{{"orders", "payments"}, {{"orders", 0}, {"orders", 2}, {"payments", 1}}, -1};
  std::string error;
  const Subscription back = DecodeSubscription(EncodeSubscription(s), &error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(back.topics, s.topics);
  EXPECT_EQ(back.owned, s.owned);
}

TEST(ConsumerProtocol, AVersionTwoSubscriptionGivesItsGeneration) {
  WireWriter w;
  w.Int16(2);
  w.ArrayLength(1);
  w.String("orders");
  w.NullableBytes(std::string("ud"));
  w.ArrayLength(0);  // owned
  w.Int32(7);        // generation
  std::string error;
  const Subscription s = DecodeSubscription(w.bytes(), &error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(s.generation, 7);
}

TEST(ConsumerProtocol, AssignmentsGroupPartitionsUnderTheirTopic) {
  const std::vector<TopicPartition> partitions = {{"orders", 1}, {"orders", 2}, {"payments", 0}};
  const std::string bytes = EncodeAssignment(partitions);
  WireReader r(bytes);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.ArrayLength(), 2);
  EXPECT_EQ(r.String(), "orders");
  EXPECT_EQ(r.ArrayLength(), 2);
  std::string error;
  EXPECT_EQ(DecodeAssignment(bytes, &error), partitions);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(DecodeAssignment("", &error).empty());  // the leader gave this member nothing
}

TEST(ConsumerProtocol, TruncatedBytesSayWhy) {
  std::string error;
  DecodeSubscription(std::string("\0\0\0\0\0\5", 6), &error);
  EXPECT_EQ(error, "consumer subscription: array of 5 elements in 0 bytes at byte 6");
}

}  // namespace
}  // namespace kafka::wire
