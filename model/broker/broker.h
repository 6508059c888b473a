// Broker: one Kafka broker process as a simulated node (KafkaServer.scala, KafkaApis.scala).
//
// On start it opens a ZooKeeper session, makes sure Kafka's persistent paths exist, creates
// /cluster/id if absent, registers /brokers/ids/<id> (ephemeral; the znode's czxid is its broker
// epoch) and takes part in the controller election. When its session expires it registers again
// (a new epoch) and re-runs the election; meanwhile it goes on serving what it last knew, as a
// real broker does.
//
// It answers Kafka's requests: Produce, Fetch, ListOffsets, OffsetsForLeaderEpoch and Metadata
// from anyone; the group and transaction coordinators' requests; WriteTxnMarkers from
// transaction coordinators; LeaderAndIsr, UpdateMetadata and StopReplica from the controller
// (fenced by controller epoch and broker epoch); CreateTopics, DeleteTopics and CreatePartitions,
// AlterIsr and ControlledShutdown when it is the controller (NOT_CONTROLLER otherwise).
//
// Its partitions' logs are its disk: they survive a crash (a power loss keeps only what was
// flushed). kafka-server-stop is BeginShutdown: a controlled shutdown (leadership moves away
// first, up to controlled.shutdown.max.retries attempts), then a flush, the HW checkpoint, a
// clean close of the ZooKeeper session, and the process exits.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/broker/broker_config.h"
#include "model/broker/isr_change_propagation.h"
#include "model/broker/metadata_cache.h"
#include "model/broker/replica_manager.h"
#include "model/broker/zk_calls.h"
#include "model/common/host_directory.h"
#include "model/common/request_channel.h"
#include "model/controller/controller.h"
#include "model/group/group_coordinator.h"
#include "model/txn/transaction_coordinator.h"
#include "model/zk/client.h"
#include "sim/node.h"

namespace kafka {

class Broker : public sim::Node {
 public:
  // With a journal, the broker's replicas and controller report what they change there (for
  // observers; model/common/change_journal.h).
  Broker(BrokerConfig config, std::vector<sim::NodeId> zk_servers, HostDirectoryPtr hosts,
         std::shared_ptr<ChangeJournal> journal = nullptr);
  ~Broker() override;

  void OnStart() override;
  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId id, uint64_t tag) override;
  void OnConnectionReset(sim::NodeId peer) override;
  void OnCrash(sim::CrashKind kind) override;

  // kafka-server-stop: controlled shutdown, then a clean exit.
  void BeginShutdown();

  int32_t id() const { return config_.broker_id; }
  const BrokerConfig& config() const { return config_; }
  // Registered in ZooKeeper in the current session.
  bool registered() const { return registered_; }
  int64_t broker_epoch() const { return broker_epoch_; }
  bool shutting_down() const { return shutting_down_; }
  const MetadataCache& metadata() const { return metadata_; }
  const ReplicaManager* replicas() const { return replicas_.get(); }
  ReplicaManager* replicas() { return replicas_.get(); }
  const Controller* controller() const { return controller_.get(); }
  Controller* controller() { return controller_.get(); }
  const zk::ZkClient* zk() const { return zk_.get(); }
  const GroupCoordinator* coordinator() const { return coordinator_.get(); }
  const TransactionCoordinator* txn_coordinator() const { return txn_coordinator_.get(); }

 private:
  static constexpr uint64_t kTagBase = uint64_t{0x424b} << 48;  // "BK"
  enum Timer : uint64_t { kRegisterRetry = 1, kIsrPropagation, kShutdownRetry, kExitDeadline };
  // The request channel's timer tags.
  static constexpr uint64_t kChannelTagBase = uint64_t{0x5243} << 48;  // "RC"

  void Begin();
  void OnSessionEvent(zk::SessionEvent event);
  void Register();
  void CreateRegistration();

  void HandleRequest(sim::NodeId from, const Packet& packet);
  void Respond(sim::NodeId to, int32_t correlation_id, PacketBody body);
  void HandleLeaderAndIsr(sim::NodeId from, int32_t correlation_id,
                          const LeaderAndIsrRequest& request);
  void HandleMetadata(sim::NodeId from, int32_t correlation_id, const MetadataRequest& request);
  // A controller request for an earlier registration of this broker (KIP-380). Before it has
  // registered, a broker serves no controller request at all: Kafka starts processing requests
  // only once registration is done, so what a controller queued for its previous life is refused.
  bool StaleBrokerEpoch(int64_t request_epoch) const {
    return broker_epoch_ < 0 || (request_epoch >= 0 && request_epoch < broker_epoch_);
  }

  // ISR changes from the replica manager: AlterIsr (2.7 on) or the ZooKeeper write (before).
  void AlterIsr(const TopicPartition& tp, const PartitionState& current,
                const std::vector<int32_t>& new_isr);
  void WriteIsrToZk(const TopicPartition& tp, const PartitionState& current,
                    const std::vector<int32_t>& new_isr);
  std::optional<sim::NodeId> ControllerNode() const;
  std::optional<sim::NodeId> BrokerNode(int32_t id) const;
  TopicSettings SettingsFor(const std::string& topic) const;

  // Admin requests (broker_admin.cc).
  void HandleCreateTopics(sim::NodeId from, int32_t correlation_id,
                          const CreateTopicsRequest& request);
  void HandleDeleteTopics(sim::NodeId from, int32_t correlation_id,
                          const DeleteTopicsRequest& request);
  void HandleCreatePartitions(sim::NodeId from, int32_t correlation_id,
                              const CreatePartitionsRequest& request);
  // AdminZkClient.createTopic: validates and writes the topic's config and assignment.
  void CreateTopic(const CreateTopicsRequest::Topic& topic, bool validate_only,
                   std::function<void(TopicResult)> done);
  // Admin answers wait until the metadata shows the change (DelayedCreatePartitions and
  // DelayedDeleteTopics), or their timeout.
  struct PendingAdmin {
    sim::NodeId from;
    int32_t correlation_id = 0;
    enum class Kind { kCreateTopics, kDeleteTopics, kCreatePartitions } kind;
    std::vector<TopicResult> results;
    std::map<std::string, int32_t> expected_partitions;  // for creations
    sim::TimerId timer;
  };
  // Registers an admin request to answer later, or answers NOT_CONTROLLER at once (nothing).
  std::optional<uint64_t> StartAdmin(sim::NodeId from, int32_t correlation_id,
                                     PendingAdmin::Kind kind, const std::vector<std::string>& names,
                                     int32_t timeout_ms);
  void CompletePendingAdmin();
  void SendAdminResponse(PendingAdmin& pending, bool expired);

  // Clients (broker_clients.cc): the group coordinator's requests, FindCoordinator with the
  // offsets topic created on first use, and producer ids for idempotent producers.
  void HandleFindCoordinator(sim::NodeId from, int32_t correlation_id,
                             const FindCoordinatorRequest& request);
  void HandleInitProducerId(sim::NodeId from, int32_t correlation_id,
                            const InitProducerIdRequest& request);
  // A fresh producer id for `got`, at once or once a new block is claimed.
  // KIP-890 part 1, as AddPartitionsToTxnManager does it (one request per produce here, where
  // Kafka batches those bound for one coordinator): asks the coordinator of `id`, the leader of
  // its __transaction_state partition, whether the partitions are in the producer's transaction.
  void VerifyTransaction(const std::string& id, int64_t producer_id, int16_t epoch,
                         const std::vector<TopicPartition>& partitions,
                         ReplicaManager::Hooks::VerifyDone done);
  void AllocateProducerId(std::function<void(int64_t)> got);
  void AllocateProducerIdBlock();
  void HandleWriteTxnMarkers(sim::NodeId from, int32_t correlation_id,
                             const WriteTxnMarkersRequest& request);
  void StartCoordinators();

  void TryControlledShutdown();
  void FinishShutdown();

  BrokerConfig config_;
  std::vector<sim::NodeId> zk_servers_;
  HostDirectoryPtr hosts_;
  std::shared_ptr<ChangeJournal> journal_;  // for observers; may be null
  std::string host_;

  // The disk.
  std::unique_ptr<ReplicaManager> replicas_;
  // Memory of the current life.
  std::unique_ptr<RequestChannel> channel_;
  std::unique_ptr<zk::ZkClient> zk_;
  std::unique_ptr<ZkCalls> zk_calls_;
  std::unique_ptr<Controller> controller_;
  std::unique_ptr<GroupCoordinator> coordinator_;
  std::unique_ptr<TransactionCoordinator> txn_coordinator_;
  // Producer ids (ProducerIdManager): a block of 1000 taken from /latest_producer_id_block.
  int64_t next_producer_id_ = 0, producer_id_block_end_ = -1;
  bool allocating_producer_ids_ = false;
  std::vector<std::function<void(int64_t)>> producer_id_waiters_;
  MetadataCache metadata_;
  std::map<std::string, std::map<std::string, std::string>> topic_configs_;
  IsrChangePropagation isr_propagation_;
  bool registered_ = false;
  int64_t broker_epoch_ = -1;
  bool shutting_down_ = false;
  int32_t shutdown_attempts_ = 0;
  uint64_t next_admin_id_ = 1;
  std::map<uint64_t, PendingAdmin> pending_admin_;
  std::optional<sim::Rng> assignment_rng_;
};

}  // namespace kafka
