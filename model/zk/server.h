// ZkServer: one ZooKeeper server of an ensemble, as a simulated node.
//
// LOOKING, it runs FastLeaderElection (election.cc). LEADING or FOLLOWING, it runs ZAB: discovery
// (a new epoch above every follower's), synchronisation (each follower gets the leader's history,
// truncating what it logged but the leader never had) and broadcast (proposal, quorum of acks
// counting the leader, commit in zxid order) (leader.cc, follower.cc). A leader that stops hearing
// a quorum within syncLimit ticks, or a follower that stops hearing its leader, goes back to
// LOOKING and drops its clients.
//
// Serving (a synced follower or an established leader), it takes client connections: reads are
// answered from its own applied state (so they can be stale), writes go to the leader, and each
// client's requests are answered in order (client_service.cc). Only the leader expires sessions.
//
// What survives a crash is the TxnLog (durable before every ack); the data tree is rebuilt from it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/zk/config.h"
#include "model/zk/data_tree.h"
#include "model/zk/messages.h"
#include "model/zk/session_tracker.h"
#include "model/zk/txn_log.h"
#include "sim/node.h"

namespace zk {

struct ServerSpec {
  int64_t sid = 0;  // myid
  sim::NodeId node;
};

// Trace kinds the servers record; model/zk/invariants.h checks ZAB's safety on them.
namespace kinds {
inline constexpr sim::Kind kState{"zk.state"};                   // {state, epoch}
inline constexpr sim::Kind kEstablished{"zk.established"};       // leader: {epoch, last_zxid}
inline constexpr sim::Kind kCommit{"zk.commit"};                 // leader: {zxid, chain}
inline constexpr sim::Kind kApply{"zk.apply"};                   // serving server: {zxid, chain}
inline constexpr sim::Kind kSynced{"zk.synced"};                 // follower: {last_zxid, chain}
inline constexpr sim::Kind kTruncate{"zk.truncate"};             // follower: {after}
inline constexpr sim::Kind kShutdown{"zk.shutdown"};             // leader: {reason}
inline constexpr sim::Kind kSessionExpire{"zk.session_expire"};  // leader: {session}
}  // namespace kinds

class ZkServer : public sim::Node {
 public:
  ZkServer(int64_t sid, std::vector<ServerSpec> ensemble, ZkConfig config);

  void OnStart() override;
  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId id, uint64_t tag) override;
  void OnCrash(sim::CrashKind kind) override;
  void OnRestart() override;
  void OnConnectionReset(sim::NodeId peer) override;

  // Observation, for tests, checkers and the view.
  int64_t sid() const { return sid_; }
  ServerState state() const { return state_; }
  // An operator's (or a test's) power: the leader expires `session` now, as if its timeout had
  // passed, and its client hears so when it next talks to the ensemble. False unless this server
  // leads an established ensemble in which the session is alive.
  bool ExpireSession(SessionId session);
  bool serving() const { return serving_; }
  std::optional<int64_t> leader() const;  // the leader it follows or is
  uint32_t current_epoch() const { return log_.current_epoch; }
  const TxnLog& log() const { return log_; }
  const DataTree& tree() const { return tree_; }
  Zxid last_processed_zxid() const { return tree_.last_processed_zxid(); }
  size_t client_count() const { return conns_.size(); }
  const ZkConfig& config() const { return config_; }

 private:
  enum Timer : uint64_t {
    kNotifyTimer = 1,     // election: resend notifications
    kFinalizeTimer,       // election: finalizeWait elapsed
    kLeaderTickTimer,     // leader: every tickTime/2, ping and count the synced quorum
    kPhaseDeadline,       // discovery and sync must finish within initLimit ticks
    kLeaderSilenceTimer,  // follower: syncLimit ticks without a word from the leader
    kSessionTimer,        // leader: expire sessions once per tick
    kFollowerInfoRetry,   // follower: FOLLOWERINFO again (Learner.connectToLeader tries 5 times)
  };
  struct Vote {
    int64_t leader = 0;
    Zxid zxid;
    uint32_t peer_epoch = 0;
    uint64_t election_epoch = 0;
    ServerState state = ServerState::kLooking;
  };
  // Vote.equals (ZooKeeper 3.5): votes from servers out of the election compare by leader and
  // epoch only; otherwise zxid and election round must match too.
  static bool SameVote(const Vote& a, const Vote& b);
  struct Learner {  // the leader's view of one follower
    sim::NodeId node;
    bool acked_epoch = false;
    Zxid last_zxid;
    uint32_t current_epoch = 0;
    bool synced = false;  // sent its history; it gets every proposal from now on
    bool acked_new_leader = false;
    bool up_to_date = false;
    int64_t tick_of_next_ack_deadline = 0;
  };
  struct Outstanding {
    Txn txn;
    std::set<int64_t> acks;
  };
  struct PendingSync {
    sim::NodeId reply_to;  // a follower, or this server for its own clients
    SessionId session;
    int32_t cxid;
    Zxid after;  // answer once this zxid has committed
  };
  struct ClientConn {
    sim::NodeId node;
    bool established = false;   // the session exists and the client has its ConnectResponse
    std::deque<Request> queue;  // requests not yet answered, in order
    bool head_in_flight = false;
  };

  // server.cc: state changes and shared plumbing
  void BecomeLooking(const char* why);
  void BecomeFollowing(int64_t leader_sid);
  void BecomeLeading();
  void EnterState(ServerState state);
  void SendTo(int64_t sid, sim::MessagePtr message);
  sim::NodeId NodeOf(int64_t sid) const;
  std::optional<int64_t> SidOf(sim::NodeId node) const;
  bool IsQuorum(size_t voters) const { return voters * 2 > ensemble_.size(); }
  uint64_t TimerTag(Timer t) const { return (era_ << 8) | t; }
  // Simulated time in milliseconds: ZooKeeper's unit for txn times and session deadlines.
  int64_t NowMs() const { return ctx().Now().nanos() / 1'000'000; }
  void Arm(Timer t, sim::Duration after) { ctx().ScheduleAfter(after, TimerTag(t)); }
  // Each phase of discovery and sync gets its own initLimit: a new deadline replaces the old one.
  void ArmPhaseDeadline() {
    ctx().Cancel(phase_deadline_);
    phase_deadline_ =
        ctx().ScheduleAfter(config_.tick() * config_.init_limit, TimerTag(kPhaseDeadline));
  }
  void RebuildTreeFrom(size_t entries);
  void ApplyCommitted(const Txn& txn);

  // election.cc
  void StartElection();
  void SendNotifications();
  void OnNotification(const Notification& n);
  bool TotalOrder(int64_t new_id, Zxid new_zxid, uint32_t new_epoch, int64_t cur_id, Zxid cur_zxid,
                  uint32_t cur_epoch) const;
  bool HasQuorumFor(const std::map<int64_t, Vote>& votes, const Vote& v) const;
  bool CheckLeader(const std::map<int64_t, Vote>& votes, int64_t leader,
                   uint64_t election_epoch) const;
  void Decide(const Vote& v);
  Vote SelfVote() const;

  // leader.cc
  void LeaderOnFollowerInfo(sim::NodeId from, const FollowerInfo& m);
  void LeaderOnAckEpoch(const AckEpoch& m);
  void LeaderOnAckNewLeader(const AckNewLeader& m);
  void LeaderOnAck(const Ack& m);
  void LeaderOnPing(const FollowerPing& m);
  void LeaderOnRequest(const ForwardedRequest& m);
  void LeaderOnRevalidate(sim::NodeId from, const Revalidate& m);
  void LeaderOnSync(sim::NodeId reply_to, SessionId session, int32_t cxid);
  void LeaderTick();
  void LeaderExpireSessions();
  void ProposeExpiry(SessionId s);
  void SyncLearner(int64_t sid);
  void Establish();
  void Propose(Txn txn);
  void TryCommit();
  void HeardFrom(int64_t sid);

  // follower.cc
  void FollowerOnLeaderInfo(const LeaderInfo& m);
  void FollowerOnSync(const SyncAndNewLeader& m);
  void FollowerOnUpToDate();
  void FollowerOnProposal(const Proposal& m);
  void FollowerOnCommit(const Commit& m);
  void FollowerOnPing();
  void FollowerCheckSilence();
  void FollowerRetryConnect();
  void HeardFromLeader() { last_heard_from_leader_ = ctx().Now(); }

  // client_service.cc
  void OnConnect(sim::NodeId from, const ConnectRequest& m);
  void OnClientRequest(sim::NodeId from, const ClientRequest& m);
  void OnRevalidateReply(const RevalidateReply& m);
  void OnSyncReply(const SyncReply& m);
  void ServeQueue(SessionId session);
  void AnswerRead(ClientConn& conn, SessionId session, const Request& r);
  void SubmitWrite(SessionId session, const Request& r);
  void AnswerWrite(const Txn& txn, const ApplyResult& result);
  void DeliverWatchEvents(const std::vector<WatchEvent>& events);
  void TouchSession(SessionId session);
  void CloseAllClients();
  void CloseClient(SessionId session);

  // Identity and configuration.
  const int64_t sid_;
  const std::vector<ServerSpec> ensemble_;
  const ZkConfig config_;

  // Durable.
  TxnLog log_;

  // Volatile: rebuilt after a crash.
  DataTree tree_;
  size_t applied_entries_ = 0;  // log entries reflected in tree_
  ServerState state_ = ServerState::kLooking;
  uint64_t era_ = 0;  // bumped on every state change; stale timers are ignored
  bool serving_ = false;
  int64_t leader_sid_ = 0;

  // Election.
  uint64_t logical_clock_ = 0;
  Vote vote_;
  std::map<int64_t, Vote> recvset_, outofelection_;
  sim::Duration notification_timeout_;
  bool finalizing_ = false;
  sim::Time finalize_at_;

  // Leader.
  std::map<int64_t, Learner> learners_;
  std::set<int64_t> broken_learners_;  // their connection broke; only FOLLOWERINFO is welcome
  bool epoch_decided_ = false;
  uint32_t new_epoch_ = 0;
  bool syncing_started_ = false;
  bool established_ = false;
  int64_t tick_ = 0;
  bool tick_skip_ = true;
  uint32_t next_counter_ = 0;
  std::map<Zxid, Outstanding> outstanding_;
  std::vector<PendingSync> pending_syncs_;
  SessionTracker sessions_;

  // Follower.
  enum class FollowerPhase { kDiscovery, kSync, kAwaitUpToDate, kBroadcast };
  FollowerPhase phase_ = FollowerPhase::kDiscovery;
  sim::Time last_heard_from_leader_;
  bool expect_new_connection_ = false;  // the leader's first answer comes on a new connection
  int connect_attempts_ = 0;
  sim::TimerId phase_deadline_;
  std::set<SessionId> touched_;

  // Clients connected to this server.
  std::map<SessionId, ClientConn> conns_;
};

}  // namespace zk
