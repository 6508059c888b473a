// RequestChannel: the client half of Kafka's request/response protocol inside one node (Kafka's
// NetworkClient, reduced to what the model needs). It numbers requests with correlation ids,
// matches responses to them, and fails a request whose connection broke or that timed out, so
// every request ends exactly once: with its response, or with nothing.
//
// A request sent with no callback expects no answer (acks=0 produce).
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "model/common/requests.h"
#include "sim/node.h"

namespace kafka {

class RequestChannel {
 public:
  // `body` is the response, or nullptr when the connection broke or the request timed out.
  using Done = std::function<void(const PacketBody* body)>;

  // Timer tags this channel uses are `tag_base | correlation id`; the host leaves them to it.
  // Correlation ids come from the `lane`-th range of 2^29 ids, so that two channels in one process
  // (a consumer and the producer it hosts) each recognise their own responses.
  RequestChannel(sim::Context& ctx, uint64_t tag_base, int32_t lane = 0)
      : ctx_(ctx),
        tag_base_(tag_base),
        first_id_(1 + lane * kLaneSize),
        next_correlation_id_(first_id_) {}
  static constexpr int32_t kLaneSize = 1 << 29;

  // Sends `request` to `to`; `done` runs once, within `timeout_ms` of now.
  void Send(sim::NodeId to, PacketBody request, int64_t timeout_ms, Done done);

  // Host plumbing: each returns true if the message or timer was this channel's.
  bool HandleMessage(const sim::MessagePtr& message);
  bool HandleTimer(uint64_t tag);
  // The connection to `peer` broke: the requests that went out on it fail (those sent since,
  // on a new connection, stay).
  void HandleConnectionReset(sim::NodeId peer);
  // The host crashed: every request is forgotten, unanswered.
  void Reset();

  size_t in_flight() const { return in_flight_.size(); }
  bool HasInFlightTo(sim::NodeId peer) const;

 private:
  struct InFlight {
    sim::NodeId to;
    uint32_t connection = 0;
    sim::TimerId timer;
    Done done;
  };
  void Fail(int32_t correlation_id);

  sim::Context& ctx_;
  uint64_t tag_base_;
  int32_t first_id_;
  int32_t next_correlation_id_;
  std::map<int32_t, InFlight> in_flight_;
};

}  // namespace kafka
