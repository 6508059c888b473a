// Consumer: a Kafka consumer in a group, as a simulated node (KafkaConsumer, ConsumerCoordinator,
// AbstractCoordinator and its heartbeat thread, Fetcher), running an application loop that polls
// and processes records under one of the course's delivery semantics.
//
// - Group membership: finds the coordinator (FindCoordinator), joins (answering
//   MEMBER_ID_REQUIRED), and if it leads, computes the assignment with the chosen assignor (range,
//   roundrobin, sticky, cooperative-sticky) over the subscriptions; SyncGroup hands it out.
//   Eager protocols give up every partition before rejoining; cooperative-sticky gives up only
//   what moves, and rejoins once more when it had to.
// - A heartbeat every heartbeat.interval.ms; REBALANCE_IN_PROGRESS means rejoin, an unknown
//   member or generation means start over. If the application does not poll within
//   max.poll.interval.ms, the consumer leaves the group (static members do not).
// - Positions: the committed offset, or auto.offset.reset (earliest, latest, none) when there is
//   none or it is out of range. Fetches go to each partition's leader and return up to the high
//   watermark (the last stable offset under isolation.level=read_committed, which also skips
//   aborted transactions' records); transaction markers are never handed to the application;
//   a poll hands it at most max.poll.records.
// - Metadata refreshes on errors and every metadata.max.age.ms; when the group's leader sees a
//   subscribed topic's partition count change, it rejoins, so new partitions get assigned.
// - Commits: every auto.commit.interval.ms inside poll (and before a rebalance), or by the
//   processing model: commit before processing (at most once), process then commit (at least
//   once), or process into an idempotent sink then commit (exactly once into the sink), or
//   read-process-write to an output topic through a producer this process hosts: in one
//   transaction with the input offsets (sendOffsetsToTransaction, KIP-447's group metadata from
//   2.5, read_committed input, committed offsets fetched with require_stable), or without.
// - Every poll, process, commit, assignment, revocation and crash goes into the history.
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
#include "model/client/client_metadata.h"
#include "model/client/producer.h"
#include "model/client/sink.h"
#include "model/common/host_directory.h"
#include "model/common/record_batch.h"
#include "model/common/request_channel.h"
#include "model/common/version_profile.h"
#include "sim/node.h"

namespace kafka {

struct ConsumerConfig {
  const VersionProfile* profile = nullptr;
  std::vector<int32_t> bootstrap;
  std::string group_id;
  std::optional<std::string> group_instance_id;
  std::string client_id = "consumer-1";
  int32_t session_timeout_ms = 10000;
  int32_t heartbeat_interval_ms = 3000;
  int32_t max_poll_interval_ms = 300000;
  int32_t max_poll_records = 500;
  bool enable_auto_commit = true;
  int64_t auto_commit_interval_ms = 5000;
  std::string auto_offset_reset = "latest";
  // isolation.level: read_committed reads below the last stable offset and skips aborted
  // transactions' records; read_uncommitted reads below the high watermark.
  bool read_committed = false;
  std::vector<std::string> assignors = {"range"};  // partition.assignment.strategy
  int32_t fetch_min_bytes = 1;
  int32_t fetch_max_wait_ms = 500;
  int64_t request_timeout_ms = 30000;
  int64_t retry_backoff_ms = 100;
  int64_t metadata_max_age_ms = 300000;

  static ConsumerConfig Defaults(const VersionProfile& profile);
  std::optional<std::string> Set(std::string_view name, std::string_view value);
  static std::vector<std::string_view> Names();
};

enum class ProcessingModel {
  kAutoCommit,              // enable.auto.commit: offsets commit on their own
  kCommitBeforeProcessing,  // at most once
  kProcessThenCommit,       // at least once
  kIdempotentSink,          // process then commit, into a sink that ignores repeats
  // Kafka to Kafka, as Kafka Streams does: each input record becomes one output record (same
  // key) on the output topic. With transactions (exactly_once_v2): the outputs and the input
  // offsets commit in one transaction. Without: outputs are flushed, then offsets committed.
  kReadProcessWrite,
  kReadProcessWriteAtLeastOnce,
};
const char* ToString(ProcessingModel model);

inline constexpr int64_t kOutputValueOffset = 500'000'000;

struct ConsumerWorkload {
  std::vector<std::string> topics;
  ProcessingModel model = ProcessingModel::kAutoCommit;
  sim::Duration processing_time = sim::Duration::Millis(1);  // per record
  sim::Duration start_after = sim::Duration::Seconds(5);
  SinkPtr sink;  // where processed records go (may be shared by the group's members)
  // Told of each record as the application processes it: a tool printing what it reads.
  std::function<void(const TopicPartition& tp, Offset offset, const Record& record)> on_record;
  // Read-process-write: where outputs go, and the producer that writes them (its
  // transactional.id is set for kReadProcessWrite).
  std::string output_topic;
  std::optional<ProducerConfig> output_producer;
  // An input record's output carries its value id plus this, so that checks can pair them; value
  // ids are unique across the run, so each pipeline needs its own.
  int64_t output_value_offset = kOutputValueOffset;
};

class Consumer : public sim::Node {
 public:
  Consumer(ConsumerConfig config, ConsumerWorkload workload, HostDirectoryPtr hosts,
           std::shared_ptr<History> history);

  void OnStart() override;
  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId id, uint64_t tag) override;
  void OnConnectionReset(sim::NodeId peer) override;
  void OnCrash(sim::CrashKind kind) override;

  // KafkaConsumer.close: stops polling, commits what was consumed (with auto-commit), leaves the
  // group and exits the process once the coordinator has answered (or at once without one).
  void Close();

  // Observers.
  const std::set<TopicPartition>& assignment() const { return assigned_; }
  const std::map<TopicPartition, Offset>& positions() const { return positions_; }
  const std::string& member_id() const { return member_id_; }
  int32_t generation() const { return generation_; }
  bool in_group() const { return generation_ >= 0 && !rejoin_needed_; }
  int64_t processed() const { return processed_; }
  const ConsumerConfig& config() const { return config_; }
  // The producer a read-process-write member writes its output with (nullptr otherwise).
  const Producer* output_producer() const { return output_.get(); }

 private:
  enum Timer : uint64_t {
    kPoll = 1,
    kHeartbeat,
    kProcess,
    kMetadata,
    kCoordinatorRetry,
    kMetadataAge,
    kAfterTransaction,
    kTasksMigrated,
  };
  static constexpr uint64_t kTagBase = uint64_t{0x434e} << 48;  // "CN"
  struct Fetched {
    TopicPartition tp;
    Offset offset;
    kafka::Record record;
    int32_t leader_epoch = -1;  // of the batch it came in
    // A transaction marker, or an aborted transaction's batch under read_committed: never handed
    // to the application, but the position moves past it (to `skip_to`).
    Offset skip_to = -1;
  };
  // CompletedFetch: one partition's batches into the buffer, from `position`, filtered by the
  // isolation level.
  bool BufferFetched(const FetchResponse::Entry& e, Offset position);

  // The application's loop.
  void Poll();
  void SchedulePoll(sim::Duration after);
  void Process(std::vector<Fetched> records, size_t next);
  void AfterProcessing(std::vector<Fetched> records);
  // Read-process-write: the output producer's transaction ended (or failed for good).
  void OnOutputTransaction(TransactionManager::State state);
  // After an aborted transaction the input is read again from the committed offsets.
  void RewindToCommitted();
  void TasksMigrated(ErrorCode cause);
  ErrorCode migrated_by_ = ErrorCode::kNone;  // why a kTasksMigrated timer is set
  bool IsReadProcessWrite() const {
    return workload_.model == ProcessingModel::kReadProcessWrite ||
           workload_.model == ProcessingModel::kReadProcessWriteAtLeastOnce;
  }

  // Group membership.
  void FindCoordinator();
  void Join();
  void OnJoined(const JoinGroupResponse& response);
  void Sync(std::map<std::string, std::vector<TopicPartition>> assignments);
  void OnAssignment(std::vector<TopicPartition> assigned);
  void Revoke(const std::set<TopicPartition>& partitions);
  void ResetMembership(bool forget_member_id);
  void CoordinatorLost();
  void Heartbeat();
  // Leaves the group; `then` runs once the coordinator answered (at once if nothing was sent).
  void LeaveGroup(const char* reason, std::function<void()> then = nullptr);
  std::map<std::string, std::vector<TopicPartition>> ComputeAssignment(
      const JoinGroupResponse& response);

  // Positions, fetching and commits.
  void RefreshMetadata();
  void FetchCommittedOffsets();
  void ResetOffsets(const std::vector<TopicPartition>& partitions);
  void SetPosition(const TopicPartition& tp, Offset offset, int32_t record_epoch);
  bool NeedsValidation(const TopicPartition& tp) const;
  void ValidatePosition(const TopicPartition& tp, int32_t leader);
  void SendFetches();
  void Commit(std::map<TopicPartition, Offset> offsets, std::function<void(bool)> done);
  std::map<TopicPartition, Offset> ConsumedOffsets() const;
  void Send(int32_t broker, PacketBody request, RequestChannel::Done done);
  void SendToCoordinator(PacketBody request, RequestChannel::Done done);
  int64_t NowMs() const;
  void Note(HistoryType type, const TopicPartition& tp = {}, Offset offset = -1,
            int64_t value = -1);

  ConsumerConfig config_;
  ConsumerWorkload workload_;
  HostDirectoryPtr hosts_;
  std::shared_ptr<History> history_;
  std::unique_ptr<RequestChannel> channel_;

  // Memory (lost in a crash).
  ClientMetadata metadata_;
  int32_t coordinator_ = -1;
  bool finding_coordinator_ = false;
  std::string member_id_;
  int32_t generation_ = -1;
  // KafkaConsumer.groupMetadata(): the generation and member id of the last completed join. Unlike
  // the two above, a heartbeat's UNKNOWN_MEMBER_ID does not reset them (ConsumerCoordinator sets
  // them in onJoinComplete only), so a zombie's TxnOffsetCommit carries its old generation and is
  // refused (KIP-447).
  std::string joined_member_id_;
  int32_t joined_generation_ = -1;
  std::string protocol_;
  // The leader's view of the subscribed topics' partition counts when it last assigned
  // (ConsumerCoordinator's assignmentSnapshot): a change in the metadata means rebalance.
  std::map<std::string, int32_t> assignment_snapshot_;
  bool rejoin_needed_ = true;
  bool joining_ = false;
  std::set<TopicPartition> assigned_;
  std::map<TopicPartition, Offset> positions_;
  // KIP-320 (2.3 on): the leader epoch of the last record read before each position, and the
  // leader epoch the position was last checked against. A newer leader epoch in the metadata
  // means checking it again, before fetching (SubscriptionState's AWAIT_VALIDATION).
  struct PositionEpochs {
    int32_t record = -1;
    int32_t validated = -1;
  };
  std::map<TopicPartition, PositionEpochs> position_epochs_;
  std::set<TopicPartition> validating_;
  std::set<TopicPartition> offsets_pending_;  // asked the coordinator or the leader
  std::set<int32_t> fetches_in_flight_;       // by broker
  std::deque<Fetched> buffer_;
  bool poll_scheduled_ = false;
  sim::TimerId poll_timer_;
  std::function<void()> processing_next_;  // the record being processed, when its time is up
  bool processing_ = false;                // the application is processing records
  int64_t last_poll_ms_ = 0;
  int64_t next_auto_commit_ms_ = 0;
  uint64_t era_ = 0;                  // bumped by a crash: callbacks of an earlier life are void
  std::unique_ptr<Producer> output_;  // read-process-write: runs in this process
  bool output_ending_ = false;        // its transaction is being committed or aborted
  int64_t processed_ = 0;
  bool closing_ = false;
};

}  // namespace kafka
