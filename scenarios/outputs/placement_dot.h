// PlacementDot: the cluster's brokers and where each partition's replicas live, as Graphviz DOT
// (`dot -Tsvg placement.dot > placement.svg`). Each broker is a box (grey when down, with the
// controller marked) holding its replicas, coloured by role: leader, in-sync follower, out-of-sync
// follower. The ZooKeeper ensemble sits beside them with its leader marked.
#pragma once

#include <string>

#include "model/cluster.h"

namespace kafkasim::scenarios {

std::string PlacementDot(const kafka::Cluster& cluster);

}  // namespace kafkasim::scenarios
