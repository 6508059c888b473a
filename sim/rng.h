// The simulation's only source of randomness: xoshiro256** seeded through SplitMix64, with its own
// distributions written in integer arithmetic. std::random's distributions are not used because
// their output differs between standard libraries; floating point is not used so that Debug,
// Release and every machine draw the same numbers.
//
// Streams: every component forks its own stream by name from its parent (`rng.Fork("network")`).
// A fork depends only on the parent's seed and the name, never on how many draws the parent has
// made, so adding a component or a draw in one place never shifts another component's draws.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace sim {

// A probability as an integer ratio, e.g. Ratio{1, 100} for 1 %. REQUIRES: num <= den, den > 0.
struct Ratio {
  uint64_t num = 0;
  uint64_t den = 1;
};

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // A generator with a given raw state, to check against the published reference outputs.
  static Rng FromState(std::array<uint64_t, 4> state);

  // A child stream named `name`: a pure function of this stream's seed and the name.
  Rng Fork(std::string_view name) const;
  uint64_t stream_seed() const { return stream_seed_; }

  // 64 uniformly random bits.
  uint64_t Next();
  // Uniform in [0, n) without modulo bias (Lemire's multiply-and-reject). Throws
  // std::invalid_argument for n == 0.
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi], both included. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // True with probability p.num / p.den.
  bool Chance(Ratio p);
  // Exponentially distributed with the given mean, to within 2e-7 relative error, at most about
  // 37 x mean. Integer arithmetic only.
  Duration Exponential(Duration mean);
  // Approximately normal (Irwin-Hall sum of 12 uniforms): exact mean and standard deviation,
  // bounded to mean +- 6 stddev, which suits latency jitter. Integer arithmetic only.
  Duration Normal(Duration mean, Duration stddev);
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  Duration Uniform(Duration lo, Duration hi);

  // Fisher-Yates shuffle.
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }
  // A uniformly chosen element. Throws std::invalid_argument if v is empty.
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t stream_seed_;
  std::array<uint64_t, 4> s_;
};

}  // namespace sim
