// LatencyHistogram: request latencies as a broker's request metrics keep them
// (kafka.network:type=RequestMetrics,name=TotalTimeMs), with percentiles biased to the recent
// past as Kafka's decaying histograms are (theirs weigh about the last 5 minutes), but
// deterministic: samples go into the window of simulated time they fall in (30 s long), and a
// reading takes the window now and the one before it. Buckets have two significant digits (exact
// below 100 us, within 5% above), from 0 to 1000 s, so recording is O(1) and a reading walks a
// fixed 731 buckets, whatever the traffic.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/time.h"

namespace kafka {

class LatencyHistogram {
 public:
  static constexpr size_t kBuckets = 731;  // the last: 1000 s or more
  static constexpr sim::Duration kWindow = sim::Duration::Seconds(30);
  using Counts = std::array<uint32_t, kBuckets>;

  void Record(sim::Time now, sim::Duration latency);
  // Adds the samples a reading at `now` sees (this window and the one before) to `counts`.
  void AddTo(sim::Time now, std::vector<uint64_t>& counts) const;

  static size_t BucketOf(sim::Duration latency);
  // The value a bucket stands for: its lower bound (exact below 100 us), its middle above.
  static sim::Duration ValueOf(size_t bucket);

 private:
  int64_t window_ = -1;  // the current window's number (time / kWindow); -1: nothing recorded
  Counts current_{}, previous_{};
};

// The q-quantile (0 < q <= 1) of merged counts, nullopt if they hold no sample.
std::optional<sim::Duration> Quantile(const std::vector<uint64_t>& counts, double q);

}  // namespace kafka
