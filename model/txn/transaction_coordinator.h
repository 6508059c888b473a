// TransactionCoordinator: the broker side of Kafka's transactions (Kafka 2.8 core/.../coordinator/
// transaction/TransactionCoordinator.scala, TransactionStateManager.scala,
// TransactionMarkerChannelManager.scala). A broker coordinates the transactional ids whose
// __transaction_state partition (abs(javaHashCode(id)) % 50) it leads. Its coordinator epoch for
// them is that partition's leader epoch, stamped into every marker so that leaders refuse the
// markers of a deposed coordinator.
//
// - InitProducerId: a new id gets a producer id (from the broker's ZooKeeper block) at epoch 0;
//   a known one gets its epoch bumped, which fences the previous instance. If that instance's
//   transaction is still open, it is aborted first under the bumped epoch and the caller is told
//   CONCURRENT_TRANSACTIONS, to retry once the abort completes.
// - AddPartitionsToTxn / AddOffsetsToTxn: the partitions join the open transaction (Empty or
//   Complete* becomes Ongoing, starting its timeout).
// - EndTxn: Ongoing becomes PrepareCommit or PrepareAbort; the client is answered once that is
//   written. Then markers go to every partition's leader (WriteTxnMarkers, retried until each
//   partition has it), and CompleteCommit or CompleteAbort is written.
// - Every transaction.abort.timed.out.transaction.cleanup.interval.ms, an Ongoing transaction
//   older than its transaction.timeout.ms is fenced and aborted.
// - A coordinator that takes a partition over replays it and finishes every prepared transaction
//   (sends its markers again); open ones are left to time out.
//
// Every change is written to __transaction_state with acks=all before it is applied; while it is
// in flight, requests for that id get CONCURRENT_TRANSACTIONS.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "model/broker/replica_manager.h"
#include "model/common/change_journal.h"
#include "model/common/request_channel.h"
#include "model/txn/transaction_metadata.h"
#include "sim/node.h"

namespace kafka {

class TransactionCoordinator {
 public:
  struct Config {
    int32_t num_partitions = 50;                   // transaction.state.log.num.partitions
    int32_t max_timeout_ms = 900'000;              // transaction.max.timeout.ms
    int64_t abort_timed_out_interval_ms = 10'000;  // ...abort.timed.out.transaction.cleanup...
    int64_t request_timeout_ms = 30'000;           // request.timeout.ms (log writes, markers)
    int64_t retry_backoff_ms = 100;                // between marker attempts
  };
  struct Hooks {
    std::function<void(sim::NodeId, int32_t, PacketBody)> respond;
    std::function<void(const ProduceRequest&, ReplicaManager::ProduceCallback)> append;
    // This broker's replica of a partition, or nullptr.
    std::function<const Partition*(const TopicPartition&)> replica;
    // A fresh producer id, when the broker has one (it may have to claim a block first).
    std::function<void(std::function<void(int64_t)>)> allocate_producer_id;
    // The leader of a partition as the broker's metadata has it: -1 when it has none now,
    // kPartitionUnknown when the metadata has no such partition (a deleted topic).
    std::function<int32_t(const TopicPartition&)> leader_of;
    // Sends a request to a broker; false when the broker is unknown.
    std::function<bool(int32_t broker, PacketBody, int64_t timeout_ms, RequestChannel::Done)> send;
  };
  static constexpr uint64_t kTagBase = uint64_t{0x5443} << 48;  // "TC"
  static constexpr int32_t kPartitionUnknown = -2;

  TransactionCoordinator(sim::Context& ctx, Config config, Hooks hooks);

  // Every applied change, load and drop of a transactional id is noted in `journal` as this
  // broker's (for observers; model/common/change_journal.h). Optional.
  void ReportChangesTo(ChangeJournal* journal, int32_t broker) {
    journal_ = journal;
    broker_ = broker;
  }
  // The broker is up: the periodic check for timed-out transactions runs from the first
  // __transaction_state partition this broker leads.
  void Start();
  // The broker leads (or no longer leads) a __transaction_state partition.
  void OnLeadershipChange(const TopicPartition& tp, bool leader);

  void HandleInitProducerId(sim::NodeId from, int32_t id, const InitProducerIdRequest& request);
  void HandleAddPartitions(sim::NodeId from, int32_t id, const AddPartitionsToTxnRequest& request);
  // `offsets_partition` is the group's __consumer_offsets partition.
  void HandleAddOffsets(sim::NodeId from, int32_t id, const AddOffsetsToTxnRequest& request,
                        const TopicPartition& offsets_partition);
  void HandleEndTxn(sim::NodeId from, int32_t id, const EndTxnRequest& request);
  bool HandleTimer(uint64_t tag);

  int32_t PartitionFor(const std::string& transactional_id) const;
  bool Owns(const std::string& transactional_id) const;
  const TransactionMetadata* Find(const std::string& transactional_id) const;
  // The epoch this broker coordinates the id's partition in (its leader epoch at the load), or -1.
  int32_t CoordinatorEpoch(const std::string& transactional_id) const {
    const auto it = coordinator_epochs_.find(PartitionFor(transactional_id));
    return it == coordinator_epochs_.end() ? -1 : it->second;
  }
  const std::map<std::string, TransactionMetadata>& transactions() const { return txns_; }

 private:
  using Done = std::function<void(ErrorCode)>;
  // The rest of InitProducerId once the id's metadata exists.
  void InitExisting(const std::string& id, int32_t timeout_ms, std::function<void(ErrorCode)> fail,
                    std::function<void(int64_t, int16_t)> ok);
  // KIP-890's verifyOnly AddPartitionsToTxn: whether the producer's transaction can be asked
  // about (then each partition is in it or not).
  ErrorCode Verify(const std::string& id, int64_t producer_id, int16_t epoch) const;
  // The common part of AddPartitionsToTxn and AddOffsetsToTxn.
  void AddPartitions(const std::string& id, int64_t producer_id, int16_t epoch,
                     const std::set<TopicPartition>& partitions, Done done);
  // EndTxn from the client, or from the coordinator itself (a fence or a timeout, with a bumped
  // epoch).
  void EndTransaction(const std::string& id, int64_t producer_id, int16_t epoch, bool commit,
                      bool from_client, Done done);
  // Writes `next`, a transition of `id`'s metadata, to the log with acks=all, and applies it when
  // written. `done` gets NONE, or the coordinator's error for the failed write.
  void Write(const std::string& id, TransactionMetadata next, Done done);

  // Markers: one job per transaction being completed.
  struct MarkerJob {
    uint64_t generation = 0;
    int32_t coordinator_epoch = -1;
    int64_t producer_id = -1;
    int16_t producer_epoch = -1;
    bool committed = true;
    std::set<TopicPartition> remaining, in_flight;
    bool retry_scheduled = false;
  };
  void StartMarkers(const std::string& id);
  void SendMarkers(const std::string& id);
  void OnMarkersWritten(const std::string& id, uint64_t generation,
                        const std::vector<TopicPartition>& sent, const PacketBody* body);
  void RetryMarkersLater(const std::string& id);
  void WriteComplete(const std::string& id);
  void AbortTimedOut();
  void MaybeStartTimeoutChecks();
  void After(int64_t delay_ms, std::function<void()> action);
  void Trace(const TransactionMetadata& txn);
  int64_t NowMs() const;

  sim::Context& ctx_;
  Config config_;
  Hooks hooks_;
  std::map<int32_t, int32_t> coordinator_epochs_;  // owned partitions -> leader epoch at load
  std::map<std::string, TransactionMetadata> txns_;
  std::map<std::string, MarkerJob> markers_;
  void Note(const std::string& id, bool loaded) {
    if (journal_ != nullptr) journal_->NoteTransaction(broker_, id, loaded);
  }
  ChangeJournal* journal_ = nullptr;
  int32_t broker_ = -1;
  bool started_ = false;
  bool timeout_checks_running_ = false;
  uint64_t next_generation_ = 1;
  uint64_t next_timer_ = 1;
  std::map<uint64_t, std::function<void()>> timers_;
};

}  // namespace kafka
