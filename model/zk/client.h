// ZkClient: the ZooKeeper client library (ClientCnxn.java, StaticHostProvider.java), embedded in a
// node (a broker, or a test client). The node passes it its Context, its messages and its timers.
//
// Promises, as ZooKeeper makes them:
// - all calls are asynchronous and answered in the order made; while connecting, calls wait and
//   go out once connected;
// - the client pings after a third of the session timeout of quiet, and gives up on a server it
//   has not heard from for two thirds of it: Disconnected, every call in flight fails with
//   ConnectionLoss (outcome unknown), and it tries the next server with the same session;
// - servers are tried in a seeded shuffled order, waiting up to 1 s at random between attempts,
//   each attempt bounded by timeout / number of servers;
// - Expired is learned only on reconnecting (the server answers timeout 0); the handle is then dead
//   and every call fails with SessionExpired;
// - watches are one-shot; after a reconnect they are set again on the new server, which fires at
//   once those whose node changed meanwhile (SetWatches).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/zk/messages.h"
#include "sim/node.h"

namespace zk {

enum class SessionEvent { kSyncConnected, kDisconnected, kExpired };
const char* ToString(SessionEvent event);

struct ZkClientConfig {
  std::vector<sim::NodeId> servers;
  int64_t session_timeout_ms = 6000;  // Kafka's zookeeper.session.timeout.ms before 2.5
  bool shuffle = true;                // StaticHostProvider shuffles; tests may pin the order
  // Timer tags this client uses are kTagBase | (small number): the host must leave them to it.
  static constexpr uint64_t kTagBase = uint64_t{0x5a4b} << 48;  // "ZK"
};

struct ZkResult {
  Code code = Code::kOk;
  std::string path;  // create: the name created
  std::string data;
  Stat stat;
  std::vector<std::string> children;
  std::vector<OpResult> results;  // multi
};

class ZkClient {
 public:
  using Done = std::function<void(const ZkResult&)>;

  ZkClient(sim::Context& ctx, ZkClientConfig config);

  // Opens a new session (also after Expired, as an application makes a new handle).
  void Connect();
  // Closes the session cleanly: its ephemerals go at once.
  void Close(Done done = nullptr);
  // The host crashed: everything in memory is gone, the session with it (as for a dead process).
  void Reset();

  // Host plumbing: return true if the message or timer was the client's.
  bool HandleMessage(sim::NodeId from, const sim::MessagePtr& message);
  bool HandleTimer(uint64_t tag);
  void HandleConnectionReset(sim::NodeId peer);

  void Create(const std::string& path, const std::string& data, CreateMode mode, Done done);
  void Delete(const std::string& path, int32_t version, Done done);
  void SetData(const std::string& path, const std::string& data, int32_t version, Done done);
  void GetData(const std::string& path, bool watch, Done done);
  void Exists(const std::string& path, bool watch, Done done);
  void GetChildren(const std::string& path, bool watch, Done done);
  void Multi(std::vector<Op> ops, Done done);
  void Sync(const std::string& path, Done done);

  std::function<void(SessionEvent)> on_session_event;
  std::function<void(EventType, const std::string& path)> on_watch;

  bool connected() const { return state_ == State::kConnected; }
  bool expired() const { return state_ == State::kExpired; }
  SessionId session() const { return session_; }
  int64_t negotiated_timeout_ms() const { return timeout_ms_; }
  Zxid last_zxid_seen() const { return last_zxid_; }
  // The server this client is connected or connecting to.
  sim::NodeId server() const { return current_; }

 private:
  enum class State { kIdle, kConnecting, kConnected, kExpired, kClosed };
  enum Timer : uint64_t { kConnectTimer = 1, kPingTimer, kReconnectTimer };
  struct Pending {
    Request request;
    Done done;
  };

  uint64_t Tag(Timer t) const { return ZkClientConfig::kTagBase | (era_ << 8) | t; }
  void Submit(Request request, Done done);
  void SubmitWrite(Request::Type type, std::vector<Op> ops, Done done);
  void SubmitRead(Request::Type type, const std::string& path, bool watch, Done done);
  void SendQueued();
  void TryNextServer();
  void OnConnectResponse(const ConnectResponse& m);
  void OnReply(const Reply& m);
  void OnWatch(const WatcherNotification& m);
  void ConnectionLost(const char* why);
  void SchedulePingCheck();
  void FailAll(Code code);
  void Send(Request request);
  sim::Duration ReadTimeout() const { return sim::Duration::Millis(timeout_ms_ * 2 / 3); }

  sim::Context& ctx_;
  ZkClientConfig config_;
  std::vector<sim::NodeId> order_;  // servers, shuffled once
  size_t next_server_ = 0;
  size_t attempts_in_cycle_ = 0;
  State state_ = State::kIdle;
  uint64_t era_ = 0;  // bumped per connection attempt; stale timers are ignored
  sim::NodeId current_;
  SessionId session_;
  int64_t timeout_ms_ = 0;
  Zxid last_zxid_;
  int32_t next_cxid_ = 1;
  sim::Time last_heard_, last_sent_;
  std::deque<Pending> pending_;  // in order; the sent ones first
  size_t sent_count_ = 0;        // how many of pending_ (a prefix) were sent
  std::set<std::string> data_watches_, exist_watches_, child_watches_;
};

}  // namespace zk
