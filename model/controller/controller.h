// Controller: the part of every broker that can become the cluster's controller (Kafka 2.8
// KafkaController.scala with its partition and replica state machines, kafka.md section 3).
//
// Election: a broker that finds no /controller creates it (ephemeral) and bumps /controller_epoch
// in one multi; the winner fails over, the others watch /controller and try again when it goes.
// Every write the controller makes checks /controller_epoch's version in the same multi, so a
// deposed controller cannot write, and every request it sends carries its epoch, so brokers can
// ignore a deposed one (STALE_CONTROLLER_EPOCH).
//
// The active controller handles one event at a time, in order (ControllerEventManager): broker
// joins and deaths (watch on /brokers/ids), new topics and partitions (/brokers/topics), deletions
// (/admin/delete_topics), ISR change notifications (before 2.7), AlterIsr and ControlledShutdown
// requests, and the automatic preferred-leader rebalance. It elects leaders with
// leader_election.h, writes partition states conditionally on their zkVersion, and tells the
// brokers with LeaderAndIsr, UpdateMetadata and StopReplica, one request in flight per broker.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/broker/broker_config.h"
#include "model/broker/zk_calls.h"
#include "model/common/host_directory.h"
#include "model/common/kafka_metrics.h"
#include "model/common/request_channel.h"
#include "model/controller/controller_context.h"
#include "model/controller/request_batch.h"

namespace kafka {

// How a partition's leader is chosen (PartitionLeaderElectionStrategy).
enum class ElectionKind { kOffline, kControlledShutdown, kPreferred };

class Controller {
 public:
  // Timer tags used: kTagBase | n.
  static constexpr uint64_t kTagBase = uint64_t{0x4354} << 48;  // "CT"

  Controller(sim::Context& ctx, const BrokerConfig& config, ZkCalls& zk, RequestChannel& channel,
             HostDirectoryPtr hosts);

  // The broker registered in a new ZooKeeper session: watch /controller and try to win.
  void Startup();
  // The broker's ZooKeeper session expired or the broker crashed: stop being controller.
  void Resign();
  // A watch fired; returns whether it was one of the controller's.
  bool HandleWatch(zk::EventType type, const std::string& path);
  bool HandleTimer(uint64_t tag);

  // Requests only the active controller serves (others answer NOT_CONTROLLER).
  void HandleAlterIsr(sim::NodeId from, int32_t correlation_id, const AlterIsrRequest& request);
  void HandleControlledShutdown(sim::NodeId from, int32_t correlation_id,
                                const ControlledShutdownRequest& request);
  // kafka-leader-election --election-type preferred (all partitions if empty).
  void ElectPreferredLeaders(std::vector<TopicPartition> partitions);

  // The controller's writes to its partition records, its taking over and its resigning are
  // reported to `journal` (for observers; model/common/change_journal.h). Optional.
  void ReportChangesTo(ChangeJournal* journal);

  bool active() const { return active_; }
  // The controller this broker knows of (from /controller), or -1.
  int32_t active_controller_id() const { return active_controller_id_; }
  int32_t epoch() const { return context_.epoch; }
  const ControllerContext& context() const { return context_; }
  // What this broker counted as controller (kafka.controller:type=ControllerStats).
  const ControllerMetrics& metrics() const { return metrics_; }

 private:
  using Done = std::function<void()>;
  enum Timer : uint64_t { kAutoRebalance = 1, kChannelRetry = 2 };

  // ---- event queue (controller.cc) ----
  void Enqueue(const char* name, std::function<void(Done)> handler);
  void RunNext();
  void Elect(Done done);
  void OnControllerChange(Done done);
  void BecomeActive(Done done);
  void LoadCluster(Done done);
  void FinishFailover();

  // ---- ZooKeeper writes guarded by the controller epoch (controller.cc) ----
  void GuardedWrite(std::vector<zk::Op> ops, std::function<void(const zk::ZkResult&)> done);
  void WritePartitionStates(std::map<TopicPartition, LeaderAndIsr> updates,
                            std::function<void(std::vector<TopicPartition> written)> done);

  // ---- brokers (controller_brokers.cc) ----
  void OnBrokerChange(Done done);
  void OnBrokerStartup(const std::vector<int32_t>& ids, Done done);
  void OnBrokerFailure(const std::vector<int32_t>& ids, Done done);
  // Takes `ids` out of the ISRs (of `only`, if given; of every partition otherwise).
  void RemoveReplicasFromIsr(const std::vector<int32_t>& ids,
                             std::optional<std::set<TopicPartition>> only,
                             std::function<void(std::vector<TopicPartition>)> done);
  void DoControlledShutdown(sim::NodeId from, int32_t correlation_id,
                            ControlledShutdownRequest request, Done done);

  // ---- partitions (controller_partitions.cc) ----
  // Runs the election of `kind` for each partition, writes the winners and sends LeaderAndIsr.
  void Elect(std::vector<TopicPartition> partitions, ElectionKind kind,
             std::function<void(std::vector<TopicPartition> elected)> done);
  void ElectAttempt(std::vector<TopicPartition> partitions, ElectionKind kind, int attempt,
                    std::shared_ptr<std::vector<TopicPartition>> elected,
                    std::function<void(std::vector<TopicPartition> elected)> done);
  void TriggerOnlinePartitionStateChange(Done done);
  // Re-reads the state znodes of `tps` into the context.
  void RefreshPartitionStates(const std::vector<TopicPartition>& tps, Done then);
  void OnNewPartitions(std::vector<TopicPartition> partitions, Done done);
  void DoAlterIsr(sim::NodeId from, int32_t correlation_id, AlterIsrRequest request, Done done);
  void OnIsrChangeNotification(Done done);
  void AutoRebalance(Done done);

  // ---- topics (controller_topics.cc) ----
  void OnTopicChange(Done done);
  void OnPartitionModification(const std::string& topic, Done done);
  void OnTopicDeletion(Done done);
  void StartTopicDeletion(const std::string& topic);
  void OnStopReplicaDeleted(const std::string& topic, int32_t broker, Done done);
  void CompleteTopicDeletion(const std::string& topic, Done done);

  // ---- requests to brokers (controller_partitions.cc) ----
  void AddLeaderAndIsr(const std::vector<int32_t>& brokers, const TopicPartition& tp, bool is_new);
  void AddUpdateMetadata(const std::vector<TopicPartition>& partitions);
  PartitionStateEntry StateEntry(const TopicPartition& tp) const;
  void SendRequests();
  std::vector<int32_t> LiveReplicas(const TopicPartition& tp) const;
  bool UncleanAllowed(const std::string& topic) const;
  int64_t NowMs() const;

  sim::Context& ctx_;
  const BrokerConfig& config_;
  ZkCalls& zk_;
  RequestChannel& channel_;
  HostDirectoryPtr hosts_;

  bool active_ = false;
  int32_t active_controller_id_ = -1;
  ControllerContext context_;
  ControllerMetrics metrics_;
  ChangeJournal* journal_ = nullptr;
  RequestBatch batch_;
  ControllerChannel brokers_channel_;

  std::deque<std::pair<const char*, std::function<void(Done)>>> queue_;
  bool busy_ = false;
  bool running_ = false;  // inside RunNext's loop
  uint64_t era_ = 0;      // bumped on resignation: events of an old era stop where they are
};

}  // namespace kafka
