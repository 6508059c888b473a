// ZAB, the leader's side (Leader.java, LearnerHandler.java, ZooKeeper 3.5).
//
// Discovery: once a quorum (counting itself) has sent FOLLOWERINFO, the new epoch is one above
// every accepted epoch among them, and each follower gets LEADERINFO. Synchronisation: each
// follower that answers ACKEPOCH gets the leader's history (TRUNC what it has beyond the leader's,
// DIFF what it lacks) with NEWLEADER; a quorum of acks establishes the leader, and UPTODATE lets
// followers serve. Broadcast: proposals in zxid order, committed in order once a quorum (the leader
// included) has logged them. Every tickTime the leader checks that a quorum has been heard from
// within syncLimit ticks, or steps down.
#include <algorithm>
#include <string>

#include "model/zk/server.h"

namespace zk {
void ZkServer::BecomeLeading() {
  EnterState(ServerState::kLeading);
  leader_sid_ = sid_;
  // The leader's whole log is its history.
  for (size_t i = applied_entries_; i < log_.entries().size(); ++i) {
    tree_.Apply(log_.entries()[i].txn);
  }
  applied_entries_ = log_.entries().size();
  learners_.clear();
  broken_learners_.clear();
  epoch_decided_ = false;
  syncing_started_ = false;
  established_ = false;
  new_epoch_ = log_.accepted_epoch + 1;
  outstanding_.clear();
  pending_syncs_.clear();
  tick_ = 0;
  tick_skip_ = true;
  sessions_ = SessionTracker(config_.tick_time_ms);
  ArmPhaseDeadline();
  if (IsQuorum(1)) {  // an ensemble of one
    epoch_decided_ = syncing_started_ = true;
    log_.accepted_epoch = new_epoch_;
    Establish();
  }
}

void ZkServer::HeardFrom(int64_t sid) {
  const auto it = learners_.find(sid);
  if (it != learners_.end()) it->second.tick_of_next_ack_deadline = tick_ + config_.sync_limit;
}

void ZkServer::LeaderOnFollowerInfo(sim::NodeId from, const FollowerInfo& m) {
  Learner& learner = learners_[m.sid];
  learner = Learner{};
  learner.node = from;
  learner.tick_of_next_ack_deadline = tick_ + config_.init_limit + config_.sync_limit;
  if (epoch_decided_) {
    ctx().Send(from, MakePacket(LeaderInfo{new_epoch_}));
    return;
  }
  new_epoch_ = std::max(new_epoch_, m.accepted_epoch + 1);  // getEpochToPropose
  if (!IsQuorum(learners_.size() + 1)) return;
  epoch_decided_ = true;
  log_.accepted_epoch = new_epoch_;
  ArmPhaseDeadline();
  for (const auto& [sid, l] : learners_) ctx().Send(l.node, MakePacket(LeaderInfo{new_epoch_}));
}

void ZkServer::LeaderOnAckEpoch(const AckEpoch& m) {
  const auto it = learners_.find(m.sid);
  if (it == learners_.end()) return;
  HeardFrom(m.sid);
  Learner& learner = it->second;
  learner.acked_epoch = true;
  learner.current_epoch = m.current_epoch;
  learner.last_zxid = m.last_zxid;
  // waitForEpochAck: a follower that is more recent than the leader means the election went wrong.
  if (m.current_epoch > log_.current_epoch ||
      (m.current_epoch == log_.current_epoch && m.last_zxid > log_.last_zxid())) {
    BecomeLooking("Follower is ahead of the leader");
    return;
  }
  if (syncing_started_) {
    SyncLearner(m.sid);
    return;
  }
  size_t acked = 1;
  for (const auto& [sid, l] : learners_) acked += l.acked_epoch ? 1 : 0;
  if (!IsQuorum(acked)) return;
  syncing_started_ = true;
  ArmPhaseDeadline();
  for (const auto& [sid, l] : learners_) {
    if (l.acked_epoch) SyncLearner(sid);
  }
}

// LearnerHandler.syncFollower: the follower keeps the committed history it shares with the leader,
// drops everything past that (TRUNC: proposals that never committed, or that the leader never had),
// gets the committed history it lacks (DIFF), and gets the outstanding proposals again. One leader
// per epoch means two logs agree on every zxid both hold, so the common point is the leader's last
// committed zxid at or below the follower's last zxid. Before the leader is established its whole
// log counts as committed: establishing commits it.
void ZkServer::SyncLearner(int64_t sid) {
  Learner& learner = learners_[sid];
  SyncAndNewLeader sync;
  sync.new_epoch = new_epoch_;
  const auto& entries = log_.entries();
  const Zxid committed = established_ ? tree_.last_processed_zxid() : log_.last_zxid();
  const size_t common_end = log_.FirstAfter(std::min(learner.last_zxid, committed));
  const Zxid common = common_end == 0 ? Zxid{} : entries[common_end - 1].txn.zxid;
  if (common != learner.last_zxid) {
    sync.truncate = true;
    sync.truncate_after = common;
  }
  for (size_t i = common_end; i < entries.size(); ++i) {
    const Txn& txn = entries[i].txn;
    (txn.zxid <= committed ? sync.diff : sync.proposals).push_back(txn);
  }
  learner.synced = true;
  ctx().Send(learner.node, MakePacket(std::move(sync)));
}

void ZkServer::LeaderOnAckNewLeader(const AckNewLeader& m) {
  const auto it = learners_.find(m.sid);
  if (it == learners_.end() || !it->second.synced) return;
  HeardFrom(m.sid);
  it->second.acked_new_leader = true;
  if (established_) {
    it->second.up_to_date = true;
    ctx().Send(it->second.node, MakePacket(UpToDate{}));
    return;
  }
  size_t acked = 1;
  for (const auto& [sid, l] : learners_) acked += l.acked_new_leader ? 1 : 0;
  if (IsQuorum(acked)) Establish();
}

void ZkServer::Establish() {
  established_ = true;
  log_.current_epoch = new_epoch_;
  next_counter_ = 0;
  serving_ = true;
  ctx().Trace(
      kinds::kEstablished,
      {{"epoch", new_epoch_}, {"last_zxid", log_.last_zxid().value}, {"chain", log_.last_chain()}});
  for (auto& [sid, l] : learners_) {
    if (l.acked_new_leader) {
      l.up_to_date = true;
      ctx().Send(l.node, MakePacket(UpToDate{}));
    }
  }
  // A new leader gives every session a fresh timeout (SessionTrackerImpl's constructor).
  const int64_t now_ms = NowMs();
  for (const auto& [session, timeout_ms] : tree_.sessions())
    sessions_.Touch(session, timeout_ms, now_ms);
  Arm(kLeaderTickTimer, config_.tick() / 2);
  Arm(kSessionTimer, sim::Duration::Millis(sessions_.RoundUp(now_ms) - now_ms));
}

void ZkServer::Propose(Txn txn) {
  txn.zxid = Zxid::Make(new_epoch_, ++next_counter_);
  txn.time_ms = NowMs();
  log_.Append(txn);
  outstanding_[txn.zxid] = Outstanding{txn, {sid_}};
  for (const auto& [sid, l] : learners_) {
    if (l.synced) ctx().Send(l.node, MakePacket(Proposal{txn}));
  }
  TryCommit();
}

void ZkServer::LeaderOnAck(const Ack& m) {
  HeardFrom(m.sid);
  const auto learner = learners_.find(m.sid);
  const auto it = outstanding_.find(m.zxid);
  if (learner == learners_.end() || !learner->second.synced || it == outstanding_.end()) return;
  it->second.acks.insert(m.sid);
  TryCommit();
}

// Commits strictly in zxid order: a proposal with a quorum waits for the ones before it.
void ZkServer::TryCommit() {
  while (!outstanding_.empty() && IsQuorum(outstanding_.begin()->second.acks.size())) {
    const Txn txn = outstanding_.begin()->second.txn;
    outstanding_.erase(outstanding_.begin());
    const uint64_t chain = *log_.ChainAt(txn.zxid);
    ctx().Trace(kinds::kCommit, {{"zxid", txn.zxid.value}, {"chain", chain}});
    for (const auto& [sid, l] : learners_) {
      if (l.synced) ctx().Send(l.node, MakePacket(Commit{txn.zxid}));
    }
    ApplyCommitted(txn);
  }
  // sync(): answered once everything proposed before it has committed.
  // Answering a local sync may queue another (ServeQueue), so take the finished ones out first.
  const Zxid committed = tree_.last_processed_zxid();
  std::vector<PendingSync> done;
  std::erase_if(pending_syncs_, [&](const PendingSync& p) {
    if (p.after > committed) return false;
    done.push_back(p);
    return true;
  });
  for (const PendingSync& d : done) {
    if (d.reply_to == ctx().self()) {
      OnSyncReply(SyncReply{d.session, d.cxid});
    } else {
      ctx().Send(d.reply_to, MakePacket(SyncReply{d.session, d.cxid}));
    }
  }
}

void ZkServer::LeaderOnSync(sim::NodeId reply_to, SessionId session, int32_t cxid) {
  if (const auto peer = SidOf(reply_to)) HeardFrom(*peer);
  const Zxid after = outstanding_.empty() ? Zxid{} : outstanding_.rbegin()->first;
  pending_syncs_.push_back({reply_to, session, cxid, after});
  TryCommit();
}

void ZkServer::LeaderOnPing(const FollowerPing& m) {
  HeardFrom(m.sid);
  const int64_t now_ms = NowMs();
  for (SessionId s : m.touched) sessions_.TouchIfAlive(s, now_ms);
}

void ZkServer::LeaderOnRequest(const ForwardedRequest& m) {
  if (!established_) return;
  Txn txn;
  txn.kind = m.kind;
  txn.session = m.session;
  txn.cxid = m.cxid;
  txn.ops = m.ops;
  txn.session_timeout_ms = m.session_timeout_ms;
  Propose(std::move(txn));
}

void ZkServer::LeaderOnRevalidate(sim::NodeId from, const Revalidate& m) {
  HeardFrom(m.sid);
  const bool valid = established_ && sessions_.TouchIfAlive(m.session, NowMs());
  const auto timeout = tree_.sessions().find(m.session);
  const int32_t timeout_ms = timeout == tree_.sessions().end() ? 0 : timeout->second;
  ctx().Send(from, MakePacket(RevalidateReply{m.session, valid, timeout_ms}));
}

void ZkServer::LeaderTick() {
  if (state_ != ServerState::kLeading || !established_) return;
  if (!tick_skip_) {
    ++tick_;
    std::vector<int64_t> synced{sid_};
    for (auto it = learners_.begin(); it != learners_.end();) {
      if (tick_ <= it->second.tick_of_next_ack_deadline) {
        synced.push_back(it->first);
        ++it;
      } else {
        // LearnerHandler's read timeout: a learner silent for syncLimit ticks is disconnected,
        // so it goes LOOKING and its clients move on, instead of lingering half-connected.
        ctx().Send(it->second.node, MakePacket(CloseConnection{}));
        it = learners_.erase(it);
      }
    }
    if (!IsQuorum(synced.size())) {
      std::string sids;
      for (int64_t s : synced) sids += (sids.empty() ? "" : ",") + std::to_string(s);
      const std::string why =
          "Not sufficient followers synced, only synced with sids: [ " + sids + " ]";
      BecomeLooking(why.c_str());
      return;
    }
  }
  tick_skip_ = !tick_skip_;
  for (const auto& [sid, l] : learners_) ctx().Send(l.node, MakePacket(LeaderPing{}));
  Arm(kLeaderTickTimer, config_.tick() / 2);
}

void ZkServer::ProposeExpiry(SessionId s) {
  ctx().Trace(kinds::kSessionExpire, {{"session", s.value}});
  Txn txn;
  txn.kind = Txn::Kind::kCloseSession;
  txn.session = s;
  Propose(std::move(txn));
}

bool ZkServer::ExpireSession(SessionId session) {
  if (state_ != ServerState::kLeading || !established_ || !sessions_.ExpireNow(session)) {
    return false;
  }
  ProposeExpiry(session);
  return true;
}

void ZkServer::LeaderExpireSessions() {
  if (state_ != ServerState::kLeading || !established_) return;
  for (SessionId s : sessions_.TakeExpired(NowMs())) ProposeExpiry(s);
  // On the next tick multiple, even after a pause (ExpiryQueue buckets).
  const int64_t now_ms = NowMs();
  Arm(kSessionTimer, sim::Duration::Millis(sessions_.RoundUp(now_ms) - now_ms));
}

}  // namespace zk
