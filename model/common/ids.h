// Kafka's identifiers as distinct types, so that a broker id is never passed where a leader epoch
// or an offset is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace kafka {

template <typename Tag, typename T>
struct StrongInt {
  T value{};
  constexpr StrongInt() = default;
  constexpr explicit StrongInt(T v) : value(v) {}
  constexpr auto operator<=>(const StrongInt&) const = default;
};

struct BrokerIdTag {};
struct LeaderEpochTag {};
struct ProducerIdTag {};

using BrokerId = StrongInt<BrokerIdTag, int32_t>;
using LeaderEpoch = StrongInt<LeaderEpochTag, int32_t>;
using ProducerId = StrongInt<ProducerIdTag, int64_t>;
// Offsets are positions in a log; arithmetic on them is common, so they stay plain integers.
using Offset = int64_t;

inline constexpr BrokerId kNoLeader{-1};

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
};

// Orders partitions by number, then topic: a cheaper order for maps that are only looked up, since
// most comparisons end on the number instead of comparing topic names that many partitions share
// ("__consumer_offsets"). Never iterate such a map where the order could show.
struct PartitionNumberFirst {
  bool operator()(const TopicPartition& a, const TopicPartition& b) const {
    if (a.partition != b.partition) return a.partition < b.partition;
    return a.topic < b.topic;
  }
};

// "orders-0", as Kafka prints a partition.
inline std::string ToString(const TopicPartition& tp) {
  return tp.topic + "-" + std::to_string(tp.partition);
}

}  // namespace kafka
