// TransactionOutcomes: what became of each transactional send, read from the client history.
// A producer's sends between its txn-begin and its next txn-commit or txn-abort are one
// transaction, committed or aborted as that event says. A transaction that ends any other way
// (the producer crashed, hit a fatal error, or the run ended first) is in doubt: the coordinator
// decided, and the producer never heard.
//
// One value can be written more than once: a zombie and the member that replaced it both turn
// the same input into the same output, one in a transaction that aborts and one in a transaction
// that commits. So outcomes are kept per write (where it was acknowledged), and a value counts as
// aborted only when no write of it committed or is in doubt.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "model/check/history.h"

namespace kafka {

struct TransactionOutcomes {
  enum class Outcome { kCommitted, kAborted, kInDoubt };

  // Values with a committed write; values whose every transactional write aborted; values with a
  // write in doubt and none committed.
  std::set<int64_t> committed, aborted, in_doubt;
  // Acknowledged transactional writes, by where they landed.
  std::map<std::tuple<TopicPartition, Offset, int64_t>, Outcome> written_at;
  // Transactional writes no acknowledgement placed, per value: aborted ones, and the others.
  struct Unacknowledged {
    int aborted = 0, others = 0;
  };
  std::map<int64_t, Unacknowledged> unacknowledged;

  // Whether a reader owes this value (it is not transactional, or a transaction of it committed).
  bool Owed(int64_t value) const { return !aborted.contains(value) && !in_doubt.contains(value); }
  bool Transactional(int64_t value) const {
    return committed.contains(value) || aborted.contains(value) || in_doubt.contains(value);
  }
  // Whether the record read at `offset` of `tp` is an aborted transaction's write (Jepsen's G1a).
  // The write acknowledged there decides; a record no acknowledgement placed is judged by its
  // value.
  bool AbortedRead(const TopicPartition& tp, Offset offset, int64_t value) const {
    const auto it = written_at.find({tp, offset, value});
    if (it != written_at.end()) return it->second == Outcome::kAborted;
    // No acknowledgement placed this copy. It is an aborted write's if the value has one that
    // was never acknowledged, and every committed or in-doubt write of it was acknowledged
    // elsewhere.
    const auto u = unacknowledged.find(value);
    return aborted.contains(value) ||
           (u != unacknowledged.end() && u->second.aborted > 0 && u->second.others == 0);
  }
  // Whether a reader owes the write acknowledged at `offset` of `tp`: its own transaction
  // committed, or it was not transactional.
  bool OwedWrite(const TopicPartition& tp, Offset offset, int64_t value) const {
    const auto it = written_at.find({tp, offset, value});
    return it != written_at.end() ? it->second == Outcome::kCommitted : Owed(value);
  }
};

TransactionOutcomes ReadTransactionOutcomes(const History& history);

}  // namespace kafka
