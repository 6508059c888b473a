// See world.h.
#include "sim/world.h"

#include <cassert>
#include <set>
#include <stdexcept>
#include <utility>

namespace sim {

const char* ToString(NodeState state) {
  switch (state) {
    case NodeState::kUp:
      return "up";
    case NodeState::kDown:
      return "down";
    case NodeState::kPaused:
      return "paused";
  }
  return "?";
}

const char* ToString(CrashKind kind) {
  return kind == CrashKind::kProcess ? "process" : "power_loss";
}

// ---- Context -----------------------------------------------------------------------------------

Time Context::Now() const { return world_->Now(); }
Time Context::LocalNow() const { return world_->Now() + world_->clock_offset(self_); }
void Context::Send(NodeId to, MessagePtr message) { world_->Send(self_, to, std::move(message)); }
TimerId Context::ScheduleAfter(Duration delay, uint64_t tag) {
  return world_->ScheduleTimer(self_, delay, tag);
}
bool Context::Cancel(TimerId id) { return world_->CancelTimer(self_, id); }
uint32_t Context::ConnectionId(NodeId to) const {
  return world_->network().ChannelEpoch(self_, to);
}
void Context::Exit() {
  World* world = world_;
  const NodeId self = self_;
  const uint32_t incarnation = world->incarnation(self);
  world->scheduler().After(Duration(), [world, self, incarnation] {
    if (world->incarnation(self) == incarnation) world->Exit(self);
  });
}
void Context::Trace(const Kind& kind, std::initializer_list<Field> fields) {
  world_->Record(self_, kind, fields);
}

// ---- World -------------------------------------------------------------------------------------

World::World(uint64_t seed) : seed_(seed), root_rng_(seed), network_(root_rng_.Fork("network")) {}

World::~World() = default;

NodeId World::AddNode(std::string name, std::unique_ptr<Node> node) {
  for (const auto& slot : slots_) {
    if (slot->context.name() == name) {
      throw std::invalid_argument("sim::World: two nodes named '" + name + "'");
    }
  }
  const NodeId id{static_cast<uint32_t>(slots_.size())};
  Rng rng = root_rng_.Fork("node/" + name);
  auto slot = std::make_unique<NodeSlot>(NodeSlot{std::move(node),
                                                  Context(this, id, std::move(name), rng),
                                                  NodeState::kUp,
                                                  false,
                                                  0,
                                                  Duration::Zero(),
                                                  {}});
  slot->node->context_ = &slot->context;
  slots_.push_back(std::move(slot));
  [[maybe_unused]] const NodeId vertex = network_.AddNode();
  assert(vertex == id);
  if (started_) StartNode(id);
  return id;
}

void World::Start() {
  started_ = true;
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i]->started) StartNode(NodeId{i});
  }
}

void World::StartNode(NodeId id) {
  slots_[id.value]->started = true;
  const uint32_t incarnation = slots_[id.value]->incarnation;
  scheduler_.After(Duration::Zero(), [this, id, incarnation] {
    RunOnNode(id, incarnation, [this, id] {
      Record(id, kinds::kStart, {});
      node(id).OnStart();
    });
  });
}

void World::RunOnNode(NodeId id, uint32_t incarnation, Callback work, TimerId timer) {
  NodeSlot& slot = *slots_[id.value];
  if (slot.incarnation != incarnation || slot.state == NodeState::kDown) return;
  if (slot.state == NodeState::kPaused) {
    slot.deferred.push_back({std::move(work), timer});
    return;
  }
  work();
}

void World::Send(NodeId from, NodeId to, MessagePtr message) {
  assert(to.value < slots_.size());
  if (slots_[from.value]->state == NodeState::kDown) return;
  ++stats_.messages_sent;
  const std::optional<Network::Transit> transit =
      network_.Transmit(from, to, message->SizeBytes(), Now());
  if (!transit) {
    ++stats_.messages_dropped;
    Record(from, kinds::kDrop,
           {{"to", to.value}, {"message", message->kind().name}, {"reason", "unreachable"}});
    return;
  }
  if (send_observer_) send_observer_(from, to, *message, Now(), transit->arrival);
  const uint32_t incarnation = slots_[to.value]->incarnation;
  const uint32_t epoch = transit->channel_epoch;
  scheduler_.At(transit->arrival,
                [this, from, to, message = std::move(message), epoch, incarnation] {
                  Deliver(from, to, message, epoch, incarnation);
                });
}

void World::Deliver(NodeId from, NodeId to, const MessagePtr& message, uint32_t epoch,
                    uint32_t incarnation) {
  const NodeSlot& slot = *slots_[to.value];
  const char* reason = nullptr;
  if (!network_.ChannelCurrent(from, to, epoch)) {
    reason = "reset";
  } else if (slot.incarnation != incarnation || slot.state == NodeState::kDown) {
    reason = "down";
  }
  if (reason) {
    ++stats_.messages_dropped;
    Record(to, kinds::kDrop,
           {{"from", from.value}, {"message", message->kind().name}, {"reason", reason}});
    if (slot.state == NodeState::kDown && slot.host_up) RefuseConnection(from, to);
    return;
  }
  RunOnNode(to, incarnation, [this, from, to, message, epoch] {
    ++stats_.messages_delivered;
    const auto [seen, fresh] = delivered_epoch_.try_emplace({from.value, to.value}, epoch);
    if (!fresh && seen->second != epoch) {
      seen->second = epoch;
      Record(to, kinds::kConnectionReset, {{"peer", from.value}});
      node(to).OnConnectionReset(from);
      if (slots_[to.value]->state != NodeState::kUp) return;
    }
    Record(to, kinds::kDeliver, {{"from", from.value}, {"message", message->kind().name}});
    node(to).OnMessage(from, message);
  });
}

TimerId World::ScheduleTimer(NodeId owner, Duration delay, uint64_t tag) {
  if (slots_[owner.value]->state == NodeState::kDown) return {};
  const uint32_t incarnation = slots_[owner.value]->incarnation;
  return scheduler_.After(delay, [this, owner, incarnation, tag] {
    const TimerId id = scheduler_.current();
    RunOnNode(
        owner, incarnation,
        [this, owner, id, tag] {
          ++stats_.timers_fired;
          Record(owner, kinds::kTimer, {{"tag", tag}});
          node(owner).OnTimer(id, tag);
        },
        id);
  });
}

bool World::CancelTimer(NodeId owner, TimerId id) {
  if (scheduler_.Cancel(id)) return true;
  // A timer that came due while the node was paused waits in the backlog; it can still be
  // cancelled there.
  auto& deferred = slots_[owner.value]->deferred;
  for (auto it = deferred.begin(); it != deferred.end(); ++it) {
    if (id.valid() && it->timer == id) {
      deferred.erase(it);
      return true;
    }
  }
  return false;
}

void World::SetState(NodeId id, NodeState state) {
  slots_[id.value]->state = state;
  for (const StateObserver& observer : state_observers_) observer(id, state);
}

bool World::Crash(NodeId id, CrashKind kind) { return TakeDown(id, kind, kinds::kCrash); }

bool World::Exit(NodeId id) { return TakeDown(id, CrashKind::kProcess, kinds::kExit); }

bool World::TakeDown(NodeId id, CrashKind kind, const Kind& why) {
  NodeSlot& slot = *slots_[id.value];
  if (slot.state == NodeState::kDown) return false;
  Record(id, why, {{"how", ToString(kind)}});
  SetState(id, NodeState::kDown);
  slot.host_up = kind == CrashKind::kProcess;
  ++slot.incarnation;
  slot.deferred.clear();
  if (kind == CrashKind::kProcess) SendConnectionCloses(id);
  network_.ResetChannelsOf(id);
  // The new incarnation will have heard nothing yet: nothing of its old connections is reported
  // to it. Its peers keep their record, so they do hear that its old connections to them broke.
  std::erase_if(delivered_epoch_,
                [id](const auto& entry) { return entry.first.second == id.value; });
  slot.node->OnCrash(kind);
  return true;
}

void World::RefuseConnection(NodeId from, NodeId to) {
  if (!network_.CanReach(to, from) || slots_[from.value]->state == NodeState::kDown) return;
  network_.ResetChannel(from, to);
  const Time at = Now() + *network_.PathLatency(to, from);
  const uint32_t incarnation = slots_[from.value]->incarnation;
  scheduler_.At(at, [this, from, to, incarnation] {
    RunOnNode(from, incarnation, [this, from, to] {
      Record(from, kinds::kConnectionReset, {{"peer", to.value}, {"how", "refused"}});
      node(from).OnConnectionReset(to);
    });
  });
}

void World::SendConnectionCloses(NodeId crashed) {
  std::set<uint32_t> peers;  // ordered: the closes go out in a deterministic order
  for (const auto& [pair, epoch] : delivered_epoch_) {
    if (pair.first == crashed.value) peers.insert(pair.second);
    if (pair.second == crashed.value) peers.insert(pair.first);
  }
  for (uint32_t p : peers) {
    const NodeId peer{p};
    if (peer == crashed || !network_.CanReach(crashed, peer)) continue;
    const Time at = Now() + *network_.PathLatency(crashed, peer);
    const uint32_t incarnation = slots_[p]->incarnation;
    scheduler_.At(at, [this, crashed, peer, incarnation] {
      RunOnNode(peer, incarnation, [this, crashed, peer] {
        // The next message from the crashed node's next life comes on a fresh connection.
        delivered_epoch_.erase({crashed.value, peer.value});
        Record(peer, kinds::kConnectionReset, {{"peer", crashed.value}, {"how", "closed"}});
        node(peer).OnConnectionReset(crashed);
      });
    });
  }
}

bool World::Restart(NodeId id) {
  NodeSlot& slot = *slots_[id.value];
  if (slot.state != NodeState::kDown) return false;
  SetState(id, NodeState::kUp);
  slot.host_up = true;
  network_.ResetChannelsOf(id);
  const uint32_t incarnation = slot.incarnation;
  const bool first_start = std::exchange(slot.held_down, false);
  scheduler_.After(Duration::Zero(), [this, id, incarnation, first_start] {
    RunOnNode(id, incarnation, [this, id, first_start] {
      Record(id, first_start ? kinds::kStart : kinds::kRestart, {});
      first_start ? node(id).OnStart() : node(id).OnRestart();
    });
  });
  return true;
}

void World::HoldDown(NodeId id) {
  NodeSlot& slot = *slots_[id.value];
  assert(!slot.started);
  slot.started = true;  // Start() passes it by
  slot.held_down = true;
  SetState(id, NodeState::kDown);
}

bool World::Pause(NodeId id, Duration d) {
  NodeSlot& slot = *slots_[id.value];
  if (slot.state != NodeState::kUp) return false;
  Record(id, kinds::kPause, {{"for_ns", d}});
  SetState(id, NodeState::kPaused);
  const uint32_t incarnation = slot.incarnation;
  scheduler_.After(d, [this, id, incarnation] {
    NodeSlot& s = *slots_[id.value];
    if (s.incarnation != incarnation || s.state != NodeState::kPaused) return;
    SetState(id, NodeState::kUp);
    Record(id, kinds::kResume, {{"queued", static_cast<uint64_t>(s.deferred.size())}});
    // Handle the backlog in arrival order; work queued by the backlog itself goes after it.
    // Handle the backlog in arrival order, one item at a time from the front, so that an item
    // can still cancel a timer further back. Nothing joins the backlog while the node is up.
    while (!s.deferred.empty() && s.incarnation == incarnation && s.state == NodeState::kUp) {
      Callback work = std::move(s.deferred.front().work);
      s.deferred.pop_front();
      work();
    }
  });
  return true;
}

void World::SetClockOffset(NodeId id, Duration offset) {
  slots_[id.value]->clock_offset = offset;
  Record(id, kinds::kClockOffset, {{"offset_ns", offset}});
}

void World::SetLinkUp(LinkId link, bool up) {
  const auto [a, b] = network_.Ends(link);
  Record(kWorldNode, up ? kinds::kLinkUp : kinds::kLinkDown, {{"a", a.value}, {"b", b.value}});
  network_.SetLinkUp(link, up);
}

void World::SetLinkDirectionUp(NodeId from, NodeId to, bool up) {
  Record(kWorldNode, up ? kinds::kLinkUp : kinds::kLinkDown,
         {{"from", from.value}, {"to", to.value}});
  network_.SetLinkDirectionUp(from, to, up);
}

void World::Block(NodeId from, NodeId to) {
  Record(kWorldNode, kinds::kBlock, {{"from", from.value}, {"to", to.value}});
  network_.Block(from, to);
}

void World::Unblock(NodeId from, NodeId to) {
  Record(kWorldNode, kinds::kUnblock, {{"from", from.value}, {"to", to.value}});
  network_.Unblock(from, to);
}

void World::SetDelay(NodeId from, NodeId to, Duration extra) {
  Record(kWorldNode, kinds::kDelay,
         {{"from", from.value}, {"to", to.value}, {"extra_ms", extra.millis()}});
  network_.SetDelay(from, to, extra);
}

void World::SplitInto(const std::vector<std::vector<NodeId>>& groups) {
  Record(kWorldNode, kinds::kSplit, {{"groups", static_cast<uint64_t>(groups.size())}});
  network_.SplitInto(groups);
}

void World::HealAll() {
  Record(kWorldNode, kinds::kHealAll, {});
  network_.HealAll();
}

}  // namespace sim
