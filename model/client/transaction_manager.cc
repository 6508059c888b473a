// See transaction_manager.h.
#include "model/client/transaction_manager.h"

#include <utility>
#include <vector>

namespace kafka {
namespace {

// TransactionManager.AddPartitionsToTxnHandler: CONCURRENT_TRANSACTIONS (the previous
// transaction's markers are still being written) is retried after a fixed 20 ms.
constexpr int64_t kAddPartitionsRetryMs = 20;

}  // namespace

const char* ToString(TransactionManager::State state) {
  using S = TransactionManager::State;
  switch (state) {
    case S::kUninitialized:
      return "UNINITIALIZED";
    case S::kInitializing:
      return "INITIALIZING";
    case S::kReady:
      return "READY";
    case S::kInTransaction:
      return "IN_TRANSACTION";
    case S::kCommitting:
      return "COMMITTING_TRANSACTION";
    case S::kAborting:
      return "ABORTING_TRANSACTION";
    case S::kAbortableError:
      return "ABORTABLE_ERROR";
    case S::kFatalError:
      return "FATAL_ERROR";
  }
  return "?";
}

TransactionManager::TransactionManager(std::string transactional_id, int32_t transaction_timeout_ms,
                                       int64_t retry_backoff_ms, Hooks hooks)
    : transactional_id_(std::move(transactional_id)),
      transaction_timeout_ms_(transaction_timeout_ms),
      retry_backoff_ms_(retry_backoff_ms),
      hooks_(std::move(hooks)) {}

void TransactionManager::Transition(State to) {
  if (state_ == to) return;
  state_ = to;
  if (hooks_.on_state) hooks_.on_state(to);
}

void TransactionManager::Reset() {
  ++era_;
  fatal_error_ = ErrorCode::kNone;
  abort_cause_ = ErrorCode::kNone;
  state_ = State::kUninitialized;
  coordinator_ = -1;
  producer_id_ = -1;
  epoch_ = -1;
  in_transaction_.clear();
  to_add_.clear();
  adding_.clear();
  add_scheduled_ = false;
  end_sent_ = false;
  ending_.reset();
  epoch_bump_required_ = false;
}

void TransactionManager::Later(int64_t delay_ms, std::function<void()> action) {
  hooks_.after(delay_ms, [this, era = era_, action = std::move(action)] {
    if (era == era_) action();
  });
}

bool TransactionManager::CoordinatorMoved(ErrorCode e) {
  return e == ErrorCode::kNotCoordinator || e == ErrorCode::kCoordinatorNotAvailable ||
         e == ErrorCode::kCoordinatorLoadInProgress || e == ErrorCode::kNetworkException;
}

void TransactionManager::Fatal(ErrorCode error) {
  hooks_.trace("fatal", error);
  fatal_error_ = error;
  Transition(State::kFatalError);
}

// ---- the coordinator ---------------------------------------------------------------------------

void TransactionManager::FindCoordinator(std::function<void()> then) {
  const int32_t broker = hooks_.any_broker();
  FindCoordinatorRequest request{transactional_id_, FindCoordinatorRequest::kTransaction};
  const bool sent =
      broker >= 0 &&
      hooks_.send(broker, std::move(request), [this, era = era_, then](const PacketBody* body) {
        if (era != era_) return;
        const auto* r = body ? std::get_if<FindCoordinatorResponse>(body) : nullptr;
        if (r != nullptr && r->error == ErrorCode::kNone) {
          coordinator_ = r->node_id;
          then();
          return;
        }
        Later(retry_backoff_ms_, [this, then] { FindCoordinator(then); });
      });
  if (!sent) Later(retry_backoff_ms_, [this, then] { FindCoordinator(then); });
}

void TransactionManager::ToCoordinator(PacketBody request,
                                       std::function<void(const PacketBody*)> done) {
  if (coordinator_ < 0) {
    FindCoordinator([this, request = std::move(request), done = std::move(done)]() mutable {
      ToCoordinator(std::move(request), std::move(done));
    });
    return;
  }
  auto guarded = [this, era = era_, done](const PacketBody* body) {
    if (era == era_) done(body);
  };
  if (!hooks_.send(coordinator_, request, std::move(guarded))) {
    coordinator_ = -1;
    Later(retry_backoff_ms_,
          [this, request = std::move(request), done = std::move(done)]() mutable {
            ToCoordinator(std::move(request), std::move(done));
          });
  }
}

// ---- initTransactions --------------------------------------------------------------------------

void TransactionManager::InitTransactions() {
  if (state_ != State::kUninitialized) return;
  Transition(State::kInitializing);
  SendInitProducerId();
}

void TransactionManager::SendInitProducerId() {
  InitProducerIdRequest request;
  request.transactional_id = transactional_id_;
  request.transaction_timeout_ms = transaction_timeout_ms_;
  request.producer_id = producer_id_;  // KIP-360: the id and epoch to bump, if any
  request.producer_epoch = epoch_;
  ToCoordinator(std::move(request), [this](const PacketBody* body) {
    const auto* r = body ? std::get_if<InitProducerIdResponse>(body) : nullptr;
    const ErrorCode error = r ? r->error : ErrorCode::kNetworkException;
    if (error == ErrorCode::kNone) {
      producer_id_ = r->producer_id;
      epoch_ = r->producer_epoch;
      hooks_.trace("initialized", error);
      Transition(State::kReady);
      return;
    }
    if (CoordinatorMoved(error)) coordinator_ = -1;
    if (CoordinatorMoved(error) || error == ErrorCode::kConcurrentTransactions) {
      Later(retry_backoff_ms_, [this] { SendInitProducerId(); });
      return;
    }
    Fatal(error);  // PRODUCER_FENCED, INVALID_TRANSACTION_TIMEOUT, ...
  });
}

// ---- the transaction ---------------------------------------------------------------------------

void TransactionManager::BeginTransaction() {
  if (state_ != State::kReady) return;
  in_transaction_.clear();
  ending_.reset();
  end_sent_ = false;
  abort_cause_ = ErrorCode::kNone;
  hooks_.note(HistoryType::kTxnBegin);
  Transition(State::kInTransaction);
}

bool TransactionManager::MaySend(const TopicPartition& tp) {
  if (in_transaction_.contains(tp)) return true;
  if (state_ != State::kInTransaction && state_ != State::kCommitting) return false;
  if (!adding_.contains(tp) && to_add_.insert(tp).second && !add_scheduled_) {
    add_scheduled_ = true;
    Later(0, [this] {
      add_scheduled_ = false;
      SendAddPartitions();
    });
  }
  return false;
}

void TransactionManager::SendAddPartitions() {
  if (to_add_.empty() || !adding_.empty()) return;  // one request at a time
  if (state_ != State::kInTransaction && state_ != State::kCommitting) {
    to_add_.clear();  // the transaction is over or being aborted
    return;
  }
  adding_ = std::move(to_add_);
  to_add_.clear();
  AddPartitionsToTxnRequest request{transactional_id_, producer_id_, epoch_,
                                    std::vector<TopicPartition>(adding_.begin(), adding_.end())};
  ToCoordinator(std::move(request), [this](const PacketBody* body) {
    const auto* r = body ? std::get_if<AddPartitionsToTxnResponse>(body) : nullptr;
    ErrorCode error = r ? ErrorCode::kNone : ErrorCode::kNetworkException;
    if (r != nullptr) {
      for (const auto& [tp, e] : r->errors) {
        if (e != ErrorCode::kNone) error = e;
      }
    }
    const bool aborting = state_ == State::kAborting;
    if (error == ErrorCode::kNone) {
      in_transaction_.insert(adding_.begin(), adding_.end());
      adding_.clear();
      if (!aborting) {
        SendAddPartitions();  // partitions that came meanwhile
        hooks_.wake_sender();
      }
      MaybeEndTransaction();
      return;
    }
    if (aborting) {  // an abort is under way: nothing more joins the transaction
      adding_.clear();
      MaybeEndTransaction();
      return;
    }
    if (CoordinatorMoved(error) || error == ErrorCode::kConcurrentTransactions ||
        error == ErrorCode::kUnknownTopicOrPartition) {
      if (CoordinatorMoved(error)) coordinator_ = -1;
      to_add_.insert(adding_.begin(), adding_.end());
      adding_.clear();
      // AddPartitionsToTxnHandler: the short backoff only while nothing is in the transaction
      // yet (the previous transaction's markers are being written).
      const bool quick = error == ErrorCode::kConcurrentTransactions && in_transaction_.empty();
      Later(quick ? kAddPartitionsRetryMs : retry_backoff_ms_, [this] { SendAddPartitions(); });
      return;
    }
    adding_.clear();
    if (error == ErrorCode::kProducerFenced || error == ErrorCode::kInvalidProducerEpoch ||
        error == ErrorCode::kInvalidTxnState) {
      return Fatal(error);
    }
    // INVALID_PRODUCER_ID_MAPPING and the like: the transaction cannot go on.
    Abortable(error);
    hooks_.abort_unsent();
    MaybeEndTransaction();
  });
}

void TransactionManager::Abortable(ErrorCode error) {
  if (state_ != State::kInTransaction && state_ != State::kCommitting) return;
  hooks_.trace("abortable", error);
  abort_cause_ = error;
  const bool committing = state_ == State::kCommitting;
  Transition(State::kAbortableError);
  if (committing) AbortTransaction();
}

void TransactionManager::SendOffsetsToTransaction(std::map<TopicPartition, Offset> offsets,
                                                  GroupMetadata group,
                                                  std::function<void(ErrorCode)> done) {
  if (state_ != State::kInTransaction) return done(ErrorCode::kInvalidTxnState);
  AddOffsetsToTxnRequest add{transactional_id_, producer_id_, epoch_, group.group_id};
  ToCoordinator(std::move(add), [this, offsets, group, done](const PacketBody* body) {
    const auto* r = body ? std::get_if<AddOffsetsToTxnResponse>(body) : nullptr;
    const ErrorCode error = r ? r->error : ErrorCode::kNetworkException;
    if (CoordinatorMoved(error) || error == ErrorCode::kConcurrentTransactions) {
      if (CoordinatorMoved(error)) coordinator_ = -1;
      // AddOffsetsToTxnHandler re-enqueues with retry.backoff.ms; only AddPartitionsToTxn has the
      // short CONCURRENT_TRANSACTIONS backoff.
      Later(retry_backoff_ms_,
            [this, offsets, group, done] { SendOffsetsToTransaction(offsets, group, done); });
      return;
    }
    if (error == ErrorCode::kProducerFenced || error == ErrorCode::kInvalidProducerEpoch) {
      Fatal(error);
      return done(error);
    }
    if (error != ErrorCode::kNone) {
      Abortable(error);
      return done(error);
    }
    // The group's __consumer_offsets partition is in the transaction: the offsets go to the
    // group's coordinator.
    FindGroupCoordinatorThenCommit(offsets, group, done);
  });
}

void TransactionManager::FindGroupCoordinatorThenCommit(std::map<TopicPartition, Offset> offsets,
                                                        GroupMetadata group,
                                                        std::function<void(ErrorCode)> done) {
  if (state_ != State::kInTransaction) return done(ErrorCode::kInvalidTxnState);
  const int32_t broker = hooks_.any_broker();
  const std::string group_id = group.group_id;
  const bool sent =
      broker >= 0 && hooks_.send(broker, FindCoordinatorRequest{group_id},
                                 [this, era = era_, offsets, group, done](const PacketBody* body) {
                                   if (era != era_) return;
                                   const auto* f =
                                       body ? std::get_if<FindCoordinatorResponse>(body) : nullptr;
                                   if (f == nullptr || f->error != ErrorCode::kNone) {
                                     Later(retry_backoff_ms_, [this, offsets, group, done] {
                                       FindGroupCoordinatorThenCommit(offsets, group, done);
                                     });
                                     return;
                                   }
                                   SendTxnOffsetCommit(offsets, group, f->node_id, done);
                                 });
  if (!sent) {
    Later(retry_backoff_ms_,
          [this, offsets, group, done] { FindGroupCoordinatorThenCommit(offsets, group, done); });
  }
}

void TransactionManager::SendTxnOffsetCommit(std::map<TopicPartition, Offset> offsets,
                                             GroupMetadata group, int32_t group_coordinator,
                                             std::function<void(ErrorCode)> done) {
  if (state_ != State::kInTransaction) return done(ErrorCode::kInvalidTxnState);
  TxnOffsetCommitRequest request;
  request.transactional_id = transactional_id_;
  request.group_id = group.group_id;
  request.producer_id = producer_id_;
  request.producer_epoch = epoch_;
  request.generation_id = group.generation;
  request.member_id = group.member_id;
  request.group_instance_id = group.group_instance_id;
  request.offsets = offsets;
  const auto retry = [this, offsets, group, done] {
    Later(retry_backoff_ms_,
          [this, offsets, group, done] { FindGroupCoordinatorThenCommit(offsets, group, done); });
  };
  const bool sent = hooks_.send(
      group_coordinator, std::move(request),
      [this, era = era_, retry, done](const PacketBody* body) {
        if (era != era_) return;
        const auto* r = body ? std::get_if<TxnOffsetCommitResponse>(body) : nullptr;
        ErrorCode error = r ? ErrorCode::kNone : ErrorCode::kNetworkException;
        if (r != nullptr) {
          for (const auto& [tp, e] : r->errors) {
            if (e != ErrorCode::kNone) error = e;
          }
        }
        if (error == ErrorCode::kNone) return done(error);
        if (CoordinatorMoved(error) || error == ErrorCode::kRequestTimedOut) return retry();
        if (error == ErrorCode::kProducerFenced || error == ErrorCode::kInvalidProducerEpoch) {
          Fatal(error);
          return done(error);
        }
        // TxnOffsetCommitHandler: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID and the like make the
        // transaction abortable (CommitFailedException): a newer generation owns the input.
        Abortable(error);
        done(error);
      });
  if (!sent) retry();
}

void TransactionManager::OnBatchDone(ErrorCode error, bool sequenced) {
  // A failed batch that had a sequence number leaves a gap in its partition's sequence: after the
  // abort the producer bumps its epoch, which restarts sequences (KIP-360: epochBumpRequired).
  if (error != ErrorCode::kNone && sequenced) epoch_bump_required_ = true;
  if (error != ErrorCode::kNone && state_ != State::kAborting && state_ != State::kFatalError) {
    if (error == ErrorCode::kProducerFenced) return Fatal(error);
    // KIP-588 (2.7): INVALID_PRODUCER_EPOCH on produce is abortable, like any failed send.
    Abortable(error);
  }
  MaybeEndTransaction();
}

void TransactionManager::CommitTransaction() {
  if (state_ == State::kAbortableError) return AbortTransaction();
  if (state_ != State::kInTransaction) return;
  ending_ = true;
  Transition(State::kCommitting);
  MaybeEndTransaction();
}

void TransactionManager::AbortTransaction() {
  if (state_ != State::kInTransaction && state_ != State::kAbortableError &&
      state_ != State::kCommitting) {
    return;
  }
  ending_ = false;
  Transition(State::kAborting);
  to_add_.clear();
  hooks_.abort_unsent();
  MaybeEndTransaction();
}

void TransactionManager::MaybeEndTransaction() {
  if (!ending_ || end_sent_) return;
  if (state_ != State::kCommitting && state_ != State::kAborting) return;
  if (!hooks_.flushed() || !adding_.empty()) return;
  if (in_transaction_.empty()) {
    // Nothing was added: no EndTxn is needed (TransactionManager.beginCompletingTransaction).
    hooks_.note(*ending_ ? HistoryType::kTxnCommit : HistoryType::kTxnAbort);
    last_committed_ = *ending_;
    ending_.reset();
    Transition(State::kReady);
    return;
  }
  end_sent_ = true;
  SendEndTxn(*ending_);
}

void TransactionManager::SendEndTxn(bool commit) {
  EndTxnRequest request{transactional_id_, producer_id_, epoch_, commit};
  ToCoordinator(std::move(request), [this, commit](const PacketBody* body) {
    const auto* r = body ? std::get_if<EndTxnResponse>(body) : nullptr;
    const ErrorCode error = r ? r->error : ErrorCode::kNetworkException;
    if (error == ErrorCode::kNone) {
      hooks_.trace(commit ? "committed" : "aborted", error);
      hooks_.note(commit ? HistoryType::kTxnCommit : HistoryType::kTxnAbort);
      in_transaction_.clear();
      end_sent_ = false;
      ending_.reset();
      last_committed_ = commit;
      if (!commit && epoch_bump_required_) {
        epoch_bump_required_ = false;
        hooks_.trace("bumping epoch", ErrorCode::kNone);
        Transition(State::kInitializing);
        SendInitProducerId();
        return;
      }
      Transition(State::kReady);
      return;
    }
    if (CoordinatorMoved(error) || error == ErrorCode::kConcurrentTransactions) {
      if (CoordinatorMoved(error)) coordinator_ = -1;
      Later(retry_backoff_ms_, [this, commit] { SendEndTxn(commit); });
      return;
    }
    // PRODUCER_FENCED, INVALID_TXN_STATE, ...: the outcome is the coordinator's, not ours.
    Fatal(error);
  });
}

}  // namespace kafka
