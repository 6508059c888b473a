// The replication demo: three brokers and one ZooKeeper server; topic "orders" with three
// partitions, replication factor 3 and min.insync.replicas 2; a writer that sends one acks=all
// record every 100 ms to each partition's leader in turn. At 20 s the leader of orders-0 is
// killed; the controller elects the next in-sync replica. At 45 s it comes back, catches up and
// rejoins the ISR; at 60 s a preferred-leader election gives it its partition back. The verdict:
// every acknowledged record is in its partition's log at the offset it was acknowledged with, and
// no replication invariant broke.
//
// It is the cluster's smallest complete story, and it pins the broker model's determinism: the
// same seed gives the same fingerprint in every build. (Scenario files arrive with issue 6; the
// writer here stands in for a producer client.)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/check/replication_monitor.h"
#include "model/client/request_client.h"
#include "model/cluster.h"

namespace demo {

struct ReplicationDemoConfig {
  std::string version = "2.8";
  sim::Duration duration = sim::Duration::Seconds(90);
  bool faults = true;
};

struct ReplicationDemoSummary {
  int64_t sent = 0, acked = 0, refused = 0, unanswered = 0;
  std::map<std::string, int64_t> refusals;  // by Kafka error name
  std::vector<std::string> lost;            // acknowledged records missing from the final logs
  std::vector<std::string> violations;
  uint64_t events = 0;
  sim::WorldStats stats;
  uint64_t fingerprint = 0;
  bool ok() const { return lost.empty() && violations.empty() && acked > 0; }
};

class ReplicationDemo {
 public:
  ReplicationDemo(uint64_t seed, ReplicationDemoConfig config);
  sim::World& world() { return cluster_.world(); }
  kafka::Cluster& cluster() { return cluster_; }
  ReplicationDemoSummary Run();

  static constexpr int32_t kPartitions = 3;

 private:
  struct Send {
    kafka::TopicPartition tp;
    int64_t value;
    std::shared_ptr<std::optional<kafka::ProduceResponse::Entry>> outcome;
  };
  void StepUntil(sim::Time until);
  void ScheduleWrite();
  void Write();
  void CreateTopic();

  ReplicationDemoConfig config_;
  kafka::Cluster cluster_;
  sim::NodeId writer_;
  kafka::ReplicationMonitor monitor_;
  std::vector<Send> sends_;
  int64_t next_value_ = 1;
  int32_t next_partition_ = 0;
  int32_t victim_ = -1;
  bool topic_ready_ = false;
};

}  // namespace demo
