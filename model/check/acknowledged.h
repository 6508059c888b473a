// Whether an acknowledged record is still held: by the partition's leader, or, while it has
// none, by a replica still in its ISR (offline is not lost: the record waits on that disk). A
// record below the log start offset was deleted by retention, which is not a loss either. One
// rule for the scenario checks, the replication demo and the randomized tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/cluster.h"

namespace kafka {

bool AcknowledgedRecordHeld(const Cluster& cluster, const TopicPartition& tp, Offset offset,
                            int64_t value);

// The acknowledged writes (ok, with an offset) the cluster no longer holds, in history order;
// only `client`'s if it is given.
std::vector<HistoryEvent> AcknowledgedWritesLost(const Cluster& cluster,
                                                 const std::string& client = {});

}  // namespace kafka
