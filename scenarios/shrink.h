// Shrinking a failing seed (`kafkasim shrink`): its drawn fault schedule becomes explicit faults,
// then delta debugging (Zeller's ddmin) removes faults, and each fault that remains is shortened
// by halves, for as long as the run still fails the same way: the same class, and for a
// correctness failure the same kind of first anomaly (or a failed check or invariant, if that is
// what it was). The seed stays, so the network, the clients and the cluster draw the same
// numbers; only the faults change. What is left is written as an ordinary scenario whose
// timeline holds the faults, which fails on its own, without a nemesis.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/nemesis.h"
#include "scenarios/scenario.pb.h"
#include "scenarios/sweep.h"

namespace kafkasim::scenarios {

struct ShrinkResult {
  SeedResult original;  // the seed under its drawn schedule
  NemesisSchedule drawn, smallest;
  SeedResult last;                     // the run of the smallest schedule
  std::vector<std::string> removed;    // faults taken out, Fault::Describe each
  std::vector<std::string> shortened;  // "A -> B" for each fault made shorter
  int runs = 0;                        // simulations it took
};

// The scenario with `schedule` in its timeline (in time order), playing at `seed`.
scenario::Scenario WithSchedule(const scenario::Scenario& base, const NemesisSchedule& schedule,
                                uint64_t seed);

// Shrinks `seed` of `base` under the nemesis `kinds`. `progress` hears of each step taken.
// If the seed passes there is nothing to shrink: `original.passed` says so.
ShrinkResult Shrink(const scenario::Scenario& base, const std::set<std::string>& kinds,
                    uint64_t seed, const std::function<void(const std::string&)>& progress);

// Whether `candidate` fails as `original` did (same class; for correctness, its first
// anomaly's kind is among the candidate's, or the same kind of failed check or invariant).
bool FailsTheSameWay(const SeedResult& original, const SeedResult& candidate);

}  // namespace kafkasim::scenarios
