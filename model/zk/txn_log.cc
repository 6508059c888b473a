// See txn_log.h.
#include "model/zk/txn_log.h"

#include <algorithm>

#include "sim/hash.h"

namespace zk {

uint64_t HashTxn(const Txn& txn) {
  uint64_t h = sim::Mix64(static_cast<uint64_t>(txn.kind));
  auto fold = [&h](uint64_t x) { h = sim::Mix64(h ^ x); };
  fold(static_cast<uint64_t>(txn.zxid.value));
  fold(static_cast<uint64_t>(txn.time_ms));
  fold(static_cast<uint64_t>(txn.session.value));
  fold(static_cast<uint64_t>(static_cast<int64_t>(txn.cxid)));
  fold(static_cast<uint64_t>(txn.session_timeout_ms));
  for (const Op& op : txn.ops) {
    fold(static_cast<uint64_t>(op.type));
    fold(sim::HashName(op.path));
    fold(sim::HashName(op.data));
    fold(static_cast<uint64_t>(op.mode));
    fold(static_cast<uint64_t>(static_cast<int64_t>(op.version)));
  }
  return h;
}

void TxnLog::Append(Txn txn) {
  const uint64_t chain = sim::Mix64(last_chain() ^ HashTxn(txn));
  entries_.push_back({std::move(txn), chain});
}

void TxnLog::TruncateAfter(Zxid zxid) { entries_.resize(FirstAfter(zxid)); }

size_t TxnLog::FirstAfter(Zxid zxid) const {
  return static_cast<size_t>(
      std::upper_bound(entries_.begin(), entries_.end(), zxid,
                       [](Zxid z, const Entry& e) { return z < e.txn.zxid; }) -
      entries_.begin());
}

std::optional<size_t> TxnLog::Find(Zxid zxid) const {
  const size_t after = FirstAfter(zxid);
  if (after == 0 || entries_[after - 1].txn.zxid != zxid) return std::nullopt;
  return after - 1;
}

std::optional<uint64_t> TxnLog::ChainAt(Zxid zxid) const {
  if (zxid == Zxid{}) return 0;
  const std::optional<size_t> i = Find(zxid);
  if (!i) return std::nullopt;
  return entries_[*i].chain;
}

}  // namespace zk
