// See consumer.h.
#include "model/client/consumer.h"

#include <algorithm>

#include "model/client/client_metadata.h"
#include "model/client/request_client.h"
#include "model/common/config_error.h"
#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"
#include "model/group/assignor.h"
#include "model/group/sticky_assignor.h"

namespace kafka {
namespace {

constexpr sim::Duration kPollTimeout = sim::Duration::Millis(100);

bool CooperativeProtocol(const std::string& assignor) { return assignor == "cooperative-sticky"; }

}  // namespace

// ---- configuration ---------------------------------------------------------------------------

const char* ToString(ProcessingModel model) {
  switch (model) {
    case ProcessingModel::kAutoCommit:
      return "auto-commit";
    case ProcessingModel::kCommitBeforeProcessing:
      return "at-most-once";
    case ProcessingModel::kProcessThenCommit:
      return "at-least-once";
    case ProcessingModel::kIdempotentSink:
      return "exactly-once-sink";
    case ProcessingModel::kReadProcessWrite:
      return "read-process-write";
    case ProcessingModel::kReadProcessWriteAtLeastOnce:
      return "read-process-write-at-least-once";
  }
  return "?";
}

ConsumerConfig ConsumerConfig::Defaults(const VersionProfile& profile) {
  ConsumerConfig c;
  c.profile = &profile;
  c.session_timeout_ms = static_cast<int32_t>(profile.consumer_session_timeout_ms);
  if (profile.cooperative_sticky_in_default_assignors) {
    c.assignors = {"range", "cooperative-sticky"};
  }
  return c;
}

std::vector<std::string_view> ConsumerConfig::Names() {
  return {"auto.commit.interval.ms",
          "auto.offset.reset",
          "bootstrap.servers",
          "client.id",
          "enable.auto.commit",
          "fetch.max.wait.ms",
          "fetch.min.bytes",
          "group.id",
          "group.instance.id",
          "heartbeat.interval.ms",
          "isolation.level",
          "max.poll.interval.ms",
          "max.poll.records",
          "metadata.max.age.ms",
          "partition.assignment.strategy",
          "request.timeout.ms",
          "retry.backoff.ms",
          "session.timeout.ms"};
}

std::optional<std::string> ConsumerConfig::Set(std::string_view name, std::string_view value) {
  auto invalid = [&](std::string_view why) { return InvalidConfigValue(name, value, why); };
  auto number = [&](auto* field) -> std::optional<std::string> {
    const auto n = ParseInt32(value);
    if (!n) return invalid("Not a number of type INT");
    *field = *n;
    return std::nullopt;
  };
  if (name == "group.id") {
    group_id = std::string(value);
  } else if (name == "group.instance.id") {
    group_instance_id = std::string(value);
  } else if (name == "client.id") {
    client_id = std::string(value);
  } else if (name == "bootstrap.servers") {
    const auto ids = ParseBootstrapServers(value);
    if (!ids) return invalid("No resolvable bootstrap urls given in bootstrap.servers");
    bootstrap = *ids;
  } else if (name == "enable.auto.commit") {
    if (value != "true" && value != "false") {
      return invalid("Expected value to be either true or false");
    }
    enable_auto_commit = value == "true";
  } else if (name == "isolation.level") {
    if (value != "read_committed" && value != "read_uncommitted") {
      return invalid("String must be one of: read_committed, read_uncommitted");
    }
    read_committed = value == "read_committed";
  } else if (name == "auto.offset.reset") {
    if (value != "latest" && value != "earliest" && value != "none") {
      return invalid("String must be one of: latest, earliest, none");
    }
    auto_offset_reset = std::string(value);
  } else if (name == "partition.assignment.strategy") {
    assignors.clear();
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      // Kafka takes class names; the short names are kafkasim's.
      static const std::map<std::string, std::string> kClasses = {
          {"org.apache.kafka.clients.consumer.RangeAssignor", "range"},
          {"org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin"},
          {"org.apache.kafka.clients.consumer.StickyAssignor", "sticky"},
          {"org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "cooperative-sticky"}};
      if (const auto it = kClasses.find(item); it != kClasses.end()) item = it->second;
      if (item != "range" && item != "roundrobin" && item != "sticky" &&
          item != "cooperative-sticky") {
        return invalid("Class " + item + " cannot be found");
      }
      assignors.push_back(item);
    }
  } else if (name == "session.timeout.ms") {
    return number(&session_timeout_ms);
  } else if (name == "heartbeat.interval.ms") {
    return number(&heartbeat_interval_ms);
  } else if (name == "max.poll.interval.ms") {
    return number(&max_poll_interval_ms);
  } else if (name == "max.poll.records") {
    return number(&max_poll_records);
  } else if (name == "metadata.max.age.ms") {
    int32_t v = 0;
    if (auto e = number(&v)) return e;
    metadata_max_age_ms = v;
  } else if (name == "fetch.min.bytes") {
    return number(&fetch_min_bytes);
  } else if (name == "fetch.max.wait.ms") {
    return number(&fetch_max_wait_ms);
  } else if (name == "auto.commit.interval.ms") {
    int32_t v = 0;
    if (auto e = number(&v)) return e;
    auto_commit_interval_ms = v;
  } else if (name == "request.timeout.ms") {
    int32_t v = 0;
    if (auto e = number(&v)) return e;
    request_timeout_ms = v;
  } else if (name == "retry.backoff.ms") {
    int32_t v = 0;
    if (auto e = number(&v)) return e;
    retry_backoff_ms = v;
  } else {
    return "Unknown configuration '" + std::string(name) + "'";
  }
  return std::nullopt;
}

// ---- life ------------------------------------------------------------------------------------

Consumer::Consumer(ConsumerConfig config, ConsumerWorkload workload, HostDirectoryPtr hosts,
                   std::shared_ptr<History> history)
    : config_(std::move(config)),
      workload_(std::move(workload)),
      hosts_(std::move(hosts)),
      history_(std::move(history)),
      metadata_(hosts_) {
  if (workload_.model != ProcessingModel::kAutoCommit) config_.enable_auto_commit = false;
  if (IsReadProcessWrite() && workload_.output_producer) {
    ProducerWorkload out;
    out.topic = workload_.output_topic;
    out.rate_per_s = 0;  // sends come from processing
    out.channel_lane = 1;
    out.on_transaction_state = [this](TransactionManager::State state) {
      OnOutputTransaction(state);
    };
    // Kafka Streams under exactly_once_v2 reads its input read_committed.
    if (workload_.model == ProcessingModel::kReadProcessWrite) config_.read_committed = true;
    output_ =
        std::make_unique<Producer>(*workload_.output_producer, std::move(out), hosts_, history_);
  }
}

int64_t Consumer::NowMs() const { return ctx().LocalNow().SinceZero().millis(); }

void Consumer::Note(HistoryType type, const TopicPartition& tp, Offset offset, int64_t value) {
  history_->Add({ctx().Now(), ctx().name(), type, tp, offset, value});
}

void Consumer::OnStart() {
  if (!channel_) channel_ = std::make_unique<RequestChannel>(ctx(), uint64_t{0x4343} << 48);
  if (output_) {
    Host(*output_);
    output_->OnStart();
  }
  RefreshMetadata();
  FindCoordinator();
  last_poll_ms_ = NowMs() + workload_.start_after.millis();
  next_auto_commit_ms_ = last_poll_ms_ + config_.auto_commit_interval_ms;
  SchedulePoll(workload_.start_after);
  ctx().ScheduleAfter(sim::Duration::Millis(config_.heartbeat_interval_ms),
                      kTagBase | kHeartbeat | (era_ << 8));
  ctx().ScheduleAfter(sim::Duration::Millis(config_.metadata_max_age_ms),
                      kTagBase | kMetadataAge | (era_ << 8));
}

void Consumer::OnCrash(sim::CrashKind kind) {
  if (output_) output_->OnCrash(kind);  // it records the process's crash in the history
  if (!output_) Note(HistoryType::kCrash);
  output_ending_ = false;
  if (channel_) channel_->Reset();
  ++era_;
  metadata_.Clear();
  coordinator_ = -1;
  finding_coordinator_ = false;
  member_id_.clear();
  generation_ = -1;
  joined_member_id_.clear();
  joined_generation_ = -1;
  protocol_.clear();
  assignment_snapshot_.clear();
  rejoin_needed_ = true;
  joining_ = false;
  assigned_.clear();
  positions_.clear();
  position_epochs_.clear();
  validating_.clear();
  offsets_pending_.clear();
  fetches_in_flight_.clear();
  buffer_.clear();
  processing_ = false;
  poll_scheduled_ = false;
  processing_next_ = nullptr;
}

void Consumer::OnConnectionReset(sim::NodeId peer) {
  if (channel_) channel_->HandleConnectionReset(peer);
  if (output_) output_->OnConnectionReset(peer);
}

void Consumer::OnMessage(sim::NodeId from, const sim::MessagePtr& message) {
  if (channel_ && channel_->HandleMessage(message)) return;
  if (output_) output_->OnMessage(from, message);
}

void Consumer::OnTimer(sim::TimerId id, uint64_t tag) {
  if (channel_ && channel_->HandleTimer(tag)) return;
  if (output_ && (tag >> 48) != (kTagBase >> 48)) {  // the hosted producer's own timers
    output_->OnTimer(id, tag);
    return;
  }
  if ((tag >> 8 & 0xffffffff) != (era_ & 0xffffffff)) return;  // from an earlier life
  switch (static_cast<Timer>(tag & 0xff)) {
    case kPoll:
      poll_scheduled_ = false;
      Poll();
      break;
    case kHeartbeat:
      Heartbeat();
      ctx().ScheduleAfter(sim::Duration::Millis(config_.heartbeat_interval_ms),
                          kTagBase | kHeartbeat | (era_ << 8));
      break;
    case kMetadata:
      RefreshMetadata();
      break;
    case kMetadataAge:
      RefreshMetadata();
      ctx().ScheduleAfter(sim::Duration::Millis(config_.metadata_max_age_ms),
                          kTagBase | kMetadataAge | (era_ << 8));
      break;
    case kCoordinatorRetry:
      FindCoordinator();
      break;
    case kAfterTransaction:
      processing_ = false;
      Poll();
      break;
    case kTasksMigrated:
      TasksMigrated(migrated_by_);
      break;
    case kProcess:
      if (processing_next_) {
        auto next = std::move(processing_next_);
        processing_next_ = nullptr;
        next();
      }
      break;
  }
}

// ---- plumbing --------------------------------------------------------------------------------

void Consumer::Send(int32_t broker, PacketBody request, RequestChannel::Done done) {
  const auto node = metadata_.NodeOf(broker);
  if (!node) {
    done(nullptr);
    return;
  }
  const uint64_t era = era_;
  channel_->Send(*node, std::move(request), config_.request_timeout_ms,
                 [this, era, done = std::move(done)](const PacketBody* body) {
                   if (era == era_) done(body);
                 });
}

void Consumer::SendToCoordinator(PacketBody request, RequestChannel::Done done) {
  if (coordinator_ < 0) {
    done(nullptr);
    return;
  }
  Send(coordinator_, std::move(request), std::move(done));
}

void Consumer::RefreshMetadata() {
  if (metadata_.request_in_flight || config_.bootstrap.empty()) return;
  metadata_.request_in_flight = true;
  const int32_t broker = metadata_.NextBootstrap(config_.bootstrap);
  Send(broker, MetadataRequest{workload_.topics, false}, [this, broker](const PacketBody* body) {
    metadata_.request_in_flight = false;
    const auto* r = body ? std::get_if<MetadataResponse>(body) : nullptr;
    if (r == nullptr) {
      ctx().ScheduleAfter(sim::Duration::Millis(config_.retry_backoff_ms),
                          kTagBase | kMetadata | (era_ << 8));
      return;
    }
    metadata_.Update(ctx(), broker, *r);
    // ConsumerCoordinator.rejoinNeededOrPending: the leader's snapshot no longer matches.
    for (const auto& [topic, count] : assignment_snapshot_) {
      if (metadata_.Knows(topic) && metadata_.PartitionCount(topic) != count) {
        rejoin_needed_ = true;
        assignment_snapshot_.clear();
        break;
      }
    }
    SendFetches();
  });
}

// ---- the application's loop ------------------------------------------------------------------

// One poll timer at a time: poll(timeout) returns early when records arrive.
void Consumer::SchedulePoll(sim::Duration after) {
  if (poll_scheduled_) ctx().Cancel(poll_timer_);
  poll_timer_ = ctx().ScheduleAfter(after, kTagBase | kPoll | (era_ << 8));
  poll_scheduled_ = true;
}

// KafkaConsumer.poll: keep the membership, commit automatically when due, and return what the
// fetcher has gathered for the assigned partitions, at most max.poll.records.
void Consumer::Poll() {
  if (processing_ || closing_) return;
  last_poll_ms_ = NowMs();
  if (coordinator_ < 0) {
    FindCoordinator();
    SchedulePoll(kPollTimeout);
    return;
  }
  if (rejoin_needed_ || joining_) {
    if (!joining_) Join();
    SchedulePoll(kPollTimeout);
    return;
  }
  if (config_.enable_auto_commit && NowMs() >= next_auto_commit_ms_) {
    next_auto_commit_ms_ = NowMs() + config_.auto_commit_interval_ms;
    Commit(ConsumedOffsets(), nullptr);
  }
  TransactionManager* txn = output_ ? output_->transactions() : nullptr;
  if (txn != nullptr && txn->state() != TransactionManager::State::kReady) {
    SchedulePoll(kPollTimeout);  // initTransactions has not finished
    return;
  }
  std::vector<Fetched> records;
  while (!buffer_.empty() && static_cast<int32_t>(records.size()) < config_.max_poll_records) {
    Fetched f = std::move(buffer_.front());
    buffer_.pop_front();
    const auto pos = positions_.find(f.tp);
    if (!assigned_.contains(f.tp) || pos == positions_.end() || pos->second != f.offset) continue;
    if (f.skip_to >= 0) {  // a marker or an aborted batch: the position moves on, silently
      Note(HistoryType::kSkip, f.tp, f.offset, f.skip_to);
      pos->second = f.skip_to;
      position_epochs_[f.tp].record = f.leader_epoch;
      continue;
    }
    pos->second = f.offset + 1;
    position_epochs_[f.tp].record = f.leader_epoch;
    Note(HistoryType::kPoll, f.tp, f.offset, f.record.value_id);  // in order with the skips
    records.push_back(std::move(f));
  }
  SendFetches();
  if (records.empty()) {
    SchedulePoll(kPollTimeout);
    return;
  }
  processing_ = true;
  if (txn != nullptr) txn->BeginTransaction();
  if (workload_.model == ProcessingModel::kCommitBeforeProcessing) {
    // At most once: the offsets move past the records before anything is done with them.
    Commit(ConsumedOffsets(), [this, records, era = era_](bool) mutable {
      if (era == era_) Process(std::move(records), 0);
    });
    return;
  }
  Process(std::move(records), 0);
}

// One record at a time, processing_time each: a crash can come between any two.
void Consumer::Process(std::vector<Fetched> records, size_t next) {
  if (closing_) return;
  if (next == records.size()) {
    AfterProcessing(std::move(records));
    return;
  }
  // The record is written to the sink when its processing time is over.
  ctx().ScheduleAfter(workload_.processing_time, kTagBase | kProcess | (era_ << 8));
  processing_next_ = [this, records = std::move(records), next]() mutable {
    const Fetched& f = records[next];
    if (workload_.sink) workload_.sink->Write(f.tp, f.offset, f.record.value_id);
    if (output_) {
      output_->Send(workload_.output_topic, f.record.key,
                    f.record.value_id + workload_.output_value_offset);
    }
    ++processed_;
    Note(HistoryType::kProcess, f.tp, f.offset, f.record.value_id);
    if (workload_.on_record) workload_.on_record(f.tp, f.offset, f.record);
    Process(std::move(records), next + 1);
  };
}

void Consumer::AfterProcessing(std::vector<Fetched> records) {
  (void)records;
  auto next_poll = [this, era = era_](bool) {
    if (era != era_) return;
    processing_ = false;
    Poll();
  };
  if (workload_.model == ProcessingModel::kProcessThenCommit ||
      workload_.model == ProcessingModel::kIdempotentSink) {
    Commit(ConsumedOffsets(), next_poll);
    return;
  }
  if (workload_.model == ProcessingModel::kReadProcessWriteAtLeastOnce && output_) {
    // The outputs are acknowledged before the input offsets are committed: a crash between the
    // two writes the outputs again.
    output_->Flush([this, next_poll, era = era_] {
      if (era == era_) Commit(ConsumedOffsets(), next_poll);
    });
    return;
  }
  if (TransactionManager* txn = output_ ? output_->transactions() : nullptr) {
    using S = TransactionManager::State;
    output_ending_ = true;
    if (txn->state() != S::kInTransaction) {
      // A send failed under the batch and the transaction is being aborted, or is already: the
      // batch is read again from the committed offsets (OnOutputTransaction, once it is over).
      if (txn->state() == S::kReady) OnOutputTransaction(S::kReady);
      return;
    }
    // sendOffsetsToTransaction, then commitTransaction; the next poll waits for the outcome
    // (OnOutputTransaction).
    TransactionManager::GroupMetadata group{config_.group_id, -1, "", config_.group_instance_id};
    if (config_.profile == nullptr || config_.profile->txn_offset_commit_group_metadata) {
      group.generation = joined_generation_;
      group.member_id = joined_member_id_;
    }
    txn->SendOffsetsToTransaction(ConsumedOffsets(), group, [txn](ErrorCode error) {
      if (error == ErrorCode::kNone) txn->CommitTransaction();
      // Otherwise the transaction is abortable and the producer aborts it.
    });
    return;
  }
  next_poll(true);
}

void Consumer::OnOutputTransaction(TransactionManager::State state) {
  using S = TransactionManager::State;
  if (!output_ending_ && state != S::kFatalError) return;
  const TransactionManager& txn = *output_->transactions();
  const ErrorCode fatal = txn.fatal_error();
  if (state == S::kFatalError && fatal != ErrorCode::kProducerFenced &&
      fatal != ErrorCode::kInvalidProducerEpoch) {
    // Any other fatal error kills the stream thread (a StreamsException).
    ctx().Trace(kinds::kProducerTxn,
                {{"transactional_id", *workload_.output_producer->transactional_id},
                 {"step", "processing stopped"},
                 {"error", std::string(ErrorName(fatal))}});
    return;
  }
  if (state == S::kFatalError) {
    // In its own event: this runs inside the transaction manager's state change, and replacing
    // the producer under the caller's feet would pull its queues out from under it.
    output_ending_ = false;
    processing_next_ = nullptr;
    migrated_by_ = fatal;
    ctx().ScheduleAfter(sim::Duration::Zero(), kTagBase | kTasksMigrated | (era_ << 8));
    return;
  }
  if (state != S::kReady) return;
  output_ending_ = false;
  if (!txn.last_committed()) {
    // TxnOffsetCommit refused for a stale member (a CommitFailedException): the input belongs to
    // someone else now.
    const ErrorCode cause = txn.abort_cause();
    if (cause == ErrorCode::kUnknownMemberId || cause == ErrorCode::kIllegalGeneration) {
      migrated_by_ = cause;
      ctx().ScheduleAfter(sim::Duration::Zero(), kTagBase | kTasksMigrated | (era_ << 8));
      return;
    }
    RewindToCommitted();
  }
  ctx().ScheduleAfter(sim::Duration::Zero(), kTagBase | kAfterTransaction | (era_ << 8));
}

// Kafka Streams 2.8 under exactly_once_beta, on a TaskMigratedException (the thread's producer
// was fenced, or its offsets were refused for an old generation): the thread closes its tasks
// dirty and replaces its producer (TaskManager.handleLostAll, which calls
// ActiveTaskCreator.reInitializeThreadProducer), then leaves and rejoins the group
// (StreamThread.handleTaskMigrated: mainConsumer.unsubscribe, then subscribe). What it is given
// again is read from the committed offsets.
void Consumer::TasksMigrated(ErrorCode cause) {
  ctx().Trace(kinds::kProducerTxn,
              {{"transactional_id", *workload_.output_producer->transactional_id},
               {"step", "tasks migrated: new producer, rejoining the group"},
               {"error", std::string(ErrorName(cause))}});
  output_ending_ = false;
  processing_next_ = nullptr;  // the batch in hand is dropped with its task
  output_->Replace();
  buffer_.clear();
  LeaveGroup("the thread's tasks migrated", nullptr);
  ctx().ScheduleAfter(sim::Duration::Zero(), kTagBase | kAfterTransaction | (era_ << 8));
}

// Kafka Streams closes its tasks dirty after an abort and resumes them from the committed
// offsets: what the aborted transaction consumed is read again. The history shows each task
// closed and reopened, so a checker sees the seek back as one, not as a poll going backwards.
void Consumer::RewindToCommitted() {
  for (const TopicPartition& tp : assigned_) {
    Note(HistoryType::kRevoke, tp);
    Note(HistoryType::kAssign, tp);
    positions_.erase(tp);
    position_epochs_.erase(tp);
  }
  buffer_.clear();
  FetchCommittedOffsets();
}

std::map<TopicPartition, Offset> Consumer::ConsumedOffsets() const {
  std::map<TopicPartition, Offset> offsets;
  for (const auto& [tp, pos] : positions_) {
    if (assigned_.contains(tp)) offsets[tp] = pos;
  }
  return offsets;
}

void Consumer::Commit(std::map<TopicPartition, Offset> offsets, std::function<void(bool)> done) {
  if (offsets.empty() || generation_ < 0) {
    if (done) done(false);
    return;
  }
  OffsetCommitRequest request;
  request.group_id = config_.group_id;
  request.generation_id = generation_;
  request.member_id = member_id_;
  request.group_instance_id = config_.group_instance_id;
  request.offsets = offsets;
  SendToCoordinator(std::move(request), [this, offsets, done](const PacketBody* body) {
    const auto* r = body ? std::get_if<OffsetCommitResponse>(body) : nullptr;
    bool ok = r != nullptr;
    ErrorCode error = r ? ErrorCode::kNone : ErrorCode::kNetworkException;
    if (r != nullptr) {
      for (const auto& [tp, e] : r->errors) {
        if (e != ErrorCode::kNone) {
          ok = false;
          error = e;
        }
      }
    }
    if (ok) {
      for (const auto& [tp, offset] : offsets) Note(HistoryType::kCommit, tp, offset);
    } else if (error == ErrorCode::kRebalanceInProgress || error == ErrorCode::kIllegalGeneration ||
               error == ErrorCode::kUnknownMemberId) {
      // CommitFailedException: the group moved on without this member.
      rejoin_needed_ = true;
      if (error != ErrorCode::kRebalanceInProgress)
        ResetMembership(error == ErrorCode::kUnknownMemberId);
    } else if (error == ErrorCode::kNotCoordinator ||
               error == ErrorCode::kCoordinatorNotAvailable || body == nullptr) {
      CoordinatorLost();
    }
    if (done) done(ok);
  });
}

// ---- membership ------------------------------------------------------------------------------

void Consumer::FindCoordinator() {
  if (finding_coordinator_ || coordinator_ >= 0 || config_.bootstrap.empty()) return;
  finding_coordinator_ = true;
  const int32_t broker = metadata_.NextBootstrap(config_.bootstrap);
  Send(broker, FindCoordinatorRequest{config_.group_id}, [this](const PacketBody* body) {
    finding_coordinator_ = false;
    const auto* r = body ? std::get_if<FindCoordinatorResponse>(body) : nullptr;
    if (r != nullptr && r->error == ErrorCode::kNone) {
      coordinator_ = r->node_id;
      metadata_.LearnHost(r->node_id, r->host);
      return;
    }
    ctx().ScheduleAfter(sim::Duration::Millis(config_.retry_backoff_ms),
                        kTagBase | kCoordinatorRetry | (era_ << 8));
  });
}

void Consumer::CoordinatorLost() {
  coordinator_ = -1;
  joining_ = false;
  FindCoordinator();
}

void Consumer::ResetMembership(bool forget_member_id) {
  generation_ = -1;
  if (forget_member_id) member_id_.clear();
  rejoin_needed_ = true;
}

void Consumer::Revoke(const std::set<TopicPartition>& partitions) {
  for (const TopicPartition& tp : partitions) {
    Note(HistoryType::kRevoke, tp);
    assigned_.erase(tp);
    positions_.erase(tp);
    position_epochs_.erase(tp);
    offsets_pending_.erase(tp);
  }
  std::erase_if(buffer_, [&](const Fetched& f) { return partitions.contains(f.tp); });
}

// ConsumerCoordinator.onJoinPrepare, then JoinGroup.
void Consumer::Join() {
  if (joining_ || coordinator_ < 0) return;
  // The leader assigns from its metadata: it must know every subscribed topic first.
  for (const std::string& topic : workload_.topics) {
    if (!metadata_.Knows(topic)) {
      RefreshMetadata();
      return;  // the next poll tries again
    }
  }
  joining_ = true;
  const bool cooperative =
      std::all_of(config_.assignors.begin(), config_.assignors.end(), CooperativeProtocol);
  if (!cooperative && !assigned_.empty()) {
    // Eager: everything goes back, committed first when offsets commit on their own.
    if (config_.enable_auto_commit) Commit(ConsumedOffsets(), nullptr);
    Revoke(std::set<TopicPartition>(assigned_));
  }
  JoinGroupRequest request;
  request.group_id = config_.group_id;
  request.session_timeout_ms = config_.session_timeout_ms;
  request.rebalance_timeout_ms = config_.max_poll_interval_ms;
  request.member_id = member_id_;
  request.group_instance_id = config_.group_instance_id;
  request.client_id = config_.client_id;
  request.protocols = config_.assignors;
  request.subscription.topics = workload_.topics;
  request.subscription.owned.assign(assigned_.begin(), assigned_.end());
  request.subscription.generation = generation_;
  SendToCoordinator(std::move(request), [this](const PacketBody* body) {
    joining_ = false;
    const auto* r = body ? std::get_if<JoinGroupResponse>(body) : nullptr;
    if (r == nullptr) return CoordinatorLost();
    switch (r->error) {
      case ErrorCode::kNone:
        return OnJoined(*r);
      case ErrorCode::kMemberIdRequired:  // KIP-394: join again with the id it was given
        member_id_ = r->member_id;
        return Join();
      case ErrorCode::kUnknownMemberId:
        ResetMembership(true);
        return;
      case ErrorCode::kNotCoordinator:
      case ErrorCode::kCoordinatorNotAvailable:
        return CoordinatorLost();
      default:
        return;  // retried at the next poll
    }
  });
}

void Consumer::OnJoined(const JoinGroupResponse& response) {
  member_id_ = response.member_id;
  generation_ = response.generation_id;
  protocol_ = response.protocol_name;
  joining_ = true;  // until the assignment arrives
  if (response.leader == member_id_) {
    Sync(ComputeAssignment(response));
  } else {
    assignment_snapshot_.clear();
    Sync({});
  }
}

// The leader's part: the chosen assignor over every member's subscription.
std::map<std::string, std::vector<TopicPartition>> Consumer::ComputeAssignment(
    const JoinGroupResponse& response) {
  std::map<std::string, int32_t> partitions;
  std::vector<GroupMember> members;
  std::vector<StickyMember> sticky;
  for (const auto& m : response.members) {
    GroupMember gm{m.member_id, m.group_instance_id, m.subscription.topics};
    for (const std::string& t : m.subscription.topics) {
      if (metadata_.Knows(t)) partitions[t] = metadata_.PartitionCount(t);
    }
    members.push_back(gm);
    sticky.push_back({gm, m.subscription.owned, m.subscription.generation});
  }
  assignment_snapshot_ = partitions;
  if (protocol_ == "roundrobin") return AssignRoundRobin(partitions, members);
  if (protocol_ == "sticky" || protocol_ == "cooperative-sticky") {
    StickyResult r = StickyAssign(partitions, sticky, protocol_ == "cooperative-sticky");
    if (r.ok()) return r.assignment;
  }
  return AssignRange(partitions, members);
}

void Consumer::Sync(std::map<std::string, std::vector<TopicPartition>> assignments) {
  SyncGroupRequest request;
  request.group_id = config_.group_id;
  request.generation_id = generation_;
  request.member_id = member_id_;
  request.group_instance_id = config_.group_instance_id;
  request.assignments = std::move(assignments);
  SendToCoordinator(std::move(request), [this](const PacketBody* body) {
    joining_ = false;
    const auto* r = body ? std::get_if<SyncGroupResponse>(body) : nullptr;
    if (r == nullptr) return CoordinatorLost();
    switch (r->error) {
      case ErrorCode::kNone:
        return OnAssignment(r->assignment);
      case ErrorCode::kUnknownMemberId:
      case ErrorCode::kIllegalGeneration:
        ResetMembership(r->error == ErrorCode::kUnknownMemberId);
        return;
      case ErrorCode::kNotCoordinator:
        return CoordinatorLost();
      default:
        rejoin_needed_ = true;
        return;
    }
  });
}

// ConsumerCoordinator.onJoinComplete.
void Consumer::OnAssignment(std::vector<TopicPartition> assigned) {
  joined_generation_ = generation_;
  joined_member_id_ = member_id_;
  const std::set<TopicPartition> next(assigned.begin(), assigned.end());
  std::set<TopicPartition> revoked;
  for (const TopicPartition& tp : assigned_) {
    if (!next.contains(tp)) revoked.insert(tp);
  }
  rejoin_needed_ = false;
  if (!revoked.empty()) {
    // Cooperative: hand over what moved, then a second rebalance gives it to its new owner.
    if (config_.enable_auto_commit) Commit(ConsumedOffsets(), nullptr);
    Revoke(revoked);
    rejoin_needed_ = true;
  }
  for (const TopicPartition& tp : next) {
    if (assigned_.insert(tp).second) Note(HistoryType::kAssign, tp);
  }
  FetchCommittedOffsets();
}

void Consumer::Heartbeat() {
  if (config_.max_poll_interval_ms > 0 && generation_ >= 0 &&
      NowMs() - last_poll_ms_ > config_.max_poll_interval_ms) {
    LeaveGroup("consumer poll timeout has expired");
    return;
  }
  if (generation_ < 0 || coordinator_ < 0 || joining_) return;
  HeartbeatRequest request{config_.group_id, generation_, member_id_, config_.group_instance_id};
  SendToCoordinator(std::move(request), [this](const PacketBody* body) {
    const auto* r = body ? std::get_if<HeartbeatResponse>(body) : nullptr;
    if (r == nullptr) return CoordinatorLost();
    switch (r->error) {
      case ErrorCode::kNone:
        return;
      case ErrorCode::kRebalanceInProgress:
        rejoin_needed_ = true;
        return;
      case ErrorCode::kUnknownMemberId:
      case ErrorCode::kIllegalGeneration:
        ResetMembership(r->error == ErrorCode::kUnknownMemberId);
        return;
      case ErrorCode::kNotCoordinator:
      case ErrorCode::kCoordinatorNotAvailable:
        return CoordinatorLost();
      default:
        return;
    }
  });
}

// AbstractCoordinator.maybeLeaveGroup: static members keep their place until their session ends.
void Consumer::LeaveGroup(const char* reason, std::function<void()> then) {
  ctx().Trace(kinds::kConsumerLeaveGroup, {{"group", config_.group_id}, {"reason", reason}});
  if (!config_.group_instance_id && !member_id_.empty() && coordinator_ >= 0) {
    SendToCoordinator(LeaveGroupRequest{config_.group_id, member_id_, std::nullopt},
                      [then](const PacketBody*) {
                        if (then) then();
                      });
  } else if (then) {
    then();
  }
  Revoke(std::set<TopicPartition>(assigned_));
  ResetMembership(!config_.group_instance_id);
}

void Consumer::Close() {
  if (closing_) return;
  closing_ = true;
  auto leave = [this, era = era_](bool) {
    if (era != era_) return;
    LeaveGroup("the consumer is being closed", [this, era] {
      if (era == era_) ctx().Exit();
    });
  };
  if (config_.enable_auto_commit && workload_.model == ProcessingModel::kAutoCommit) {
    Commit(ConsumedOffsets(), leave);
  } else {
    leave(true);
  }
}

// ---- positions and fetching ------------------------------------------------------------------

void Consumer::FetchCommittedOffsets() {
  OffsetFetchRequest request;
  request.group_id = config_.group_id;
  // KIP-447 (2.5 on): a read_committed consumer waits for offsets a transaction has pending.
  request.require_stable = config_.read_committed && config_.profile != nullptr &&
                           config_.profile->txn_offset_commit_group_metadata;
  for (const TopicPartition& tp : assigned_) {
    if (!positions_.contains(tp) && !offsets_pending_.contains(tp)) {
      request.partitions.push_back(tp);
      offsets_pending_.insert(tp);
    }
  }
  if (request.partitions.empty()) return;
  const std::vector<TopicPartition> asked = request.partitions;
  SendToCoordinator(std::move(request), [this, asked](const PacketBody* body) {
    for (const TopicPartition& tp : asked) offsets_pending_.erase(tp);
    const auto* r = body ? std::get_if<OffsetFetchResponse>(body) : nullptr;
    if (r == nullptr || r->error != ErrorCode::kNone) {
      if (r == nullptr || r->error == ErrorCode::kNotCoordinator) CoordinatorLost();
      return;  // asked again after the next join or poll
    }
    std::vector<TopicPartition> reset;
    for (const TopicPartition& tp : asked) {
      const auto it = r->offsets.find(tp);
      if (!assigned_.contains(tp)) continue;
      if (it != r->offsets.end() && it->second >= 0) {
        SetPosition(tp, it->second, -1);
      } else {
        reset.push_back(tp);
      }
    }
    ResetOffsets(reset);
    SendFetches();
  });
}

// auto.offset.reset: earliest or latest from the partition's leader; "none" leaves the
// partition without a position (Kafka throws NoOffsetForPartitionException to the application).
void Consumer::ResetOffsets(const std::vector<TopicPartition>& partitions) {
  if (config_.auto_offset_reset == "none") {
    for (const TopicPartition& tp : partitions) {
      ctx().Trace(kinds::kConsumerNoOffset, {{"partition", ToString(tp)}});
    }
    return;
  }
  const int64_t timestamp = config_.auto_offset_reset == "earliest" ? ListOffsetsRequest::kEarliest
                                                                    : ListOffsetsRequest::kLatest;
  for (const TopicPartition& tp : partitions) {
    const int32_t leader = metadata_.LeaderOf(tp);
    if (leader < 0 || offsets_pending_.contains(tp)) {
      RefreshMetadata();
      continue;
    }
    offsets_pending_.insert(tp);
    ListOffsetsRequest request;
    request.isolation_level =
        config_.read_committed ? FetchRequest::kReadCommitted : FetchRequest::kReadUncommitted;
    request.entries.push_back({tp, timestamp});
    Send(leader, std::move(request), [this, tp](const PacketBody* body) {
      offsets_pending_.erase(tp);
      const auto* r = body ? std::get_if<ListOffsetsResponse>(body) : nullptr;
      if (r != nullptr && !r->entries.empty() && r->entries[0].error == ErrorCode::kNone &&
          assigned_.contains(tp)) {
        SetPosition(tp, r->entries[0].offset, r->entries[0].leader_epoch);
        SendFetches();
      } else {
        RefreshMetadata();
      }
    });
  }
}

void Consumer::SetPosition(const TopicPartition& tp, Offset offset, int32_t record_epoch) {
  positions_[tp] = offset;
  position_epochs_[tp] = {record_epoch, metadata_.LeaderEpochOf(tp)};
}

bool Consumer::NeedsValidation(const TopicPartition& tp) const {
  if (config_.profile == nullptr || !config_.profile->consumer_validates_positions) return false;
  const auto it = position_epochs_.find(tp);
  return it != position_epochs_.end() && it->second.record >= 0 &&
         metadata_.LeaderEpochOf(tp) > it->second.validated;
}

// KIP-320, as the 2.8 consumer does it (Fetcher.validateOffsetsAsync,
// SubscriptionState.maybeCompleteValidation): ask the leader where the epoch of the last record
// read ends. If that is before the position, the log was truncated under the consumer: it seeks
// back to the first offset known to diverge (auto.offset.reset must be set, or the application
// gets a LogTruncationException). If the leader no longer has that epoch, the position resets.
void Consumer::ValidatePosition(const TopicPartition& tp, int32_t leader) {
  if (!validating_.insert(tp).second) return;
  const int32_t current = metadata_.LeaderEpochOf(tp);
  const Offset asked_at = positions_.at(tp);
  OffsetsForLeaderEpochRequest request;
  request.entries.push_back({tp, current, position_epochs_.at(tp).record});
  Send(leader, std::move(request), [this, tp, current, asked_at](const PacketBody* body) {
    validating_.erase(tp);
    const auto pos = positions_.find(tp);
    if (pos == positions_.end() || pos->second != asked_at) return SendFetches();
    const auto* r = body ? std::get_if<OffsetsForLeaderEpochResponse>(body) : nullptr;
    if (r == nullptr || r->entries.empty() || r->entries[0].error != ErrorCode::kNone) {
      return RefreshMetadata();
    }
    const auto& answer = r->entries[0];
    position_epochs_[tp].validated = current;
    const bool epoch_gone = answer.leader_epoch < 0 || answer.end_offset < 0;
    if (epoch_gone || answer.end_offset < asked_at) {
      ctx().Trace(kinds::kConsumerTruncationDetected,
                  {{"partition", ToString(tp)},
                   {"position", asked_at},
                   {"to", epoch_gone ? -1 : answer.end_offset}});
      if (epoch_gone || config_.auto_offset_reset == "none") {
        positions_.erase(tp);
        position_epochs_.erase(tp);
        ResetOffsets({tp});
        return;
      }
      SetPosition(tp, answer.end_offset, answer.leader_epoch);
    }
    SendFetches();
  });
}

// Fetcher.sendFetches: one request per leader for the assigned partitions that have a position
// and nothing buffered.
void Consumer::SendFetches() {
  if (!channel_) return;
  std::map<int32_t, FetchRequest> requests;
  std::set<TopicPartition> buffered;
  for (const Fetched& f : buffer_) buffered.insert(f.tp);
  std::vector<TopicPartition> need_position;
  for (const TopicPartition& tp : assigned_) {
    const auto pos = positions_.find(tp);
    if (pos == positions_.end()) {
      if (!offsets_pending_.contains(tp)) need_position.push_back(tp);
      continue;
    }
    if (buffered.contains(tp)) continue;
    const int32_t leader = metadata_.LeaderOf(tp);
    if (leader < 0) {
      RefreshMetadata();
      continue;
    }
    if (NeedsValidation(tp)) {
      ValidatePosition(tp, leader);
      continue;
    }
    if (fetches_in_flight_.contains(leader)) continue;
    FetchRequest& r = requests[leader];
    r.max_wait_ms = config_.fetch_max_wait_ms;
    r.min_bytes = config_.fetch_min_bytes;
    r.isolation_level =
        config_.read_committed ? FetchRequest::kReadCommitted : FetchRequest::kReadUncommitted;
    const bool validates =
        config_.profile != nullptr && config_.profile->consumer_validates_positions;
    r.entries.push_back({tp, pos->second, validates ? metadata_.LeaderEpochOf(tp) : -1});
  }
  if (!need_position.empty() && !joining_) FetchCommittedOffsets();
  for (auto& [broker, request] : requests) {
    const int32_t leader = broker;  // a plain variable: lambdas capture it (clang 14)
    fetches_in_flight_.insert(leader);
    const std::vector<FetchRequest::Entry> asked = request.entries;
    Send(leader, std::move(request), [this, leader, asked](const PacketBody* body) {
      fetches_in_flight_.erase(leader);
      const auto* r = body ? std::get_if<FetchResponse>(body) : nullptr;
      if (r == nullptr) {
        RefreshMetadata();
        return;
      }
      bool got = false;
      std::vector<TopicPartition> out_of_range;
      for (const auto& e : r->entries) {
        const auto pos = positions_.find(e.tp);
        const auto sent =
            std::find_if(asked.begin(), asked.end(), [&](const auto& a) { return a.tp == e.tp; });
        if (pos == positions_.end() || sent == asked.end() || pos->second != sent->fetch_offset) {
          continue;  // moved on meanwhile
        }
        if (e.error == ErrorCode::kOffsetOutOfRange) {
          ctx().Trace(kinds::kConsumerOffsetOutOfRange, {{"partition", ToString(e.tp)},
                                                         {"position", pos->second},
                                                         {"reset", config_.auto_offset_reset}});
          positions_.erase(e.tp);
          position_epochs_.erase(e.tp);
          out_of_range.push_back(e.tp);
          continue;
        }
        if (e.error != ErrorCode::kNone) {
          RefreshMetadata();
          continue;
        }
        got = BufferFetched(e, pos->second) || got;
      }
      ResetOffsets(out_of_range);
      if (got && !processing_) SchedulePoll(sim::Duration::Zero());
      SendFetches();
    });
  }
}

// Kafka 2.8's CompletedFetch: under read_committed, the aborted transactions the broker listed
// join a set of aborted producers once the fetch reaches their first offset; those producers'
// transactional batches are skipped until their ABORT marker. Markers are never returned.
bool Consumer::BufferFetched(const FetchResponse::Entry& e, Offset position) {
  std::vector<FetchResponse::Entry::AbortedTransaction> aborted = e.aborted_transactions;
  std::sort(aborted.begin(), aborted.end(),
            [](const auto& a, const auto& b) { return a.first_offset < b.first_offset; });
  size_t next_aborted = 0;
  std::set<int64_t> aborted_producers;
  bool got = false;
  for (const BatchPtr& b : e.batches) {
    if (b->next_offset() <= position) continue;
    if (config_.read_committed) {
      while (next_aborted < aborted.size() &&
             aborted[next_aborted].first_offset <= b->last_offset()) {
        aborted_producers.insert(aborted[next_aborted++].producer_id);
      }
    }
    const bool skip = b->is_control() || (config_.read_committed && b->transactional &&
                                          aborted_producers.contains(b->producer_id));
    if (b->is_control() && b->control == ControlType::kAbort) {
      aborted_producers.erase(b->producer_id);
    }
    if (skip) {
      Fetched f{e.tp, std::max(b->base_offset, position), {}, b->leader_epoch};
      f.skip_to = b->next_offset();
      buffer_.push_back(std::move(f));
      got = true;
      continue;
    }
    for (size_t i = 0; i < b->records.size(); ++i) {
      const Offset offset = b->base_offset + static_cast<Offset>(i);
      if (offset < position) continue;
      buffer_.push_back({e.tp, offset, b->records[i], b->leader_epoch});
      got = true;
    }
  }
  return got;
}

}  // namespace kafka
