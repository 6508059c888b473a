// See replica_manager.h.
#include "model/broker/replica_manager.h"

#include <algorithm>

#include "model/broker/replica_fetcher.h"
#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"

namespace kafka {
namespace {

PartitionState ToPartitionState(const PartitionStateEntry& e) {
  return PartitionState{e.leader, e.leader_epoch, e.isr, e.zk_version, e.replicas};
}

}  // namespace

ReplicaManager::ReplicaManager(sim::Context& ctx, const BrokerConfig& config,
                               RequestChannel& channel, Hooks hooks)
    : ctx_(ctx), config_(config), channel_(channel), hooks_(std::move(hooks)) {}

ReplicaManager::~ReplicaManager() = default;

int64_t ReplicaManager::NowMs() const { return ctx_.LocalNow().SinceZero().millis(); }

void ReplicaManager::Start() {
  started_ = true;
  ScheduleTask(kIsrExpiration, config_.replica_lag_time_max_ms / 2);
  ScheduleTask(kHwCheckpoint, config_.replica_high_watermark_checkpoint_interval_ms);
  ScheduleTask(kRetention, config_.log_retention_check_interval_ms);
}

void ReplicaManager::ScheduleTask(Task task, int64_t delay_ms) {
  ctx_.ScheduleAfter(sim::Duration::Millis(std::max<int64_t>(delay_ms, 1)), kTagBase | task);
}

void ReplicaManager::RunTask(Task task) {
  const int64_t now = NowMs();
  switch (task) {
    case kIsrExpiration:  // ReplicaManager.maybeShrinkIsr
      for (auto& [tp, p] : partitions_) {
        if (const auto shrunk = p->IsrToShrink(now)) SubmitIsrChange(*p, *shrunk);
      }
      ScheduleTask(task, config_.replica_lag_time_max_ms / 2);
      break;
    case kHwCheckpoint:
      for (auto& [tp, p] : partitions_) {
        p->log().MaybeFlush(now);
        p->log().CheckpointHighWatermark();
      }
      ScheduleTask(task, config_.replica_high_watermark_checkpoint_interval_ms);
      break;
    case kRetention:
      for (auto& [tp, p] : partitions_) {
        if (const int deleted = p->log().DeleteExpiredSegments(now); deleted > 0) {
          ctx_.Trace(kinds::kBrokerRetention, {{"partition", ToString(tp)},
                                               {"segments", deleted},
                                               {"log_start", p->log().log_start_offset()}});
        }
      }
      ScheduleTask(task, config_.log_retention_check_interval_ms);
      break;
  }
}

bool ReplicaManager::HandleTimer(uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) != kTagBase) return false;
  const uint64_t low = tag & ~(uint64_t{0xffff} << 48);
  if (low & kFetcherBit) {
    const auto it = fetchers_.find(static_cast<int32_t>(low & 0xffffffff));
    if (it != fetchers_.end()) it->second->OnTimer();
  } else if (low & kDelayedBit) {
    const uint64_t id = low & ~kDelayedBit;
    if (auto it = delayed_produces_.find(id); it != delayed_produces_.end()) {
      TryCompleteProduce(it->second, /*expired=*/true);
      Unwatch(id, it->second.response.entries);
      delayed_produces_.erase(it);
    } else if (auto f = delayed_fetches_.find(id); f != delayed_fetches_.end()) {
      int64_t bytes = 0;
      Respond(f->second.from, f->second.correlation_id, ReadForFetch(f->second.request, &bytes));
      Unwatch(id, f->second.request.entries);
      delayed_fetches_.erase(f);
    }
  } else {
    RunTask(static_cast<Task>(low));
  }
  return true;
}

void ReplicaManager::OnCrash(bool power_loss) {
  started_ = false;
  metrics_ = {};  // a new process counts from zero
  controller_epoch_ = 0;
  delayed_produces_.clear();
  delayed_fetches_.clear();
  watchers_.clear();
  fetchers_.clear();
  for (auto& [tp, p] : partitions_) p->RecoverAfterCrash(power_loss);
}

void ReplicaManager::OnCleanShutdown() {
  for (auto& [tp, p] : partitions_) {
    p->log().Flush();
    p->log().CheckpointHighWatermark();
  }
}

Partition* ReplicaManager::Find(const TopicPartition& tp) { return lookup_.Find(tp); }

const Partition* ReplicaManager::Find(const TopicPartition& tp) const { return lookup_.Find(tp); }

std::vector<TopicPartition> ReplicaManager::LeaderPartitions() const {
  std::vector<TopicPartition> led;
  for (const auto& [tp, p] : partitions_) {
    if (p->is_leader()) led.push_back(tp);
  }
  return led;
}

Partition& ReplicaManager::GetOrCreate(const TopicPartition& tp) {
  auto& slot = partitions_[tp];
  const TopicSettings settings = hooks_.topic_settings(tp.topic);
  if (!slot) {
    slot = std::make_unique<Partition>(tp, config_.broker_id, settings.partition, settings.log,
                                       journal_);
    slot->FeedChangesTo(&changed_);
    lookup_.Set(tp, slot.get());
    slot->MakeOffline();
  } else {
    slot->set_config(settings.partition);
  }
  return *slot;
}

// ---- controller requests ---------------------------------------------------------------------

LeaderAndIsrResponse ReplicaManager::HandleLeaderAndIsr(const LeaderAndIsrRequest& request) {
  LeaderAndIsrResponse response;
  if (request.controller_epoch < controller_epoch_) {
    response.error = ErrorCode::kStaleControllerEpoch;
    return response;
  }
  controller_epoch_ = request.controller_epoch;
  for (const PartitionStateEntry& entry : request.partitions) {
    const auto& replicas = entry.replicas;
    if (std::find(replicas.begin(), replicas.end(), config_.broker_id) == replicas.end()) {
      response.partitions.push_back({entry.tp, ErrorCode::kUnknownTopicOrPartition});
      continue;
    }
    Partition& p = GetOrCreate(entry.tp);
    // ReplicaManager.becomeLeaderOrFollower: only a newer leader epoch is applied (2.8 answers
    // the others with STALE_CONTROLLER_EPOCH).
    if (entry.leader_epoch <= p.leader_epoch()) {
      response.partitions.push_back({entry.tp, ErrorCode::kStaleControllerEpoch});
      continue;
    }
    if (entry.leader == config_.broker_id) {
      MakeLeader(p, entry);
    } else {
      MakeFollower(p, entry, request.live_leaders);
    }
    response.partitions.push_back({entry.tp, ErrorCode::kNone});
  }
  TryCompleteDelayed();
  return response;
}

void ReplicaManager::MakeLeader(Partition& partition, const PartitionStateEntry& entry) {
  RemoveFromFetchers(entry.tp);
  const bool was_leader = partition.is_leader();
  partition.MakeLeader(ToPartitionState(entry), NowMs());
  // ReplicaManager.makeLeaders (2.8): only a replica that was not leading is news to the group
  // coordinator; a new epoch for the same leader (an ISR change) reloads nothing.
  if (!was_leader && hooks_.leadership_changed) hooks_.leadership_changed(entry.tp, true);
  ctx_.Trace(kinds::kBrokerBecomeLeader, {{"partition", ToString(entry.tp)},
                                          {"leader_epoch", entry.leader_epoch},
                                          {"isr", FormatIdList(entry.isr)},
                                          {"leo", partition.log().log_end_offset()},
                                          {"hw", partition.log().high_watermark()}});
}

void ReplicaManager::MakeFollower(Partition& partition, const PartitionStateEntry& entry,
                                  const std::vector<BrokerEndpoint>& live_leaders) {
  RemoveFromFetchers(entry.tp);
  const bool was_leader = partition.is_leader();
  partition.MakeFollower(ToPartitionState(entry));
  if (was_leader && hooks_.leadership_changed) hooks_.leadership_changed(entry.tp, false);
  ctx_.Trace(kinds::kBrokerBecomeFollower, {{"partition", ToString(entry.tp)},
                                            {"leader", entry.leader},
                                            {"leader_epoch", entry.leader_epoch},
                                            {"leo", partition.log().log_end_offset()},
                                            {"hw", partition.log().high_watermark()}});
  const bool leader_live =
      std::any_of(live_leaders.begin(), live_leaders.end(),
                  [&](const BrokerEndpoint& b) { return b.id == entry.leader; });
  if (entry.leader < 0 || !leader_live) return;
  const std::optional<sim::NodeId> node = hooks_.resolve(entry.leader);
  if (!node) return;
  auto& fetcher = fetchers_[entry.leader];
  if (!fetcher) {
    fetcher = std::make_unique<ReplicaFetcher>(
        *this, entry.leader, *node, kTagBase | kFetcherBit | static_cast<uint32_t>(entry.leader));
  }
  fetcher->AddPartition(entry.tp, entry.leader_epoch);
}

void ReplicaManager::RemoveFromFetchers(const TopicPartition& tp) {
  for (auto& [leader, fetcher] : fetchers_) fetcher->RemovePartition(tp);
}

StopReplicaResponse ReplicaManager::HandleStopReplica(const StopReplicaRequest& request) {
  StopReplicaResponse response;
  if (request.controller_epoch < controller_epoch_) {
    response.error = ErrorCode::kStaleControllerEpoch;
    return response;
  }
  controller_epoch_ = request.controller_epoch;
  for (const auto& entry : request.entries) {
    RemoveFromFetchers(entry.tp);
    if (const Partition* p = Find(entry.tp);
        p != nullptr && p->is_leader() && hooks_.leadership_changed) {
      hooks_.leadership_changed(entry.tp, false);
    }
    if (entry.delete_partition) {
      deleted_.push_back(entry.tp);
      lookup_.Erase(entry.tp);
      partitions_.erase(entry.tp);
    } else if (Partition* p = Find(entry.tp)) {
      p->MakeOffline();
    }
    response.partitions.push_back({entry.tp, ErrorCode::kNone});
  }
  TryCompleteDelayed();
  return response;
}

// ---- ISR changes -----------------------------------------------------------------------------

void ReplicaManager::SubmitIsrChange(Partition& partition, const std::vector<int32_t>& new_isr) {
  ctx_.Trace(kinds::kBrokerIsrChangeProposed, {{"partition", ToString(partition.tp())},
                                               {"from", FormatIdList(partition.state().isr)},
                                               {"to", FormatIdList(new_isr)}});
  partition.IsrChangeSent(new_isr, NowMs());
  hooks_.alter_isr(partition.tp(), partition.state(), new_isr);
}

void ReplicaManager::IsrChangeCompleted(const TopicPartition& tp,
                                        std::optional<PartitionState> accepted) {
  Partition* p = Find(tp);
  if (p == nullptr) return;
  // Counted once the change is accepted (by ZooKeeper or the controller), by its direction.
  if (accepted && accepted->isr.size() != p->state().isr.size()) {
    (accepted->isr.size() < p->state().isr.size() ? metrics_.isr_shrinks : metrics_.isr_expands)++;
  }
  p->IsrChangeDone(std::move(accepted), NowMs());
  TryCompleteDelayed();
}

// ---- produce ---------------------------------------------------------------------------------

void ReplicaManager::Respond(sim::NodeId to, int32_t correlation_id, PacketBody body) {
  ctx_.Send(to, std::make_shared<Packet>(correlation_id, std::move(body)));
}

void ReplicaManager::HandleProduce(sim::NodeId from, int32_t correlation_id,
                                   const ProduceRequest& request) {
  // Timed on the simulation's clock, not the broker's (which a scenario may skew).
  const sim::Time received = ctx_.Now();
  ProduceCallback respond = request.acks == 0
                                ? ProduceCallback()
                                : [this, from, correlation_id, received](ProduceResponse r) {
                                    const sim::Time now = ctx_.Now();
                                    metrics_.produce_total_time.Record(now, now - received);
                                    Respond(from, correlation_id, std::move(r));
                                  };
  // KIP-890 part 1 (ReplicaManager.appendRecords, 3.6): the first transactional batch of a
  // producer on a partition waits until the coordinator confirms the partition is in the
  // producer's transaction; the whole request is appended then.
  if (!request.transactional_id || !VerificationOn()) {
    return AppendRecords(request, std::move(respond), AppendOrigin::kClient);
  }
  auto verified = std::make_shared<Verified>();
  std::vector<TopicPartition> unverified;
  int64_t producer_id = -1;
  int16_t epoch = -1;
  for (const auto& entry : request.entries) {
    const RecordBatch& b = entry.batch;
    Partition* p = Find(entry.tp);
    if (!b.transactional || b.is_control() || b.producer_id < 0 || p == nullptr ||
        !p->is_leader() || p->producer_state().HasOngoingTransaction(b.producer_id)) {
      continue;
    }
    producer_id = b.producer_id;
    epoch = b.producer_epoch;
    verified->guards[entry.tp] = p->StartVerification(b.producer_id);
    unverified.push_back(entry.tp);
  }
  if (unverified.empty()) return AppendRecords(request, std::move(respond), AppendOrigin::kClient);
  hooks_.verify_transaction(
      *request.transactional_id, producer_id, epoch, unverified,
      [this, request, respond = std::move(respond), verified, producer_id,
       epoch](std::map<TopicPartition, ErrorCode> errors) mutable {
        for (const auto& [tp, error] : errors) {
          if (error == ErrorCode::kNone) continue;
          ctx_.Trace(kinds::kTxnProduceUnverified, {{"partition", ToString(tp)},
                                                    {"producer_id", producer_id},
                                                    {"epoch", static_cast<int64_t>(epoch)},
                                                    {"error", std::string(ErrorName(error))}});
          switch (error) {
            case ErrorCode::kInvalidTxnState:  // "Partition was not added to the transaction"
              verified->errors[tp] = error;
              break;
            case ErrorCode::kConcurrentTransactions:
            case ErrorCode::kCoordinatorLoadInProgress:
            case ErrorCode::kCoordinatorNotAvailable:
            case ErrorCode::kNotCoordinator:
              // "Unable to verify the partition has been added to the transaction."
              verified->errors[tp] = ErrorCode::kNotEnoughReplicas;
              break;
            default:
              verified->errors[tp] = error;
          }
        }
        AppendRecords(request, std::move(respond), AppendOrigin::kClient, verified.get());
      });
}

void ReplicaManager::AppendRecords(const ProduceRequest& request, ProduceCallback respond,
                                   AppendOrigin origin, const Verified* verified) {
  const int64_t now = NowMs();
  DelayedProduce delayed;
  delayed.respond = std::move(respond);
  const bool valid_acks = request.acks == 0 || request.acks == 1 || request.acks == -1;
  for (size_t i = 0; i < request.entries.size(); ++i) {
    const auto& entry = request.entries[i];
    ProduceResponse::Entry result{entry.tp};
    Partition* p = Find(entry.tp);
    if (!valid_acks) {
      result.error = ErrorCode::kInvalidRequiredAcks;
    } else if (origin == AppendOrigin::kClient && entry.batch.is_control()) {
      // LogValidator: clients may not write transaction markers.
      result.error = ErrorCode::kInvalidRecord;
    } else if (p == nullptr) {
      result.error = hooks_.known_partition(entry.tp) ? ErrorCode::kNotLeaderOrFollower
                                                      : ErrorCode::kUnknownTopicOrPartition;
    } else if (verified != nullptr && verified->errors.contains(entry.tp)) {
      result.error = verified->errors.at(entry.tp);
    } else if (origin == AppendOrigin::kClient && VerificationOn() &&
               MissesVerification(*p, entry.batch, verified ? *verified : Verified{})) {
      // UnifiedLog.analyzeAndValidateProducerState: a marker came between the verification and
      // the append ("Record was not part of an ongoing transaction").
      result.error = ErrorCode::kInvalidTxnState;
    } else {
      const Partition::AppendResult appended = p->AppendAsLeader(entry.batch, request.acks, now);
      result.error = appended.error;
      if (appended.error == ErrorCode::kNone) {
        if (!appended.duplicate && origin == AppendOrigin::kClient) {
          metrics_.messages_in += static_cast<int64_t>(appended.batch->records.size());
          metrics_.bytes_in += appended.batch->size_bytes();
        }
        result.base_offset = appended.batch->base_offset;
        result.log_start_offset = p->log().log_start_offset();
        if (request.acks == -1) delayed.waiting.push_back({i, appended.batch->next_offset()});
        p->log().MaybeFlush(now);
        ctx_.Trace(kinds::kBrokerAppend, {{"partition", ToString(entry.tp)},
                                          {"base_offset", appended.batch->base_offset},
                                          {"records", appended.batch->records.size()},
                                          {"duplicate", appended.duplicate}});
      }
    }
    // ReplicaManager.appendToLocalLog marks the failed-produce meter for every error but the
    // ones a client recovers from by refreshing its metadata (Kafka 2.8).
    if (origin == AppendOrigin::kClient && result.error != ErrorCode::kNone &&
        result.error != ErrorCode::kNotLeaderOrFollower &&
        result.error != ErrorCode::kUnknownTopicOrPartition) {
      ++metrics_.failed_produce_requests;
    }
    delayed.response.entries.push_back(std::move(result));
  }
  TryCompleteDelayed();  // followers waiting for data, and acks=all requests of one-replica ISRs
  if (!delayed.respond) return;  // acks=0: the producer expects no answer
  if (delayed.waiting.empty()) {
    delayed.respond(std::move(delayed.response));
    return;
  }
  if (TryCompleteProduce(delayed, false)) return;
  const uint64_t id = next_delayed_id_++;
  delayed.timer =
      ctx_.ScheduleAfter(sim::Duration::Millis(request.timeout_ms), kTagBase | kDelayedBit | id);
  for (const auto& [index, required] : delayed.waiting)
    Watch(id, delayed.response.entries[index].tp);
  delayed_produces_.emplace(id, std::move(delayed));
}

bool ReplicaManager::VerificationOn() const {
  return config_.profile != nullptr && config_.profile->transaction_partition_verification &&
         config_.transaction_partition_verification_enable && hooks_.verify_transaction;
}

bool ReplicaManager::MissesVerification(const Partition& p, const RecordBatch& batch,
                                        const Verified& verified) {
  if (!batch.transactional || batch.is_control() ||
      p.producer_state().HasOngoingTransaction(batch.producer_id)) {
    return false;
  }
  const auto guard = verified.guards.find(p.tp());
  return guard == verified.guards.end() ||
         !p.producer_state().VerificationHolds(batch.producer_id, guard->second);
}

bool ReplicaManager::TryCompleteProduce(DelayedProduce& produce, bool expired) {
  std::vector<std::pair<size_t, Offset>> still_waiting;
  for (const auto& [index, required] : produce.waiting) {
    auto& entry = produce.response.entries[index];
    const Partition* p = Find(entry.tp);
    const std::optional<ErrorCode> outcome =
        p ? p->AcksAllOutcome(required) : std::optional(ErrorCode::kNotLeaderOrFollower);
    if (outcome) {
      entry.error = *outcome;
    } else if (expired) {
      entry.error = ErrorCode::kRequestTimedOut;
    } else {
      still_waiting.push_back({index, required});
    }
  }
  produce.waiting = std::move(still_waiting);
  if (!produce.waiting.empty()) return false;
  produce.respond(produce.response);
  return true;
}

// ---- fetch -----------------------------------------------------------------------------------

void ReplicaManager::HandleFetch(sim::NodeId from, int32_t correlation_id,
                                 const FetchRequest& request) {
  if (request.replica_id >= 0) {
    // Partition.updateFollowerFetchState: the follower's fetch offset is its LEO.
    const int64_t now = NowMs();
    for (const auto& entry : request.entries) {
      Partition* p = Find(entry.tp);
      if (p == nullptr || !p->is_leader()) continue;
      if (entry.current_leader_epoch >= 0 && entry.current_leader_epoch != p->leader_epoch()) {
        continue;
      }
      const Log& log = p->log();
      if (entry.fetch_offset < log.log_start_offset() ||
          entry.fetch_offset > log.log_end_offset()) {
        continue;
      }
      if (const auto expanded = p->OnFollowerFetch(request.replica_id, entry.fetch_offset, now)) {
        SubmitIsrChange(*p, *expanded);
      }
    }
    TryCompleteDelayed();
  }
  int64_t bytes = 0;
  FetchResponse response = ReadForFetch(request, &bytes);
  const bool has_error = std::any_of(response.entries.begin(), response.entries.end(),
                                     [](const auto& e) { return e.error != ErrorCode::kNone; });
  if (request.max_wait_ms <= 0 || bytes >= request.min_bytes || has_error ||
      request.entries.empty()) {
    Respond(from, correlation_id, std::move(response));
    return;
  }
  const uint64_t id = next_delayed_id_++;
  DelayedFetch delayed{from, correlation_id, request, {}};
  delayed.timer =
      ctx_.ScheduleAfter(sim::Duration::Millis(request.max_wait_ms), kTagBase | kDelayedBit | id);
  for (const auto& entry : request.entries) Watch(id, entry.tp);
  delayed_fetches_.emplace(id, std::move(delayed));
}

ErrorCode ReplicaManager::CheckLeader(const TopicPartition& tp, int32_t current_leader_epoch,
                                      const Partition** partition) const {
  const Partition* p = Find(tp);
  *partition = p;
  if (p == nullptr) {
    return hooks_.known_partition(tp) ? ErrorCode::kNotLeaderOrFollower
                                      : ErrorCode::kUnknownTopicOrPartition;
  }
  if (!p->is_leader()) return ErrorCode::kNotLeaderOrFollower;
  // KIP-320: a request that names the leader epoch it expects is fenced if it is behind, and told
  // to wait if it is ahead.
  if (current_leader_epoch >= 0 && current_leader_epoch < p->leader_epoch()) {
    return ErrorCode::kFencedLeaderEpoch;
  }
  if (current_leader_epoch > p->leader_epoch()) return ErrorCode::kUnknownLeaderEpoch;
  return ErrorCode::kNone;
}

FetchResponse ReplicaManager::ReadForFetch(const FetchRequest& request, int64_t* bytes) const {
  FetchResponse response;
  *bytes = 0;
  for (const auto& entry : request.entries) {
    FetchResponse::Entry out{entry.tp};
    const Partition* p = nullptr;
    out.error = CheckLeader(entry.tp, entry.current_leader_epoch, &p);
    if (out.error == ErrorCode::kNone) {
      const Log& log = p->log();
      out.high_watermark = log.high_watermark();
      out.log_start_offset = log.log_start_offset();
      out.log_end_offset = log.log_end_offset();
      if (entry.fetch_offset < log.log_start_offset() ||
          entry.fetch_offset > log.log_end_offset()) {
        out.error = ErrorCode::kOffsetOutOfRange;
      } else if (*bytes < request.max_bytes) {
        const Offset max_offset = ReadableEnd(*p, request.replica_id, request.isolation_level);
        out.batches = log.Read(entry.fetch_offset, max_offset, entry.partition_max_bytes);
        for (const BatchPtr& b : out.batches) *bytes += b->size_bytes();
        if (request.isolation_level == FetchRequest::kReadCommitted && !out.batches.empty()) {
          for (const auto& t : p->producer_state().AbortedBetween(entry.fetch_offset, max_offset)) {
            out.aborted_transactions.push_back({t.producer_id, t.first_offset});
          }
          p->NoteCommittedRead(out.batches.back()->next_offset());
        }
      }
      out.last_stable_offset = p->last_stable_offset();
    }
    response.entries.push_back(std::move(out));
  }
  return response;
}

void ReplicaManager::TryCompleteDelayed() {
  // A parked request's outcome depends only on its partitions' state, and it was last tried when
  // one of them last changed (or when it was parked): only the watchers of what changed since can
  // finish now.
  std::vector<uint64_t> ids;
  const auto collect = [&](const TopicPartition& tp) {
    const auto w = watchers_.find(tp);
    if (w != watchers_.end()) ids.insert(ids.end(), w->second.begin(), w->second.end());
  };
  for (Partition* p : changed_) {
    p->LeftFeed();
    collect(p->tp());
  }
  changed_.clear();
  for (const TopicPartition& tp : deleted_) collect(tp);
  deleted_.clear();
  if (ids.empty()) return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const uint64_t id : ids) {
    const auto it = delayed_produces_.find(id);
    if (it == delayed_produces_.end() || !TryCompleteProduce(it->second, false)) continue;
    ctx_.Cancel(it->second.timer);
    Unwatch(id, it->second.response.entries);
    delayed_produces_.erase(it);
  }
  for (const uint64_t id : ids) {
    const auto it = delayed_fetches_.find(id);
    if (it == delayed_fetches_.end()) continue;
    const FetchRequest& request = it->second.request;
    const bool ready =
        std::any_of(request.entries.begin(), request.entries.end(),
                    [&](const auto& entry) { return FetchCanFinish(request, entry); });
    if (!ready) continue;
    int64_t bytes = 0;
    Respond(it->second.from, it->second.correlation_id, ReadForFetch(request, &bytes));
    ctx_.Cancel(it->second.timer);
    Unwatch(id, request.entries);
    delayed_fetches_.erase(it);
  }
}

std::vector<uint64_t> ReplicaManager::Overlooked() const {
  // A partition whose change the next TryCompleteDelayed will hear of.
  const auto pending = [&](const TopicPartition& tp) {
    const Partition* p = Find(tp);
    return (p != nullptr && p->in_feed()) ||
           std::find(deleted_.begin(), deleted_.end(), tp) != deleted_.end();
  };
  std::vector<uint64_t> out;
  for (const auto& [id, produce] : delayed_produces_) {
    for (const auto& [index, required] : produce.waiting) {
      const TopicPartition& tp = produce.response.entries[index].tp;
      const Partition* p = Find(tp);
      const bool decided = p == nullptr || p->AcksAllOutcome(required).has_value();
      if (decided && !pending(tp)) {
        out.push_back(id);
        break;
      }
    }
  }
  for (const auto& [id, fetch] : delayed_fetches_) {
    for (const auto& entry : fetch.request.entries) {
      if (FetchCanFinish(fetch.request, entry) && !pending(entry.tp)) {
        out.push_back(id);
        break;
      }
    }
  }
  return out;
}

bool ReplicaManager::FetchCanFinish(const FetchRequest& request,
                                    const FetchRequest::Entry& entry) const {
  const Partition* p = Find(entry.tp);
  if (p == nullptr || !p->is_leader()) return true;
  return ReadableEnd(*p, request.replica_id, request.isolation_level) > entry.fetch_offset;
}

Offset ReplicaManager::ReadableEnd(const Partition& p, int32_t replica_id, int8_t isolation) {
  if (replica_id >= 0) return p.log().log_end_offset();
  if (isolation == FetchRequest::kReadCommitted) return p.last_stable_offset();
  return p.log().high_watermark();
}

void ReplicaManager::Watch(uint64_t id, const TopicPartition& tp) {
  std::vector<uint64_t>& ids = watchers_[tp];
  if (ids.empty() || ids.back() != id) ids.push_back(id);  // ids only grow: sorted
}

void ReplicaManager::Unwatch(uint64_t id, const TopicPartition& tp) {
  const auto w = watchers_.find(tp);
  if (w == watchers_.end()) return;
  const auto at = std::lower_bound(w->second.begin(), w->second.end(), id);
  if (at != w->second.end() && *at == id) w->second.erase(at);
  if (w->second.empty()) watchers_.erase(w);
}

// ---- offsets ---------------------------------------------------------------------------------

OffsetsForLeaderEpochResponse ReplicaManager::HandleOffsetsForLeaderEpoch(
    const OffsetsForLeaderEpochRequest& request) const {
  OffsetsForLeaderEpochResponse response;
  for (const auto& entry : request.entries) {
    OffsetsForLeaderEpochResponse::Entry out{entry.tp};
    const Partition* p = nullptr;
    out.error = CheckLeader(entry.tp, entry.current_leader_epoch, &p);
    if (out.error == ErrorCode::kNone) {
      const auto [epoch, end] =
          p->log().epochs().EndOffsetFor(entry.leader_epoch, p->log().log_end_offset());
      out.leader_epoch = epoch;
      out.end_offset = end;
    }
    response.entries.push_back(out);
  }
  return response;
}

ListOffsetsResponse ReplicaManager::HandleListOffsets(const ListOffsetsRequest& request) const {
  ListOffsetsResponse response;
  for (const auto& entry : request.entries) {
    ListOffsetsResponse::Entry out{entry.tp};
    const Partition* p = nullptr;
    out.error = CheckLeader(entry.tp, entry.current_leader_epoch, &p);
    if (out.error == ErrorCode::kNone) {
      const Log& log = p->log();
      if (entry.timestamp == ListOffsetsRequest::kEarliest) {
        out.offset = log.log_start_offset();
      } else {
        // The latest offset a consumer may read is the HW (the LSO under READ_COMMITTED); a
        // replica's is the LEO.
        out.offset = ReadableEnd(*p, request.replica_id, request.isolation_level);
      }
      out.leader_epoch = p->leader_epoch();
    }
    response.entries.push_back(out);
  }
  return response;
}

}  // namespace kafka
