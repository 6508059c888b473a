// TransactionMetadata: what a transaction coordinator knows of one transactional id, and the
// states its transaction moves through (Kafka 2.8 core/.../coordinator/transaction/
// TransactionMetadata.scala).
//
//   Empty ──AddPartitions──▶ Ongoing ──EndTxn──▶ PrepareCommit ──markers──▶ CompleteCommit
//                               │                PrepareAbort  ──markers──▶ CompleteAbort
//                               └─(fence: a new producer instance, or the timeout)─▶ PrepareAbort
//
// Every change is first written to __transaction_state (acks=all) and only then applied; while a
// write is in flight the id has a pending state and its requests get CONCURRENT_TRANSACTIONS.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "model/common/ids.h"

namespace kafka {

enum class TxnState : int8_t {
  kEmpty = 0,
  kOngoing = 1,
  kPrepareCommit = 2,
  kPrepareAbort = 3,
  kCompleteCommit = 4,
  kCompleteAbort = 5,
  kDead = 6,
  kPrepareEpochFence = 7,
};
// Kafka's names: "Empty", "Ongoing", "PrepareCommit", ...
const char* ToString(TxnState state);
// TransactionState.validPreviousStates: may a transaction in `from` move to `to`?
bool ValidTransition(TxnState from, TxnState to);

inline constexpr const char* kTransactionStateTopic = "__transaction_state";

struct TransactionMetadata {
  std::string transactional_id;
  int64_t producer_id = -1;
  int64_t last_producer_id = -1;
  int16_t producer_epoch = -1;
  int16_t last_producer_epoch = -1;
  int32_t txn_timeout_ms = 60000;
  TxnState state = TxnState::kEmpty;
  std::set<TopicPartition> partitions;  // of the open (or ending) transaction
  int64_t txn_start_ms = -1;
  int64_t txn_last_update_ms = 0;

  // In memory only: the state a write in flight will set, and whether the last attempt to fence
  // the producer's epoch failed to be written (then the next attempt does not bump it again).
  std::optional<TxnState> pending_state;
  bool has_failed_epoch_fence = false;

  bool operator==(const TransactionMetadata& other) const;
};

}  // namespace kafka
