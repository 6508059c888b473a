// murmur2 partitioning and the group coordinator formula, on the reference's worked vectors.
#include "model/client/partitioner.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

TEST(Murmur2, MatchesKafkasWorkedVectors) {
  EXPECT_EQ(Murmur2(""), 275646681);
  EXPECT_EQ(Murmur2("key0"), 452605474);
  EXPECT_EQ(Murmur2("key1"), 28543940);
  EXPECT_EQ(Murmur2("key2"), 1674751211);
  EXPECT_EQ(Murmur2("key3"), -1745673403);
  EXPECT_EQ(Murmur2("test"), 716234879);
}

TEST(Murmur2, ToPositiveMasksTheSignBitRatherThanTakingAbs) {
  EXPECT_EQ(ToPositive(-1745673403), 401810245);
  EXPECT_NE(ToPositive(-1745673403), 1745673403);
  EXPECT_EQ(ToPositive(INT32_MIN), 0);
}

TEST(Murmur2, KeysLandOnTheSamePartitionsAsInKafka) {
  struct Case {
    const char* key;
    int32_t p3, p6, p12;
  };
  for (const Case& c : {Case{"", 0, 3, 9}, Case{"key0", 1, 4, 10}, Case{"key1", 2, 2, 8},
                        Case{"key2", 2, 5, 11}, Case{"key3", 1, 1, 1}, Case{"test", 2, 5, 11}}) {
    EXPECT_EQ(PartitionForKey(c.key, 3), c.p3) << c.key;
    EXPECT_EQ(PartitionForKey(c.key, 6), c.p6) << c.key;
    EXPECT_EQ(PartitionForKey(c.key, 12), c.p12) << c.key;
  }
}

TEST(Coordinator, IsAbsOfJavaHashCodeModuloTheOffsetsPartitions) {
  EXPECT_EQ(JavaHashCode("my-group"), -1906497762);
  EXPECT_EQ(CoordinatorPartition("my-group"), 12);
  EXPECT_EQ(CoordinatorPartition("test-group"), 12);
  EXPECT_EQ(CoordinatorPartition("group1"), 40);
  EXPECT_EQ(KafkaAbs(INT32_MIN), 0);
}

TEST(Coordinator, HashesUtf16UnitsLikeJava) {
  EXPECT_EQ(JavaHashCode("é"), 0xe9);  // one UTF-16 unit, two UTF-8 bytes
  // U+1F600 is a surrogate pair in Java: 31 * 0xd83d + 0xde00.
  EXPECT_EQ(JavaHashCode("\xf0\x9f\x98\x80"), 31 * 0xd83d + 0xde00);
  EXPECT_EQ(JavaHashCode("\xff"), 0xfffd);  // invalid UTF-8 decodes to U+FFFD
}

}  // namespace
}  // namespace kafka
