// Every packet of the ZooKeeper model, as one message type with a variant body: election
// notifications (FastLeaderElection), the ZAB quorum packets (Leader.java's FOLLOWERINFO,
// LEADERINFO, ACKEPOCH, DIFF/TRUNC, NEWLEADER, UPTODATE, PROPOSAL, ACK, COMMIT, PING, REQUEST,
// REVALIDATE, SYNC) and the client protocol (connect, requests, replies, watch events).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/zk/data_tree.h"
#include "model/zk/types.h"
#include "sim/message.h"

namespace zk {

enum class ServerState { kLooking, kFollowing, kLeading };
const char* ToString(ServerState state);

// ---- election ------------------------------------------------------------------------------
struct Notification {
  static constexpr sim::Kind kKind{"zk.Notification"};
  int64_t leader = 0;  // proposed leader's sid
  Zxid zxid;           // proposed leader's last logged zxid
  uint64_t election_epoch = 0;
  ServerState state = ServerState::kLooking;  // the sender's
  uint32_t peer_epoch = 0;                    // proposed leader's current epoch
  int64_t sid = 0;                            // the sender
};

// ---- ZAB -----------------------------------------------------------------------------------
struct FollowerInfo {
  static constexpr sim::Kind kKind{"zk.FollowerInfo"};
  int64_t sid = 0;
  uint32_t accepted_epoch = 0;
};
struct LeaderInfo {
  static constexpr sim::Kind kKind{"zk.LeaderInfo"};
  uint32_t new_epoch = 0;
};
struct AckEpoch {
  static constexpr sim::Kind kKind{"zk.AckEpoch"};
  int64_t sid = 0;
  uint32_t current_epoch = 0;
  Zxid last_zxid;
};
// DIFF or TRUNC+DIFF, then NEWLEADER, in one packet: the follower truncates its log after
// `truncate_after` (if set), appends `diff` (committed history), logs `proposals` (outstanding),
// takes `new_epoch` as its current epoch and acknowledges.
struct SyncAndNewLeader {
  static constexpr sim::Kind kKind{"zk.SyncAndNewLeader"};
  bool truncate = false;
  Zxid truncate_after;
  std::vector<Txn> diff;
  std::vector<Txn> proposals;
  uint32_t new_epoch = 0;
};
struct AckNewLeader {
  static constexpr sim::Kind kKind{"zk.AckNewLeader"};
  int64_t sid = 0;
};
struct UpToDate {
  static constexpr sim::Kind kKind{"zk.UpToDate"};
};
struct Proposal {
  static constexpr sim::Kind kKind{"zk.Proposal"};
  Txn txn;
};
struct Ack {
  static constexpr sim::Kind kKind{"zk.Ack"};
  int64_t sid = 0;
  Zxid zxid;
};
struct Commit {
  static constexpr sim::Kind kKind{"zk.Commit"};
  Zxid zxid;
};
struct LeaderPing {
  static constexpr sim::Kind kKind{"zk.Ping"};
};
// A follower's answer to the leader's ping: the sessions its clients kept alive since the last one.
struct FollowerPing {
  static constexpr sim::Kind kKind{"zk.PingReply"};
  int64_t sid = 0;
  std::vector<SessionId> touched;
};
// A write (or a session create or close) that a follower passes to the leader.
struct ForwardedRequest {
  static constexpr sim::Kind kKind{"zk.Request"};
  Txn::Kind kind = Txn::Kind::kOps;
  SessionId session;
  int32_t cxid = 0;
  std::vector<Op> ops;
  int32_t session_timeout_ms = 0;
};
struct Revalidate {
  static constexpr sim::Kind kKind{"zk.Revalidate"};
  int64_t sid = 0;
  SessionId session;
};
struct RevalidateReply {
  static constexpr sim::Kind kKind{"zk.RevalidateReply"};
  SessionId session;
  bool valid = false;
  int32_t timeout_ms = 0;  // the session's negotiated timeout, as the leader knows it
};
// sync(): the leader answers once every proposal before it has committed.
struct SyncRequest {
  static constexpr sim::Kind kKind{"zk.Sync"};
  int64_t sid = 0;
  SessionId session;
  int32_t cxid = 0;
};
struct SyncReply {
  static constexpr sim::Kind kKind{"zk.SyncReply"};
  SessionId session;
  int32_t cxid = 0;
};

// ---- clients -------------------------------------------------------------------------------
struct ConnectRequest {
  static constexpr sim::Kind kKind{"zk.ConnectRequest"};
  int64_t timeout_ms = 0;
  Zxid last_zxid_seen;
  SessionId session;  // 0: a new session
};
struct ConnectResponse {
  static constexpr sim::Kind kKind{"zk.ConnectResponse"};
  int64_t timeout_ms = 0;  // 0: the session has expired
  SessionId session;
};

struct Request {
  enum class Type {
    kCreate,
    kDelete,
    kSetData,
    kCheck,
    kMulti,
    kGetData,
    kExists,
    kGetChildren,
    kSync,
    kPing,
    kCloseSession,
    kSetWatches,  // after a reconnect: path lists below, relative to relative_zxid
  };
  Type type = Type::kPing;
  int32_t cxid = 0;
  std::vector<Op> ops;  // writes
  std::string path;     // reads and sync
  bool watch = false;
  Zxid relative_zxid;  // kSetWatches
  std::vector<std::string> data_watches, exist_watches, child_watches;
  static Request Of(Type type, int32_t cxid = 0) {
    Request r;
    r.type = type;
    r.cxid = cxid;
    return r;
  }
  bool IsWrite() const {
    return type == Type::kCreate || type == Type::kDelete || type == Type::kSetData ||
           type == Type::kCheck || type == Type::kMulti || type == Type::kCloseSession;
  }
};
struct ClientRequest {
  static constexpr sim::Kind kKind{"zk.ClientRequest"};
  SessionId session;
  Request request;
};
struct Reply {
  static constexpr sim::Kind kKind{"zk.Reply"};
  int32_t cxid = 0;
  Zxid zxid;  // the server's last processed zxid
  Code code = Code::kOk;
  std::vector<OpResult> results;
  std::string data;
  Stat stat;
  std::vector<std::string> children;
};
struct WatcherNotification {
  static constexpr sim::Kind kKind{"zk.WatcherEvent"};
  EventType type = EventType::kNone;
  std::string path;
};
// The server drops the connection (it stopped serving, or the session was closed).
struct CloseConnection {
  static constexpr sim::Kind kKind{"zk.CloseConnection"};
};

using PacketBody =
    std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch, SyncAndNewLeader, AckNewLeader,
                 UpToDate, Proposal, Ack, Commit, LeaderPing, FollowerPing, ForwardedRequest,
                 Revalidate, RevalidateReply, SyncRequest, SyncReply, ConnectRequest,
                 ConnectResponse, ClientRequest, Reply, WatcherNotification, CloseConnection>;

class Packet : public sim::Message {
 public:
  explicit Packet(PacketBody body) : body_(std::move(body)) {}
  const PacketBody& body() const { return body_; }
  const sim::Kind& kind() const override {
    return std::visit([](const auto& b) -> const sim::Kind& { return b.kKind; }, body_);
  }
  int64_t SizeBytes() const override;

 private:
  PacketBody body_;
};

template <typename T>
sim::MessagePtr MakePacket(T body) {
  return std::make_shared<Packet>(PacketBody(std::move(body)));
}

}  // namespace zk
