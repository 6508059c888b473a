// See transaction_coordinator.h.
#include "model/txn/transaction_coordinator.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "model/client/partitioner.h"
#include "model/common/trace_kinds.h"
#include "model/txn/transaction_log.h"

namespace kafka {
namespace {

// The epoch at which Kafka stops bumping and gives the id a new producer id (Short.MaxValue - 1).
constexpr int16_t kMaxEpoch = 32766;

// TransactionStateManager.appendTransactionToLog: how a failed write reaches the client.
ErrorCode CoordinatorError(ErrorCode written) {
  switch (written) {
    case ErrorCode::kUnknownTopicOrPartition:
    case ErrorCode::kNotEnoughReplicas:
    case ErrorCode::kNotEnoughReplicasAfterAppend:
    case ErrorCode::kRequestTimedOut:
      return ErrorCode::kCoordinatorNotAvailable;
    case ErrorCode::kNotLeaderOrFollower:
    case ErrorCode::kKafkaStorageError:
      return ErrorCode::kNotCoordinator;
    default:
      return written;  // NONE, and anything else, as it is
  }
}

// TransactionMarkerRequestCompletionHandler: errors after which the marker is sent again.
bool RetriableMarkerError(ErrorCode e) {
  switch (e) {
    case ErrorCode::kNotLeaderOrFollower:
    case ErrorCode::kUnknownTopicOrPartition:
    case ErrorCode::kNotEnoughReplicas:
    case ErrorCode::kNotEnoughReplicasAfterAppend:
    case ErrorCode::kRequestTimedOut:
    case ErrorCode::kKafkaStorageError:
    case ErrorCode::kNetworkException:
      return true;
    default:
      return false;
  }
}

}  // namespace

TransactionCoordinator::TransactionCoordinator(sim::Context& ctx, Config config, Hooks hooks)
    : ctx_(ctx), config_(config), hooks_(std::move(hooks)) {}

int64_t TransactionCoordinator::NowMs() const { return ctx_.LocalNow().SinceZero().millis(); }

int32_t TransactionCoordinator::PartitionFor(const std::string& id) const {
  return CoordinatorPartition(id, config_.num_partitions);
}

bool TransactionCoordinator::Owns(const std::string& id) const {
  return coordinator_epochs_.contains(PartitionFor(id));
}

const TransactionMetadata* TransactionCoordinator::Find(const std::string& id) const {
  const auto it = txns_.find(id);
  return it == txns_.end() ? nullptr : &it->second;
}

void TransactionCoordinator::Start() { started_ = true; }

void TransactionCoordinator::MaybeStartTimeoutChecks() {
  // Kafka schedules the check at startup; it has nothing to do (and no effect) until this broker
  // coordinates some transactional ids, so the first partition it takes over starts it here.
  if (!started_ || timeout_checks_running_) return;
  timeout_checks_running_ = true;
  After(config_.abort_timed_out_interval_ms, [this] { AbortTimedOut(); });
}

void TransactionCoordinator::After(int64_t delay_ms, std::function<void()> action) {
  const uint64_t n = next_timer_++;
  timers_.emplace(n, std::move(action));
  ctx_.ScheduleAfter(sim::Duration::Millis(delay_ms), kTagBase | n);
}

bool TransactionCoordinator::HandleTimer(uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) != kTagBase) return false;
  const auto it = timers_.find(tag & ~(uint64_t{0xffff} << 48));
  if (it == timers_.end()) return true;
  std::function<void()> action = std::move(it->second);
  timers_.erase(it);
  action();
  return true;
}

void TransactionCoordinator::Trace(const TransactionMetadata& txn) {
  ctx_.Trace(kinds::kTxnState, {{"transactional_id", txn.transactional_id},
                                {"state", ToString(txn.state)},
                                {"producer_id", txn.producer_id},
                                {"epoch", static_cast<int64_t>(txn.producer_epoch)}});
}

// ---- loading -------------------------------------------------------------------------------

// TransactionStateManager.loadTransactionsForTxnTopicPartition and removeTransactionsFor...
void TransactionCoordinator::OnLeadershipChange(const TopicPartition& tp, bool leader) {
  if (tp.topic != kTransactionStateTopic) return;
  const auto of_partition = [&](const std::string& id) { return PartitionFor(id) == tp.partition; };
  const auto drop = [&] {
    std::erase_if(txns_, [&](const auto& t) {
      if (of_partition(t.first)) Note(t.first, true);
      return of_partition(t.first);
    });
  };
  if (!leader) {
    coordinator_epochs_.erase(tp.partition);
    drop();
    std::erase_if(markers_, [&](const auto& m) { return of_partition(m.first); });
    return;
  }
  const Partition* p = hooks_.replica(tp);
  if (p == nullptr) return;
  MaybeStartTimeoutChecks();
  coordinator_epochs_[tp.partition] = p->leader_epoch();
  drop();
  std::erase_if(markers_, [&](const auto& m) { return of_partition(m.first); });
  std::map<std::string, TransactionMetadata> loaded;
  for (const BatchPtr& batch : p->log().AllBatches()) {
    if (batch->is_control()) continue;
    for (const Record& r : batch->records) ReplayTransactionRecord(r, &loaded);
  }
  ctx_.Trace(kinds::kTxnLoaded,
             {{"partition", ToString(tp)}, {"transactions", static_cast<int64_t>(loaded.size())}});
  for (auto& [id, txn] : loaded) {
    const TxnState state = txn.state;
    txns_[id] = std::move(txn);
    Note(id, true);
    // A prepared transaction is finished by whoever coordinates it now.
    if (state == TxnState::kPrepareCommit || state == TxnState::kPrepareAbort) StartMarkers(id);
  }
}

// ---- writes to __transaction_state -------------------------------------------------------------

void TransactionCoordinator::Write(const std::string& id, TransactionMetadata next, Done done) {
  TransactionMetadata& current = txns_.at(id);
  current.pending_state = next.state;
  next.pending_state.reset();
  next.txn_last_update_ms = NowMs();
  const int32_t partition = PartitionFor(id);
  const int32_t epoch = coordinator_epochs_.at(partition);
  ProduceRequest write;
  write.acks = -1;  // TransactionLog.EnforcedRequiredAcks
  write.timeout_ms = static_cast<int32_t>(config_.request_timeout_ms);
  RecordBatch batch;
  batch.records.push_back(TransactionRecord(next, NowMs()));
  write.entries.push_back({{kTransactionStateTopic, partition}, std::move(batch)});
  hooks_.append(write, [this, id, next = std::move(next), partition, epoch,
                        done = std::move(done)](ProduceResponse r) {
    ErrorCode error = CoordinatorError(r.entries.empty() ? ErrorCode::kUnknownTopicOrPartition
                                                         : r.entries[0].error);
    const auto owner = coordinator_epochs_.find(partition);
    const auto it = txns_.find(id);
    if (owner == coordinator_epochs_.end() || owner->second != epoch || it == txns_.end()) {
      error = ErrorCode::kNotCoordinator;  // the partition moved while the write was out
    } else if (error == ErrorCode::kNone) {
      it->second = next;
      Trace(next);
      Note(id, false);
    } else {
      it->second.pending_state.reset();
    }
    done(error);
  });
}

// ---- InitProducerId --------------------------------------------------------------------------

void TransactionCoordinator::HandleInitProducerId(sim::NodeId from, int32_t corr,
                                                  const InitProducerIdRequest& request) {
  const auto fail = [this, from, corr](ErrorCode e) {
    hooks_.respond(from, corr, InitProducerIdResponse{e, -1, -1});
  };
  const auto ok = [this, from, corr](int64_t pid, int16_t epoch) {
    hooks_.respond(from, corr, InitProducerIdResponse{ErrorCode::kNone, pid, epoch});
  };
  const std::string id = request.transactional_id.value_or("");
  const int32_t timeout = request.transaction_timeout_ms;
  if (timeout <= 0 || timeout > config_.max_timeout_ms) {
    return fail(ErrorCode::kInvalidTransactionTimeout);
  }
  if (!Owns(id)) return fail(ErrorCode::kNotCoordinator);
  if (txns_.contains(id)) return InitExisting(id, timeout, fail, ok);
  hooks_.allocate_producer_id([this, id, timeout, fail, ok](int64_t pid) {
    if (!Owns(id)) return fail(ErrorCode::kNotCoordinator);
    auto [it, created] = txns_.try_emplace(id);
    if (created) {
      TransactionMetadata& t = it->second;
      t.transactional_id = id;
      t.producer_id = pid;
      t.producer_epoch = -1;  // the first bump makes it 0
      t.txn_timeout_ms = timeout;
      t.state = TxnState::kEmpty;
    }
    InitExisting(id, timeout, fail, ok);
  });
}

void TransactionCoordinator::InitExisting(const std::string& id, int32_t timeout_ms,
                                          std::function<void(ErrorCode)> fail,
                                          std::function<void(int64_t, int16_t)> ok) {
  TransactionMetadata& t = txns_.at(id);
  if (t.pending_state) return fail(ErrorCode::kConcurrentTransactions);
  switch (t.state) {
    case TxnState::kPrepareCommit:
    case TxnState::kPrepareAbort:
    case TxnState::kPrepareEpochFence:
    case TxnState::kDead:
      return fail(ErrorCode::kConcurrentTransactions);
    case TxnState::kOngoing: {
      // A previous instance's transaction is open: fence it (its epoch goes up, unless the last
      // fence failed to be written) and abort it; the new instance retries.
      const int16_t fenced =
          t.has_failed_epoch_fence ? t.producer_epoch : static_cast<int16_t>(t.producer_epoch + 1);
      ctx_.Trace(kinds::kTxnFenced, {{"transactional_id", id},
                                     {"producer_id", t.producer_id},
                                     {"epoch", static_cast<int64_t>(fenced)}});
      EndTransaction(id, t.producer_id, fenced, false, false, [](ErrorCode) {});
      return fail(ErrorCode::kConcurrentTransactions);
    }
    case TxnState::kEmpty:
    case TxnState::kCompleteCommit:
    case TxnState::kCompleteAbort:
      break;
  }
  TransactionMetadata next = t;
  if (t.producer_epoch >= kMaxEpoch) {
    // The epoch is spent: a new producer id at epoch 0
    // (TransactionMetadata.prepareProducerIdRotation).
    const int64_t old_pid = t.producer_id;
    hooks_.allocate_producer_id([this, id, timeout_ms, old_pid, fail, ok](int64_t pid) {
      const auto it = txns_.find(id);
      if (it == txns_.end() || it->second.producer_id != old_pid || it->second.pending_state) {
        return fail(ErrorCode::kConcurrentTransactions);
      }
      TransactionMetadata rotated = it->second;
      rotated.last_producer_id = old_pid;
      rotated.producer_id = pid;
      rotated.last_producer_epoch = -1;
      rotated.producer_epoch = 0;
      rotated.txn_timeout_ms = timeout_ms;
      rotated.state = TxnState::kEmpty;
      rotated.partitions.clear();
      rotated.txn_start_ms = -1;
      Write(id, rotated, [fail, ok, pid](ErrorCode e) {
        if (e != ErrorCode::kNone) return fail(e);
        ok(pid, 0);
      });
    });
    return;
  }
  next.last_producer_epoch = t.producer_epoch;
  next.producer_epoch = static_cast<int16_t>(t.producer_epoch + 1);
  next.txn_timeout_ms = timeout_ms;
  next.state = TxnState::kEmpty;
  next.partitions.clear();
  next.txn_start_ms = -1;
  next.has_failed_epoch_fence = false;
  const int64_t pid = next.producer_id;
  const int16_t epoch = next.producer_epoch;
  Write(id, std::move(next), [fail, ok, pid, epoch](ErrorCode e) {
    if (e != ErrorCode::kNone) return fail(e);
    ok(pid, epoch);
  });
}

// ---- AddPartitionsToTxn, AddOffsetsToTxn -------------------------------------------------------

void TransactionCoordinator::HandleAddPartitions(sim::NodeId from, int32_t corr,
                                                 const AddPartitionsToTxnRequest& request) {
  std::set<TopicPartition> partitions(request.partitions.begin(), request.partitions.end());
  if (request.verify_only) {
    AddPartitionsToTxnResponse response;
    const ErrorCode e =
        Verify(request.transactional_id, request.producer_id, request.producer_epoch);
    for (const TopicPartition& tp : partitions) {
      const bool in =
          e == ErrorCode::kNone && txns_.at(request.transactional_id).partitions.contains(tp);
      response.errors[tp] = e != ErrorCode::kNone ? e
                            : in                  ? ErrorCode::kNone
                                                  : ErrorCode::kInvalidTxnState;
    }
    hooks_.respond(from, corr, std::move(response));
    return;
  }
  AddPartitions(request.transactional_id, request.producer_id, request.producer_epoch, partitions,
                [this, from, corr, partitions](ErrorCode e) {
                  AddPartitionsToTxnResponse response;
                  for (const TopicPartition& tp : partitions) response.errors[tp] = e;
                  hooks_.respond(from, corr, std::move(response));
                });
}

// TransactionCoordinator.handleVerifyPartitionsInTransaction (3.6): NONE when the producer's
// transaction may be asked about; the partitions are then judged one by one. A pending transition
// is deliberately not an error: the append itself checks again.
ErrorCode TransactionCoordinator::Verify(const std::string& id, int64_t producer_id,
                                         int16_t epoch) const {
  if (id.empty()) return ErrorCode::kInvalidRequest;
  if (!Owns(id)) return ErrorCode::kNotCoordinator;
  const auto it = txns_.find(id);
  if (it == txns_.end() || it->second.producer_id != producer_id) {
    return ErrorCode::kInvalidProducerIdMapping;
  }
  if (it->second.producer_epoch != epoch) return ErrorCode::kProducerFenced;
  if (it->second.state == TxnState::kPrepareCommit || it->second.state == TxnState::kPrepareAbort) {
    return ErrorCode::kConcurrentTransactions;
  }
  return ErrorCode::kNone;
}

void TransactionCoordinator::HandleAddOffsets(sim::NodeId from, int32_t corr,
                                              const AddOffsetsToTxnRequest& request,
                                              const TopicPartition& offsets_partition) {
  AddPartitions(
      request.transactional_id, request.producer_id, request.producer_epoch, {offsets_partition},
      [this, from, corr](ErrorCode e) { hooks_.respond(from, corr, AddOffsetsToTxnResponse{e}); });
}

void TransactionCoordinator::AddPartitions(const std::string& id, int64_t producer_id,
                                           int16_t epoch,
                                           const std::set<TopicPartition>& partitions, Done done) {
  if (!Owns(id)) return done(ErrorCode::kNotCoordinator);
  const auto it = txns_.find(id);
  if (it == txns_.end() || it->second.producer_id != producer_id) {
    return done(ErrorCode::kInvalidProducerIdMapping);
  }
  TransactionMetadata& t = it->second;
  if (t.producer_epoch != epoch) return done(ErrorCode::kProducerFenced);
  if (partitions.empty()) return done(ErrorCode::kInvalidRequest);
  if (t.pending_state || t.state == TxnState::kPrepareCommit ||
      t.state == TxnState::kPrepareAbort || t.state == TxnState::kPrepareEpochFence) {
    return done(ErrorCode::kConcurrentTransactions);
  }
  if (t.state == TxnState::kDead) return done(ErrorCode::kInvalidTxnState);
  const bool all_present =
      std::all_of(partitions.begin(), partitions.end(),
                  [&](const TopicPartition& tp) { return t.partitions.contains(tp); });
  if (t.state == TxnState::kOngoing && all_present) return done(ErrorCode::kNone);
  TransactionMetadata next = t;
  if (t.state != TxnState::kOngoing) {
    next.partitions.clear();
    next.txn_start_ms = NowMs();
  }
  next.state = TxnState::kOngoing;
  next.partitions.insert(partitions.begin(), partitions.end());
  Write(id, std::move(next), std::move(done));
}

// ---- EndTxn ------------------------------------------------------------------------------------

void TransactionCoordinator::HandleEndTxn(sim::NodeId from, int32_t corr,
                                          const EndTxnRequest& request) {
  EndTransaction(
      request.transactional_id, request.producer_id, request.producer_epoch, request.committed,
      true, [this, from, corr](ErrorCode e) { hooks_.respond(from, corr, EndTxnResponse{e}); });
}

void TransactionCoordinator::EndTransaction(const std::string& id, int64_t producer_id,
                                            int16_t epoch, bool commit, bool from_client,
                                            Done done) {
  if (!Owns(id)) return done(ErrorCode::kNotCoordinator);
  const auto it = txns_.find(id);
  if (it == txns_.end() || it->second.producer_id != producer_id) {
    return done(ErrorCode::kInvalidProducerIdMapping);
  }
  TransactionMetadata& t = it->second;
  // The client must hold the current epoch; the coordinator's own aborts come with a bumped one.
  if (from_client ? epoch != t.producer_epoch : epoch < t.producer_epoch) {
    return done(ErrorCode::kProducerFenced);
  }
  if (t.pending_state) return done(ErrorCode::kConcurrentTransactions);
  const TxnState prepare = commit ? TxnState::kPrepareCommit : TxnState::kPrepareAbort;
  switch (t.state) {
    case TxnState::kOngoing: {
      if (!from_client && epoch > t.producer_epoch) {
        // A fence: the epoch goes up in memory before the write (TransactionCoordinator.
        // endTransaction), so that a failed write is not followed by a fence with the old epoch.
        t.producer_epoch = epoch;
        t.last_producer_epoch = -1;
      }
      TransactionMetadata next = t;
      next.state = prepare;
      next.has_failed_epoch_fence = false;
      Write(id, std::move(next), [this, id, from_client, done](ErrorCode e) {
        if (e != ErrorCode::kNone) {
          if (!from_client) {
            if (auto f = txns_.find(id); f != txns_.end()) f->second.has_failed_epoch_fence = true;
          }
          return done(e);
        }
        // The client hears once the decision is durable; the markers follow.
        done(ErrorCode::kNone);
        StartMarkers(id);
      });
      return;
    }
    case TxnState::kCompleteCommit:
      return done(commit ? ErrorCode::kNone : ErrorCode::kInvalidTxnState);
    case TxnState::kCompleteAbort:
      return done(commit ? ErrorCode::kInvalidTxnState : ErrorCode::kNone);
    case TxnState::kPrepareCommit:
      return done(commit ? ErrorCode::kConcurrentTransactions : ErrorCode::kInvalidTxnState);
    case TxnState::kPrepareAbort:
      return done(commit ? ErrorCode::kInvalidTxnState : ErrorCode::kConcurrentTransactions);
    case TxnState::kEmpty:
    case TxnState::kDead:
    case TxnState::kPrepareEpochFence:
      return done(ErrorCode::kInvalidTxnState);
  }
}

// ---- markers -----------------------------------------------------------------------------------

void TransactionCoordinator::StartMarkers(const std::string& id) {
  const auto it = txns_.find(id);
  if (it == txns_.end()) return;
  const TransactionMetadata& t = it->second;
  MarkerJob job;
  job.generation = next_generation_++;
  job.coordinator_epoch = coordinator_epochs_.at(PartitionFor(id));
  job.producer_id = t.producer_id;
  job.producer_epoch = t.producer_epoch;
  job.committed = t.state == TxnState::kPrepareCommit;
  job.remaining = t.partitions;
  markers_[id] = std::move(job);
  SendMarkers(id);
}

void TransactionCoordinator::SendMarkers(const std::string& id) {
  const auto it = markers_.find(id);
  if (it == markers_.end()) return;
  MarkerJob& job = it->second;
  // One request per leader, for the partitions it leads.
  std::map<int32_t, std::vector<TopicPartition>> by_leader;
  bool unreachable = false;
  std::vector<TopicPartition> gone;
  for (const TopicPartition& tp : job.remaining) {
    if (job.in_flight.contains(tp)) continue;
    const int32_t leader = hooks_.leader_of(tp);
    if (leader == kPartitionUnknown) {
      gone.push_back(tp);  // deleted meanwhile: nothing to mark (addTxnMarkersToBrokerQueue)
    } else if (leader < 0) {
      unreachable = true;
    } else {
      by_leader[leader].push_back(tp);
    }
  }
  for (const TopicPartition& tp : gone) job.remaining.erase(tp);
  if (job.remaining.empty() && job.in_flight.empty()) {
    // Not from inside the write's completion that led here: the next step of its own.
    const uint64_t generation = job.generation;
    After(0, [this, id, generation] {
      const auto again = markers_.find(id);
      if (again != markers_.end() && again->second.generation == generation) WriteComplete(id);
    });
    return;
  }
  for (auto& [leader, partitions] : by_leader) {
    WriteTxnMarkersRequest request;
    request.markers.push_back(
        {job.producer_id, job.producer_epoch, job.committed, job.coordinator_epoch, partitions});
    const uint64_t generation = job.generation;
    const bool sent = hooks_.send(leader, std::move(request), config_.request_timeout_ms,
                                  [this, id, generation, partitions](const PacketBody* body) {
                                    OnMarkersWritten(id, generation, partitions, body);
                                  });
    if (sent) {
      job.in_flight.insert(partitions.begin(), partitions.end());
    } else {
      unreachable = true;
    }
  }
  if (unreachable) RetryMarkersLater(id);
}

void TransactionCoordinator::OnMarkersWritten(const std::string& id, uint64_t generation,
                                              const std::vector<TopicPartition>& sent,
                                              const PacketBody* body) {
  const auto it = markers_.find(id);
  if (it == markers_.end() || it->second.generation != generation) return;
  MarkerJob& job = it->second;
  const auto* response = body ? std::get_if<WriteTxnMarkersResponse>(body) : nullptr;
  bool retry = false;
  for (const TopicPartition& tp : sent) {
    job.in_flight.erase(tp);
    ErrorCode e = ErrorCode::kNetworkException;
    if (response != nullptr) {
      for (const auto& m : response->markers) {
        if (m.producer_id != job.producer_id) continue;
        if (const auto f = m.errors.find(tp); f != m.errors.end()) e = f->second;
      }
    }
    if (e == ErrorCode::kNone) {
      job.remaining.erase(tp);
    } else if (RetriableMarkerError(e)) {
      retry = true;
    } else {
      // INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED: a newer coordinator or producer
      // epoch owns this transaction now; this coordinator stops completing it.
      markers_.erase(it);
      return;
    }
  }
  if (job.remaining.empty() && job.in_flight.empty()) return WriteComplete(id);
  if (retry) RetryMarkersLater(id);
}

void TransactionCoordinator::RetryMarkersLater(const std::string& id) {
  MarkerJob& job = markers_.at(id);
  if (job.retry_scheduled) return;
  job.retry_scheduled = true;
  const uint64_t generation = job.generation;
  After(config_.retry_backoff_ms, [this, id, generation] {
    const auto it = markers_.find(id);
    if (it == markers_.end() || it->second.generation != generation) return;
    it->second.retry_scheduled = false;
    SendMarkers(id);
  });
}

void TransactionCoordinator::WriteComplete(const std::string& id) {
  const auto job = markers_.find(id);
  const auto it = txns_.find(id);
  if (job == markers_.end() || it == txns_.end()) return;
  const bool committed = job->second.committed;
  const uint64_t generation = job->second.generation;
  ctx_.Trace(kinds::kTxnMarkersWritten,
             {{"transactional_id", id},
              {"result", committed ? "COMMIT" : "ABORT"},
              {"partitions", static_cast<int64_t>(it->second.partitions.size())}});
  TransactionMetadata next = it->second;
  next.state = committed ? TxnState::kCompleteCommit : TxnState::kCompleteAbort;
  next.partitions.clear();
  Write(id, std::move(next), [this, id, generation](ErrorCode e) {
    const auto j = markers_.find(id);
    if (j == markers_.end() || j->second.generation != generation) return;
    if (e == ErrorCode::kCoordinatorNotAvailable) {  // too few replicas, a timeout: again
      After(config_.retry_backoff_ms, [this, id, generation] {
        const auto again = markers_.find(id);
        if (again != markers_.end() && again->second.generation == generation) WriteComplete(id);
      });
      return;
    }
    markers_.erase(j);
  });
}

// ---- timeouts ----------------------------------------------------------------------------------

// TransactionCoordinator.abortTimedOutTransactions.
void TransactionCoordinator::AbortTimedOut() {
  After(config_.abort_timed_out_interval_ms, [this] { AbortTimedOut(); });
  const int64_t now = NowMs();
  std::vector<std::pair<std::string, int16_t>> expired;
  for (const auto& [id, t] : txns_) {
    if (t.state == TxnState::kOngoing && !t.pending_state &&
        t.txn_start_ms + t.txn_timeout_ms < now) {
      expired.push_back({id, t.has_failed_epoch_fence
                                 ? t.producer_epoch
                                 : static_cast<int16_t>(t.producer_epoch + 1)});
    }
  }
  for (const auto& [id, epoch] : expired) {
    const TransactionMetadata& t = txns_.at(id);
    ctx_.Trace(kinds::kTxnTimedOut, {{"transactional_id", id},
                                     {"producer_id", t.producer_id},
                                     {"timeout_ms", static_cast<int64_t>(t.txn_timeout_ms)}});
    EndTransaction(id, t.producer_id, epoch, false, false, [](ErrorCode) {});
  }
}

}  // namespace kafka
