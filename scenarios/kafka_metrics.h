// Kafka's metrics of a whole cluster, under their JMX names, as an operator's dashboard shows
// them: the brokers' own counts (model/common/kafka_metrics.h) summed over the brokers that are
// up (a dead broker's beans die with its process), the gauges read from the state as it is now,
// and the consumers' records-lag-max. What `run --metrics` writes, the view's metrics panel
// plots and the check sentence `metric NAME is N` reads. Reading walks every partition once: it
// is for samples and checks, never for each event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/cluster.h"

namespace kafkasim::scenarios {

struct MetricReading {
  std::string name;  // "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"
  int64_t value = 0;
  bool counter = false;  // a count since start (a PerSec meter's Count); else a gauge
};

std::vector<MetricReading> ReadKafkaMetrics(const kafka::Cluster& cluster);

// Every metric's full name, in the order ReadKafkaMetrics gives them.
const std::vector<std::string>& KafkaMetricNames();
// Whether `name`, in full or short, is one of them.
bool IsKafkaMetric(const std::string& name);

// The short name of a metric: what follows "name=" ("UnderReplicatedPartitions"), with a
// request kind first and a histogram attribute last ("ProduceTotalTimeMs.99thPercentile").
std::string ShortMetricName(const std::string& name);
// The reading named `name`, in full or by its short name.
std::optional<MetricReading> FindMetric(const std::vector<MetricReading>& readings,
                                        const std::string& name);

}  // namespace kafkasim::scenarios
