// One seed of a sweep: the scenario under that seed, with the nemesis schedule drawn from it when
// fault kinds are given, judged on its expectations, the replication invariants and the delivery
// checker. A seed passes when nothing acknowledged is lost or unseen and no record is duplicated
// or inconsistent (the delivery guarantees a sweep asks about), and every expectation holds.
//
// A failing seed explains itself, as TigerBeetle's VOPR does: the faults its seed drew (times and
// targets), its class (correctness: an anomaly or a broken invariant or expectation; liveness:
// acknowledged records that nobody read once everything had healed), and its first anomaly.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scenarios/scenario.pb.h"
#include "scenarios/sweep.pb.h"

namespace kafkasim::scenarios {

struct SeedResult {
  uint64_t seed = 0;
  bool passed = false;
  int64_t lost = 0, unseen = 0, duplicates = 0, inconsistent = 0, other = 0;
  size_t failed_checks = 0, violations = 0;
  uint64_t fingerprint = 0;
  std::string failure_class;  // empty when it passed; "correctness" or "liveness"
  std::string first_anomaly;  // what the class rests on: an anomaly, a check, an invariant
  std::map<std::string, int64_t> anomalies;  // count per anomaly class
  std::vector<std::string> faults;           // the drawn schedule, Fault::Describe each
  double sim_seconds = 0, wall_seconds = 0;
};

SeedResult RunSweepSeed(const scenario::Scenario& scenario, const std::set<std::string>& nemesis,
                        uint64_t seed);
// Runs a scenario as it stands (its faults, if any, already in its timeline) at `seed`, and
// judges it as a sweep does.
SeedResult JudgeSeed(const scenario::Scenario& scenario, uint64_t seed);

// The command that plays a seed again: "kafkasim run FILE --seed N [--nemesis KINDS]".
std::string ReplayCommand(const std::string& file, uint64_t seed, const std::string& nemesis);

// The result as a record for `--out`; `file` and `nemesis` as the user gave them. The fault
// schedule is kept for failing seeds only.
sweep::SeedRecord ToRecord(const SeedResult& result, const std::string& file,
                           const std::string& nemesis);

}  // namespace kafkasim::scenarios
