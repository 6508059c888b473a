// Test fixture for the ZooKeeper model: an ensemble of servers and client nodes on a full mesh,
// with the ZAB invariants checked on every event, and helpers that run the simulation until an
// asynchronous call completes.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/zk/client.h"
#include "model/zk/invariants.h"
#include "model/zk/server.h"
#include "sim/world.h"

namespace zk::testing {

using namespace sim::literals;

// A node that hosts one ZkClient and records what it is told.
class ClientNode : public sim::Node {
 public:
  ClientNode(ZkClientConfig config, sim::Duration start_after)
      : config_(std::move(config)), start_after_(start_after) {}
  void OnStart() override { ctx().ScheduleAfter(start_after_, kStartTag); }
  void Begin() {
    client_ = std::make_unique<ZkClient>(ctx(), config_);
    client_->on_session_event = [this](SessionEvent e) { sessions.push_back({ctx().Now(), e}); };
    client_->on_watch = [this](EventType t, const std::string& path) {
      watches.push_back({ctx().Now(), t, path});
    };
    client_->Connect();
  }
  void OnMessage(sim::NodeId from, const sim::MessagePtr& m) override {
    if (client_) client_->HandleMessage(from, m);
  }
  void OnTimer(sim::TimerId, uint64_t tag) override {
    if (tag == kStartTag) {
      Begin();
    } else {
      client_->HandleTimer(tag);
    }
  }
  void OnConnectionReset(sim::NodeId peer) override {
    if (client_) client_->HandleConnectionReset(peer);
  }
  void OnCrash(sim::CrashKind) override {
    if (client_) client_->Reset();
  }
  void OnRestart() override {
    if (client_) client_->Connect();
  }

  ZkClient& client() { return *client_; }
  bool started() const { return client_ != nullptr; }
  int Count(SessionEvent e) const {
    int n = 0;
    for (const auto& s : sessions) n += s.second == e ? 1 : 0;
    return n;
  }

  struct Watch {
    sim::Time at;
    EventType type;
    std::string path;
  };
  std::vector<std::pair<sim::Time, SessionEvent>> sessions;
  std::vector<Watch> watches;

 private:
  static constexpr uint64_t kStartTag = 1;
  ZkClientConfig config_;
  sim::Duration start_after_;
  std::unique_ptr<ZkClient> client_;
};

class Ensemble {
 public:
  Ensemble(int servers, uint64_t seed, ZkConfig config = {}) : world_(seed), invariants_(world_) {
    std::vector<ServerSpec> specs;
    for (int sid = 1; sid <= servers; ++sid) {
      specs.push_back({sid, sim::NodeId{static_cast<uint32_t>(sid - 1)}});
    }
    for (int sid = 1; sid <= servers; ++sid) {
      world_.AddNode("zk-" + std::to_string(sid), std::make_unique<ZkServer>(sid, specs, config));
    }
    world_.trace().AddSink(&invariants_);
    world_.trace().AddSink(&memory_);
  }

  // A client that tries the given servers in this order (or shuffled), starting once the
  // ensemble has had time to elect a leader.
  sim::NodeId AddClient(const std::string& name, std::vector<int> sids, bool shuffle = false,
                        int64_t timeout_ms = 6000, sim::Duration start_after = 2_s) {
    ZkClientConfig config;
    for (int sid : sids) config.servers.push_back(ServerNode(sid));
    config.shuffle = shuffle;
    config.session_timeout_ms = timeout_ms;
    return world_.AddNode(name, std::make_unique<ClientNode>(config, start_after));
  }
  // Latency for one pair, instead of the default 1 ms (call before Start).
  void SetLatency(sim::NodeId a, sim::NodeId b, sim::Duration latency) {
    latencies_.push_back({a, b, latency});
  }
  void Start() {
    const size_t n = world_.node_count();
    for (uint32_t a = 0; a < n; ++a) {
      for (uint32_t b = a + 1; b < n; ++b) {
        sim::LinkSpec spec;
        spec.latency = 1_ms;
        for (const auto& l : latencies_) {
          if ((l.a.value == a && l.b.value == b) || (l.a.value == b && l.b.value == a)) {
            spec.latency = l.latency;
          }
        }
        world_.network().Connect(sim::NodeId{a}, sim::NodeId{b}, spec);
      }
    }
    world_.network().SetForwardingAll(false);  // hosts on one switch: each pair on its own link
    world_.Start();
  }

  sim::World& world() { return world_; }
  sim::NodeId ServerNode(int sid) const { return sim::NodeId{static_cast<uint32_t>(sid - 1)}; }
  ZkServer& Server(int sid) { return world_.node_as<ZkServer>(ServerNode(sid)); }
  ClientNode& Client(sim::NodeId id) { return world_.node_as<ClientNode>(id); }
  int servers() const {
    int n = 0;
    for (uint32_t i = 0; i < world_.node_count(); ++i)
      n += world_.name(sim::NodeId{i}).starts_with("zk-") ? 1 : 0;
    return n;
  }
  // The sid of the established leader that is up and serving, or 0.
  int Leader() {
    for (int sid = 1; sid <= servers(); ++sid) {
      if (world_.state(ServerNode(sid)) != sim::NodeState::kDown &&
          Server(sid).state() == ServerState::kLeading && Server(sid).serving()) {
        return sid;
      }
    }
    return 0;
  }
  // Steps until `done` holds or `limit` of simulated time passes; returns whether it held.
  bool RunUntil(const std::function<bool()>& done, sim::Duration limit) {
    const sim::Time deadline = world_.Now() + limit;
    while (!done()) {
      if (world_.scheduler().NextEventTime() > deadline || !world_.Step()) {
        world_.RunUntil(deadline);
        return done();
      }
    }
    return true;
  }
  // Issues a call and runs until it answers (or 60 s pass: then the result is nullopt).
  std::optional<ZkResult> Await(const std::function<void(ZkClient::Done)>& call) {
    std::optional<ZkResult> result;
    call([&result](const ZkResult& r) { result = r; });
    RunUntil([&] { return result.has_value(); }, 60_s);
    return result;
  }
  bool Connected(sim::NodeId client) {
    return Client(client).started() && Client(client).client().connected();
  }
  const sim::MemoryTraceSink& trace() const { return memory_; }
  const std::vector<std::string>& violations() const { return invariants_.violations(); }

 private:
  struct Latency {
    sim::NodeId a, b;
    sim::Duration latency;
  };
  sim::World world_;
  ZabInvariants invariants_;
  sim::MemoryTraceSink memory_;
  std::vector<Latency> latencies_;
};

}  // namespace zk::testing
