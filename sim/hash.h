// Stable 64-bit hashing for names and fingerprints. Unlike the standard library hash, these give
// the same value on every platform, standard library and build, so they may feed seeds and golden
// fingerprints.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim {

// SplitMix64's finaliser: a bijective mix of all 64 bits.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the bytes, then mixed. Stable across runs and compilers; constexpr for static names.
constexpr uint64_t HashName(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

}  // namespace sim
