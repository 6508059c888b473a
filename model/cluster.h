// Cluster: the model's front door. From a spec it builds, in a sim::World, a ZooKeeper ensemble
// (zk-1..n) and Kafka brokers (broker-<id>) on one switch, each pair of hosts on its own link, and
// it answers questions about the state (controller, leaders, ISRs, LEO and HW per replica) for
// tests, scenarios and the view. Faults are the world's powers, reached by broker id here.
//
// Answers describe the truth as the system holds it: leader and ISR as the active controller
// last wrote them to ZooKeeper; LEO and HW as each broker's log has them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/broker/broker.h"
#include "model/broker/broker_config.h"
#include "model/check/history.h"
#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "model/common/change_journal.h"
#include "model/common/host_directory.h"
#include "model/zk/config.h"
#include "model/zk/server.h"
#include "sim/world.h"

namespace kafka {

struct ClusterSpec {
  uint64_t seed = 1;
  std::string version = "2.8";  // a VersionProfile name
  int zookeeper_servers = 1;
  struct BrokerSpec {
    int32_t id = 0;
    std::optional<std::string> rack;
    std::map<std::string, std::string> config;  // this broker's own settings, over the common ones
  };
  std::vector<BrokerSpec> brokers = {{101, {}}, {102, {}}, {103, {}}};
  std::map<std::string, std::string> broker_config;  // Kafka names, applied to every broker
  sim::Duration latency = sim::Duration::Millis(1);  // every link
  zk::ZkConfig zookeeper;
  // No server runs until it is started by hand (zookeeper-server-start, kafka-server-start), as
  // on a fresh machine. Clients still start with the cluster.
  bool start_by_hand = false;
};

class Cluster {
 public:
  // Throws std::invalid_argument for an unknown version or a bad broker setting (Kafka's text).
  explicit Cluster(ClusterSpec spec);

  // Adds a client node (before Start) with a link to every host.
  sim::NodeId AddClient(const std::string& name, std::unique_ptr<sim::Node> node);
  // A producer or consumer client (config already validated), recording into history().
  sim::NodeId AddProducer(const std::string& name, ProducerConfig config,
                          ProducerWorkload workload);
  sim::NodeId AddConsumer(const std::string& name, ConsumerConfig config,
                          ConsumerWorkload workload);
  // Default client settings for this cluster's release, bootstrapped to every broker.
  ProducerConfig ProducerDefaults() const;
  ConsumerConfig ConsumerDefaults(const std::string& group_id) const;
  // What the model changed since an observer last looked (model/common/change_journal.h).
  ChangeJournal& journal() const { return *journal_; }
  // What the clients did (model/check/history.h).
  const std::shared_ptr<History>& history() const { return history_; }
  // The group as its coordinator holds it (nullptr if no live broker coordinates it).
  const GroupMetadata* Group(const std::string& group_id) const;
  // The live broker coordinating the group, or -1.
  int32_t Coordinator(const std::string& group_id) const;
  void Start();

  sim::World& world() { return world_; }
  const sim::World& world() const { return world_; }
  const ClusterSpec& spec() const { return spec_; }
  const VersionProfile& profile() const { return *profile_; }
  HostDirectoryPtr hosts() const { return hosts_; }

  std::vector<int32_t> broker_ids() const;
  sim::NodeId BrokerNode(int32_t id) const { return brokers_.at(id); }
  sim::NodeId ZkNode(int sid) const { return zk_nodes_.at(static_cast<size_t>(sid - 1)); }
  Broker& broker(int32_t id) { return world_.node_as<Broker>(BrokerNode(id)); }
  const Broker& broker(int32_t id) const;
  bool IsUp(int32_t id) const { return world_.state(BrokerNode(id)) != sim::NodeState::kDown; }

  // ---- state ----
  // The active controller (up, the controller in its own eyes, and of the highest controller
  // epoch among those), or -1.
  int32_t ControllerId() const;
  const ControllerContext* ControllerView() const;
  // The controller's record of the partition's leader, epoch and ISR (nullptr: none, or no
  // controller).
  const LeaderAndIsr* Leadership(const TopicPartition& tp) const;
  // Leader as the controller has it (-1: none or no controller).
  int32_t Leader(const TopicPartition& tp) const;
  std::vector<int32_t> Isr(const TopicPartition& tp) const;
  int32_t LeaderEpoch(const TopicPartition& tp) const;
  std::vector<int32_t> Replicas(const TopicPartition& tp) const;
  // The brokers (up) that act as leader of `tp` right now.
  std::vector<int32_t> LeaderClaims(const TopicPartition& tp) const;
  // A broker's replica of `tp` (its disk: also while it is down), or nullptr.
  const Partition* Replica(int32_t broker, const TopicPartition& tp) const;
  Offset LogEndOffset(int32_t broker, const TopicPartition& tp) const;
  Offset HighWatermark(int32_t broker, const TopicPartition& tp) const;
  // Every partition any broker holds, sorted.
  std::vector<TopicPartition> Partitions() const;

  // ---- faults ----
  bool KillBroker(int32_t id, sim::CrashKind kind = sim::CrashKind::kProcess);
  bool RestartBroker(int32_t id);
  // kafka-server-stop: controlled shutdown, then the process exits.
  void StopBroker(int32_t id);
  // The ZooKeeper leader expires the broker's session now, as if it had been silent for
  // zookeeper.session.timeout.ms. False if the broker has no live session or there is no leader.
  bool ExpireBrokerSession(int32_t id);
  // The ZooKeeper server leading an established ensemble, or nullptr.
  const zk::ZkServer* ZkLeader() const;

 private:
  ClusterSpec spec_;
  const VersionProfile* profile_;
  std::shared_ptr<ChangeJournal> journal_ = std::make_shared<ChangeJournal>();
  // The active controller as of a journal generation.
  mutable std::optional<std::pair<uint64_t, int32_t>> controller_cache_;
  sim::World world_;
  std::shared_ptr<HostDirectory> hosts_;
  std::vector<sim::NodeId> zk_nodes_;
  std::map<int32_t, sim::NodeId> brokers_;
  std::vector<sim::NodeId> clients_;
  std::shared_ptr<History> history_ = std::make_shared<History>();
  bool started_ = false;
};

}  // namespace kafka
