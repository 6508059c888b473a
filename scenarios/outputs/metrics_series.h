// MetricsSeries: the cluster's state sampled over simulated time, written as CSV with one row per
// sample and one column per series, ready for a spreadsheet, pandas or gnuplot. Series:
// brokers_up, controller, online_partitions, offline_partitions, under_replicated_partitions,
// acknowledged (writes so far); per partition <topic-p>.leader, .isr_size, .high_watermark and
// .log_end_offset.<broker>; per consumer group <group>.lag; and Kafka's metrics under their JMX
// names (scenarios/kafka_metrics.h; those headers hold commas, so they are quoted). A series that
// does not exist yet at a sample (a topic created later) is empty in that row.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "model/cluster.h"

namespace kafkasim::scenarios {

class MetricsSeries {
 public:
  void Sample(sim::Time at, const kafka::Cluster& cluster);
  void WriteCsv(std::ostream& out) const;
  size_t samples() const { return rows_.size(); }

 private:
  void Set(std::map<size_t, int64_t>& row, const std::string& column, int64_t value);

  std::vector<std::string> columns_;  // in order of first appearance
  std::map<std::string, size_t> index_;
  std::vector<std::pair<sim::Time, std::map<size_t, int64_t>>> rows_;
  size_t history_seen_ = 0;  // history events counted so far
  int64_t acknowledged_ = 0;
};

}  // namespace kafkasim::scenarios
