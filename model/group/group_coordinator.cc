// See group_coordinator.h.
#include "model/group/group_coordinator.h"

#include <algorithm>

#include "model/client/partitioner.h"
#include "model/common/trace_kinds.h"
#include "model/group/offsets_topic.h"

namespace kafka {
namespace {

// group.min.session.timeout.ms and group.max.session.timeout.ms.
constexpr int32_t kMinSessionTimeoutMs = 6000;
constexpr int32_t kMaxSessionTimeoutMs = 1'800'000;

// GroupMetadataManager.storeOffsets: how a failed write of offsets (plain or transactional)
// reaches the committing client.
ErrorCode OffsetWriteError(const ProduceResponse& r) {
  const ErrorCode written =
      r.entries.empty() ? ErrorCode::kUnknownTopicOrPartition : r.entries[0].error;
  switch (written) {
    case ErrorCode::kNotLeaderOrFollower:
    case ErrorCode::kUnknownTopicOrPartition:
      return ErrorCode::kNotCoordinator;
    case ErrorCode::kNotEnoughReplicas:
    case ErrorCode::kNotEnoughReplicasAfterAppend:
    case ErrorCode::kRequestTimedOut:
      return ErrorCode::kCoordinatorNotAvailable;
    default:
      return written;
  }
}

}  // namespace

GroupCoordinator::GroupCoordinator(sim::Context& ctx, const BrokerConfig& config, Hooks hooks)
    : ctx_(ctx), config_(config), hooks_(std::move(hooks)) {}

int64_t GroupCoordinator::NowMs() const { return ctx_.LocalNow().SinceZero().millis(); }

int32_t GroupCoordinator::PartitionFor(const std::string& group) const {
  return CoordinatorPartition(group, config_.offsets_topic_num_partitions);
}

bool GroupCoordinator::Owns(const std::string& group) const {
  return owned_partitions_.contains(PartitionFor(group));
}

const GroupMetadata* GroupCoordinator::Group(const std::string& group) const {
  const auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

GroupMetadata* GroupCoordinator::Find(const std::string& group) {
  const auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

GroupMetadata& GroupCoordinator::GetOrCreate(const std::string& group) {
  GroupMetadata& g = groups_[group];
  g.group_id = group;
  return g;
}

// GroupMetadataManager.loadGroupsForPartition / removeGroupsForPartition.
void GroupCoordinator::OnLeadershipChange(const TopicPartition& tp, bool leader) {
  if (tp.topic != kOffsetsTopic) return;
  if (!leader) {
    owned_partitions_.erase(tp.partition);
    std::erase_if(groups_, [&](const auto& g) { return PartitionFor(g.first) == tp.partition; });
    return;
  }
  owned_partitions_.insert(tp.partition);
  const Partition* p = hooks_.replica(tp);
  if (p == nullptr) return;
  std::map<std::string, LoadedGroup> loaded;
  // Transactional offsets count once their COMMIT marker follows (GroupMetadataManager's
  // pendingOffsetsByProducer during loading); those still open stay pending.
  const std::vector<BatchPtr> batches = p->log().AllBatches();
  std::map<int64_t, std::vector<const Record*>> open;
  for (const BatchPtr& batch : batches) {
    if (batch->is_control()) {
      const auto it = open.find(batch->producer_id);
      if (it == open.end()) continue;
      if (batch->control == ControlType::kCommit) {
        for (const Record* r : it->second) ReplayOffsetsRecord(*r, &loaded);
      }
      open.erase(it);
    } else if (batch->transactional) {
      for (const Record& r : batch->records) open[batch->producer_id].push_back(&r);
    } else {
      for (const Record& r : batch->records) ReplayOffsetsRecord(r, &loaded);
    }
  }
  std::map<int64_t, std::map<std::string, LoadedGroup>> still_open;
  for (const auto& [pid, records] : open) {
    for (const Record* r : records) ReplayOffsetsRecord(*r, &still_open[pid]);
  }
  for (auto& [id, l] : loaded) {
    GroupMetadata& g = GetOrCreate(id);
    if (l.metadata) {
      // GroupMetadata.loadGroup: a group with members resumes Stable, and each member's session
      // runs from now, as if it had just heartbeated.
      g = std::move(*l.metadata);
      g.state = g.members.empty() ? GroupState::kEmpty : GroupState::kStable;
      for (auto& [member_id, m] : g.members) m.last_heartbeat_ms = NowMs();
      for (const auto& [member_id, m] : g.members) {
        ScheduleCheck(id, NowMs() + m.session_timeout_ms);
      }
    }
    g.offsets = std::move(l.offsets);
  }
  for (auto& [pid, groups] : still_open) {
    for (auto& [id, l] : groups) GetOrCreate(id).pending_txn_offsets[pid] = std::move(l.offsets);
  }
  ctx_.Trace(kinds::kCoordinatorLoaded,
             {{"partition", ToString(tp)}, {"groups", static_cast<int64_t>(loaded.size())}});
}

void GroupCoordinator::Transition(GroupMetadata& g, GroupState to) {
  const GroupState from = g.state;
  if (!g.Transition(to)) return;
  ctx_.Trace(kinds::kGroupState, {{"group", g.group_id},
                                  {"from", ToString(from)},
                                  {"to", ToString(to)},
                                  {"generation", g.generation_id}});
}

std::string GroupCoordinator::NewMemberId(const std::string& client_id) {
  // clientId-UUID, as GroupCoordinator.generateMemberId; the UUID comes from the broker's seed.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) uuid += '-';
    uuid += kHex[ctx_.rng().Below(16)];
  }
  return (client_id.empty() ? "consumer" : client_id) + "-" + uuid;
}

void GroupCoordinator::ScheduleCheck(const std::string& group, int64_t at_ms) {
  // One check chain per group: a check already due earlier will schedule the next itself.
  auto [it, fresh] = next_check_ms_.try_emplace(group, at_ms);
  if (!fresh && it->second <= at_ms && it->second >= NowMs()) return;
  it->second = at_ms;
  const uint64_t id = next_check_id_++;
  checks_[id] = group;
  ctx_.ScheduleAfter(sim::Duration::Millis(std::max<int64_t>(at_ms - NowMs(), 0)), kTagBase | id);
}

bool GroupCoordinator::HandleTimer(uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) != kTagBase) return false;
  const auto it = checks_.find(tag & ~(uint64_t{0xffff} << 48));
  if (it == checks_.end()) return true;
  const std::string group = it->second;
  checks_.erase(it);
  if (auto due = next_check_ms_.find(group);
      due != next_check_ms_.end() && due->second <= NowMs()) {
    next_check_ms_.erase(due);
  }
  Check(group);
  return true;
}

// The group's clocks: members whose session ran out leave; a rebalance whose time is up ends.
void GroupCoordinator::Check(const std::string& group) {
  GroupMetadata* g = Find(group);
  if (g == nullptr) return;
  const int64_t now = NowMs();
  std::vector<std::string> expired;
  for (const auto& [id, m] : g->members) {
    const bool waiting = m.join_waiter.has_value() || m.sync_waiter.has_value();
    if (!waiting && now - m.last_heartbeat_ms >= m.session_timeout_ms) expired.push_back(id);
  }
  for (const std::string& id : expired) RemoveMember(*g, id, "session timeout");
  // A member that showed signs of life since (a heartbeat, a commit) is looked at again when its
  // session would end. One waiting in JoinGroup or SyncGroup cannot expire now, but can once its
  // answer comes: it is looked at again a session from now, so the chain of checks never ends
  // while the group has members (a past deadline of a waiting member would otherwise end it).
  int64_t next_deadline = INT64_MAX;
  for (const auto& [id, m] : g->members) {
    const bool waiting = m.join_waiter.has_value() || m.sync_waiter.has_value();
    next_deadline = std::min(next_deadline, waiting ? now + m.session_timeout_ms
                                                    : m.last_heartbeat_ms + m.session_timeout_ms);
  }
  // A rebalance in progress is also looked at when its join deadline comes: a check that was
  // already due when the rebalance began stands in for the one PrepareRebalance asked for.
  if (g->state == GroupState::kPreparingRebalance && g->join_deadline_ms > now) {
    next_deadline = std::min(next_deadline, g->join_deadline_ms);
  }
  if (next_deadline != INT64_MAX && next_deadline > now) ScheduleCheck(group, next_deadline);
  if (g->state == GroupState::kPreparingRebalance && now >= g->join_deadline_ms) {
    if (g->in_initial_delay && g->new_member_during_delay && g->initial_delay_remaining_ms > 0) {
      // InitialDelayedJoin: members are still arriving; wait a little longer.
      const int64_t delay = std::min<int64_t>(config_.group_initial_rebalance_delay_ms,
                                              g->initial_delay_remaining_ms);
      g->initial_delay_remaining_ms -= delay;
      g->new_member_during_delay = false;
      g->join_deadline_ms = now + delay;
      ScheduleCheck(group, g->join_deadline_ms);
    } else {
      CompleteJoin(*g);
    }
  }
}

void GroupCoordinator::PrepareRebalance(GroupMetadata& g, const char* reason) {
  if (g.state == GroupState::kPreparingRebalance) return;
  // Members waiting for their assignment hear that a new rebalance began.
  for (auto& [id, m] : g.members) {
    if (m.sync_waiter) {
      hooks_.respond(m.sync_waiter->from, m.sync_waiter->correlation_id,
                     SyncGroupResponse{ErrorCode::kRebalanceInProgress, {}});
      m.sync_waiter.reset();
    }
  }
  const bool initial = g.state == GroupState::kEmpty;
  Transition(g, GroupState::kPreparingRebalance);
  ctx_.Trace(kinds::kGroupRebalance, {{"group", g.group_id}, {"reason", reason}});
  const int64_t now = NowMs();
  const int64_t timeout = std::max(g.RebalanceTimeoutMs(), 1);
  g.in_initial_delay = initial;
  if (initial) {
    const int64_t delay = std::min<int64_t>(config_.group_initial_rebalance_delay_ms, timeout);
    g.initial_delay_remaining_ms = timeout - delay;
    g.new_member_during_delay = false;
    g.join_deadline_ms = now + delay;
  } else {
    g.join_deadline_ms = now + timeout;
  }
  ScheduleCheck(g.group_id, g.join_deadline_ms);
}

// DelayedJoin.tryComplete: done early once everyone has rejoined (not during the initial delay).
void GroupCoordinator::MaybeCompleteJoin(GroupMetadata& g) {
  if (g.state != GroupState::kPreparingRebalance || g.in_initial_delay) return;
  if (g.AllMembersJoined()) CompleteJoin(g);
}

void GroupCoordinator::CompleteJoin(GroupMetadata& g) {
  std::vector<std::string> absent;
  for (const auto& [id, m] : g.members) {
    if (!m.join_waiter) absent.push_back(id);
  }
  for (const std::string& id : absent) {
    g.members.erase(id);
    ctx_.Trace(kinds::kGroupMemberRemoved,
               {{"group", g.group_id}, {"member", id}, {"reason", "did not rejoin in time"}});
  }
  g.pending_members.clear();
  g.in_initial_delay = false;
  if (!g.members.empty() && (g.leader.empty() || !g.members.contains(g.leader))) {
    g.leader = g.members.begin()->first;
  }
  ++g.generation_id;
  if (g.members.empty()) {
    g.protocol.clear();
    g.leader.clear();
    Transition(g, GroupState::kEmpty);
    PersistGroup(g);
    return;
  }
  g.protocol = g.SelectProtocol();
  Transition(g, GroupState::kCompletingRebalance);
  for (auto& [id, m] : g.members) {
    m.is_new = false;
    const Waiter w = *m.join_waiter;
    m.join_waiter.reset();
    hooks_.respond(w.from, w.correlation_id, JoinResponseFor(g, m));
    m.last_heartbeat_ms = NowMs();
    ScheduleCheck(g.group_id, NowMs() + m.session_timeout_ms);
  }
}

JoinGroupResponse GroupCoordinator::JoinResponseFor(const GroupMetadata& g,
                                                    const MemberMetadata& m) const {
  JoinGroupResponse r;
  r.generation_id = g.generation_id;
  r.protocol_name = g.protocol;
  r.leader = g.leader;
  r.member_id = m.member_id;
  if (m.member_id == g.leader) {
    for (const auto& [id, other] : g.members) {
      r.members.push_back({id, other.group_instance_id, other.subscription});
    }
  }
  return r;
}

void GroupCoordinator::RemoveMember(GroupMetadata& g, const std::string& member_id,
                                    const char* reason) {
  if (g.members.erase(member_id) == 0) return;
  ctx_.Trace(kinds::kGroupMemberRemoved,
             {{"group", g.group_id}, {"member", member_id}, {"reason", reason}});
  if (g.leader == member_id) g.leader = g.members.empty() ? "" : g.members.begin()->first;
  switch (g.state) {
    case GroupState::kStable:
    case GroupState::kCompletingRebalance:
      PrepareRebalance(g, reason);
      break;
    case GroupState::kPreparingRebalance:
      MaybeCompleteJoin(g);
      break;
    default:
      break;
  }
}

void GroupCoordinator::AddMember(GroupMetadata& g, const JoinGroupRequest& request,
                                 const std::string& member_id, Waiter waiter) {
  MemberMetadata m;
  m.member_id = member_id;
  m.is_new = true;
  UpdateMember(m, request, waiter);
  g.members[member_id] = std::move(m);
  g.pending_members.erase(member_id);
  if (g.leader.empty()) g.leader = member_id;  // the first member to join leads
  if (g.in_initial_delay) g.new_member_during_delay = true;
  ctx_.Trace(kinds::kGroupMemberJoined,
             {{"group", g.group_id}, {"member", member_id}, {"client", request.client_id}});
}

void GroupCoordinator::UpdateMember(MemberMetadata& m, const JoinGroupRequest& request,
                                    Waiter waiter) {
  m.group_instance_id = request.group_instance_id;
  m.client_id = request.client_id;
  m.session_timeout_ms = request.session_timeout_ms;
  m.rebalance_timeout_ms = request.rebalance_timeout_ms;
  m.protocols = request.protocols;
  m.subscription = request.subscription;
  m.join_waiter = waiter;
  m.last_heartbeat_ms = NowMs();
}

void GroupCoordinator::HandleJoinGroup(sim::NodeId from, int32_t id,
                                       const JoinGroupRequest& request) {
  auto fail = [&](ErrorCode error, std::string member_id = "") {
    JoinGroupResponse r;
    r.error = error;
    r.member_id = std::move(member_id);
    hooks_.respond(from, id, std::move(r));
  };
  if (!Owns(request.group_id)) return fail(ErrorCode::kNotCoordinator);
  if (request.session_timeout_ms < kMinSessionTimeoutMs ||
      request.session_timeout_ms > kMaxSessionTimeoutMs) {
    return fail(ErrorCode::kInvalidSessionTimeout);
  }
  GroupMetadata& g = GetOrCreate(request.group_id);
  if (!g.SupportsProtocols(request.protocols)) {
    return fail(ErrorCode::kInconsistentGroupProtocol);
  }
  const Waiter waiter{from, id};
  if (request.member_id.empty()) {
    // A static member that comes back takes its old place (KIP-345).
    if (request.group_instance_id) {
      if (const MemberMetadata* old = g.FindStatic(*request.group_instance_id)) {
        const std::string new_id = NewMemberId(request.client_id);
        MemberMetadata m = *old;
        g.members.erase(old->member_id);
        if (g.leader == m.member_id) g.leader = new_id;
        m.member_id = new_id;
        UpdateMember(m, request, waiter);
        g.members[new_id] = m;
        ctx_.Trace(kinds::kGroupMemberJoined, {{"group", g.group_id},
                                               {"member", new_id},
                                               {"client", request.client_id},
                                               {"replaces_static", *request.group_instance_id}});
        if (g.state == GroupState::kStable) {
          MemberMetadata& placed = g.members[new_id];
          placed.join_waiter.reset();
          hooks_.respond(from, id, JoinResponseFor(g, placed));
          return;
        }
        if (g.state == GroupState::kPreparingRebalance) MaybeCompleteJoin(g);
        return;
      }
    }
    const std::string member_id = NewMemberId(request.client_id);
    if (config_.profile->join_needs_member_id && request.may_require_member_id &&
        !request.group_instance_id) {
      // KIP-394: the member learns its id and must join again with it.
      g.pending_members.insert(member_id);
      return fail(ErrorCode::kMemberIdRequired, member_id);
    }
    AddMember(g, request, member_id, waiter);
    PrepareRebalance(g, "a member joined");
    MaybeCompleteJoin(g);
    return;
  }
  auto it = g.members.find(request.member_id);
  if (it == g.members.end()) {
    if (!g.pending_members.contains(request.member_id)) {
      return fail(ErrorCode::kUnknownMemberId, request.member_id);
    }
    AddMember(g, request, request.member_id, waiter);
    PrepareRebalance(g, "a member joined");
    MaybeCompleteJoin(g);
    return;
  }
  MemberMetadata& m = it->second;
  const bool same =
      m.protocols == request.protocols && m.subscription.topics == request.subscription.topics;
  switch (g.state) {
    case GroupState::kPreparingRebalance:
      UpdateMember(m, request, waiter);
      MaybeCompleteJoin(g);
      break;
    case GroupState::kCompletingRebalance:
      if (same) {  // the join response got lost: send it again
        UpdateMember(m, request, waiter);
        m.join_waiter.reset();
        hooks_.respond(from, id, JoinResponseFor(g, m));
      } else {
        UpdateMember(m, request, waiter);
        PrepareRebalance(g, "a member changed its subscription");
      }
      break;
    case GroupState::kStable:
      if (same && m.member_id != g.leader) {
        UpdateMember(m, request, waiter);
        m.join_waiter.reset();
        hooks_.respond(from, id, JoinResponseFor(g, m));
      } else {
        UpdateMember(m, request, waiter);
        PrepareRebalance(g, m.member_id == g.leader ? "the leader rejoined"
                                                    : "a member changed its subscription");
      }
      break;
    case GroupState::kEmpty:
    case GroupState::kDead:
      fail(ErrorCode::kUnknownMemberId, request.member_id);
      break;
  }
}

void GroupCoordinator::HandleSyncGroup(sim::NodeId from, int32_t id,
                                       const SyncGroupRequest& request) {
  auto fail = [&](ErrorCode error) { hooks_.respond(from, id, SyncGroupResponse{error, {}}); };
  if (!Owns(request.group_id)) return fail(ErrorCode::kNotCoordinator);
  GroupMetadata* g = Find(request.group_id);
  if (g == nullptr) return fail(ErrorCode::kUnknownMemberId);
  auto it = g->members.find(request.member_id);
  if (it == g->members.end()) return fail(ErrorCode::kUnknownMemberId);
  if (request.generation_id != g->generation_id) return fail(ErrorCode::kIllegalGeneration);
  MemberMetadata& m = it->second;
  m.last_heartbeat_ms = NowMs();
  switch (g->state) {
    case GroupState::kPreparingRebalance:
      return fail(ErrorCode::kRebalanceInProgress);
    case GroupState::kCompletingRebalance: {
      m.sync_waiter = Waiter{from, id};
      if (request.member_id != g->leader) return;
      for (auto& [member_id, member] : g->members) {
        const auto a = request.assignments.find(member_id);
        member.assignment =
            a == request.assignments.end() ? std::vector<TopicPartition>{} : a->second;
      }
      PersistGroup(*g);
      Transition(*g, GroupState::kStable);
      for (auto& [member_id, member] : g->members) {
        if (!member.sync_waiter) continue;
        hooks_.respond(member.sync_waiter->from, member.sync_waiter->correlation_id,
                       SyncGroupResponse{ErrorCode::kNone, member.assignment});
        member.sync_waiter.reset();
      }
      return;
    }
    case GroupState::kStable:
      hooks_.respond(from, id, SyncGroupResponse{ErrorCode::kNone, m.assignment});
      return;
    default:
      return fail(ErrorCode::kUnknownMemberId);
  }
}

void GroupCoordinator::HandleHeartbeat(sim::NodeId from, int32_t id,
                                       const HeartbeatRequest& request) {
  auto answer = [&](ErrorCode error) { hooks_.respond(from, id, HeartbeatResponse{error}); };
  if (!Owns(request.group_id)) return answer(ErrorCode::kNotCoordinator);
  GroupMetadata* g = Find(request.group_id);
  if (g == nullptr) return answer(ErrorCode::kUnknownMemberId);
  auto it = g->members.find(request.member_id);
  if (it == g->members.end()) return answer(ErrorCode::kUnknownMemberId);
  if (request.generation_id != g->generation_id) return answer(ErrorCode::kIllegalGeneration);
  MemberMetadata& m = it->second;
  m.last_heartbeat_ms = NowMs();
  answer(g->state == GroupState::kPreparingRebalance ? ErrorCode::kRebalanceInProgress
                                                     : ErrorCode::kNone);
}

void GroupCoordinator::HandleLeaveGroup(sim::NodeId from, int32_t id,
                                        const LeaveGroupRequest& request) {
  if (!Owns(request.group_id)) {
    hooks_.respond(from, id, LeaveGroupResponse{ErrorCode::kNotCoordinator});
    return;
  }
  GroupMetadata* g = Find(request.group_id);
  if (g == nullptr || !g->members.contains(request.member_id)) {
    hooks_.respond(from, id, LeaveGroupResponse{ErrorCode::kUnknownMemberId});
    return;
  }
  RemoveMember(*g, request.member_id, "the member left");
  hooks_.respond(from, id, LeaveGroupResponse{ErrorCode::kNone});
}

// GroupCoordinator.doCommitOffsets (2.8): a consumer outside any group (generation -1) may commit
// to an empty group; members commit with their member id and the current generation, also while
// the group prepares a rebalance, but not while it waits for the leader's assignment.
void GroupCoordinator::HandleOffsetCommit(sim::NodeId from, int32_t id,
                                          const OffsetCommitRequest& request) {
  OffsetCommitResponse response;
  auto fail_all = [&](ErrorCode error) {
    for (const auto& [tp, offset] : request.offsets) response.errors[tp] = error;
    hooks_.respond(from, id, response);
  };
  if (!Owns(request.group_id)) return fail_all(ErrorCode::kNotCoordinator);
  GroupMetadata& g = GetOrCreate(request.group_id);
  if (request.generation_id < 0) {
    if (g.state != GroupState::kEmpty) return fail_all(ErrorCode::kUnknownMemberId);
  } else if (g.state == GroupState::kCompletingRebalance) {
    return fail_all(ErrorCode::kRebalanceInProgress);
  } else if (!g.members.contains(request.member_id)) {
    return fail_all(ErrorCode::kUnknownMemberId);
  } else if (request.generation_id != g.generation_id) {
    return fail_all(ErrorCode::kIllegalGeneration);
  }
  if (auto it = g.members.find(request.member_id); it != g.members.end()) {
    it->second.last_heartbeat_ms = NowMs();
  }
  ProduceRequest write;
  write.acks = -1;          // offsets.commit.required.acks
  write.timeout_ms = 5000;  // offsets.commit.timeout.ms
  RecordBatch batch;
  for (const auto& [tp, offset] : request.offsets) {
    batch.records.push_back(OffsetCommitRecord(request.group_id, tp, offset, NowMs()));
  }
  write.entries.push_back({{kOffsetsTopic, PartitionFor(request.group_id)}, batch});
  const std::string group = request.group_id;
  const std::map<TopicPartition, Offset> offsets = request.offsets;
  hooks_.append(write, [this, from, id, group, offsets](ProduceResponse r) {
    const ErrorCode error = OffsetWriteError(r);
    OffsetCommitResponse response;
    for (const auto& [tp, offset] : offsets) response.errors[tp] = error;
    if (error == ErrorCode::kNone) {
      if (GroupMetadata* g = Find(group)) {
        for (const auto& [tp, offset] : offsets) g->offsets[tp] = offset;
      }
      ctx_.Trace(kinds::kGroupOffsetsCommitted,
                 {{"group", group}, {"partitions", static_cast<int64_t>(offsets.size())}});
    }
    hooks_.respond(from, id, std::move(response));
  });
}

void GroupCoordinator::HandleOffsetFetch(sim::NodeId from, int32_t id,
                                         const OffsetFetchRequest& request) {
  OffsetFetchResponse response;
  if (!Owns(request.group_id)) {
    response.error = ErrorCode::kNotCoordinator;
    hooks_.respond(from, id, std::move(response));
    return;
  }
  const GroupMetadata* g = Group(request.group_id);
  if (request.require_stable && g != nullptr) {
    for (const auto& [pid, pending] : g->pending_txn_offsets) {
      const bool unstable =
          request.partitions.empty() ||
          std::any_of(request.partitions.begin(), request.partitions.end(),
                      [&](const TopicPartition& tp) { return pending.contains(tp); });
      if (unstable && !pending.empty()) {
        response.error = ErrorCode::kUnstableOffsetCommit;
        hooks_.respond(from, id, std::move(response));
        return;
      }
    }
  }
  if (request.partitions.empty() && g != nullptr) {
    response.offsets = g->offsets;
  }
  for (const TopicPartition& tp : request.partitions) {
    Offset offset = -1;
    if (g != nullptr) {
      if (const auto it = g->offsets.find(tp); it != g->offsets.end()) offset = it->second;
    }
    response.offsets[tp] = offset;
  }
  hooks_.respond(from, id, std::move(response));
}

void GroupCoordinator::HandleTxnOffsetCommit(sim::NodeId from, int32_t id,
                                             const TxnOffsetCommitRequest& request) {
  TxnOffsetCommitResponse response;
  auto fail_all = [&](ErrorCode error) {
    for (const auto& [tp, offset] : request.offsets) response.errors[tp] = error;
    hooks_.respond(from, id, response);
  };
  if (!Owns(request.group_id)) return fail_all(ErrorCode::kNotCoordinator);
  GroupMetadata& g = GetOrCreate(request.group_id);
  // KIP-447: a zombie from an older generation is fenced by the group, as a plain commit is.
  if (!request.member_id.empty() && !g.members.contains(request.member_id)) {
    return fail_all(ErrorCode::kUnknownMemberId);
  }
  if (request.generation_id >= 0 && request.generation_id != g.generation_id) {
    return fail_all(ErrorCode::kIllegalGeneration);
  }
  ProduceRequest write;
  write.acks = -1;
  write.timeout_ms = 5000;  // offsets.commit.timeout.ms
  RecordBatch batch;
  batch.producer_id = request.producer_id;
  batch.producer_epoch = request.producer_epoch;
  batch.transactional = true;
  for (const auto& [tp, offset] : request.offsets) {
    batch.records.push_back(OffsetCommitRecord(request.group_id, tp, offset, NowMs()));
  }
  write.entries.push_back({{kOffsetsTopic, PartitionFor(request.group_id)}, std::move(batch)});
  const std::string group = request.group_id;
  const int64_t pid = request.producer_id;
  const std::map<TopicPartition, Offset> offsets = request.offsets;
  // Pending from before the write (GroupMetadata.prepareTxnOffsetCommit), so that a
  // require_stable fetch meanwhile waits; a failed write takes them back.
  std::map<TopicPartition, Offset>& pending = g.pending_txn_offsets[pid];
  const std::map<TopicPartition, Offset> before = pending;
  for (const auto& [tp, offset] : offsets) pending[tp] = offset;
  hooks_.append(write, [this, from, id, group, pid, offsets, before](ProduceResponse r) {
    const ErrorCode error = OffsetWriteError(r);
    if (error != ErrorCode::kNone) {
      if (GroupMetadata* g = Find(group)) {
        if (before.empty()) {
          g->pending_txn_offsets.erase(pid);
        } else {
          g->pending_txn_offsets[pid] = before;
        }
      }
    }
    TxnOffsetCommitResponse response;
    for (const auto& [tp, offset] : offsets) response.errors[tp] = error;
    hooks_.respond(from, id, std::move(response));
  });
}

void GroupCoordinator::OnTransactionCompleted(int64_t producer_id, bool committed,
                                              const std::vector<TopicPartition>& partitions) {
  for (auto& [group_id, g] : groups_) {
    const auto pending = g.pending_txn_offsets.find(producer_id);
    if (pending == g.pending_txn_offsets.end()) continue;
    const TopicPartition home{kOffsetsTopic, PartitionFor(group_id)};
    if (std::find(partitions.begin(), partitions.end(), home) == partitions.end()) continue;
    if (committed) {
      for (const auto& [tp, offset] : pending->second) g.offsets[tp] = offset;
      ctx_.Trace(kinds::kGroupOffsetsCommitted,
                 {{"group", group_id},
                  {"partitions", static_cast<int64_t>(pending->second.size())},
                  {"transactional", true}});
    }
    g.pending_txn_offsets.erase(pending);
  }
}

void GroupCoordinator::PersistGroup(const GroupMetadata& g) {
  ProduceRequest write;
  write.acks = -1;
  write.timeout_ms = 5000;
  RecordBatch batch;
  batch.records.push_back(GroupRecord(g, NowMs()));
  write.entries.push_back({{kOffsetsTopic, PartitionFor(g.group_id)}, batch});
  hooks_.append(write, [](ProduceResponse) {});
}

DescribeGroupsResponse GroupCoordinator::Describe(const DescribeGroupsRequest& request) const {
  DescribeGroupsResponse response;
  for (const std::string& id : request.groups) {
    DescribeGroupsResponse::Group out;
    out.group_id = id;
    if (!Owns(id)) {
      out.error = ErrorCode::kNotCoordinator;
    } else if (const GroupMetadata* g = Group(id)) {
      out.state = ToString(g->state);
      out.protocol = g->protocol;
      out.generation_id = g->generation_id;
      for (const auto& [member_id, m] : g->members) {
        out.members.push_back(
            {member_id, m.group_instance_id, m.client_id, "/" + m.client_id, m.assignment});
      }
    } else {
      out.state = "Dead";
    }
    response.groups.push_back(std::move(out));
  }
  return response;
}

ListGroupsResponse GroupCoordinator::List() const {
  ListGroupsResponse response;
  for (const auto& [id, g] : groups_) response.groups.push_back(id);
  return response;
}

}  // namespace kafka
