// See producer.h.
#include "model/client/producer.h"

#include <algorithm>

#include "model/client/partitioner.h"
#include "model/client/request_client.h"
#include "model/common/trace_kinds.h"

namespace kafka {
namespace {

// Errors after which the same batch may succeed later (RetriableException subclasses).
bool Retriable(ErrorCode e) {
  switch (e) {
    case ErrorCode::kNotLeaderOrFollower:
    case ErrorCode::kLeaderNotAvailable:
    case ErrorCode::kUnknownTopicOrPartition:
    case ErrorCode::kNotEnoughReplicas:
    case ErrorCode::kNotEnoughReplicasAfterAppend:
    case ErrorCode::kRequestTimedOut:
    case ErrorCode::kNetworkException:
    case ErrorCode::kKafkaStorageError:
      return true;
    default:
      return false;
  }
}

// Whether a failed attempt may have been written all the same.
bool MayHaveBeenWritten(ErrorCode e) {
  return e == ErrorCode::kRequestTimedOut || e == ErrorCode::kNetworkException ||
         e == ErrorCode::kNotEnoughReplicasAfterAppend;
}

bool NeedsMetadata(ErrorCode e) {
  return e == ErrorCode::kNotLeaderOrFollower || e == ErrorCode::kLeaderNotAvailable ||
         e == ErrorCode::kUnknownTopicOrPartition || e == ErrorCode::kNetworkException;
}

}  // namespace

Producer::Producer(ProducerConfig config, ProducerWorkload workload, HostDirectoryPtr hosts,
                   std::shared_ptr<History> history)
    : config_(std::move(config)),
      workload_(std::move(workload)),
      hosts_(std::move(hosts)),
      history_(std::move(history)),
      metadata_(hosts_),
      next_value_(workload_.first_value) {
  if (config_.transactional_id) txn_ = MakeTransactionManager();
}

std::unique_ptr<TransactionManager> Producer::MakeTransactionManager() {
  TransactionManager::Hooks hooks;
  hooks.send = [this](int32_t broker, PacketBody body, RequestChannel::Done done) {
    const auto node = metadata_.NodeOf(broker);
    if (!node || !channel_) return false;
    channel_->Send(*node, std::move(body), config_.request_timeout_ms, std::move(done));
    return true;
  };
  hooks.any_broker = [this] {
    return config_.bootstrap.empty() ? -1 : metadata_.NextBootstrap(config_.bootstrap);
  };
  hooks.after = [this](int64_t delay_ms, std::function<void()> action) {
    Later(delay_ms, std::move(action));
  };
  hooks.flushed = [this] { return pending_.empty() && buffer_used_ == 0; };
  hooks.abort_unsent = [this] { AbortUnsent(); };
  hooks.wake_sender = [this] { Drain(); };
  hooks.on_state = [this](TransactionManager::State state) { OnTransactionState(state); };
  hooks.note = [this](HistoryType type) { history_->Add({ctx().Now(), ctx().name(), type}); };
  hooks.trace = [this](const char* step, ErrorCode error) {
    ctx().Trace(kinds::kProducerTxn, {{"transactional_id", *config_.transactional_id},
                                      {"step", step},
                                      {"error", ErrorName(error)}});
  };
  return std::make_unique<TransactionManager>(*config_.transactional_id,
                                              config_.transaction_timeout_ms,
                                              config_.retry_backoff_ms, std::move(hooks));
}

void Producer::Later(int64_t delay_ms, std::function<void()> action) {
  const uint64_t n = next_later_++;
  later_.emplace(n, std::move(action));
  ctx().ScheduleAfter(sim::Duration::Millis(delay_ms), kTagBase | (n << 8) | kLater);
}

void Producer::OnTransactionState(TransactionManager::State state) {
  using S = TransactionManager::State;
  if (state == S::kReady &&
      (producer_id_ != txn_->producer_id() || producer_epoch_ != txn_->epoch())) {
    producer_id_ = txn_->producer_id();  // a new id or epoch restarts the sequences
    producer_epoch_ = txn_->epoch();
    next_sequence_.clear();
  }
  if (state == S::kReady && txn_waiting_) {
    txn_waiting_ = false;
    ScheduleNextTick();
  }
  if (state == S::kAbortableError) {
    // The application catches the failed send and aborts (in its own step).
    Later(0, [this] { txn_->AbortTransaction(); });
  }
  if (workload_.on_transaction_state) workload_.on_transaction_state(state);
}

void Producer::Flush(std::function<void()> done) {
  if (pending_.empty() && buffer_used_ == 0) {
    done();
    return;
  }
  flush_waiters_.push_back(std::move(done));
}

// The workload's transaction is complete: commit it, or abort every abort_every-th.
void Producer::EndWorkloadTransaction() {
  ++transactions_;
  txn_records_ = 0;
  txn_waiting_ = true;
  if (workload_.abort_every > 0 && transactions_ % workload_.abort_every == 0) {
    txn_->AbortTransaction();
  } else {
    txn_->CommitTransaction();
  }
}

void Producer::AbortUnsent() {
  // RecordAccumulator.abortUndrainedBatches: a batch that already has a sequence number (it was
  // sent and waits for a retry) goes out again, so the partition's sequence keeps no gap.
  std::vector<Batch> unsent;
  for (auto& [tp, queue] : queues_) {
    if (queue.empty()) continue;
    std::deque<Batch> keep;
    for (Batch& b : queue) {
      if (b.base_sequence >= 0) {
        keep.push_back(std::move(b));
      } else {
        unsent.push_back(std::move(b));
      }
    }
    queue = std::move(keep);
    Reindex(tp);
  }
  std::deque<Pending> waiting = std::move(pending_);
  pending_.clear();
  memory_wait_ = false;
  for (const Pending& p : waiting) FailWaitingSend(p, "TransactionAbortedException");
  for (const Batch& b : unsent) Complete(b, ErrorCode::kInvalidTxnState, -1, false);
}

int64_t Producer::NowMs() const { return ctx().LocalNow().SinceZero().millis(); }

void Producer::OnStart() {
  if (!channel_) {
    channel_ =
        std::make_unique<RequestChannel>(ctx(), uint64_t{0x5043} << 48, workload_.channel_lane);
  }
  RequestMetadata();
  ctx().ScheduleAfter(sim::Duration::Millis(config_.metadata_max_age_ms), kTagBase | kMetadataAge);
  if (workload_.rate_per_s > 0) ctx().ScheduleAfter(workload_.start_after, kTagBase | kWorkload);
}

void Producer::OnCrash(sim::CrashKind) {
  history_->Add({ctx().Now(), ctx().name(), HistoryType::kCrash});
  ForgetEverything();
}

void Producer::Replace() {
  ForgetEverything();
  RequestMetadata();  // the new instance's first metadata starts initTransactions
}

// What a process keeps of a KafkaProducer: nothing. Unsent batches are gone; answers to requests
// in flight find no one waiting.
void Producer::ForgetEverything() {
  if (channel_) channel_->Reset();
  if (txn_) txn_->Reset();
  later_.clear();
  flush_waiters_.clear();
  txn_records_ = 0;
  txn_waiting_ = false;
  producer_epoch_ = 0;
  metadata_.Clear();
  pending_.clear();
  queues_.clear();
  index_.Clear();
  blocked_.clear();
  in_flight_.clear();
  muted_.clear();
  sticky_.clear();
  sticky_bytes_.clear();
  round_robin_.clear();
  next_sequence_.clear();
  producer_id_ = -1;
  producer_id_requested_ = false;
  wake_at_ms_ = -1;
  buffer_used_ = 0;
  memory_wait_ = false;
  workload_waiting_ = false;
  memory_wake_due_ = false;
  memory_deadline_ms_ = -1;
}

void Producer::OnConnectionReset(sim::NodeId peer) {
  if (channel_) channel_->HandleConnectionReset(peer);
}

void Producer::OnMessage(sim::NodeId, const sim::MessagePtr& message) {
  if (channel_) channel_->HandleMessage(message);
}

void Producer::OnTimer(sim::TimerId, uint64_t tag) {
  if (channel_ && channel_->HandleTimer(tag)) return;
  switch (static_cast<Timer>(tag & 0xff)) {
    case kLater: {
      const auto it = later_.find((tag & ~(uint64_t{0xffff} << 48)) >> 8);
      if (it == later_.end()) break;
      std::function<void()> action = std::move(it->second);
      later_.erase(it);
      action();
      break;
    }
    case kWorkload:
      Tick();
      break;
    case kMemory:
      OnMemoryWake();
      break;
    case kWake:
      wake_at_ms_ = -1;
      Drain();
      break;
    case kMetadataRetry:
      RequestMetadata();
      break;
    case kMetadataAge:
      RequestMetadata();
      ctx().ScheduleAfter(sim::Duration::Millis(config_.metadata_max_age_ms),
                          kTagBase | kMetadataAge);
      break;
  }
}

// The workload: one record per 1/rate seconds, keyed or not.
void Producer::Tick() {
  if (workload_.limit >= 0 && sent() >= workload_.limit) {
    if (txn_ && txn_->state() == TransactionManager::State::kInTransaction) {
      EndWorkloadTransaction();  // the last, shorter transaction
    }
    return;
  }
  if (txn_) {  // initTransactions and beginTransaction
    txn_->InitTransactions();
    if (txn_->state() == TransactionManager::State::kReady) txn_->BeginTransaction();
    if (txn_->state() != TransactionManager::State::kInTransaction) {
      txn_waiting_ = true;  // the application waits in initTransactions, commit or abort
      return;
    }
  }
  std::optional<std::string> key;
  if (workload_.keys > 0) key = "key-" + std::to_string((next_value_ - 1) % workload_.keys);
  Send(workload_.topic, key, next_value_++);
  if (txn_ && ++txn_records_ >= workload_.transaction_records) {
    EndWorkloadTransaction();
    return;
  }
  if (memory_wait_) {  // send() blocks the workload's thread until memory frees or it gives up
    workload_waiting_ = true;
    return;
  }
  ScheduleNextTick();
}

void Producer::ScheduleNextTick() {
  ctx().ScheduleAfter(sim::Duration::Seconds(1) / workload_.rate_per_s, kTagBase | kWorkload);
}

int64_t Producer::BatchReservation(const Record& record) const {
  // RecordAccumulator.append: a new batch takes max(batch.size, the record's size) from the pool.
  return std::max<int64_t>(config_.batch_size, 61 + record.size_bytes);
}

void Producer::Send(const std::string& topic, std::optional<std::string> key, int64_t value) {
  if (value >= next_value_) next_value_ = value + 1;
  history_->Add({ctx().Now(), ctx().name(), HistoryType::kInvoke, {topic, -1}, -1, value, key});
  // KafkaProducer.send -> TransactionManager.failIfNotReadyForSend: a transactional send outside
  // IN_TRANSACTION (after an error, while committing or aborting) throws in the caller's thread,
  // and nothing is queued that could reach a partition after the transaction's marker.
  if (txn_ && txn_->state() != TransactionManager::State::kInTransaction) {
    history_->Add({ctx().Now(),
                   ctx().name(),
                   HistoryType::kFail,
                   {topic, -1},
                   -1,
                   value,
                   key,
                   ErrorCode::kInvalidTxnState});
    return;
  }
  pending_.push_back({topic, std::move(key), value, NowMs()});
  if (!metadata_.Knows(topic)) {
    RequestMetadata();
    return;
  }
  PlacePending();
  Drain();
}

// Records whose topic's partitions are known go into their partition's batches. A record that
// finds buffer.memory full waits, with every record sent after it, until a batch completes; after
// max.block.ms its send fails (BufferPool.allocate's BufferExhaustedException).
void Producer::PlacePending() {
  const int64_t now = NowMs();
  std::deque<Pending> waiting;
  memory_wait_ = false;
  while (!pending_.empty()) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    if (memory_wait_ || !metadata_.Knows(p.topic)) {
      waiting.push_back(std::move(p));
      continue;
    }
    const bool first_try = p.partition < 0;
    TopicPartition tp{p.topic, first_try ? ChoosePartition(p.topic, p.key) : p.partition};
    Record r;
    r.key = p.key;
    r.value_id = p.value;
    r.timestamp_ms = p.send_ms;
    if (Append(tp, r, now, first_try)) continue;
    p.partition = tp.partition;
    const int64_t needed = BatchReservation(r);
    if (needed > config_.buffer_memory) {
      FailWaitingSend(p, "IllegalArgumentException: Attempt to allocate " + std::to_string(needed) +
                             " bytes, but there is a hard limit of " +
                             std::to_string(config_.buffer_memory) + " on memory allocations.");
      continue;
    }
    const int64_t deadline = p.send_ms + config_.max_block_ms;
    if (now >= deadline) {
      FailWaitingSend(p,
                      "BufferExhaustedException: Failed to allocate memory within the "
                      "configured max blocking time " +
                          std::to_string(config_.max_block_ms) + " ms.");
      continue;
    }
    memory_wait_ = true;
    if (memory_deadline_ms_ != deadline) {
      memory_deadline_ms_ = deadline;
      ctx().ScheduleAfter(sim::Duration::Millis(deadline - now), kTagBase | kMemory);
    }
    waiting.push_back(std::move(p));
  }
  pending_ = std::move(waiting);
}

void Producer::FailWaitingSend(const Pending& p, const std::string& why) {
  const TopicPartition tp{p.topic, p.partition};
  ctx().Trace(kinds::kProducerSendFailed,
              {{"partition", ToString(tp)}, {"error", why}, {"records", 1}, {"outcome", "failed"}});
  const HistoryEvent event{ctx().Now(), ctx().name(), HistoryType::kFail,         tp, -1,
                           p.value,     p.key,        ErrorCode::kRequestTimedOut};
  history_->Add(event);
  if (workload_.on_result) workload_.on_result(event);
  // KafkaProducer.doSend: a send that failed in the application's thread makes the open
  // transaction abortable.
  if (txn_) txn_->OnBatchDone(ErrorCode::kRequestTimedOut, false);
}

void Producer::OnMemoryWake() {
  memory_wake_due_ = false;
  if (!memory_wait_) return;
  PlacePending();
  Drain();
  if (!memory_wait_ && workload_waiting_) {
    workload_waiting_ = false;
    ScheduleNextTick();
  }
}

void Producer::RequestMetadata() {
  if (metadata_.request_in_flight || config_.bootstrap.empty()) return;
  metadata_.request_in_flight = true;
  const int32_t broker = metadata_.NextBootstrap(config_.bootstrap);
  MetadataRequest request;
  request.topics = std::vector<std::string>{workload_.topic};
  for (const Pending& p : pending_) {
    if (std::find(request.topics->begin(), request.topics->end(), p.topic) ==
        request.topics->end()) {
      request.topics->push_back(p.topic);
    }
  }
  std::erase(*request.topics, std::string());
  // A send asks for its topic to be created if missing; initTransactions only needs brokers to
  // ask, so its requests never create the workload's topic ahead of the scenario.
  const bool txn_waits = txn_ && txn_->state() == TransactionManager::State::kUninitialized;
  request.allow_auto_topic_creation = !(txn_waits && pending_.empty());
  const auto node = metadata_.NodeOf(broker);
  if (!node) {
    metadata_.request_in_flight = false;
    return;
  }
  channel_->Send(*node, std::move(request), config_.request_timeout_ms,
                 [this, broker](const PacketBody* body) {
                   metadata_.request_in_flight = false;
                   const auto* r = body ? std::get_if<MetadataResponse>(body) : nullptr;
                   if (r != nullptr) OnMetadata(broker, *r);
                   // Again soon while records wait for it, or while initTransactions waits for
                   // a broker to be known.
                   const bool txn_waits =
                       txn_ && txn_->state() == TransactionManager::State::kUninitialized;
                   if (r == nullptr || !pending_.empty() || txn_waits) {
                     ctx().ScheduleAfter(sim::Duration::Millis(config_.retry_backoff_ms),
                                         kTagBase | kMetadataRetry);
                   }
                 });
}

void Producer::OnMetadata(int32_t broker, const MetadataResponse& response) {
  metadata_.Update(ctx(), broker, response);
  UnblockAll();    // leaders may have moved
  PlacePending();  // records that waited for the topic's partitions
  if (txn_ && !response.brokers.empty()) txn_->InitTransactions();
  if (!txn_ && config_.enable_idempotence && producer_id_ < 0 && !producer_id_requested_ &&
      !response.brokers.empty()) {
    producer_id_requested_ = true;
    const auto node = metadata_.NodeOf(response.brokers.front().id);
    if (node) {
      channel_->Send(*node, InitProducerIdRequest{}, config_.request_timeout_ms,
                     [this](const PacketBody* body) {
                       producer_id_requested_ = false;
                       const auto* r = body ? std::get_if<InitProducerIdResponse>(body) : nullptr;
                       if (r != nullptr && r->error == ErrorCode::kNone) {
                         producer_id_ = r->producer_id;
                       }
                       Drain();
                     });
    }
  }
  Drain();
}

// DefaultPartitioner / UniformStickyPartitioner by release, for null keys; murmur2 otherwise.
int32_t Producer::ChoosePartition(const std::string& topic, const std::optional<std::string>& key) {
  const int32_t n = metadata_.PartitionCount(topic);
  if (key) return PartitionForKey(*key, n);
  switch (config_.partitioner) {
    case NullKeyPartitioner::kRoundRobin:
      return round_robin_[topic]++ % n;
    case NullKeyPartitioner::kSticky:
    case NullKeyPartitioner::kUniformSticky: {
      auto it = sticky_.find(topic);
      if (it == sticky_.end()) {
        it = sticky_.emplace(topic, static_cast<int32_t>(ctx().rng().Below(n))).first;
      }
      return it->second;
    }
  }
  return 0;
}

bool Producer::NeedsNewBatch(const TopicPartition& tp, const Record& record) {
  const auto it = queues_.find(tp);
  if (it == queues_.end() || it->second.empty()) return true;
  const Batch& last = it->second.back();
  return last.attempts > 0 || last.base_sequence >= 0 ||
         last.bytes + record.size_bytes > config_.batch_size;
}

int32_t Producer::NextStickyPartition(const std::string& topic, int32_t current) {
  const int32_t n = metadata_.PartitionCount(topic);
  if (n <= 1) return current;
  int32_t next = static_cast<int32_t>(ctx().rng().Below(n - 1));
  if (next >= current) ++next;
  sticky_[topic] = next;
  sticky_bytes_[topic] = 0;
  return next;
}

bool Producer::Append(TopicPartition& tp, Record& record, int64_t now, bool may_move_sticky) {
  const bool keyless = !record.key.has_value();
  if (may_move_sticky && keyless && config_.partitioner == NullKeyPartitioner::kSticky &&
      NeedsNewBatch(tp, record)) {
    // KIP-480 (DefaultPartitioner, 2.4 to 3.2): when a record would start a new batch, the
    // accumulator aborts (abortOnNewBatch), the partitioner picks another partition
    // (StickyPartitionCache.nextPartition), and the record goes there.
    tp.partition = NextStickyPartition(tp.topic, tp.partition);
  }
  const int64_t size = 61 + record.size_bytes;
  const bool new_batch = NeedsNewBatch(tp, record);
  const int64_t reserve = new_batch ? BatchReservation(record) : 0;
  if (buffer_used_ + reserve > config_.buffer_memory) return false;
  if (keyless && config_.partitioner == NullKeyPartitioner::kUniformSticky) {
    // KIP-794 (3.3 on): stay until batch.size bytes went to the partition, then move on.
    int64_t& sent = sticky_bytes_[tp.topic];
    sent += record.size_bytes;
    if (sent >= config_.batch_size) NextStickyPartition(tp.topic, tp.partition);
  }
  auto& queue = queues_[tp];
  if (new_batch) {
    Batch batch;
    batch.tp = tp;
    batch.created_ms = now;
    batch.bytes = size;
    batch.reserved = reserve;
    buffer_used_ += reserve;
    batch.records.push_back(std::move(record));
    queue.push_back(std::move(batch));
  } else {
    queue.back().bytes += record.size_bytes;
    queue.back().records.push_back(std::move(record));
  }
  Reindex(tp);
  return true;
}

void Producer::ScheduleWake(int64_t at_ms) {
  if (wake_at_ms_ >= 0 && wake_at_ms_ <= at_ms) return;
  wake_at_ms_ = at_ms;
  ctx().ScheduleAfter(sim::Duration::Millis(std::max<int64_t>(at_ms - NowMs(), 0)),
                      kTagBase | kWake);
}

// Sender.sendProducerData: expire what waited too long, then one batch per ready partition into
// one request per leader, within the in-flight limit.
void Producer::Drain() {
  if (!channel_) return;
  const int64_t now = NowMs();
  std::map<int32_t, std::vector<Batch>> requests;
  int64_t next_wake = INT64_MAX;
  bool need_metadata = false;
  // Only the queues the index says are due can expire a batch or send one; every other queue
  // (not muted) has its front ready later, which is all it adds to the next wake-up.
  const std::vector<TopicPartition> due = index_.Due(now);
  if (const auto later = index_.NextReadyAfter(now, due)) next_wake = *later;
  const auto examine = [&](const TopicPartition& tp, std::deque<Batch>& queue) {
    // delivery.timeout.ms covers the whole wait, retries included.
    while (!queue.empty() && config_.profile->producer_has_delivery_timeout &&
           now - queue.front().created_ms >= config_.delivery_timeout_ms) {
      Batch expired = std::move(queue.front());
      queue.pop_front();
      Complete(expired, ErrorCode::kRequestTimedOut, -1, expired.attempts > 0);
    }
    if (queue.empty() || muted_.contains(tp)) return;
    Batch& front = queue.front();
    const int64_t ready_at = front.attempts > 0 ? front.retry_at_ms
                             : front.bytes >= config_.batch_size || queue.size() > 1
                                 ? now
                                 : front.created_ms + config_.linger_ms;
    if (ready_at > now) {
      next_wake = std::min(next_wake, ready_at);
      return;
    }
    const int32_t leader = metadata_.LeaderOf(tp);
    if (leader < 0) {
      need_metadata = true;
      return;
    }
    if (config_.enable_idempotence && producer_id_ < 0) return;
    if (txn_ && !txn_->MaySend(tp)) return;  // waits for AddPartitionsToTxn
    if (in_flight_[leader] >= config_.max_in_flight) {
      Block(tp, leader);
      return;
    }
    requests[leader].push_back(std::move(front));
    queue.pop_front();
  };
  for (const TopicPartition& tp : due) {
    examine(tp, queues_[tp]);
    Reindex(tp);
  }
  if (need_metadata) RequestMetadata();
  for (auto& [broker, batches] : requests) {
    const auto node = metadata_.NodeOf(broker);
    if (!node) continue;
    ProduceRequest request;
    if (txn_) request.transactional_id = config_.transactional_id;
    request.acks = config_.acks;
    request.timeout_ms = static_cast<int32_t>(config_.request_timeout_ms);
    for (Batch& b : batches) {
      if (config_.enable_idempotence && b.base_sequence < 0) {
        b.base_sequence = next_sequence_[b.tp];
        next_sequence_[b.tp] += static_cast<int32_t>(b.records.size());
      }
      // One batch at a time per partition keeps order: always with idempotence here, and as
      // Kafka does (guaranteeMessageOrder) with max.in.flight.requests.per.connection = 1.
      if (config_.enable_idempotence || config_.max_in_flight == 1) {
        muted_.insert(b.tp);
        Reindex(b.tp);
      }
      RecordBatch wire;
      wire.records = b.records;
      wire.producer_id = config_.enable_idempotence ? producer_id_ : -1;
      wire.producer_epoch = config_.enable_idempotence ? producer_epoch_ : -1;
      wire.transactional = txn_ != nullptr;
      wire.base_sequence = b.base_sequence;
      request.entries.push_back({b.tp, std::move(wire)});
      ++b.attempts;
    }
    if (config_.acks == 0) {  // nothing will answer: the records count as sent
      channel_->Send(*node, std::move(request), config_.request_timeout_ms, nullptr);
      for (const Batch& b : batches) Complete(b, ErrorCode::kNone, -1, false);
      continue;
    }
    ++in_flight_[broker];
    channel_->Send(
        *node, std::move(request), config_.request_timeout_ms,
        [this, to = broker, batches = std::move(batches)](const PacketBody* body) mutable {
          OnProduceResponse(to, std::move(batches), body);
        });
  }
  // A batch not yet sent wakes the sender when its delivery timeout runs out.
  if (const auto expiry = index_.EarliestExpiry()) next_wake = std::min(next_wake, *expiry);
  if (next_wake != INT64_MAX) ScheduleWake(next_wake);
}

void Producer::Block(const TopicPartition& tp, int32_t leader) { blocked_[leader].insert(tp); }

bool Producer::IsBlocked(const TopicPartition& tp) const {
  // A queue waits for one leader: the one its partition had when it was blocked.
  const int32_t leader = metadata_.LeaderOf(tp);
  const auto it = blocked_.find(leader);
  return it != blocked_.end() && it->second.contains(tp);
}

void Producer::Unblock(int32_t leader) {
  const auto it = blocked_.find(leader);
  if (it == blocked_.end()) return;
  const std::set<TopicPartition> waiting = std::move(it->second);
  blocked_.erase(it);
  for (const TopicPartition& tp : waiting) Reindex(tp);
}

void Producer::UnblockAll() {
  std::map<int32_t, std::set<TopicPartition>> waiting = std::move(blocked_);
  blocked_.clear();
  for (const auto& [leader, tps] : waiting) {
    for (const TopicPartition& tp : tps) Reindex(tp);
  }
}

void Producer::Reindex(const TopicPartition& tp) {
  const auto it = queues_.find(tp);
  if (it == queues_.end() || it->second.empty()) {
    index_.Set(tp, std::nullopt);
    return;
  }
  const std::deque<Batch>& queue = it->second;
  const Batch& front = queue.front();
  const bool muted = muted_.contains(tp);
  const int64_t ready = front.attempts > 0 ? front.retry_at_ms
                        : front.bytes >= config_.batch_size || queue.size() > 1
                            ? AccumulatorIndex::kReadyNow
                            : front.created_ms + config_.linger_ms;
  const int64_t expiry = front.created_ms + config_.delivery_timeout_ms;
  AccumulatorIndex::Keys keys;
  if (config_.profile->producer_has_delivery_timeout) keys.due_ms = expiry;
  if (!muted) {
    if (!IsBlocked(tp)) keys.due_ms = std::min(keys.due_ms, ready);
    keys.ready_ms = ready;
    if (front.attempts == 0) keys.expiry_ms = expiry;
  }
  index_.Set(tp, keys);
}

void Producer::OnProduceResponse(int32_t broker, std::vector<Batch> batches,
                                 const PacketBody* body) {
  --in_flight_[broker];
  Unblock(broker);
  const auto* response = body ? std::get_if<ProduceResponse>(body) : nullptr;
  bool refresh = false;
  for (Batch& b : batches) {
    if (muted_.erase(b.tp) > 0) Reindex(b.tp);
    ErrorCode error = ErrorCode::kNetworkException;
    Offset base = -1;
    if (response != nullptr) {
      for (const auto& e : response->entries) {
        if (e.tp == b.tp) {
          error = e.error;
          base = e.base_offset;
        }
      }
    }
    if (error == ErrorCode::kNone || error == ErrorCode::kDuplicateSequenceNumber) {
      Complete(b, ErrorCode::kNone, base, false);
      continue;
    }
    refresh = refresh || NeedsMetadata(error);
    Retry(std::move(b), error);
  }
  if (refresh) RequestMetadata();
  Drain();
}

void Producer::Retry(Batch batch, ErrorCode error) {
  const int64_t now = NowMs();
  const bool out_of_time =
      config_.profile->producer_has_delivery_timeout &&
      now + config_.retry_backoff_ms - batch.created_ms >= config_.delivery_timeout_ms;
  if (!Retriable(error) || batch.attempts > config_.retries || out_of_time) {
    Complete(batch, error, -1, MayHaveBeenWritten(error));
    return;
  }
  batch.retry_at_ms = now + config_.retry_backoff_ms;
  const TopicPartition tp = batch.tp;
  auto& queue = queues_[tp];
  // Sender.reenqueueBatch: back at the head; an idempotent producer keeps sequence order.
  auto at = queue.begin();
  if (batch.base_sequence >= 0) {
    while (at != queue.end() && at->base_sequence >= 0 && at->base_sequence < batch.base_sequence) {
      ++at;
    }
  }
  queue.insert(at, std::move(batch));
  Reindex(tp);
}

void Producer::Complete(const Batch& batch, ErrorCode error, Offset base_offset, bool unknown) {
  // BufferPool.deallocate: a send waiting for memory wakes (in its own event, as a thread would).
  buffer_used_ -= batch.reserved;
  if (memory_wait_ && !memory_wake_due_) {
    memory_wake_due_ = true;
    ctx().ScheduleAfter(sim::Duration::Zero(), kTagBase | kMemory);
  }
  const HistoryType type = error == ErrorCode::kNone ? HistoryType::kOk
                           : unknown                 ? HistoryType::kInfo
                                                     : HistoryType::kFail;
  if (type != HistoryType::kOk) {
    ctx().Trace(kinds::kProducerSendFailed,
                {{"partition", ToString(batch.tp)},
                 {"error", ErrorName(error, config_.profile != nullptr &&
                                                config_.profile->pre_2_7_error_names)},
                 {"records", batch.records.size()},
                 {"outcome", unknown ? "unknown" : "failed"}});
  }
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const Record& r = batch.records[i];
    const Offset offset = base_offset >= 0 ? base_offset + static_cast<Offset>(i) : -1;
    const HistoryEvent event{ctx().Now(), ctx().name(), type,  batch.tp,
                             offset,      r.value_id,   r.key, error};
    history_->Add(event);
    if (type == HistoryType::kOk) ++acknowledged_;
    if (workload_.on_result) workload_.on_result(event);
  }
  if (txn_) txn_->OnBatchDone(error, batch.base_sequence >= 0);
  if (!flush_waiters_.empty() && pending_.empty() && buffer_used_ == 0) {
    auto waiters = std::move(flush_waiters_);
    flush_waiters_.clear();
    for (auto& w : waiters) w();
  }
}

}  // namespace kafka
