// See request_client.h.
#include "model/client/request_client.h"

namespace kafka {

RequestChannel& RequestClient::channel() {
  if (!channel_) channel_ = std::make_unique<RequestChannel>(ctx(), uint64_t{0x5243} << 48);
  return *channel_;
}

void RequestClient::Send(int32_t broker_id, PacketBody request, int64_t timeout_ms,
                         RequestChannel::Done done) {
  const std::optional<sim::NodeId> node = hosts_->Resolve(BrokerHost(broker_id));
  if (!node) {
    if (done) done(nullptr);
    return;
  }
  channel().Send(*node, std::move(request), timeout_ms, std::move(done));
}

void RequestClient::OnMessage(sim::NodeId, const sim::MessagePtr& message) {
  channel().HandleMessage(message);
}

void RequestClient::After(sim::Duration delay, std::function<void()> action) {
  const uint64_t id = next_delay_++;
  delayed_[id] = std::move(action);
  ctx().ScheduleAfter(delay, kDelayTagBase | id);
}

void RequestClient::OnTimer(sim::TimerId, uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) == kDelayTagBase) {
    const auto it = delayed_.find(tag & ~(uint64_t{0xffff} << 48));
    if (it == delayed_.end()) return;
    std::function<void()> action = std::move(it->second);
    delayed_.erase(it);
    action();
    return;
  }
  channel().HandleTimer(tag);
}

void RequestClient::OnConnectionReset(sim::NodeId peer) { channel().HandleConnectionReset(peer); }

void RequestClient::OnCrash(sim::CrashKind) {
  channel().Reset();
  delayed_.clear();
}

}  // namespace kafka
