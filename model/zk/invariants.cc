// See invariants.h.
#include "model/zk/invariants.h"

#include "model/zk/server.h"

namespace zk {

int64_t ZabInvariants::Field(const sim::EventView& event, std::string_view key) const {
  for (const sim::Field& f : event.fields) {
    if (f.key == key) return f.number;
  }
  return 0;
}

void ZabInvariants::Violation(const sim::EventView& event, const std::string& what) {
  violations_.push_back(sim::ToString(event.time) + " " + std::string(event.node_name) + ": " +
                        what);
}

void ZabInvariants::OnEvent(const sim::EventView& event) {
  const std::string_view kind = event.kind.name;
  if (kind == kinds::kEstablished.name) {
    const uint32_t epoch = static_cast<uint32_t>(Field(event, "epoch"));
    const auto [it, fresh] = leader_of_epoch_.try_emplace(epoch, event.node);
    if (!fresh && it->second != event.node) {
      Violation(event, "a second leader established in epoch " + std::to_string(epoch));
    }
    const auto& leader = world_.node_as<ZkServer>(event.node);
    if (!committed_.empty()) {
      const auto [last_zxid, last_chain] = *committed_.rbegin();
      const std::optional<uint64_t> chain = leader.log().ChainAt(last_zxid);
      if (chain != last_chain) {
        Violation(event,
                  "the new leader's log lacks committed history up to " + ToString(last_zxid));
      }
    }
    // Establishment commits the leader's whole history.
    for (const TxnLog::Entry& e : leader.log().entries())
      committed_.try_emplace(e.txn.zxid, e.chain);
  } else if (kind == kinds::kCommit.name) {
    const Zxid zxid{Field(event, "zxid")};
    const uint64_t chain = static_cast<uint64_t>(Field(event, "chain"));
    const auto it = committed_.find(zxid);
    if (it != committed_.end() && it->second != chain) {
      Violation(event, "commits a different txn at " + ToString(zxid));
    } else if (it == committed_.end() && !committed_.empty()) {
      const auto [last_zxid, last_chain] = *committed_.rbegin();
      if (zxid < last_zxid) {
        Violation(event, "commits " + ToString(zxid) + " below the committed history");
      } else if (world_.node_as<ZkServer>(event.node).log().ChainAt(last_zxid) != last_chain) {
        Violation(event, "commits " + ToString(zxid) + " on a log without the committed history");
      }
    }
    committed_[zxid] = chain;
  } else if (kind == kinds::kApply.name || kind == kinds::kSynced.name) {
    const Zxid zxid{Field(event, kind == kinds::kApply.name ? "zxid" : "last_zxid")};
    if (zxid == Zxid{}) return;
    const uint64_t chain = static_cast<uint64_t>(Field(event, "chain"));
    const auto it = committed_.find(zxid);
    if (it == committed_.end()) {
      Violation(event, "applies " + ToString(zxid) + ", which never committed");
    } else if (it->second != chain) {
      Violation(event, "its history at " + ToString(zxid) + " differs from the committed one");
    }
  }
}

}  // namespace zk
