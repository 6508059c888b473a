// ReplicaFetcher: one follower broker's fetcher for every partition it follows on one leader
// broker (AbstractFetcherThread.scala / ReplicaFetcherThread.scala, num.replica.fetchers = 1).
//
// A partition joins in the truncating state. Before 0.11 it truncates to its own high watermark at
// once; from 0.11 it asks the leader for the end of its latest leader epoch
// (OffsetsForLeaderEpoch) and truncates as truncation.h decides, asking again until the rule is
// satisfied (KIP-279). Then it fetches from its LEO in long polls (replica.fetch.wait.max.ms,
// replica.fetch.min.bytes), appends the leader's batches, and takes min(leader HW, own LEO) as
// its HW. A partition that errs waits replica.fetch.backoff.ms; a request that fails (the leader
// died, or it timed out after replica.socket.timeout.ms) makes the whole fetcher wait that long.
// One request is in flight at a time.
#pragma once

#include <cstdint>
#include <map>

#include "model/common/requests.h"
#include "sim/node.h"

namespace kafka {

class ReplicaManager;

class ReplicaFetcher {
 public:
  ReplicaFetcher(ReplicaManager& replicas, int32_t leader_id, sim::NodeId leader_node,
                 uint64_t timer_tag);

  // Follows `tp` from `leader_epoch` on; it starts by truncating.
  void AddPartition(const TopicPartition& tp, int32_t leader_epoch);
  void RemovePartition(const TopicPartition& tp);
  bool Contains(const TopicPartition& tp) const { return partitions_.contains(tp); }
  sim::NodeId leader_node() const { return leader_node_; }
  void OnTimer();

 private:
  struct State {
    int32_t leader_epoch = 0;
    bool truncating = true;
    int64_t delayed_until_ms = 0;
  };
  void MaybeSend();
  void SendOffsetsForLeaderEpoch();
  void SendFetch();
  void OnEpochResponse(const PacketBody* body);
  void OnFetchResponse(const PacketBody* body);
  void ApplyFetchedData(const TopicPartition& tp, const FetchResponse::Entry& entry);
  void Delay(State& state);
  void BackoffAll();
  bool Current(const TopicPartition& tp, int32_t leader_epoch) const;
  int64_t NowMs() const;

  ReplicaManager& replicas_;
  int32_t leader_id_;
  sim::NodeId leader_node_;
  uint64_t timer_tag_;
  std::map<TopicPartition, State> partitions_;
  bool in_flight_ = false;
  bool timer_set_ = false;
  sim::TimerId timer_;
};

}  // namespace kafka
