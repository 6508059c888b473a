// See replica_fetcher.h.
#include "model/broker/replica_fetcher.h"

#include <algorithm>

#include "model/broker/replica_manager.h"
#include "model/broker/truncation.h"
#include "model/common/trace_kinds.h"

namespace kafka {

ReplicaFetcher::ReplicaFetcher(ReplicaManager& replicas, int32_t leader_id, sim::NodeId leader_node,
                               uint64_t timer_tag)
    : replicas_(replicas),
      leader_id_(leader_id),
      leader_node_(leader_node),
      timer_tag_(timer_tag) {}

int64_t ReplicaFetcher::NowMs() const { return replicas_.NowMs(); }

void ReplicaFetcher::AddPartition(const TopicPartition& tp, int32_t leader_epoch) {
  partitions_[tp] = State{leader_epoch, true, 0};
  MaybeSend();
}

void ReplicaFetcher::RemovePartition(const TopicPartition& tp) { partitions_.erase(tp); }

bool ReplicaFetcher::Current(const TopicPartition& tp, int32_t leader_epoch) const {
  const auto it = partitions_.find(tp);
  return it != partitions_.end() && it->second.leader_epoch == leader_epoch;
}

void ReplicaFetcher::OnTimer() {
  timer_set_ = false;
  MaybeSend();
}

void ReplicaFetcher::Delay(State& state) {
  state.delayed_until_ms = NowMs() + replicas_.config_.replica_fetch_backoff_ms;
}

void ReplicaFetcher::BackoffAll() {
  for (auto& [tp, state] : partitions_) Delay(state);
}

void ReplicaFetcher::MaybeSend() {
  if (in_flight_) return;
  const int64_t now = NowMs();
  const TruncationRule rule = replicas_.config_.profile->truncation;
  bool any_truncating = false, any_fetching = false;
  int64_t next_ready = INT64_MAX;
  for (auto& [tp, state] : partitions_) {
    if (state.delayed_until_ms > now) {
      next_ready = std::min(next_ready, state.delayed_until_ms);
      continue;
    }
    if (state.truncating && rule == TruncationRule::kToHighWatermark) {
      // Before 0.11 a new follower cuts its log back to its own high watermark (KIP-101's flaw).
      if (Partition* p = replicas_.Find(tp)) p->TruncateTo(p->log().high_watermark());
      state.truncating = false;
    }
    (state.truncating ? any_truncating : any_fetching) = true;
  }
  if (any_truncating) {
    SendOffsetsForLeaderEpoch();
  } else if (any_fetching) {
    SendFetch();
  } else if (next_ready != INT64_MAX && !timer_set_) {
    timer_ = replicas_.ctx_.ScheduleAfter(sim::Duration::Millis(next_ready - now), timer_tag_);
    timer_set_ = true;
  }
}

void ReplicaFetcher::SendOffsetsForLeaderEpoch() {
  OffsetsForLeaderEpochRequest request;
  request.replica_id = replicas_.config_.broker_id;
  const int64_t now = NowMs();
  for (auto& [tp, state] : partitions_) {
    if (!state.truncating || state.delayed_until_ms > now) continue;
    Partition* p = replicas_.Find(tp);
    if (p == nullptr) continue;
    const std::optional<int32_t> latest = p->log().epochs().LatestEpoch();
    if (!latest) {
      // No epochs on file (an empty log, or one written before epochs): the HW is all it has.
      p->TruncateTo(p->log().high_watermark());
      state.truncating = false;
      continue;
    }
    request.entries.push_back({tp, state.leader_epoch, *latest});
  }
  if (request.entries.empty()) {
    MaybeSend();
    return;
  }
  in_flight_ = true;
  replicas_.channel_.Send(leader_node_, std::move(request),
                          replicas_.config_.replica_socket_timeout_ms,
                          [this](const PacketBody* body) { OnEpochResponse(body); });
}

void ReplicaFetcher::OnEpochResponse(const PacketBody* body) {
  in_flight_ = false;
  const auto* response = body ? std::get_if<OffsetsForLeaderEpochResponse>(body) : nullptr;
  if (response == nullptr) {
    BackoffAll();
    MaybeSend();
    return;
  }
  const TruncationRule rule = replicas_.config_.profile->truncation;
  for (const auto& entry : response->entries) {
    auto it = partitions_.find(entry.tp);
    if (it == partitions_.end() || !it->second.truncating) continue;
    Partition* p = replicas_.Find(entry.tp);
    if (p == nullptr) continue;
    if (entry.error != ErrorCode::kNone) {
      Delay(it->second);
      continue;
    }
    // The 0.11 protocol answered with an end offset only.
    const int32_t reply_epoch =
        rule == TruncationRule::kLeaderEpoch ? kUndefinedEpoch : entry.leader_epoch;
    const TruncationDecision d =
        DecideTruncation(rule, {reply_epoch, entry.end_offset}, p->log().epochs(),
                         p->log().log_end_offset(), p->log().high_watermark());
    p->TruncateTo(d.truncate_to);
    replicas_.ctx_.Trace(kinds::kBrokerTruncate, {{"partition", ToString(entry.tp)},
                                                  {"to", d.truncate_to},
                                                  {"leader_epoch", entry.leader_epoch},
                                                  {"leader_end", entry.end_offset},
                                                  {"completed", d.completed}});
    it->second.truncating = !d.completed;
  }
  MaybeSend();
}

void ReplicaFetcher::SendFetch() {
  FetchRequest request;
  request.replica_id = replicas_.config_.broker_id;
  request.max_wait_ms = replicas_.config_.replica_fetch_wait_max_ms;
  request.min_bytes = replicas_.config_.replica_fetch_min_bytes;
  request.max_bytes = replicas_.config_.replica_fetch_max_bytes;
  const int64_t now = NowMs();
  for (const auto& [tp, state] : partitions_) {
    if (state.truncating || state.delayed_until_ms > now) continue;
    const Partition* p = replicas_.Find(tp);
    if (p == nullptr) continue;
    request.entries.push_back({tp, p->log().log_end_offset(), state.leader_epoch,
                               replicas_.config_.replica_fetch_max_bytes});
  }
  if (request.entries.empty()) return;
  in_flight_ = true;
  // The leader may hold the request for max_wait; the socket timeout bounds the whole exchange.
  replicas_.channel_.Send(leader_node_, std::move(request),
                          replicas_.config_.replica_socket_timeout_ms,
                          [this](const PacketBody* body) { OnFetchResponse(body); });
}

void ReplicaFetcher::OnFetchResponse(const PacketBody* body) {
  in_flight_ = false;
  const auto* response = body ? std::get_if<FetchResponse>(body) : nullptr;
  if (response == nullptr) {
    BackoffAll();
    MaybeSend();
    return;
  }
  for (const FetchResponse::Entry& entry : response->entries) {
    auto it = partitions_.find(entry.tp);
    if (it == partitions_.end() || it->second.truncating) continue;
    switch (entry.error) {
      case ErrorCode::kNone:
        ApplyFetchedData(entry.tp, entry);
        break;
      case ErrorCode::kOffsetOutOfRange: {
        // AbstractFetcherThread.handleOutOfRangeError: a leader behind us (after an unclean
        // election) means truncating to its end; a leader whose log starts past us means
        // starting over at its start.
        Partition* p = replicas_.Find(entry.tp);
        if (p == nullptr) break;
        if (entry.log_end_offset < p->log().log_end_offset()) {
          p->TruncateTo(entry.log_end_offset);
        } else {
          p->TruncateFullyAndStartAt(entry.log_start_offset);
        }
        break;
      }
      default:  // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...: wait for the controller
        Delay(it->second);
        break;
    }
  }
  MaybeSend();
}

void ReplicaFetcher::ApplyFetchedData(const TopicPartition& tp, const FetchResponse::Entry& entry) {
  Partition* p = replicas_.Find(tp);
  if (p == nullptr) return;
  const int64_t now = NowMs();
  for (BatchPtr batch : entry.batches) {
    const Offset leo = p->log().log_end_offset();
    if (batch->next_offset() <= leo) continue;  // already held
    if (batch->base_offset < leo &&
        replicas_.config_.profile->truncation == TruncationRule::kToHighWatermark) {
      // Message formats v0/v1 (before 0.11) hold uncompressed messages one by one, so a fetch
      // from the middle of what was written together returns from that very offset.
      auto tail = std::make_shared<RecordBatch>(*batch);
      tail->records.erase(tail->records.begin(),
                          tail->records.begin() + (leo - batch->base_offset));
      tail->base_offset = leo;
      batch = std::move(tail);
    }
    if (batch->base_offset != leo) {
      // A batch straddling our end (v2 batches) or a gap: Log.appendAsFollower refuses it
      // (UnexpectedAppendOffsetException) and the fetcher backs off; replication of this
      // partition is stuck until a truncation or a new leader changes things (KIP-101).
      if (const auto it = partitions_.find(tp); it != partitions_.end()) Delay(it->second);
      break;
    }
    p->AppendAsFollower(batch, now);
    replicas_.ctx_.Trace(kinds::kBrokerReplicate, {{"partition", ToString(tp)},
                                                   {"base_offset", batch->base_offset},
                                                   {"records", batch->records.size()}});
  }
  // ReplicaFetcherThread.processPartitionData: the follower's HW is the leader's, capped by its
  // own LEO (Log.updateHighWatermark clamps).
  p->log().UpdateHighWatermark(std::min(entry.high_watermark, p->log().log_end_offset()));
  p->log().MaybeFlush(now);
}

}  // namespace kafka
