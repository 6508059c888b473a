// Packets in flight, for the cluster panel's animation: every message the world puts on the wire
// (through World::SetSendObserver, which only observes) with its send and arrival times. Entries
// are dropped once they have arrived.
#pragma once

#include <deque>
#include <string_view>

#include "sim/world.h"

namespace kafkasim::viz {

// What a packet carries, as the view colours it.
enum class PacketKind { kProduce, kFetch, kAck, kControl, kOther };

struct Packet {
  sim::NodeId from, to;
  PacketKind kind;
  sim::Time sent, arrival;
};

class InFlight {
 public:
  // How long after its arrival a packet is still shown (fading at its receiver).
  static constexpr sim::Duration kHorizon = sim::Duration::Millis(50);

  // Starts observing `world` (replacing any earlier observer).
  void Observe(sim::World& world);
  // Forgets packets that arrived at or before `now`.
  void Prune(sim::Time now);
  // Keeps only packets arriving after `t`: a long advance between two frames records only the
  // last moments, the ones a frame can show.
  void KeepArrivingAfter(sim::Time t) { keep_after_ = t; }
  void Clear() { packets_.clear(); }
  const std::deque<Packet>& packets() const { return packets_; }

  static PacketKind Classify(std::string_view message_kind);

 private:
  std::deque<Packet> packets_;
  sim::Time keep_after_ = sim::Time::Zero();
};

}  // namespace kafkasim::viz
