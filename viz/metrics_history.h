// MetricsHistory: Kafka's metrics (scenarios/kafka_metrics.h) sampled every simulated second, for
// the view's metrics panel: each metric's values over time, and its value at any sampled moment
// (to show how it moved since the last fault). Sampled between events (RunOptions::sample), so
// sampling never changes the run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/cluster.h"
#include "sim/time.h"

namespace kafkasim::viz {

struct MetricSeries {
  std::string name;  // the full JMX name
  bool counter = false;
  std::vector<float> values;  // one per sample
};

class MetricsHistory {
 public:
  void Sample(const kafka::Cluster& cluster, sim::Time at);
  void Clear();
  const std::vector<float>& times_s() const { return times_s_; }
  const std::vector<MetricSeries>& series() const { return series_; }
  // The index of the last sample at or before `t`, or -1 if none.
  int SampleAt(sim::Time t) const;

 private:
  std::vector<float> times_s_;
  std::vector<int64_t> times_ns_;  // the same, exact, for lookups
  std::vector<MetricSeries> series_;
};

}  // namespace kafkasim::viz
