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
//
// A schedule is a list of faults, each with its start, its end and its target, drawn first and
// then written as steps: what a failing seed's report prints, and what `kafkasim shrink` removes
// and shortens.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "scenarios/scenario.pb.h"
#include "sim/time.h"

namespace kafkasim::scenarios {

struct Fault {
  std::string kind;    // kill, power, pause, partition, zk, clients
  std::string target;  // the node: broker-102, zk-1, writer, readers-1
  sim::Duration start, end;
  bool inbound_only = false;  // partition: only what comes in is cut
  // "12.400s-20.100s kill broker-102"
  std::string Describe() const;
};

struct NemesisSchedule {
  std::vector<Fault> faults;  // one at a time, in time order
  sim::Duration healed_from;  // every fault is over by then; everything heals and restarts
  std::vector<std::string> brokers, zookeepers, clients;  // what the final phase restarts
};

// "kill,power" as a set of kinds, or a message naming the choices.
std::variant<std::set<std::string>, std::string> ParseNemesis(const std::string& text);

// The schedule for `seed` on this scenario's cluster and clients.
NemesisSchedule DrawNemesis(const scenario::Scenario& scenario, const std::set<std::string>& kinds,
                            uint64_t seed);
// Appends a schedule's steps to the scenario's timeline: each fault's start and end, then the
// final phase.
void AddSchedule(scenario::Scenario& scenario, const NemesisSchedule& schedule);
// Both at once: appends the schedule for `seed`.
void AddNemesis(scenario::Scenario& scenario, const std::set<std::string>& kinds, uint64_t seed);

}  // namespace kafkasim::scenarios
