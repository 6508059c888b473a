// Kafka's key partitioning (clients/.../common/utils/Utils.java, DefaultPartitioner and
// BuiltInPartitioner.partitionForKey): murmur2 over the key bytes, made positive by masking the
// sign bit (not abs), modulo the number of partitions, counting every partition of the topic.
#pragma once

#include <cstdint>
#include <string_view>

namespace kafka {

// Kafka's murmur2 (seed 0x9747b28c), as a signed 32-bit result, all arithmetic wrapping.
int32_t Murmur2(std::string_view key);
// Utils.toPositive: n & 0x7fffffff.
constexpr int32_t ToPositive(int32_t n) { return n & 0x7fffffff; }
// The partition of a non-null key.
int32_t PartitionForKey(std::string_view key, int32_t num_partitions);

// Java's String.hashCode (h = 31 * h + c over the UTF-16 code units of the UTF-8 text), wrapping
// in int32. Invalid UTF-8 bytes count as U+FFFD, as Java's decoder replaces them.
int32_t JavaHashCode(std::string_view s);
// Kafka's Utils.abs: abs, except that Integer.MIN_VALUE maps to 0.
constexpr int32_t KafkaAbs(int32_t n) { return n == INT32_MIN ? 0 : (n < 0 ? -n : n); }
// The __consumer_offsets partition whose leader coordinates the group (GroupMetadataManager).
int32_t CoordinatorPartition(std::string_view group_id, int32_t offsets_topic_partitions = 50);

}  // namespace kafka
