// NodeId: a dense index naming one simulated process (a ZooKeeper server, a broker, a client).
// Ids are handed out by World::AddNode in order, from 0, and double as network graph vertices.
#pragma once

#include <compare>
#include <cstdint>

namespace sim {

struct NodeId {
  uint32_t value = UINT32_MAX;
  constexpr bool valid() const { return value != UINT32_MAX; }
  constexpr auto operator<=>(const NodeId&) const = default;
};

// Names the world itself (faults, heals) as the origin of a trace event.
inline constexpr NodeId kWorldNode{};

}  // namespace sim
