// What every run is judged on besides its own expectations: the course's four guarantees, and the
// delivery semantics each consumer group claims by its processing model. They are reported with
// every run (text and --json); whether one breaking fails a run is up to the scenario's
// expectations, since replays exist to show them break.
//
// The guarantees, each with when it applies:
//   - appends keep send order: for idempotent producers (others may reorder on a retry);
//   - consumers read in stored order: always;
//   - with replication factor N, N-1 broker failures lose nothing acknowledged: when every
//     producer uses acks=all, min.insync.replicas is at least 2 and unclean election is off;
//   - a key always maps to one partition: for topics whose partition count did not change.
// A group's claim: at-most-once (nothing processed twice), at-least-once and auto-commit
// (nothing acknowledged missed), exactly-once-sink (both, in its sink).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/check/delivery_checker.h"
#include "model/cluster.h"
#include "scenarios/checks.h"
#include "scenarios/scenario.pb.h"

namespace kafkasim::scenarios {

struct Verdict {
  std::string subject;  // the guarantee, or "group G (at-least-once)"
  bool applies = true;  // false: the settings do not promise it
  bool held = true;
  std::string detail;
};

std::vector<Verdict> JudgeGuarantees(const kafka::Cluster& cluster,
                                     const scenario::Scenario& scenario,
                                     const std::set<std::string>& idempotent_producers);
// Records that retention deleted before a group read past them are reported apart, not as
// missed (`retention`: when each partition's log start moved).
std::vector<Verdict> JudgeGroups(const kafka::Cluster& cluster, const scenario::Scenario& scenario,
                                 const ScenarioGroups& groups,
                                 const kafka::RetentionTimeline* retention = nullptr);

}  // namespace kafkasim::scenarios
