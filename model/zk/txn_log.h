// TxnLog: a server's durable state, what survives a crash or a power loss. ZooKeeper syncs its log
// to disk before it acknowledges a proposal (forceSync=yes), so nothing acknowledged is ever lost;
// the model keeps the log, the two epoch files and the session-id counter across every crash.
//
// Each entry carries a chain hash: the hash of its txn folded onto the previous entry's chain. Two
// logs with the same chain hash at the same zxid hold the same txns in the same order up to it,
// which lets the invariant checker compare whole histories in O(1).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/zk/data_tree.h"
#include "model/zk/types.h"

namespace zk {

// A stable hash of a txn's content (not of its zxid alone).
uint64_t HashTxn(const Txn& txn);

class TxnLog {
 public:
  struct Entry {
    Txn txn;
    uint64_t chain = 0;
  };

  void Append(Txn txn);
  // Drops every entry after `zxid` (TRUNC). Entries at or before it stay.
  void TruncateAfter(Zxid zxid);
  const std::vector<Entry>& entries() const { return entries_; }
  Zxid last_zxid() const { return entries_.empty() ? Zxid{} : entries_.back().txn.zxid; }
  uint64_t last_chain() const { return entries_.empty() ? 0 : entries_.back().chain; }
  // The index of the entry with this zxid, if present.
  std::optional<size_t> Find(Zxid zxid) const;
  // The chain hash at `zxid` (0 for the empty prefix), if the log holds that zxid.
  std::optional<uint64_t> ChainAt(Zxid zxid) const;
  // Index of the first entry with a zxid above `zxid`.
  size_t FirstAfter(Zxid zxid) const;

  // The epoch files of ZAB: the last epoch this server agreed to (LEADERINFO) and the epoch of the
  // leader it last synced with (NEWLEADER).
  uint32_t accepted_epoch = 0;
  uint32_t current_epoch = 0;
  // Next session id counter, so ids stay unique across restarts.
  uint64_t session_counter = 0;

 private:
  std::vector<Entry> entries_;
};

}  // namespace zk
