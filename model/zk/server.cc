// ZkServer: lifecycle, message dispatch, state changes and applying committed txns. The roles
// live in election.cc, leader.cc, follower.cc and client_service.cc.
#include "model/zk/server.h"

#include <type_traits>

namespace zk {

ZkServer::ZkServer(int64_t sid, std::vector<ServerSpec> ensemble, ZkConfig config)
    : sid_(sid), ensemble_(std::move(ensemble)), config_(config), sessions_(config.tick_time_ms) {}

void ZkServer::OnStart() {
  RebuildTreeFrom(log_.entries().size());
  BecomeLooking("startup");
}

void ZkServer::OnRestart() { OnStart(); }

void ZkServer::OnCrash(sim::CrashKind) {
  // The log is synced before every ack, so both kinds of crash keep it whole. Memory goes.
  tree_ = DataTree();
  applied_entries_ = 0;
  state_ = ServerState::kLooking;
  serving_ = false;
  ++era_;
  // FastLeaderElection lives in memory: a new process starts at election round 0 with no vote
  // (its logicalclock is a fresh AtomicLong), so a server that stayed up and is a round ahead
  // answers it at once.
  logical_clock_ = 0;
  vote_ = Vote{};
  recvset_.clear();
  outofelection_.clear();
  learners_.clear();
  outstanding_.clear();
  pending_syncs_.clear();
  conns_.clear();
  touched_.clear();
  sessions_ = SessionTracker(config_.tick_time_ms);
}

std::optional<int64_t> ZkServer::leader() const {
  if (state_ == ServerState::kLooking) return std::nullopt;
  return leader_sid_;
}

sim::NodeId ZkServer::NodeOf(int64_t sid) const {
  for (const ServerSpec& s : ensemble_) {
    if (s.sid == sid) return s.node;
  }
  return sim::NodeId{};
}

std::optional<int64_t> ZkServer::SidOf(sim::NodeId node) const {
  for (const ServerSpec& s : ensemble_) {
    if (s.node == node) return s.sid;
  }
  return std::nullopt;
}

void ZkServer::SendTo(int64_t sid, sim::MessagePtr message) {
  const sim::NodeId node = NodeOf(sid);
  if (node.valid()) ctx().Send(node, std::move(message));
}

void ZkServer::EnterState(ServerState state) {
  state_ = state;
  ++era_;
  serving_ = false;
  ctx().Trace(kinds::kState, {{"state", ToString(state)}, {"epoch", log_.current_epoch}});
}

void ZkServer::BecomeLooking(const char* why) {
  if (state_ == ServerState::kLeading) {
    ctx().Trace(kinds::kShutdown, {{"reason", why}});
    for (const auto& [sid, learner] : learners_)
      ctx().Send(learner.node, MakePacket(CloseConnection{}));
  } else if (state_ == ServerState::kFollowing) {
    SendTo(leader_sid_, MakePacket(CloseConnection{}));
  }
  CloseAllClients();
  learners_.clear();
  broken_learners_.clear();
  outstanding_.clear();
  pending_syncs_.clear();
  touched_.clear();
  EnterState(ServerState::kLooking);
  StartElection();
}

void ZkServer::RebuildTreeFrom(size_t entries) {
  tree_ = DataTree();
  for (size_t i = 0; i < entries; ++i) tree_.Apply(log_.entries()[i].txn);
  applied_entries_ = entries;
}

// Applies the next logged txn, which has committed: answers the local client that asked for it,
// delivers the watches it fired and records it for the checkers.
void ZkServer::ApplyCommitted(const Txn& txn) {
  const ApplyResult result = tree_.Apply(txn);
  ++applied_entries_;
  ctx().Trace(kinds::kApply,
              {{"zxid", txn.zxid.value}, {"chain", log_.entries()[applied_entries_ - 1].chain}});
  if (state_ == ServerState::kLeading) {
    if (txn.kind == Txn::Kind::kCreateSession) {
      sessions_.Touch(txn.session, txn.session_timeout_ms, NowMs());
    } else if (txn.kind == Txn::Kind::kCloseSession) {
      sessions_.Remove(txn.session);
    }
  }
  DeliverWatchEvents(result.events);
  AnswerWrite(txn, result);
}

void ZkServer::OnMessage(sim::NodeId from, const sim::MessagePtr& message) {
  const auto& body = static_cast<const Packet&>(*message).body();
  const std::optional<int64_t> peer = SidOf(from);
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Notification>) {
          OnNotification(m);
        } else if constexpr (std::is_same_v<T, ConnectRequest>) {
          OnConnect(from, m);
        } else if constexpr (std::is_same_v<T, ClientRequest>) {
          OnClientRequest(from, m);
        } else if constexpr (std::is_same_v<T, CloseConnection>) {
          if (!peer) {  // a client hung up
            for (const auto& [session, conn] : conns_) {
              if (conn.node == from) {
                CloseClient(session);
                break;
              }
            }
          } else if (state_ == ServerState::kFollowing && *peer == leader_sid_) {
            BecomeLooking("leader closed the connection");
          } else if (state_ == ServerState::kLeading && learners_.contains(*peer)) {
            learners_.erase(*peer);
          }
        } else if (state_ == ServerState::kLeading && peer) {
          if (broken_learners_.erase(*peer) > 0 && !std::is_same_v<T, FollowerInfo>) {
            ctx().Send(from, MakePacket(CloseConnection{}));  // it must start over
            return;
          }
          if constexpr (std::is_same_v<T, FollowerInfo>) LeaderOnFollowerInfo(from, m);
          if constexpr (std::is_same_v<T, AckEpoch>) LeaderOnAckEpoch(m);
          if constexpr (std::is_same_v<T, AckNewLeader>) LeaderOnAckNewLeader(m);
          if constexpr (std::is_same_v<T, Ack>) LeaderOnAck(m);
          if constexpr (std::is_same_v<T, FollowerPing>) LeaderOnPing(m);
          if constexpr (std::is_same_v<T, ForwardedRequest>) LeaderOnRequest(m);
          if constexpr (std::is_same_v<T, Revalidate>) LeaderOnRevalidate(from, m);
          if constexpr (std::is_same_v<T, SyncRequest>) LeaderOnSync(from, m.session, m.cxid);
        } else if (state_ == ServerState::kFollowing && peer && *peer == leader_sid_) {
          HeardFromLeader();
          expect_new_connection_ = false;
          if constexpr (std::is_same_v<T, LeaderInfo>) FollowerOnLeaderInfo(m);
          if constexpr (std::is_same_v<T, SyncAndNewLeader>) FollowerOnSync(m);
          if constexpr (std::is_same_v<T, UpToDate>) FollowerOnUpToDate();
          if constexpr (std::is_same_v<T, Proposal>) FollowerOnProposal(m);
          if constexpr (std::is_same_v<T, Commit>) FollowerOnCommit(m);
          if constexpr (std::is_same_v<T, LeaderPing>) FollowerOnPing();
          if constexpr (std::is_same_v<T, RevalidateReply>) OnRevalidateReply(m);
          if constexpr (std::is_same_v<T, SyncReply>) OnSyncReply(m);
        }
      },
      body);
}

// A broken TCP connection: the follower must resync with its leader, the leader forgets the
// learner (it will come back with FOLLOWERINFO), and a client's old connection is gone.
void ZkServer::OnConnectionReset(sim::NodeId peer) {
  const std::optional<int64_t> sid = SidOf(peer);
  if (!sid) {
    for (auto it = conns_.begin(); it != conns_.end();) {
      if (it->second.node == peer) {
        tree_.RemoveWatches(it->first);
        it = conns_.erase(it);
      } else {
        ++it;
      }
    }
    return;
  }
  if (state_ == ServerState::kFollowing && *sid == leader_sid_) {
    if (!expect_new_connection_) BecomeLooking("the connection to the leader broke");
  } else if (state_ == ServerState::kLeading && learners_.erase(*sid) > 0) {
    broken_learners_.insert(*sid);
  }
}

void ZkServer::OnTimer(sim::TimerId, uint64_t tag) {
  if ((tag >> 8) != era_) return;  // set in an earlier state
  switch (static_cast<Timer>(tag & 0xff)) {
    case kNotifyTimer:
      if (state_ == ServerState::kLooking && !finalizing_) {
        SendNotifications();
        notification_timeout_ = std::min(notification_timeout_ * 2, kMaxNotificationInterval);
        Arm(kNotifyTimer, notification_timeout_);
      }
      break;
    case kFinalizeTimer:
      if (state_ == ServerState::kLooking && finalizing_) Decide(vote_);
      break;
    case kLeaderTickTimer:
      LeaderTick();
      break;
    case kPhaseDeadline:
      if (state_ == ServerState::kLeading && !established_) {
        BecomeLooking("Timeout while waiting for a quorum of followers");
      } else if (state_ == ServerState::kFollowing && phase_ != FollowerPhase::kBroadcast) {
        BecomeLooking("Timeout while syncing with the leader");
      }
      break;
    case kLeaderSilenceTimer:
      FollowerCheckSilence();
      break;
    case kSessionTimer:
      LeaderExpireSessions();
      break;
    case kFollowerInfoRetry:
      FollowerRetryConnect();
      break;
  }
}

}  // namespace zk
