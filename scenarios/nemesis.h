// Nemesis: a random fault schedule drawn from a seed, added to a scenario as ordinary timeline
// steps (so it narrates, replays and fingerprints like any other step). Faults rotate, one at a
// time, each lasting 3-15 s and followed by 2-10 s of quiet, from 10 s until 60% of the run; then
// everything heals and every node restarts, and the rest of the run is a fault-free final phase in
// which consumers must catch up (Jepsen's healed final polls).
//
// Fault kinds, as `--nemesis kill,power,pause,partition,zk,clients` names them:
//   kill       kill -9 a broker, restart it later
//   power      a broker loses power (unflushed writes are gone), restart it later
//   pause      a broker stops the world for a while
//   partition  a broker is cut off from the other brokers (both ways, or inbound only)
//   zk         kill a ZooKeeper server, restart it later
//   clients    kill a producer or consumer, restart it later
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <variant>

#include "scenarios/scenario.pb.h"

namespace kafkasim::scenarios {

// "kill,power" as a set of kinds, or a message naming the choices.
std::variant<std::set<std::string>, std::string> ParseNemesis(const std::string& text);

// Appends the schedule for `seed` to the scenario's timeline.
void AddNemesis(scenario::Scenario& scenario, const std::set<std::string>& kinds, uint64_t seed);

}  // namespace kafkasim::scenarios
