// ClientMetadata: what a client knows of the cluster (the Java client's Metadata): the brokers
// and their hosts, and each topic's partition leaders, from the last Metadata response. It also
// turns the bootstrap.servers setting into broker ids and takes them in turn.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/host_directory.h"
#include "model/common/requests.h"
#include "sim/node.h"

namespace kafka {

// "broker-101:9092,broker-102:9092" (or bare ids) as broker ids; nothing if one is not a broker.
std::optional<std::vector<int32_t>> ParseBootstrapServers(std::string_view value);

class ClientMetadata {
 public:
  explicit ClientMetadata(HostDirectoryPtr hosts) : hosts_(std::move(hosts)) {}

  // Takes in a Metadata response from `broker`, and traces what the client learned
  // (client.metadata: from, brokers, leaders) so that bootstrap discovery can be followed.
  void Update(sim::Context& ctx, int32_t broker, const MetadataResponse& response);
  void Clear();

  // The leader of `tp`, or -1 if unknown or leaderless.
  int32_t LeaderOf(const TopicPartition& tp) const;
  // The leader epoch the metadata gave for `tp`, or -1 if unknown.
  int32_t LeaderEpochOf(const TopicPartition& tp) const;
  // The topic's partition count, or 0 if unknown.
  int32_t PartitionCount(const std::string& topic) const;
  bool Knows(const std::string& topic) const { return PartitionCount(topic) > 0; }
  std::optional<sim::NodeId> NodeOf(int32_t broker) const;
  // The next bootstrap broker to ask, in turn.
  int32_t NextBootstrap(const std::vector<int32_t>& bootstrap) {
    return bootstrap[next_bootstrap_++ % bootstrap.size()];
  }
  void LearnHost(int32_t broker, const std::string& host) { hosts_by_broker_[broker] = host; }

  bool request_in_flight = false;

 private:
  HostDirectoryPtr hosts_;
  struct PartitionLeader {
    int32_t leader = -1;
    int32_t epoch = -1;
  };
  std::map<std::string, std::vector<PartitionLeader>> leaders_;  // topic -> per partition
  std::map<int32_t, std::string> hosts_by_broker_;
  size_t next_bootstrap_ = 0;
};

}  // namespace kafka
