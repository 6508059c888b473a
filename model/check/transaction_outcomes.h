// TransactionOutcomes: what became of each transactional send, read from the client history.
// A producer's sends between its txn-begin and its next txn-commit or txn-abort are one
// transaction, committed or aborted as that event says. A transaction that ends any other way
// (the producer crashed, hit a fatal error, or the run ended first) is in doubt: the coordinator
// decided, and the producer never heard.
#pragma once

#include <cstdint>
#include <set>

#include "model/check/history.h"

namespace kafka {

struct TransactionOutcomes {
  std::set<int64_t> committed, aborted, in_doubt;
  // Whether a reader owes this value (it is not transactional, or its transaction committed).
  bool Owed(int64_t value) const { return !aborted.contains(value) && !in_doubt.contains(value); }
  bool Transactional(int64_t value) const {
    return committed.contains(value) || aborted.contains(value) || in_doubt.contains(value);
  }
};

TransactionOutcomes ReadTransactionOutcomes(const History& history);

}  // namespace kafka
