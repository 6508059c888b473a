// See latency_histogram.h.
#include "model/common/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace kafka {
namespace {

int64_t WindowOf(sim::Time t) { return t.SinceZero().nanos() / LatencyHistogram::kWindow.nanos(); }

}  // namespace

size_t LatencyHistogram::BucketOf(sim::Duration latency) {
  int64_t us = std::max<int64_t>(0, latency.nanos() / 1000);
  if (us < 100) return static_cast<size_t>(us);
  // 100 buckets of exact microseconds, then 90 per decade: the first two digits.
  size_t decade = 0;  // 0: 100 us to 1 ms
  while (us >= 1000 && decade < 6) {
    us /= 10;
    ++decade;
  }
  if (us >= 1000) return kBuckets - 1;  // 1000 s or more
  return 100 + decade * 90 + static_cast<size_t>(us / 10 - 10);
}

sim::Duration LatencyHistogram::ValueOf(size_t bucket) {
  if (bucket < 100) return sim::Duration::Micros(static_cast<int64_t>(bucket));
  const size_t decade = (bucket - 100) / 90;
  const int64_t digits = static_cast<int64_t>((bucket - 100) % 90) + 10;  // 10 .. 99
  int64_t scale = 10;                                                     // us per digit step
  for (size_t i = 0; i < decade; ++i) scale *= 10;
  return sim::Duration::Micros(digits * scale + scale / 2);
}

void LatencyHistogram::Record(sim::Time now, sim::Duration latency) {
  const int64_t window = WindowOf(now);
  if (window != window_) {
    if (window == window_ + 1) {
      previous_ = current_;
    } else {
      previous_.fill(0);
    }
    current_.fill(0);
    window_ = window;
  }
  ++current_[BucketOf(latency)];
}

void LatencyHistogram::AddTo(sim::Time now, std::vector<uint64_t>& counts) const {
  counts.resize(kBuckets, 0);
  const int64_t window = WindowOf(now);
  const auto add = [&](const Counts& c) {
    for (size_t i = 0; i < kBuckets; ++i) counts[i] += c[i];
  };
  if (window_ == window) {
    add(current_);
    add(previous_);
  } else if (window_ == window - 1) {
    add(current_);  // now the window before
  }
}

std::optional<sim::Duration> Quantile(const std::vector<uint64_t>& counts, double q) {
  uint64_t total = 0;
  for (const uint64_t c : counts) total += c;
  if (total == 0) return std::nullopt;
  // The smallest value with at least q of the samples at or below it.
  const auto rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(total))));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen >= rank) return LatencyHistogram::ValueOf(i);
  }
  return LatencyHistogram::ValueOf(counts.size() - 1);
}

}  // namespace kafka
