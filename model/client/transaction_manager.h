// TransactionManager: a transactional producer's side of Kafka's transactions (Kafka 2.8
// clients/.../producer/internals/TransactionManager.java), owned by the Producer.
//
//   UNINITIALIZED ─initTransactions─▶ INITIALIZING ─▶ READY ─beginTransaction─▶ IN_TRANSACTION
//   IN_TRANSACTION ─commitTransaction─▶ COMMITTING ─▶ READY
//   IN_TRANSACTION or ABORTABLE_ERROR ─abortTransaction─▶ ABORTING ─▶ READY
//   a failed send ─▶ ABORTABLE_ERROR (only abort may follow); fencing ─▶ FATAL_ERROR (only close)
//
// - initTransactions: FindCoordinator(TRANSACTION), then InitProducerId with the transactional id
//   and transaction.timeout.ms; CONCURRENT_TRANSACTIONS (a previous instance's transaction is
//   being aborted) and coordinator moves are retried after retry.backoff.ms.
// - Before the first batch to a partition goes out, AddPartitionsToTxn adds it; the batches wait.
//   CONCURRENT_TRANSACTIONS there is retried after a fixed 20 ms, as the client does.
// - commitTransaction flushes (every batch of the transaction done) and then sends EndTxn(commit);
//   abortTransaction drops the batches not yet sent, waits for those in flight, then sends
//   EndTxn(abort). A commit in ABORTABLE_ERROR becomes the abort the application would make.
// - PRODUCER_FENCED, and INVALID_PRODUCER_EPOCH from the coordinator, are fatal: a newer
//   instance owns the transactional id.
// Every begin and every confirmed commit or abort goes into the history.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "model/check/history.h"
#include "model/common/request_channel.h"

namespace kafka {

class TransactionManager {
 public:
  enum class State {
    kUninitialized,
    kInitializing,
    kReady,
    kInTransaction,
    kCommitting,
    kAborting,
    kAbortableError,
    kFatalError,
  };
  struct Hooks {
    // Sends a request to a broker by id; false when the broker is not known.
    std::function<bool(int32_t broker, PacketBody, RequestChannel::Done)> send;
    // A broker to ask FindCoordinator (in turn over the bootstrap list), or -1.
    std::function<int32_t()> any_broker;
    // Runs `action` after `delay_ms` unless the producer crashes first.
    std::function<void(int64_t delay_ms, std::function<void()> action)> after;
    // No batch and no record of the producer is waiting or in flight.
    std::function<bool()> flushed;
    // abortTransaction: fails every batch not yet sent.
    std::function<void()> abort_unsent;
    // Partitions joined the transaction (or it ended): the sender may go on.
    std::function<void()> wake_sender;
    // The state changed (the workload waits for READY).
    std::function<void(State)> on_state;
    // Records a transaction's begin and outcome in the history.
    std::function<void(HistoryType)> note;
    std::function<void(const char* step, ErrorCode error)> trace;
  };

  TransactionManager(std::string transactional_id, int32_t transaction_timeout_ms,
                     int64_t retry_backoff_ms, Hooks hooks);

  void InitTransactions();
  // REQUIRES: state() == kReady.
  void BeginTransaction();
  void CommitTransaction();
  void AbortTransaction();
  // sendOffsetsToTransaction: AddOffsetsToTxn to the transaction coordinator, then TxnOffsetCommit
  // to the group's coordinator with the consumer's group metadata (KIP-447: `generation` >= 0 and
  // `member_id`; before 2.5, -1 and ""). `done` gets NONE, or the error that made the transaction
  // abortable (ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID: a newer generation owns the input).
  struct GroupMetadata {
    std::string group_id;
    int32_t generation = -1;
    std::string member_id;
    std::optional<std::string> group_instance_id;
  };
  void SendOffsetsToTransaction(std::map<TopicPartition, Offset> offsets, GroupMetadata group,
                                std::function<void(ErrorCode)> done);
  // The sender asks before sending a batch to `tp`: true once `tp` is in the transaction;
  // otherwise it is added (AddPartitionsToTxn) and the batch waits.
  bool MaySend(const TopicPartition& tp);
  // A batch of the transaction completed, with `error` if it failed; `sequenced`: it had been
  // given sequence numbers (it was sent at least once).
  void OnBatchDone(ErrorCode error, bool sequenced);
  // The producer crashed: everything is forgotten.
  void Reset();

  State state() const { return state_; }
  int64_t producer_id() const { return producer_id_; }
  int16_t epoch() const { return epoch_; }
  bool has_producer_id() const { return producer_id_ >= 0; }
  // Whether the last transaction to end was committed (false: aborted).
  bool last_committed() const { return last_committed_; }
  // What made the state fatal (kNone while it is not).
  ErrorCode fatal_error() const { return fatal_error_; }
  // What made the current or last transaction abortable (kNone if nothing did).
  ErrorCode abort_cause() const { return abort_cause_; }
  const std::string& transactional_id() const { return transactional_id_; }
  // Partitions AddPartitionsToTxn has put in the current transaction.
  size_t partitions_in_transaction() const { return in_transaction_.size(); }

 private:
  void Transition(State to);
  // Finds the coordinator, then runs `then` (after a backoff when it is not there yet).
  void FindCoordinator(std::function<void()> then);
  void SendInitProducerId();
  void SendAddPartitions();
  // A commit or abort goes on once the transaction's batches are done.
  void MaybeEndTransaction();
  void SendEndTxn(bool commit);
  void Fatal(ErrorCode error);
  void FindGroupCoordinatorThenCommit(std::map<TopicPartition, Offset> offsets, GroupMetadata group,
                                      std::function<void(ErrorCode)> done);
  void SendTxnOffsetCommit(std::map<TopicPartition, Offset> offsets, GroupMetadata group,
                           int32_t group_coordinator, std::function<void(ErrorCode)> done);
  // An error that leaves only abortTransaction (TransactionManager.transitionToAbortableError).
  void Abortable(ErrorCode error);
  // Sends to the coordinator, or finds it first.
  void ToCoordinator(PacketBody request, std::function<void(const PacketBody*)> done);
  // Runs `action` later, unless a crash reset the manager meanwhile.
  void Later(int64_t delay_ms, std::function<void()> action);
  static bool CoordinatorMoved(ErrorCode e);

  std::string transactional_id_;
  int32_t transaction_timeout_ms_;
  int64_t retry_backoff_ms_;
  Hooks hooks_;

  State state_ = State::kUninitialized;
  int32_t coordinator_ = -1;
  int64_t producer_id_ = -1;
  int16_t epoch_ = -1;
  std::set<TopicPartition> in_transaction_, to_add_, adding_;
  bool add_scheduled_ = false;
  bool end_sent_ = false;
  std::optional<bool> ending_;  // commit (true) or abort, once asked for
  uint64_t era_ = 0;            // bumped by Reset: callbacks of an earlier life are void
  bool last_committed_ = false;
  ErrorCode fatal_error_ = ErrorCode::kNone;
  ErrorCode abort_cause_ = ErrorCode::kNone;
  bool epoch_bump_required_ = false;
};

const char* ToString(TransactionManager::State state);

}  // namespace kafka
