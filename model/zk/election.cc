// FastLeaderElection (FastLeaderElection.java, ZooKeeper 3.5): each LOOKING server votes for the
// best (epoch, zxid, sid) it has heard of in the current round and tells everyone; once a quorum
// shares its vote it waits finalizeWait (200 ms) for a better one, then leads or follows.
// A server that joins a running ensemble learns the leader from the FOLLOWING and LEADING
// servers' answers. Lost notifications are resent with a timeout that doubles up to 60 s.
#include "model/zk/server.h"

namespace zk {

ZkServer::Vote ZkServer::SelfVote() const {
  return Vote{sid_, log_.last_zxid(), log_.current_epoch, logical_clock_, ServerState::kLooking};
}

bool ZkServer::SameVote(const Vote& a, const Vote& b) {
  if (a.state == ServerState::kLooking || b.state == ServerState::kLooking) {
    return a.leader == b.leader && a.zxid == b.zxid && a.election_epoch == b.election_epoch &&
           a.peer_epoch == b.peer_epoch;
  }
  return a.leader == b.leader && a.peer_epoch == b.peer_epoch;
}

bool ZkServer::TotalOrder(int64_t new_id, Zxid new_zxid, uint32_t new_epoch, int64_t cur_id,
                          Zxid cur_zxid, uint32_t cur_epoch) const {
  return new_epoch > cur_epoch ||
         (new_epoch == cur_epoch &&
          (new_zxid > cur_zxid || (new_zxid == cur_zxid && new_id > cur_id)));
}

bool ZkServer::HasQuorumFor(const std::map<int64_t, Vote>& votes, const Vote& v) const {
  size_t agree = 0;
  for (const auto& [sid, vote] : votes) agree += SameVote(vote, v) ? 1 : 0;
  return IsQuorum(agree);
}

bool ZkServer::CheckLeader(const std::map<int64_t, Vote>& votes, int64_t leader,
                           uint64_t election_epoch) const {
  if (leader != sid_) {
    const auto it = votes.find(leader);
    return it != votes.end() && it->second.state == ServerState::kLeading;
  }
  return logical_clock_ == election_epoch;
}

void ZkServer::StartElection() {
  ++logical_clock_;
  vote_ = SelfVote();
  recvset_.clear();
  outofelection_.clear();
  finalizing_ = false;
  notification_timeout_ = kFinalizeWait;
  SendNotifications();
  Arm(kNotifyTimer, notification_timeout_);
  if (HasQuorumFor(recvset_, vote_)) {  // an ensemble of one
    finalizing_ = true;
    finalize_at_ = ctx().Now() + kFinalizeWait;
    Arm(kFinalizeTimer, kFinalizeWait);
  }
}

void ZkServer::SendNotifications() {
  vote_.election_epoch = logical_clock_;
  recvset_[sid_] =
      Vote{vote_.leader, vote_.zxid, vote_.peer_epoch, logical_clock_, ServerState::kLooking};
  for (const ServerSpec& peer : ensemble_) {
    if (peer.sid == sid_) continue;
    ctx().Send(peer.node, MakePacket(Notification{vote_.leader, vote_.zxid, logical_clock_, state_,
                                                  vote_.peer_epoch, sid_}));
  }
}

void ZkServer::OnNotification(const Notification& n) {
  if (state_ != ServerState::kLooking) {
    // A server that is out of the election tells a LOOKING one whom it follows.
    if (n.state == ServerState::kLooking) {
      SendTo(n.sid, MakePacket(Notification{vote_.leader, vote_.zxid, vote_.election_epoch, state_,
                                            vote_.peer_epoch, sid_}));
    }
    return;
  }
  const Vote theirs{n.leader, n.zxid, n.peer_epoch, n.election_epoch, ServerState::kLooking};
  if (n.state == ServerState::kLooking) {
    if (n.election_epoch > logical_clock_) {
      logical_clock_ = n.election_epoch;
      recvset_.clear();
      finalizing_ = false;  // the old round's quorum means nothing in the new one
      const Vote self = SelfVote();
      vote_ = TotalOrder(n.leader, n.zxid, n.peer_epoch, self.leader, self.zxid, self.peer_epoch)
                  ? theirs
                  : self;
      SendNotifications();
    } else if (n.election_epoch < logical_clock_) {
      // WorkerReceiver: a LOOKING peer in an older round gets our current vote back.
      SendTo(n.sid, MakePacket(Notification{vote_.leader, vote_.zxid, logical_clock_, state_,
                                            vote_.peer_epoch, sid_}));
      return;
    } else if (TotalOrder(n.leader, n.zxid, n.peer_epoch, vote_.leader, vote_.zxid,
                          vote_.peer_epoch)) {
      vote_ = theirs;
      finalizing_ = false;  // a better vote arrived: keep looking
      SendNotifications();
    }
    recvset_[n.sid] = theirs;
    if (HasQuorumFor(recvset_, Vote{vote_.leader, vote_.zxid, vote_.peer_epoch, logical_clock_,
                                    ServerState::kLooking})) {
      if (!finalizing_) {
        finalizing_ = true;
        finalize_at_ = ctx().Now() + kFinalizeWait;
        Arm(kFinalizeTimer, kFinalizeWait);
      }
    }
    return;
  }
  // The sender is FOLLOWING or LEADING: maybe a leader is already there to join.
  const Vote out{n.leader, n.zxid, n.peer_epoch, n.election_epoch, n.state};
  if (n.election_epoch == logical_clock_) {
    recvset_[n.sid] = theirs;
    if (HasQuorumFor(recvset_, theirs) && CheckLeader(outofelection_, n.leader, n.election_epoch)) {
      Decide(out);
      return;
    }
  }
  outofelection_[n.sid] = out;
  if (HasQuorumFor(outofelection_, out) &&
      CheckLeader(outofelection_, n.leader, n.election_epoch)) {
    logical_clock_ = n.election_epoch;
    Decide(out);
  }
}

void ZkServer::Decide(const Vote& v) {
  if (v.state == ServerState::kLooking && ctx().Now() < finalize_at_) return;  // an older timer
  finalizing_ = false;
  vote_ = v;
  vote_.election_epoch = logical_clock_;
  if (v.leader == sid_) {
    BecomeLeading();
  } else {
    BecomeFollowing(v.leader);
  }
}

}  // namespace zk
