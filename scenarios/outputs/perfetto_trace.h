// PerfettoTrace: a run as a Chrome/Perfetto trace (JSON, opens in ui.perfetto.dev or
// chrome://tracing). Each node is a track (thread) carrying its events as instants, except the
// network and timer events that would drown them. Counter tracks show each partition's ISR size
// and each consumer group's lag over time. Flow arrows follow produced batches: the send on the
// producer's track, the append on the leader, each follower's copy, and the acknowledgement back
// on the producer (the first kMaxFlows batches, to keep files small).
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "model/check/history.h"
#include "model/cluster.h"
#include "sim/trace.h"

namespace kafkasim::scenarios {

class PerfettoTrace : public sim::TraceSink {
 public:
  static constexpr size_t kMaxFlows = 5000;

  explicit PerfettoTrace(std::string title) : title_(std::move(title)) {}
  void OnEvent(const sim::EventView& e) override;
  // Counter values now (call at a steady simulated interval).
  void Sample(sim::Time at, const kafka::Cluster& cluster);
  // The whole trace, flows from `history` included.
  void Write(std::ostream& out, const kafka::History& history) const;

 private:
  struct Copy {  // a batch landing in a replica's log
    sim::Time at;
    uint32_t tid;
    int64_t base_offset, records;
    bool leader;
  };
  uint32_t Track(const sim::EventView& e);

  std::string title_;
  std::map<std::string, uint32_t> tracks_;           // node name -> tid (0: the world)
  std::vector<std::string> events_;                  // rendered JSON objects
  std::map<std::string, std::vector<Copy>> copies_;  // by partition, in time order
};

}  // namespace kafkasim::scenarios
