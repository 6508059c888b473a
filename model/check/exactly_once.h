// Exactly once, Kafka to Kafka: does the output topic, as a read_committed reader sees it, hold one
// output for every acknowledged input? A read-process-write group writes input value v as output
// value v + `value_offset` (ConsumerWorkload::output_value_offset); this check pairs them up.
//
// The output is read from the partition leaders' logs as Kafka's read_committed would return it:
// plain batches count, a transaction's batches count once its COMMIT marker follows, aborted and
// still-open transactions do not. The inputs are the acknowledged writes to the input topics up to
// `until` (later ones may still be on their way), less those of aborted or in-doubt transactions.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/check/history.h"
#include "model/cluster.h"

namespace kafka {

struct PipelineOutcome {
  int64_t inputs = 0;                 // acknowledged input records
  std::vector<int64_t> missing;       // inputs with no committed output
  std::map<int64_t, int> duplicated;  // input -> committed outputs (more than one)
  bool exactly_once() const { return missing.empty() && duplicated.empty(); }
};

PipelineOutcome CheckPipeline(const Cluster& cluster, const History& history,
                              const std::set<std::string>& input_topics,
                              const std::string& output_topic, int64_t value_offset,
                              sim::Time until);

// The values a read_committed reader gets from one log, in offset order.
std::vector<int64_t> CommittedValues(const Log& log);

}  // namespace kafka
