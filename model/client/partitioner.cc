// See partitioner.h.
#include "model/client/partitioner.h"

namespace kafka {

int32_t Murmur2(std::string_view key) {
  // All arithmetic on uint32_t: wrapping, and `>>` is Java's `>>>`.
  const uint32_t length = static_cast<uint32_t>(key.size());
  const uint32_t seed = 0x9747b28c;
  const uint32_t m = 0x5bd1e995;
  const int r = 24;
  uint32_t h = seed ^ length;
  const uint32_t blocks = length / 4;
  auto byte = [&key](uint32_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(key[i])); };
  for (uint32_t i = 0; i < blocks; ++i) {
    const uint32_t b = i * 4;
    uint32_t k = byte(b) | (byte(b + 1) << 8) | (byte(b + 2) << 16) | (byte(b + 3) << 24);
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const uint32_t base = length & ~3u;
  switch (length % 4) {
    case 3:
      h ^= byte(base + 2) << 16;
      [[fallthrough]];
    case 2:
      h ^= byte(base + 1) << 8;
      [[fallthrough]];
    case 1:
      h ^= byte(base);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

int32_t PartitionForKey(std::string_view key, int32_t num_partitions) {
  return ToPositive(Murmur2(key)) % num_partitions;
}

int32_t JavaHashCode(std::string_view s) {
  uint32_t h = 0;
  auto unit = [&h](uint32_t u) { h = 31 * h + u; };
  size_t i = 0;
  while (i < s.size()) {
    const uint8_t b = static_cast<uint8_t>(s[i]);
    const int extra = b < 0x80           ? 0
                      : (b >> 5) == 0x6  ? 1
                      : (b >> 4) == 0xe  ? 2
                      : (b >> 3) == 0x1e ? 3
                                         : -1;
    uint32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1f) : extra == 2 ? (b & 0x0f) : (b & 0x07);
    bool valid = extra >= 0 && i + static_cast<size_t>(extra) < s.size();
    for (int k = 1; valid && k <= extra; ++k) {
      const uint8_t c = static_cast<uint8_t>(s[i + static_cast<size_t>(k)]);
      if ((c & 0xc0) != 0x80) valid = false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!valid) {
      unit(0xfffd);
      ++i;
      continue;
    }
    i += static_cast<size_t>(extra) + 1;
    if (cp >= 0x10000) {  // a surrogate pair
      cp -= 0x10000;
      unit(0xd800 + (cp >> 10));
      unit(0xdc00 + (cp & 0x3ff));
    } else {
      unit(cp);
    }
  }
  return static_cast<int32_t>(h);
}

int32_t CoordinatorPartition(std::string_view group_id, int32_t offsets_topic_partitions) {
  return KafkaAbs(JavaHashCode(group_id)) % offsets_topic_partitions;
}

}  // namespace kafka
