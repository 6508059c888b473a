// World: the simulated universe. It owns the scheduler, the network, the nodes, the root Rng and
// the trace, and it alone holds the powers over them: crash a node (process kill or power loss),
// restart it, pause it (a GC pause: messages queue, timers wait), skew its clock, cut and heal
// links. Faults belong to the world, not to flags inside the models.
//
// A run is a pure function of the seed and the calls made on the world: one thread, one event
// order, one Rng tree (each node's stream is forked from the root by the node's name).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/network.h"
#include "sim/node.h"
#include "sim/rng.h"
#include "sim/scheduler.h"
#include "sim/trace.h"

namespace sim {

enum class NodeState { kUp, kDown, kPaused };
const char* ToString(NodeState state);

// Trace kinds the kernel records.
namespace kinds {
inline constexpr Kind kDeliver{"net.deliver"};
inline constexpr Kind kDrop{"net.drop"};
inline constexpr Kind kConnectionReset{"net.connection_reset"};
inline constexpr Kind kTimer{"timer"};
inline constexpr Kind kStart{"node.start"};
inline constexpr Kind kCrash{"node.crash"};
inline constexpr Kind kExit{"node.exit"};
inline constexpr Kind kRestart{"node.restart"};
inline constexpr Kind kPause{"node.pause"};
inline constexpr Kind kResume{"node.resume"};
inline constexpr Kind kClockOffset{"node.clock_offset"};
inline constexpr Kind kLinkUp{"net.link_up"};
inline constexpr Kind kLinkDown{"net.link_down"};
inline constexpr Kind kBlock{"net.block"};
inline constexpr Kind kUnblock{"net.unblock"};
inline constexpr Kind kDelay{"net.delay"};
inline constexpr Kind kSplit{"net.split"};
inline constexpr Kind kHealAll{"net.heal_all"};
}  // namespace kinds

struct WorldStats {
  uint64_t messages_sent = 0;
  uint64_t messages_delivered = 0;
  uint64_t messages_dropped = 0;
  uint64_t timers_fired = 0;
};

class World {
 public:
  explicit World(uint64_t seed);
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  ~World();

  // Adds a node; it starts when Start() runs (or at once, if the world has started). Names are
  // unique (each names the node's random stream); a duplicate throws std::invalid_argument.
  NodeId AddNode(std::string name, std::unique_ptr<Node> node);
  size_t node_count() const { return slots_.size(); }
  const std::string& name(NodeId id) const { return slots_[id.value]->context.name(); }
  Node& node(NodeId id) { return *slots_[id.value]->node; }
  const Node& node(NodeId id) const { return *slots_[id.value]->node; }
  template <typename T>
  T& node_as(NodeId id) {
    return static_cast<T&>(node(id));
  }
  template <typename T>
  const T& node_as(NodeId id) const {
    return static_cast<const T&>(node(id));
  }
  NodeState state(NodeId id) const { return slots_[id.value]->state; }
  // How many times the node has crashed; messages and timers carry it to detect stale ones.
  uint32_t incarnation(NodeId id) const { return slots_[id.value]->incarnation; }

  Scheduler& scheduler() { return scheduler_; }
  const Scheduler& scheduler() const { return scheduler_; }
  Network& network() { return network_; }
  const Network& network() const { return network_; }
  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  // A fresh stream for a world-level component (a nemesis, a workload), forked by name.
  Rng ForkRng(std::string_view name) const { return root_rng_.Fork(name); }
  Time Now() const { return scheduler_.Now(); }
  uint64_t seed() const { return seed_; }
  const WorldStats& stats() const { return stats_; }

  // Starts every node added so far, in id order, at the current time.
  void Start();
  bool Step() { return scheduler_.Step(); }
  uint64_t RunUntil(Time until) { return scheduler_.RunUntil(until); }
  uint64_t RunFor(Duration d) { return scheduler_.RunUntil(Scheduler::SaturatingAdd(Now(), d)); }
  // A world-level action at a time, e.g. a fault from a scenario timeline.
  template <typename F>
  EventId At(Time at, F&& action) {
    return scheduler_.At(at, std::forward<F>(action));
  }

  // Powers. Each records a trace event and takes effect at Now(). Each returns false, and does
  // nothing, when the node is not in a state it applies to.
  bool Crash(NodeId id, CrashKind kind);  // an up or paused node
  // The node's own clean exit (Context::Exit), at Now(): like a process kill, traced as an exit.
  bool Exit(NodeId id);
  bool Restart(NodeId id);  // a down node
  // Before Start: the node does not start with the others; it waits, down, for a Restart (which
  // then starts it for the first time, traced as a start). An operator starting servers by hand.
  void HoldDown(NodeId id);
  // The node stops for `d`; messages and timers due meanwhile are handled, in order, when it
  // resumes (an up node).
  bool Pause(NodeId id, Duration d);
  void SetClockOffset(NodeId id, Duration offset);
  Duration clock_offset(NodeId id) const { return slots_[id.value]->clock_offset; }

  void SetLinkUp(LinkId link, bool up);
  void SetLinkDirectionUp(NodeId from, NodeId to, bool up);
  void Block(NodeId from, NodeId to);
  void Unblock(NodeId from, NodeId to);
  // Messages from `from` to `to` take `extra` longer from now on (Zero: back to normal).
  void SetDelay(NodeId from, NodeId to, Duration extra);
  void SplitInto(const std::vector<std::vector<NodeId>>& groups);
  void HealAll();

  // For Context. A node that is down (even inside its own OnCrash) sends and schedules nothing.
  void Send(NodeId from, NodeId to, MessagePtr message);
  // Told of every message put on the wire, with its arrival time (a view animates them). It only
  // observes: it is not part of the trace and must not act on the world.
  using SendObserver =
      std::function<void(NodeId from, NodeId to, const Message& message, Time sent, Time arrival)>;
  void SetSendObserver(SendObserver observer) { send_observer_ = std::move(observer); }
  // Told of every change of a node's state (up, down, paused), as it happens: observers that
  // derive something from who is up (the model's change journal) hear it in the same event, even
  // a restart, whose OnStart runs an event later. Observers add up: one never replaces another.
  // They only observe and must not act on the world.
  using StateObserver = std::function<void(NodeId id, NodeState state)>;
  void AddStateObserver(StateObserver observer) { state_observers_.push_back(std::move(observer)); }
  TimerId ScheduleTimer(NodeId owner, Duration delay, uint64_t tag);
  bool CancelTimer(NodeId owner, TimerId id);
  void Record(NodeId node, const Kind& kind, std::initializer_list<Field> fields) {
    trace_.Record(Now(), node, node.valid() ? name(node) : std::string_view("world"), kind, fields);
  }

 private:
  struct NodeSlot {
    std::unique_ptr<Node> node;
    Context context;
    NodeState state = NodeState::kUp;
    bool started = false;
    uint32_t incarnation = 0;
    Duration clock_offset;
    struct Deferred {
      Callback work;
      TimerId timer;  // valid when the work is a timer, so that it can still be cancelled
    };
    std::deque<Deferred> deferred;  // work that arrived while paused
    bool held_down = false;         // never ran yet: the next Restart is its first start
    bool host_up = true;  // the machine runs (a killed process's host still answers, refusing)
  };

  // Runs `work` for the node now, or queues it if the node is paused. Drops it if the node has
  // crashed since `incarnation`.
  void RunOnNode(NodeId id, uint32_t incarnation, Callback work, TimerId timer = {});
  void Deliver(NodeId from, NodeId to, const MessagePtr& message, uint32_t epoch,
               uint32_t incarnation);
  // A killed process's operating system closes its connections: each peer it had one with hears
  // of it (OnConnectionReset) after the path latency, if a path is up.
  void SendConnectionCloses(NodeId crashed);
  // A message reached a host whose process is not running: its operating system refuses the
  // connection, and the sender hears a reset after the path latency.
  void RefuseConnection(NodeId from, NodeId to);
  // Every state change goes through here, so the state observer hears each.
  void SetState(NodeId id, NodeState state);
  void StartNode(NodeId id);
  bool TakeDown(NodeId id, CrashKind kind, const Kind& why);

  uint64_t seed_;
  Rng root_rng_;
  Scheduler scheduler_;
  Network network_;
  Trace trace_;
  SendObserver send_observer_;
  std::vector<StateObserver> state_observers_;
  std::vector<std::unique_ptr<NodeSlot>> slots_;
  // Per ordered pair (from, to): the channel epoch of the last message delivered, or kNoEpoch.
  static constexpr uint64_t kNoEpoch = UINT64_MAX;
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> delivered_epoch_;
  bool started_ = false;
  WorldStats stats_;
};

}  // namespace sim
