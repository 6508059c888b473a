// See metrics_history.h.
#include "viz/metrics_history.h"

#include <algorithm>

#include "scenarios/kafka_metrics.h"

namespace kafkasim::viz {

void MetricsHistory::Sample(const kafka::Cluster& cluster, sim::Time at) {
  const std::vector<scenarios::MetricReading> readings = scenarios::ReadKafkaMetrics(cluster);
  if (series_.empty()) {
    for (const auto& r : readings) series_.push_back({r.name, r.counter, {}});
  }
  for (size_t i = 0; i < readings.size() && i < series_.size(); ++i) {
    series_[i].values.push_back(static_cast<float>(readings[i].value));
  }
  times_s_.push_back(static_cast<float>(static_cast<double>(at.nanos()) / 1e9));
  times_ns_.push_back(at.nanos());
}

void MetricsHistory::Clear() {
  times_s_.clear();
  times_ns_.clear();
  series_.clear();
}

int MetricsHistory::SampleAt(sim::Time t) const {
  const auto after = std::upper_bound(times_ns_.begin(), times_ns_.end(), t.nanos());
  return static_cast<int>(after - times_ns_.begin()) - 1;
}

}  // namespace kafkasim::viz
