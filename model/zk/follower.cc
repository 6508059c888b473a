// ZAB, the follower's side (Learner.java, Follower.java, ZooKeeper 3.5): FOLLOWERINFO, then
// ACKEPOCH for the leader's new epoch, then the leader's history (truncating what it never had),
// NEWLEADER's ack, and UPTODATE, after which the follower serves clients. In broadcast it logs and
// acks each proposal and applies commits in order. syncLimit ticks without a word from the leader,
// or initLimit ticks without finishing the sync, send it back to LOOKING.
#include "model/zk/server.h"

namespace zk {

void ZkServer::BecomeFollowing(int64_t leader_sid) {
  EnterState(ServerState::kFollowing);
  leader_sid_ = leader_sid;
  phase_ = FollowerPhase::kDiscovery;
  touched_.clear();
  HeardFromLeader();
  expect_new_connection_ = true;
  connect_attempts_ = 1;
  SendTo(leader_sid, MakePacket(FollowerInfo{sid_, log_.accepted_epoch}));
  Arm(kFollowerInfoRetry, sim::Duration::Seconds(1));
  ArmPhaseDeadline();
}

// Learner.connectToLeader: five tries a second apart; a leader that never answers is not one.
void ZkServer::FollowerRetryConnect() {
  if (state_ != ServerState::kFollowing || phase_ != FollowerPhase::kDiscovery) return;
  if (connect_attempts_ >= 5) {
    BecomeLooking("could not connect to the leader");
    return;
  }
  ++connect_attempts_;
  SendTo(leader_sid_, MakePacket(FollowerInfo{sid_, log_.accepted_epoch}));
  Arm(kFollowerInfoRetry, sim::Duration::Seconds(1));
}

void ZkServer::FollowerOnLeaderInfo(const LeaderInfo& m) {
  if (phase_ != FollowerPhase::kDiscovery) return;
  if (m.new_epoch < log_.accepted_epoch) {
    BecomeLooking("Leaders epoch is less than accepted epoch");
    return;
  }
  log_.accepted_epoch = m.new_epoch;
  phase_ = FollowerPhase::kSync;
  ArmPhaseDeadline();
  SendTo(leader_sid_, MakePacket(AckEpoch{sid_, log_.current_epoch, log_.last_zxid()}));
}

void ZkServer::FollowerOnSync(const SyncAndNewLeader& m) {
  if (phase_ != FollowerPhase::kSync) return;
  if (m.truncate) {
    ctx().Trace(kinds::kTruncate, {{"after", m.truncate_after.value}});
    log_.TruncateAfter(m.truncate_after);
    if (applied_entries_ > log_.entries().size()) RebuildTreeFrom(log_.entries().size());
  }
  for (const Txn& txn : m.diff) log_.Append(txn);
  // The history up to here is the leader's: apply it (quietly: it is not served until UPTODATE).
  for (size_t i = applied_entries_; i < log_.entries().size(); ++i)
    tree_.Apply(log_.entries()[i].txn);
  applied_entries_ = log_.entries().size();
  for (const Txn& txn : m.proposals) log_.Append(txn);
  log_.current_epoch = m.new_epoch;
  phase_ = FollowerPhase::kAwaitUpToDate;
  SendTo(leader_sid_, MakePacket(AckNewLeader{sid_}));
  for (const Txn& txn : m.proposals) SendTo(leader_sid_, MakePacket(Ack{sid_, txn.zxid}));
}

void ZkServer::FollowerOnUpToDate() {
  if (phase_ != FollowerPhase::kAwaitUpToDate) return;
  phase_ = FollowerPhase::kBroadcast;
  serving_ = true;
  const uint64_t chain = applied_entries_ == 0 ? 0 : log_.entries()[applied_entries_ - 1].chain;
  ctx().Trace(kinds::kSynced, {{"last_zxid", tree_.last_processed_zxid().value}, {"chain", chain}});
  Arm(kLeaderSilenceTimer, config_.tick() * config_.sync_limit);
}

void ZkServer::FollowerOnProposal(const Proposal& m) {
  if (phase_ == FollowerPhase::kDiscovery || phase_ == FollowerPhase::kSync) return;
  log_.Append(m.txn);
  SendTo(leader_sid_, MakePacket(Ack{sid_, m.txn.zxid}));
}

void ZkServer::FollowerOnCommit(const Commit& m) {
  if (phase_ == FollowerPhase::kDiscovery || phase_ == FollowerPhase::kSync) return;
  while (applied_entries_ < log_.entries().size() &&
         log_.entries()[applied_entries_].txn.zxid <= m.zxid) {
    ApplyCommitted(log_.entries()[applied_entries_].txn);
  }
}

void ZkServer::FollowerOnPing() {
  SendTo(leader_sid_,
         MakePacket(FollowerPing{sid_, std::vector<SessionId>(touched_.begin(), touched_.end())}));
  touched_.clear();
}

void ZkServer::FollowerCheckSilence() {
  if (state_ != ServerState::kFollowing || phase_ != FollowerPhase::kBroadcast) return;
  const sim::Duration limit = config_.tick() * config_.sync_limit;
  const sim::Duration silent = ctx().Now() - last_heard_from_leader_;
  if (silent >= limit) {
    BecomeLooking("Read timed out: no word from the leader for syncLimit ticks");
    return;
  }
  Arm(kLeaderSilenceTimer, limit - silent);
}

}  // namespace zk
