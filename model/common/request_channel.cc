// See request_channel.h.
#include "model/common/request_channel.h"

#include <vector>

namespace kafka {

void RequestChannel::Send(sim::NodeId to, PacketBody request, int64_t timeout_ms, Done done) {
  const int32_t id = next_correlation_id_++;
  if (next_correlation_id_ - first_id_ == kLaneSize - 1) next_correlation_id_ = first_id_;
  const uint32_t connection = ctx_.ConnectionId(to);
  ctx_.Send(to, std::make_shared<Packet>(id, std::move(request)));
  if (!done) return;
  const sim::TimerId timer =
      ctx_.ScheduleAfter(sim::Duration::Millis(timeout_ms), tag_base_ | static_cast<uint32_t>(id));
  in_flight_[id] = InFlight{to, connection, timer, std::move(done)};
}

bool RequestChannel::HandleMessage(const sim::MessagePtr& message) {
  const auto* packet = dynamic_cast<const Packet*>(message.get());
  if (packet == nullptr || !packet->is_response()) return false;
  const int32_t id = packet->correlation_id();
  if (id < first_id_ || id - first_id_ >= kLaneSize) return false;  // another channel's
  const auto it = in_flight_.find(packet->correlation_id());
  if (it == in_flight_.end()) return true;  // it timed out or its connection broke meanwhile
  InFlight request = std::move(it->second);
  in_flight_.erase(it);
  ctx_.Cancel(request.timer);
  request.done(&packet->body());
  return true;
}

bool RequestChannel::HandleTimer(uint64_t tag) {
  if ((tag & ~uint64_t{0xffffffff}) != tag_base_) return false;
  Fail(static_cast<int32_t>(tag & 0xffffffff));
  return true;
}

void RequestChannel::HandleConnectionReset(sim::NodeId peer) {
  std::vector<int32_t> broken;
  for (const auto& [id, request] : in_flight_) {
    if (request.to == peer && request.connection != ctx_.ConnectionId(peer)) broken.push_back(id);
  }
  for (int32_t id : broken) Fail(id);
}

void RequestChannel::Reset() { in_flight_.clear(); }

bool RequestChannel::HasInFlightTo(sim::NodeId peer) const {
  for (const auto& [id, request] : in_flight_) {
    if (request.to == peer) return true;
  }
  return false;
}

void RequestChannel::Fail(int32_t correlation_id) {
  const auto it = in_flight_.find(correlation_id);
  if (it == in_flight_.end()) return;
  InFlight request = std::move(it->second);
  in_flight_.erase(it);
  ctx_.Cancel(request.timer);
  request.done(nullptr);
}

}  // namespace kafka
