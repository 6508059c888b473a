// One seed of a sweep: the scenario under that seed, with the nemesis schedule drawn from it when
// fault kinds are given, judged on its expectations, the replication invariants and the delivery
// checker. A seed passes when nothing acknowledged is lost or unseen and no record is duplicated
// or inconsistent (the delivery guarantees a sweep asks about), and every expectation holds.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "scenarios/scenario.pb.h"

namespace kafkasim::scenarios {

struct SeedResult {
  uint64_t seed = 0;
  bool passed = false;
  int64_t lost = 0, unseen = 0, duplicates = 0, inconsistent = 0, other = 0;
  size_t failed_checks = 0, violations = 0;
  uint64_t fingerprint = 0;
};

SeedResult RunSweepSeed(const scenario::Scenario& scenario, const std::set<std::string>& nemesis,
                        uint64_t seed);

}  // namespace kafkasim::scenarios
