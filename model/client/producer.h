// Producer: a Kafka producer client as a simulated node (KafkaProducer, RecordAccumulator, Sender,
// Metadata), with a workload that sends records at a rate.
//
// - Metadata: asks a bootstrap broker (in turn) for the topic's partitions and leaders, learns
//   every broker, and asks again on leader errors, unknown partitions and every
//   metadata.max.age.ms.
// - Partitioning: murmur2 for keyed records; null keys by release (round robin, sticky, uniform
//   sticky).
// - Accumulator: records gather in per-partition batches up to batch.size; a batch goes when full
//   or after linger.ms.
// - Sender: one request per leader broker with one batch per partition, at most
//   max.in.flight.requests.per.connection requests per broker. Retriable errors retry after
//   retry.backoff.ms while retries remain and delivery.timeout.ms has not passed, at the head of
//   the partition's queue: with several requests in flight and no idempotence, a retried batch
//   can land after a later one, or twice.
// - Transactions (transactional.id): a TransactionManager (transaction_manager.h) initializes,
//   adds partitions before their batches go out, and commits or aborts; the workload sends
//   transaction_records records per transaction and waits in commit or abort as an application
//   thread would.
// - Idempotence: a producer id from InitProducerId, per-partition sequences kept across retries,
//   so the broker drops duplicates; a partition sends one batch at a time, which keeps order (the
//   real client allows five and re-sequences; the guarantees are the same).
// - Every send is recorded in the history: invoke, then ok (partition, offset), fail (certainly
//   not written) or info (outcome unknown: a timeout, a lost connection, too few replicas after
//   the append).
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

#include "model/check/history.h"
#include "model/client/accumulator_index.h"
#include "model/client/client_metadata.h"
#include "model/client/producer_config.h"
#include "model/client/transaction_manager.h"
#include "model/common/host_directory.h"
#include "model/common/request_channel.h"
#include "sim/node.h"

namespace kafka {

struct ProducerWorkload {
  std::string topic;
  int64_t rate_per_s = 10;  // 0: the workload sends nothing (Send is called from outside)
  int64_t limit = -1;       // records to send; -1: no limit
  int32_t keys = 0;         // 0: null keys; otherwise keys "key-0" ... "key-<keys-1>"
  sim::Duration start_after = sim::Duration::Seconds(5);
  int64_t first_value = 1;  // value ids count up from here (unique across producers)
  // With transactional.id: records per transaction, and every abort_every-th transaction is
  // aborted instead of committed (0: none).
  int32_t transaction_records = 10;
  int32_t abort_every = 0;
  // A host process's hooks (a consumer running a producer, as Kafka Streams does): told each
  // transactional state change; and the request channel's correlation-id lane (request_channel.h).
  std::function<void(TransactionManager::State)> on_transaction_state;
  int32_t channel_lane = 0;
  // Told each record's outcome (ok, fail or info) as the history records it: a tool's callback.
  std::function<void(const HistoryEvent&)> on_result;
};

class Producer : public sim::Node {
 public:
  Producer(ProducerConfig config, ProducerWorkload workload, HostDirectoryPtr hosts,
           std::shared_ptr<History> history);

  // KafkaProducer.send: queues one record (with a unique value id) for `topic`.
  void Send(const std::string& topic, std::optional<std::string> key, int64_t value);

  void OnStart() override;
  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId id, uint64_t tag) override;
  void OnConnectionReset(sim::NodeId peer) override;
  void OnCrash(sim::CrashKind kind) override;

  const ProducerConfig& config() const { return config_; }
  int64_t sent() const { return next_value_ - workload_.first_value; }
  int64_t acknowledged() const { return acknowledged_; }
  int64_t producer_id() const { return producer_id_; }
  const TransactionManager* transactions() const { return txn_.get(); }
  TransactionManager* transactions() { return txn_.get(); }
  // KafkaProducer.flush: `done` runs once every record sent so far has its outcome.
  void Flush(std::function<void()> done);
  // The application closes this producer and creates another with the same configuration (what
  // Kafka Streams does when its thread's producer is fenced): everything unsent is dropped, and
  // a transactional producer runs initTransactions again, which bumps its epoch.
  void Replace();

 private:
  struct Pending {  // a record waiting for metadata
    std::string topic;
    std::optional<std::string> key;
    int64_t value;
    int64_t send_ms;
    // Set when the record found the accumulator's memory full: its partition stays as chosen.
    int32_t partition = -1;
  };
  struct Batch {
    TopicPartition tp;
    std::vector<Record> records;
    int64_t bytes = 61;
    int64_t created_ms = 0;
    int32_t attempts = 0;
    int64_t retry_at_ms = 0;
    int32_t base_sequence = -1;
    int64_t reserved = 0;  // the accumulator memory it holds until it completes
  };
  enum Timer : uint64_t { kWorkload = 1, kWake, kMetadataAge, kMetadataRetry, kMemory, kLater };
  static constexpr uint64_t kTagBase = uint64_t{0x5052} << 48;  // "PR"

  void Tick();
  // The transactional workload: builds the manager, ends the workload's transaction.
  std::unique_ptr<TransactionManager> MakeTransactionManager();
  void EndWorkloadTransaction();
  void OnTransactionState(TransactionManager::State state);
  // abortTransaction: every batch and record not yet sent fails.
  void AbortUnsent();
  void ForgetEverything();
  void Later(int64_t delay_ms, std::function<void()> action);
  void RequestMetadata();
  void OnMetadata(int32_t broker, const MetadataResponse& response);
  void PlacePending();
  int32_t ChoosePartition(const std::string& topic, const std::optional<std::string>& key);
  // Appends to the partition's open batch or a new one; false (nothing changed) when a new batch
  // is needed and buffer.memory has no room for it. `tp` becomes the partition it went to.
  bool Append(TopicPartition& tp, Record& record, int64_t now, bool may_move_sticky);
  // The sending thread waits in send() for memory: on each completed batch and at max.block.ms.
  void OnMemoryWake();
  // A send that waited for memory in vain: never written.
  void FailWaitingSend(const Pending& p, const std::string& why);
  // What a new batch for `record` takes from buffer.memory: max(batch.size, the record's size).
  int64_t BatchReservation(const Record& record) const;
  void ScheduleNextTick();
  bool NeedsNewBatch(const TopicPartition& tp, const Record& record);
  // The sticky partitioners' move to another partition of `topic` (chosen at random).
  int32_t NextStickyPartition(const std::string& topic, int32_t current);
  void Drain();
  bool IsBlocked(const TopicPartition& tp) const;
  // Tells the index the queue of `tp` as it stands (after its front or its mute changed).
  void Reindex(const TopicPartition& tp);
  // A ready queue whose leader has max.in.flight requests out can do nothing but expire until one
  // of them ends or the metadata changes: it leaves the due set until then.
  void Block(const TopicPartition& tp, int32_t leader);
  void Unblock(int32_t leader);
  void UnblockAll();
  void ScheduleWake(int64_t at_ms);
  void OnProduceResponse(int32_t broker, std::vector<Batch> batches, const PacketBody* body);
  // A batch ends: ok with its offset, or failed / unknown (recorded with `error`).
  void Complete(const Batch& batch, ErrorCode error, Offset base_offset, bool unknown);
  void Retry(Batch batch, ErrorCode error);
  int64_t NowMs() const;

  ProducerConfig config_;
  ProducerWorkload workload_;
  HostDirectoryPtr hosts_;
  std::shared_ptr<History> history_;
  std::unique_ptr<RequestChannel> channel_;

  // Memory (lost in a crash).
  ClientMetadata metadata_;
  std::deque<Pending> pending_;
  std::map<TopicPartition, std::deque<Batch>> queues_;
  std::map<int32_t, int32_t> in_flight_;                 // requests per broker
  std::set<TopicPartition> muted_;                       // idempotent: a batch of it is in flight
  AccumulatorIndex index_;                               // queues_ by when each needs the sender
  std::map<int32_t, std::set<TopicPartition>> blocked_;  // by the leader they wait for
  std::map<std::string, int32_t> sticky_;                // topic -> sticky partition for null keys
  std::map<std::string, int64_t> sticky_bytes_;          // uniform sticky: bytes sent to it so far
  std::map<std::string, int32_t> round_robin_;
  std::map<TopicPartition, int32_t> next_sequence_;
  int64_t producer_id_ = -1;
  int16_t producer_epoch_ = 0;
  bool producer_id_requested_ = false;
  std::unique_ptr<TransactionManager> txn_;  // with transactional.id
  int32_t txn_records_ = 0;                  // sent in the workload's open transaction
  int64_t transactions_ = 0;                 // the workload's transactions ended so far
  bool txn_waiting_ = false;                 // the workload waits for READY
  std::vector<std::function<void()>> flush_waiters_;
  uint64_t next_later_ = 1;
  std::map<uint64_t, std::function<void()>> later_;
  int64_t wake_at_ms_ = -1;
  int64_t buffer_used_ = 0;          // of buffer.memory, held by open and in-flight batches
  bool memory_wait_ = false;         // the front pending record waits for memory
  bool workload_waiting_ = false;    // the workload's thread is blocked in that send
  bool memory_wake_due_ = false;     // a kMemory timer is set for a batch that freed memory
  int64_t memory_deadline_ms_ = -1;  // the kMemory timer set for the waiting send's max.block.ms
  int64_t next_value_;
  int64_t acknowledged_ = 0;
};

}  // namespace kafka
