// xoshiro256** (Blackman and Vigna, 2018) and integer-only distributions. See rng.h.
#include "sim/rng.h"

#include <bit>
#include <stdexcept>

#include "sim/hash.h"

namespace sim {
namespace {

constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// log2(1 + i/1024) in Q32 for i in [0, 1024], built at compile time by the bit-by-bit squaring
// method, so no floating point is involved anywhere.
constexpr uint64_t Log2Q32(uint64_t y_q62) {  // REQUIRES: y in [1, 2) as Q2.62
  uint64_t result = 0;
  for (int bit = 31; bit >= 0; --bit) {
    unsigned __int128 sq = static_cast<unsigned __int128>(y_q62) * y_q62;
    y_q62 = static_cast<uint64_t>(sq >> 62);
    if (y_q62 >= (uint64_t{1} << 63)) {
      y_q62 >>= 1;
      result |= uint64_t{1} << bit;
    }
  }
  return result;
}

constexpr int kLogTableBits = 10;
using LogTable = std::array<uint32_t, (1 << kLogTableBits) + 1>;
constexpr LogTable MakeLogTable() {
  LogTable t{};
  for (uint64_t i = 0; i <= (1 << kLogTableBits); ++i) {
    uint64_t y = (uint64_t{1} << 62) + (i << (62 - kLogTableBits));
    t[i] = i == (1 << kLogTableBits) ? 0xffffffffu : static_cast<uint32_t>(Log2Q32(y));
  }
  return t;
}
constexpr LogTable kLog2Table = MakeLogTable();

// log2(x) in Q32 for x >= 1, by table and linear interpolation (error below 2e-7).
uint64_t Log2Fixed(uint64_t x) {
  int whole = 63 - std::countl_zero(x);
  uint64_t mantissa = x << (63 - whole);  // top bit set: 1.fff... as Q1.63
  uint64_t frac = mantissa & ~(uint64_t{1} << 63);
  uint64_t index = frac >> (63 - kLogTableBits);
  uint64_t rest = (frac >> (63 - kLogTableBits - 32)) & 0xffffffffu;  // Q32 within the segment
  uint64_t lo = kLog2Table[index], hi = kLog2Table[index + 1];
  return (uint64_t(whole) << 32) + lo + (((hi - lo) * rest) >> 32);
}

constexpr uint64_t kLn2Q32 = 2977044472;  // ln 2 * 2^32, rounded

int64_t MulQ32(int64_t a, int64_t q32) {
  return static_cast<int64_t>((static_cast<__int128>(a) * q32) >> 32);
}

}  // namespace

Rng::Rng(uint64_t seed) : stream_seed_(seed) {
  uint64_t x = seed;
  for (uint64_t& word : s_) {
    x += 0x9e3779b97f4a7c15ULL;
    word = Mix64(x);
  }
}

Rng Rng::FromState(std::array<uint64_t, 4> state) {
  Rng rng(0);
  rng.s_ = state;
  return rng;
}

Rng Rng::Fork(std::string_view name) const {
  return Rng(Mix64(stream_seed_ ^ Mix64(HashName(name))));
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Below(uint64_t n) {
  if (n == 0) throw std::invalid_argument("sim::Rng::Below(0): empty range");
  // Lemire, "Fast Random Integer Generation in an Interval" (2019).
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t Rng::Between(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(Next());
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + Below(span + 1));
}

bool Rng::Chance(Ratio p) {
  if (p.num == 0) return false;
  if (p.num >= p.den) return true;
  return Below(p.den) < p.num;
}

Duration Rng::Exponential(Duration mean) {
  // -ln(U) with U = (m + 1) / 2^53 in (0, 1]:  -ln U = (53 - log2(m + 1)) * ln 2.
  const uint64_t m = Next() >> 11;
  const int64_t neg_log2_q32 = (int64_t{53} << 32) - static_cast<int64_t>(Log2Fixed(m + 1));
  const int64_t neg_ln_q32 = MulQ32(neg_log2_q32, kLn2Q32);
  return Duration::Nanos(MulQ32(mean.nanos(), neg_ln_q32));
}

Duration Rng::Normal(Duration mean, Duration stddev) {
  // The sum of 12 uniforms on (0, 1) has mean 6 and variance 1. Each uniform is (r + 1/2) / 2^16
  // for a 16-bit r, whose mean is exactly 1/2.
  int64_t sum_r = 0;
  for (int i = 0; i < 3; ++i) {
    uint64_t r = Next();
    for (int j = 0; j < 4; ++j, r >>= 16) sum_r += static_cast<int64_t>(r & 0xffff);
  }
  const int64_t z_q32 = (sum_r + 6 - (int64_t{6} << 16)) << 16;
  return mean + Duration::Nanos(MulQ32(stddev.nanos(), z_q32));
}

Duration Rng::Uniform(Duration lo, Duration hi) {
  return Duration::Nanos(Between(lo.nanos(), hi.nanos()));
}

}  // namespace sim
