// LagHistory: each consumer group's lag over simulated time, for the groups panel's plot, and
// each partition's last ten commits, for Burrow's status (model/check/lag_status.h). Sampled
// every simulated second between events (RunOptions::sample), so sampling never changes the run.
// A commit's lag "at receipt" is taken at the first sample after it: the high watermark then
// minus the committed offset.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "model/check/lag_status.h"
#include "model/cluster.h"

namespace kafkasim::viz {

struct PartitionLag {
  int64_t committed = -1;                   // the coordinator's committed offset (-1: none)
  int64_t end = -1;                         // the leader's high watermark
  std::vector<kafka::CommitSample> window;  // the last ten commits, oldest first
  kafka::LagStatus status = kafka::LagStatus::kNotFound;
  int64_t lag() const {
    return committed < 0 || end < 0 ? 0 : std::max<int64_t>(end - committed, 0);
  }
};

struct GroupLag {
  std::map<kafka::TopicPartition, PartitionLag> partitions;
  std::vector<float> times_s;    // the samples' times
  std::vector<float> total_lag;  // the group's lag then, summed over its partitions
  kafka::LagStatus status = kafka::LagStatus::kNotFound;
};

class LagHistory {
 public:
  static constexpr size_t kWindow = 10;  // Burrow's intervals
  void Sample(const kafka::Cluster& cluster, sim::Time at);
  void Clear();
  const std::map<std::string, GroupLag>& groups() const { return groups_; }

 private:
  std::map<std::string, GroupLag> groups_;
  std::map<std::string, std::string> group_of_client_;
  std::vector<sim::NodeId> gateways_;  // real clients' gateways (a served run)
  size_t nodes_seen_ = 0;
  size_t history_seen_ = 0;
};

}  // namespace kafkasim::viz
