// The replication invariants, as checks over the replicas' logs of one partition (issue 4's list;
// the safety properties KIP-101 and KIP-279 restored). The broker tests will run them after every
// event; here they are pure functions so that each is tested on its own.
//
// - Log matching: two replicas agree on every offset below both their high watermarks (the same
//   batch, or at least the same leader epoch, producer and record there).
// - Leader completeness: the leader holds every record below any replica's high watermark.
// - One leader per epoch: no two brokers lead the same partition in the same leader epoch.
// - Durability: a committed record (below some replica's HW once) is still held, at its offset,
//   by every replica that is in the ISR, as long as one of them lives.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/broker/log.h"

namespace kafka {

struct ReplicaView {
  int32_t broker = 0;
  const Log* log = nullptr;
};

// What a record at an offset is, for comparing replicas: its batch's leader epoch, its producer
// and sequence, and the record's value id.
struct RecordIdentity {
  int32_t leader_epoch;
  int64_t producer_id;
  int32_t sequence;
  int64_t value_id;
  bool operator==(const RecordIdentity&) const = default;
};
std::optional<RecordIdentity> RecordAt(const Log& log, Offset offset);

// Each returns a description of the first violation, or nothing.
// Offsets below `from` are taken as already verified (an observer checks incrementally).
std::optional<std::string> CheckLogMatching(const std::vector<ReplicaView>& replicas,
                                            Offset from = 0);
std::optional<std::string> CheckLeaderCompleteness(const ReplicaView& leader,
                                                   const std::vector<ReplicaView>& replicas,
                                                   Offset from = 0);

// Remembers who led in which epoch and which records were committed, across a run.
class ReplicationHistory {
 public:
  // A broker leads `epoch`; a violation if another did.
  std::optional<std::string> RecordLeader(int32_t epoch, int32_t broker);
  // Records every offset below `hw` of `log` as committed (first sighting wins).
  void RecordCommitted(const Log& log);
  // Every committed record must still be in `log` at its offset, unchanged.
  std::optional<std::string> CheckStillHeld(const ReplicaView& replica, Offset from = 0) const;
  // Forgets the committed records below `offset`, once retention has deleted them from every
  // replica: no replica can hold them again (a new one copies from a leader's log start), so none
  // can be lost, and the monitor's memory follows the records kept.
  void ForgetBelow(Offset offset);
  size_t committed_count() const { return committed_.size(); }
  // One past the highest committed offset seen (forgotten ones included).
  Offset committed_end() const { return end_; }

 private:
  std::map<int32_t, int32_t> leader_of_epoch_;
  // Offsets are committed in ascending order (each sighting starts past the last), so a sorted
  // vector holds them: a third of a map's memory per record, and scans in cache order.
  std::vector<std::pair<Offset, RecordIdentity>> committed_;
  Offset end_ = 0;
};

}  // namespace kafka
