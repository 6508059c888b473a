// ReplicaManager: a broker's partitions and everything it does with them (Kafka 2.8
// ReplicaManager.scala, DelayedProduce.scala, DelayedFetch.scala):
// - applies the controller's LeaderAndIsr and StopReplica, fenced by leader epoch;
// - appends produced batches as leader and answers by acks: 0 never, 1 after the append, all
//   once the high watermark passes the batch (parked in the produce purgatory until then, or
//   until the request's timeout: REQUEST_TIMED_OUT);
// - serves fetches from followers (to the LEO, updating their replication state) and consumers
//   (to the HW), long-polling in the fetch purgatory until min_bytes are there or max_wait passes;
// - answers OffsetsForLeaderEpoch and ListOffsets;
// - runs the ISR expiration check (every replica.lag.time.max.ms / 2), the HW checkpoint (every
//   5 s), log flushes and retention;
// - owns the replica fetchers that keep its follower partitions in step with their leaders.
//
// Partitions (and their logs) are the broker's disk: they survive a crash; everything else here
// is memory and does not.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/broker/broker_config.h"
#include "model/broker/partition.h"
#include "model/common/kafka_metrics.h"
#include "model/common/partition_index.h"
#include "model/common/request_channel.h"
#include "model/common/requests.h"
#include "sim/node.h"

namespace kafka {

class ReplicaFetcher;

class ReplicaManager {
 public:
  struct Hooks {
    // A leader wants its ISR changed (AlterIsr, or the ZooKeeper write before 2.7). The answer
    // comes back through IsrChangeCompleted.
    std::function<void(const TopicPartition&, const PartitionState& current,
                       const std::vector<int32_t>& new_isr)>
        alter_isr;
    // The node a broker id answers on, if the broker is known.
    std::function<std::optional<sim::NodeId>(int32_t broker)> resolve;
    // A topic's effective settings (broker defaults with the topic's overrides).
    std::function<TopicSettings(const std::string& topic)> topic_settings;
    // Whether the cluster has this partition (the metadata cache): a request for a partition this
    // broker does not hold gets NOT_LEADER_OR_FOLLOWER if so, UNKNOWN_TOPIC_OR_PARTITION if not.
    std::function<bool(const TopicPartition&)> known_partition;
    // This broker became (true) or stopped being (false) the leader of a partition.
    std::function<void(const TopicPartition&, bool leader)> leadership_changed;
    // KIP-890 part 1: asks the coordinator of `transactional_id` whether each partition is in the
    // producer's transaction (AddPartitionsToTxnManager). `done` gets the error of each partition
    // that is not verified (an empty map: all are).
    using VerifyDone = std::function<void(std::map<TopicPartition, ErrorCode>)>;
    std::function<void(const std::string& transactional_id, int64_t producer_id, int16_t epoch,
                       const std::vector<TopicPartition>& partitions, VerifyDone done)>
        verify_transaction;
  };

  // Timer tags used: kTagBase | (small number or id); the host leaves them to this class.
  static constexpr uint64_t kTagBase = uint64_t{0x524d} << 48;  // "RM"

  ReplicaManager(sim::Context& ctx, const BrokerConfig& config, RequestChannel& channel,
                 Hooks hooks);
  ~ReplicaManager();

  // The partitions it creates register in `journal` and report their changes there (observers
  // check what changed; model/common/change_journal.h). Optional.
  void ReportChangesTo(ChangeJournal* journal) { journal_ = journal; }

  // What this broker's replica manager has counted (kafka.server metrics), since it started.
  const ReplicaManagerMetrics& metrics() const { return metrics_; }

  // Starts the periodic tasks (ISR expiration, HW checkpoint, retention).
  void Start();
  // A crash: memory goes, the logs recover as the disk allows.
  void OnCrash(bool power_loss);
  // A clean shutdown: flush everything and write the HW checkpoint.
  void OnCleanShutdown();

  // Requests.
  LeaderAndIsrResponse HandleLeaderAndIsr(const LeaderAndIsrRequest& request);
  StopReplicaResponse HandleStopReplica(const StopReplicaRequest& request);
  void HandleProduce(sim::NodeId from, int32_t correlation_id, const ProduceRequest& request);
  // The append behind a produce request, answered through `respond` (nothing for acks=0): what
  // the group coordinator uses to write offsets to __consumer_offsets.
  using ProduceCallback = std::function<void(ProduceResponse)>;
  // Who appends (AppendOrigin): clients may not write control batches, coordinators may.
  enum class AppendOrigin { kClient, kCoordinator };
  // What a KIP-890 verification left for the append: the guard held per partition, and the
  // produce error of each partition the coordinator did not confirm.
  struct Verified {
    std::map<TopicPartition, uint64_t> guards;
    std::map<TopicPartition, ErrorCode> errors;
  };
  void AppendRecords(const ProduceRequest& request, ProduceCallback respond,
                     AppendOrigin origin = AppendOrigin::kCoordinator,
                     const Verified* verified = nullptr);
  void HandleFetch(sim::NodeId from, int32_t correlation_id, const FetchRequest& request);
  // Whether transactional appends from clients are verified first (KIP-890, 3.6 on).
  bool VerificationOn() const;
  // Whether `batch` needs a verification guard it does not hold (KIP-890).
  static bool MissesVerification(const Partition& p, const RecordBatch& batch,
                                 const Verified& verified);
  OffsetsForLeaderEpochResponse HandleOffsetsForLeaderEpoch(
      const OffsetsForLeaderEpochRequest& request) const;
  ListOffsetsResponse HandleListOffsets(const ListOffsetsRequest& request) const;

  // The controller's answer to an ISR change: the new state, or nothing (refused).
  void IsrChangeCompleted(const TopicPartition& tp, std::optional<PartitionState> accepted);
  bool HandleTimer(uint64_t tag);

  int32_t controller_epoch() const { return controller_epoch_; }
  Partition* Find(const TopicPartition& tp);
  const Partition* Find(const TopicPartition& tp) const;
  const std::map<TopicPartition, std::unique_ptr<Partition>>& partitions() const {
    return partitions_;
  }
  // For audits (walks every parked request): the parked requests that could finish now although
  // none of their partitions waits in the change feed, i.e. requests a partition change reached
  // without the purgatory hearing of it. Empty if the feed missed nothing.
  std::vector<uint64_t> Overlooked() const;
  // The partitions this broker leads (for observers and the group coordinator's start).
  std::vector<TopicPartition> LeaderPartitions() const;

 private:
  friend class ReplicaFetcher;
  enum Task : uint64_t { kIsrExpiration = 1, kHwCheckpoint, kRetention };
  static constexpr uint64_t kDelayedBit = uint64_t{1} << 40;
  static constexpr uint64_t kFetcherBit = uint64_t{1} << 41;

  struct DelayedProduce {
    ProduceCallback respond;
    ProduceResponse response;
    std::vector<std::pair<size_t, Offset>> waiting;  // entry index, offset the HW must reach
    sim::TimerId timer;
  };
  struct DelayedFetch {
    sim::NodeId from;
    int32_t correlation_id = 0;
    FetchRequest request;
    sim::TimerId timer;
  };

  Partition& GetOrCreate(const TopicPartition& tp);
  void ScheduleTask(Task task, int64_t delay_ms);
  void RunTask(Task task);
  void MakeLeader(Partition& partition, const PartitionStateEntry& entry);
  void MakeFollower(Partition& partition, const PartitionStateEntry& entry,
                    const std::vector<BrokerEndpoint>& live_leaders);
  void RemoveFromFetchers(const TopicPartition& tp);
  void SubmitIsrChange(Partition& partition, const std::vector<int32_t>& new_isr);
  // NONE if this broker leads `tp` in `current_leader_epoch` (-1: any), with the partition;
  // otherwise the error a client gets.
  ErrorCode CheckLeader(const TopicPartition& tp, int32_t current_leader_epoch,
                        const Partition** partition) const;
  // The fetch answer as it stands; `bytes` is how much data it carries.
  FetchResponse ReadForFetch(const FetchRequest& request, int64_t* bytes) const;
  void Respond(sim::NodeId to, int32_t correlation_id, PacketBody body);
  // Parked requests that can finish now do: those watching a partition that changed since the
  // last call (DelayedOperationPurgatory.checkAndComplete), in the order they were parked,
  // produces first. Every other parked request was tried against its partitions as they are.
  void TryCompleteDelayed();
  // DelayedFetch.tryComplete for one partition of a parked fetch: it has data now, or this broker
  // no longer leads it.
  bool FetchCanFinish(const FetchRequest& request, const FetchRequest::Entry& entry) const;
  // Where a fetch or ListOffsets(latest) stops: the LEO for a follower, the LSO for a
  // READ_COMMITTED consumer, the HW for any other.
  static Offset ReadableEnd(const Partition& p, int32_t replica_id, int8_t isolation);
  void Watch(uint64_t id, const TopicPartition& tp);
  // Takes parked request `id` off the watch lists of its entries' partitions.
  template <typename Entries>
  void Unwatch(uint64_t id, const Entries& entries) {
    for (const auto& entry : entries) Unwatch(id, entry.tp);
  }
  void Unwatch(uint64_t id, const TopicPartition& tp);
  bool TryCompleteProduce(DelayedProduce& produce, bool expired);
  int64_t NowMs() const;

  sim::Context& ctx_;
  const BrokerConfig& config_;
  RequestChannel& channel_;
  Hooks hooks_;
  int32_t controller_epoch_ = 0;
  // The purgatories' change feed: partitions changed since TryCompleteDelayed last ran (declared
  // before partitions_, which leave it when destroyed), and partitions deleted since then.
  std::vector<Partition*> changed_;
  std::vector<TopicPartition> deleted_;
  std::map<TopicPartition, std::unique_ptr<Partition>> partitions_;
  ReplicaManagerMetrics metrics_;
  PartitionIndex<Partition> lookup_;                             // partitions_, for Find
  std::map<int32_t, std::unique_ptr<ReplicaFetcher>> fetchers_;  // by leader broker id
  uint64_t next_delayed_id_ = 1;
  std::map<uint64_t, DelayedProduce> delayed_produces_;
  std::map<uint64_t, DelayedFetch> delayed_fetches_;
  // The parked operations (produce and fetch ids) watching each partition, as Kafka's purgatories
  // keep watcher lists by key. Looked up only.
  std::map<TopicPartition, std::vector<uint64_t>, PartitionNumberFirst> watchers_;
  bool started_ = false;
  ChangeJournal* journal_ = nullptr;
};

}  // namespace kafka
