// ZabInvariants: an observer that checks ZooKeeper's safety properties on every event of a run.
// It reads the servers' trace events (kinds in server.h) and, when a leader is established, that
// leader's log; it never acts.
//
// Checked:
// - at most one leader is established per epoch;
// - every committed txn is in the history of every later leader, in the same order (a new leader's
//   log, at the last committed zxid, has the committed chain hash);
// - the applied histories of any two servers are prefixes of one another: each server applies
//   only committed txns, in order, with the committed chain hash (so all share one history), and a
//   follower that finishes syncing holds exactly the committed history up to its last zxid.
// Chain hashes (txn_log.h) make each comparison O(1) however long the history.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/zk/types.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace zk {

class ZabInvariants : public sim::TraceSink {
 public:
  explicit ZabInvariants(sim::World& world) : world_(world) {}

  void OnEvent(const sim::EventView& event) override;

  const std::vector<std::string>& violations() const { return violations_; }
  // zxid -> chain hash of the committed history, as the checker has learned it.
  const std::map<Zxid, uint64_t>& committed() const { return committed_; }

 private:
  void Violation(const sim::EventView& event, const std::string& what);
  int64_t Field(const sim::EventView& event, std::string_view key) const;

  sim::World& world_;
  std::map<uint32_t, sim::NodeId> leader_of_epoch_;
  std::map<Zxid, uint64_t> committed_;
  std::vector<std::string> violations_;
};

}  // namespace zk
