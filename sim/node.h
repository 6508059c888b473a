// Node and Context: the boundary between the kernel and a model.
//
// A model implements Node: callbacks for start, messages, timers, crash and restart. It reaches the
// world only through its Context (time, sending, timers, randomness, tracing); nodes hold no
// pointers to each other, so every interaction crosses the network and can be cut, delayed or lost.
//
// Promises the kernel makes to a node:
// - callbacks never nest and never run while the node is down or paused;
// - a timer or message that was pending when the node crashed never reaches it;
// - messages from one sender arrive in the order they were sent; after a reset some may be lost,
//   and then OnConnectionReset tells the receiver before the next one arrives.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "sim/message.h"
#include "sim/node_id.h"
#include "sim/rng.h"
#include "sim/scheduler.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace sim {

class World;

using TimerId = EventId;

enum class CrashKind {
  // kill -9: memory is gone, written files survive in the page cache, and the operating system
  // closes the process's connections, so its peers hear of it one network hop later.
  kProcess,
  // The machine loses power: whatever was not flushed to disk is gone too, and nobody is told:
  // peers find out by their own timeouts.
  kPowerLoss,
};
const char* ToString(CrashKind kind);

class Context {
 public:
  Context(World* world, NodeId self, std::string name, Rng rng)
      : world_(world), self_(self), name_(std::move(name)), rng_(rng) {}

  NodeId self() const { return self_; }
  const std::string& name() const { return name_; }
  // True simulated time.
  Time Now() const;
  // This node's wall clock: Now() plus the offset the world set for it (clock skew).
  Time LocalNow() const;

  void Send(NodeId to, MessagePtr message);
  // Which connection to `to` a message sent now travels on; it changes when that connection
  // breaks (a crash, a cut). A request remembers it, so that a later reset notice fails only the
  // requests that went out on the broken connection (as a socket knows its own identity).
  uint32_t ConnectionId(NodeId to) const;
  // Calls the node's OnTimer(id, tag) after `delay`, unless cancelled or the node crashes first.
  TimerId ScheduleAfter(Duration delay, uint64_t tag);
  bool Cancel(TimerId id);
  // The process exits on its own (a clean shutdown's last step): once the current callback returns,
  // the node goes down as if killed (connections close; OnCrash(kProcess) runs), and the trace
  // records an exit rather than a crash. Whatever the node flushed first survives.
  void Exit();

  Rng& rng() { return rng_; }
  void Trace(const Kind& kind, std::initializer_list<Field> fields);

 private:
  World* world_;
  NodeId self_;
  std::string name_;
  Rng rng_;
};

class Node {
 public:
  virtual ~Node() = default;

  virtual void OnStart() {}
  virtual void OnMessage(NodeId from, const MessagePtr& message) = 0;
  virtual void OnTimer(TimerId /*id*/, uint64_t /*tag*/) {}
  // The first message of a new connection from `peer` is about to arrive: the previous connection
  // broke (a crash, a partition, a cut with no other path) and whatever was in flight on it was
  // lost. Called just before that message's OnMessage, as a TCP stream's reader would notice.
  virtual void OnConnectionReset(NodeId /*peer*/) {}
  // The durable-versus-volatile hook: drop in-memory state here; on kPowerLoss also drop what was
  // written but not flushed. The object itself survives and stands for the machine's disk.
  virtual void OnCrash(CrashKind /*kind*/) {}
  // The process starts again after a crash, with whatever OnCrash kept.
  virtual void OnRestart() { OnStart(); }

 protected:
  Context& ctx() { return *context_; }
  const Context& ctx() const { return *context_; }
  // Runs `part`, another Node's logic, inside this node's process, as Kafka Streams runs a consumer
  // and a producer in one: it shares this node's context, so its messages, timers, trace and
  // crashes are this node's. The host forwards the callbacks that belong to it. Call from OnStart.
  void Host(Node& part) { part.context_ = context_; }

 private:
  friend class World;
  Context* context_ = nullptr;
};

}  // namespace sim
