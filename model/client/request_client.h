// RequestClient: a node that sends Kafka requests to brokers by id and hands each answer to a
// callback. It is the raw wire for tests (Produce and Fetch by hand), for the admin tools
// (kafka-topics) and for anything else that speaks to brokers without a client library's logic.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "model/common/host_directory.h"
#include "model/common/request_channel.h"
#include "sim/node.h"

namespace kafka {

class RequestClient : public sim::Node {
 public:
  explicit RequestClient(HostDirectoryPtr hosts) : hosts_(std::move(hosts)) {}

  // Sends `request` to broker `broker_id`; `done` gets the answer, or nullptr (no such broker,
  // broken connection, timeout). With acks=0 produce there is no answer: pass no callback.
  void Send(int32_t broker_id, PacketBody request, int64_t timeout_ms, RequestChannel::Done done);

  // Runs `action` after `delay` (a client's retry backoff), unless the node crashes first.
  void After(sim::Duration delay, std::function<void()> action);

  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId, uint64_t tag) override;
  void OnConnectionReset(sim::NodeId peer) override;
  void OnCrash(sim::CrashKind) override;

  const HostDirectory& hosts() const { return *hosts_; }

 private:
  RequestChannel& channel();

  HostDirectoryPtr hosts_;
  std::unique_ptr<RequestChannel> channel_;
  static constexpr uint64_t kDelayTagBase = uint64_t{0x4443} << 48;
  uint64_t next_delay_ = 1;
  std::map<uint64_t, std::function<void()>> delayed_;
};

// The host name a broker registers under.
inline std::string BrokerHost(int32_t id) { return "broker-" + std::to_string(id); }

}  // namespace kafka
