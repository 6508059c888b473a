// See partition.h.
#include "model/broker/partition.h"

#include <algorithm>

namespace kafka {

Partition::Partition(TopicPartition tp, int32_t local_broker, PartitionConfig config,
                     LogConfig log_config, ChangeJournal* journal)
    : tp_(std::move(tp)),
      local_(local_broker),
      config_(config),
      log_(log_config),
      journal_(journal) {
  log_.set_listener(this);
  if (journal_ == nullptr) return;
  journal_id_ = journal_->Intern(tp_);
  journal_->AddReplica(journal_id_, local_, this);
  log_.ReportChangesTo(journal_, journal_id_);
}

Partition::~Partition() {
  if (feed_ != nullptr && in_feed_) std::erase(*feed_, this);
  if (journal_ != nullptr) journal_->RemoveReplica(journal_id_, local_, this);
}

bool Partition::InIsr(int32_t replica) const {
  return std::find(state_.isr.begin(), state_.isr.end(), replica) != state_.isr.end();
}

std::vector<int32_t> Partition::MaximalIsr() const {
  std::vector<int32_t> isr = state_.isr;
  if (pending_isr_) {
    for (int32_t r : *pending_isr_) {
      if (std::find(isr.begin(), isr.end(), r) == isr.end()) isr.push_back(r);
    }
  }
  return isr;
}

void Partition::MakeLeader(const PartitionState& state, int64_t now_ms) {
  Touched();
  const bool new_leader = !is_leader();
  state_ = state;
  pending_isr_.reset();
  leader_epoch_start_offset_ = log_.log_end_offset();
  log_.epochs().Assign(state.leader_epoch, log_.log_end_offset());
  // Partition.makeLeader (Kafka 0.9 to 2.8): every follower's caught-up clock restarts (now if it
  // is in the ISR), as if it had last fetched at the epoch's start now (resetLastCaughtUpTime);
  // a new leader then forgets what the followers had fetched (updateFetchState with unknown
  // offsets and time 0). A new epoch for the same leader (the controller shrank the ISR) keeps
  // it.
  std::map<int32_t, RemoteReplica> remotes;
  for (int32_t r : state.replicas) {
    if (r == local_) continue;
    RemoteReplica remote;
    if (const auto it = remotes_.find(r); !new_leader && it != remotes_.end()) remote = it->second;
    remote.last_caught_up_ms = InIsr(r) ? now_ms : kNeverMs;
    remote.last_fetch_leader_leo = new_leader ? -1 : leader_epoch_start_offset_;
    remote.last_fetch_ms = new_leader ? 0 : now_ms;
    remotes[r] = remote;
  }
  remotes_ = std::move(remotes);
  // "We may need to increment high watermark since ISR could be down to 1."
  MaybeIncrementHighWatermark(now_ms);
}

void Partition::MakeFollower(const PartitionState& state) {
  Touched();
  state_ = state;
  pending_isr_.reset();
  remotes_.clear();
}

void Partition::MakeOffline() {
  Touched();
  state_ = PartitionState{};
  state_.leader_epoch = -1;  // unknown: any LeaderAndIsr is newer
  pending_isr_.reset();
  remotes_.clear();
}

void Partition::RecoverAfterCrash(bool power_loss) {
  MakeOffline();
  log_.RecoverAfterCrash(power_loss);
  producers_.Rebuild(log_.AllBatches(), log_.high_watermark());
}

std::optional<std::vector<int32_t>> Partition::OnFollowerFetch(int32_t replica, Offset fetch_offset,
                                                               int64_t now_ms) {
  const auto it = remotes_.find(replica);
  if (!is_leader() || it == remotes_.end()) return std::nullopt;
  RemoteReplica& r = it->second;
  const Offset leader_leo = log_.log_end_offset();
  // Replica.updateFetchState
  if (fetch_offset >= leader_leo) {
    r.last_caught_up_ms = std::max(r.last_caught_up_ms, now_ms);
  } else if (r.last_fetch_leader_leo >= 0 && fetch_offset >= r.last_fetch_leader_leo) {
    r.last_caught_up_ms = std::max(r.last_caught_up_ms, r.last_fetch_ms);
  }
  r.log_end_offset = fetch_offset;
  r.last_fetch_leader_leo = leader_leo;
  r.last_fetch_ms = now_ms;
  // updateFollowerFetchState: maybeExpandIsr against the current HW, then maybeIncrementLeaderHW.
  const bool may_join =
      !InIsr(replica) && !pending_isr_ && fetch_offset >= log_.high_watermark() &&
      (!config_.isr_expand_needs_epoch_start || fetch_offset >= leader_epoch_start_offset_);
  MaybeIncrementHighWatermark(now_ms);
  if (!may_join) return std::nullopt;
  std::vector<int32_t> isr = state_.isr;
  isr.push_back(replica);
  return isr;
}

std::optional<std::vector<int32_t>> Partition::IsrToShrink(int64_t now_ms) const {
  if (!is_leader() || pending_isr_) return std::nullopt;
  const Offset leader_leo = log_.log_end_offset();
  std::vector<int32_t> isr;
  for (int32_t r : state_.isr) {
    const auto it = remotes_.find(r);
    const bool out_of_sync =
        r != local_ && it != remotes_.end() && it->second.log_end_offset != leader_leo &&
        now_ms - it->second.last_caught_up_ms > config_.replica_lag_time_max_ms;
    if (!out_of_sync) isr.push_back(r);
  }
  if (isr.size() == state_.isr.size()) return std::nullopt;
  return isr;
}

void Partition::IsrChangeSent(const std::vector<int32_t>& proposed, int64_t now_ms) {
  pending_isr_ = proposed;
  MaybeIncrementHighWatermark(now_ms);
}

void Partition::IsrChangeDone(std::optional<PartitionState> accepted, int64_t now_ms) {
  Touched();
  pending_isr_.reset();
  if (accepted && accepted->leader_epoch == state_.leader_epoch) {
    state_.isr = accepted->isr;
    state_.partition_epoch = accepted->partition_epoch;
  }
  MaybeIncrementHighWatermark(now_ms);
}

bool Partition::MaybeIncrementHighWatermark(int64_t now_ms) {
  if (!is_leader()) return false;
  Offset hw = log_.log_end_offset();
  const std::vector<int32_t> maximal = MaximalIsr();
  for (const auto& [id, r] : remotes_) {
    const bool counts = std::find(maximal.begin(), maximal.end(), id) != maximal.end() ||
                        now_ms - r.last_caught_up_ms <= config_.replica_lag_time_max_ms;
    if (counts && r.log_end_offset < hw) hw = std::max<Offset>(r.log_end_offset, 0);
  }
  if (hw <= log_.high_watermark()) return false;  // monotonic
  return log_.UpdateHighWatermark(hw);
}

Partition::AppendResult Partition::AppendAsLeader(RecordBatch batch, int16_t acks, int64_t now_ms) {
  if (!is_leader()) return {ErrorCode::kNotLeaderOrFollower, nullptr};
  if (acks != 0 && acks != 1 && acks != -1) return {ErrorCode::kInvalidRequiredAcks, nullptr};
  if (acks == -1 && static_cast<int32_t>(state_.isr.size()) < config_.min_insync_replicas) {
    return {ErrorCode::kNotEnoughReplicas, nullptr};
  }
  if (const auto dup = producers_.FindDuplicate(batch)) {
    return {ErrorCode::kNone, log_.BatchAt(dup->base_offset), true};
  }
  if (const ErrorCode e = producers_.Check(batch); e != ErrorCode::kNone) return {e, nullptr};
  BatchPtr stored = log_.AppendAsLeader(std::move(batch), state_.leader_epoch, now_ms);
  producers_.Update(*stored, log_.high_watermark());
  MaybeIncrementHighWatermark(now_ms);
  return {ErrorCode::kNone, std::move(stored)};
}

void Partition::AppendAsFollower(const BatchPtr& batch, int64_t now_ms) {
  log_.AppendAsFollower(batch, now_ms);
  producers_.Update(*batch, log_.high_watermark());
}

void Partition::TruncateTo(Offset offset) {
  if (offset >= log_.log_end_offset()) return;
  log_.TruncateTo(offset);
  producers_.Rebuild(log_.AllBatches(), log_.high_watermark());
}

void Partition::TruncateFullyAndStartAt(Offset offset) {
  log_.TruncateFullyAndStartAt(offset);
  producers_.Rebuild(log_.AllBatches(), log_.high_watermark());
}

std::optional<ErrorCode> Partition::AcksAllOutcome(Offset required_offset) const {
  if (!is_leader()) return ErrorCode::kNotLeaderOrFollower;
  if (log_.high_watermark() < required_offset) return std::nullopt;
  return static_cast<int32_t>(state_.isr.size()) >= config_.min_insync_replicas
             ? ErrorCode::kNone
             : ErrorCode::kNotEnoughReplicasAfterAppend;
}

}  // namespace kafka
