// The kernel demo: nodes spreading rumours by gossip over a random routed topology while a seeded
// nemesis cuts links, splits the network, crashes (process kill or power loss), pauses and restarts
// nodes. It uses every power of the kernel and nothing of Kafka, so it shows the kernel works:
// the same seed gives the same run, event for event, and so the same fingerprint.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "sim/world.h"

namespace demo {

using sim::Duration;

struct GossipConfig {
  int nodes = 20;
  int extra_links = 12;  // links beyond the random spanning tree
  Duration duration = Duration::Seconds(60);
  Duration quiet_tail = Duration::Seconds(10);  // no new faults at the end: the network heals
  bool faults = true;
};

struct GossipSummary {
  uint64_t events = 0;
  sim::WorldStats stats;
  int link_cuts = 0, splits = 0, process_kills = 0, power_losses = 0, pauses = 0, restarts = 0;
  int rumours = 0;
  int64_t coverage_permille = 0;  // known (node, rumour) pairs per thousand of all pairs
  uint64_t fingerprint = 0;
};

// One gossiping process. Its learned rumours go to an append-only log (a file): a process kill
// keeps the log (page cache), a power loss keeps only what the last flush made durable.
class GossipNode : public sim::Node {
 public:
  explicit GossipNode(std::vector<sim::NodeId> peers) : peers_(std::move(peers)) {}

  void OnStart() override;
  void OnMessage(sim::NodeId from, const sim::MessagePtr& message) override;
  void OnTimer(sim::TimerId id, uint64_t tag) override;
  void OnCrash(sim::CrashKind kind) override;
  void OnRestart() override;

  const std::set<uint64_t>& rumours() const { return known_; }
  size_t durable() const { return flushed_; }

 private:
  void Learn(uint64_t rumour);

  std::vector<sim::NodeId> peers_;
  std::vector<uint64_t> log_;  // the "file": every rumour learned, in order
  size_t flushed_ = 0;         // log_ entries that survive a power loss
  std::set<uint64_t> known_;   // in memory, rebuilt from the log on restart
  uint64_t originated_ = 0;    // durable (a counter file synced at once): ids are never reused
};

class GossipDemo {
 public:
  GossipDemo(uint64_t seed, GossipConfig config);
  sim::World& world() { return world_; }
  GossipSummary Run();

 private:
  void BuildTopology(sim::Rng& rng);
  void ScheduleNextFault();
  void InjectFault();

  GossipConfig config_;
  sim::World world_;
  sim::Rng nemesis_rng_;
  std::vector<sim::NodeId> ids_;
  GossipSummary summary_;
};

}  // namespace demo
