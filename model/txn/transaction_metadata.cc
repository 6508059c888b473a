// See transaction_metadata.h. Transitions as TransactionState.validPreviousStates lists them
// (Kafka 2.8).
#include "model/txn/transaction_metadata.h"

namespace kafka {

const char* ToString(TxnState state) {
  switch (state) {
    case TxnState::kEmpty:
      return "Empty";
    case TxnState::kOngoing:
      return "Ongoing";
    case TxnState::kPrepareCommit:
      return "PrepareCommit";
    case TxnState::kPrepareAbort:
      return "PrepareAbort";
    case TxnState::kCompleteCommit:
      return "CompleteCommit";
    case TxnState::kCompleteAbort:
      return "CompleteAbort";
    case TxnState::kDead:
      return "Dead";
    case TxnState::kPrepareEpochFence:
      return "PrepareEpochFence";
  }
  return "Unknown";
}

bool ValidTransition(TxnState from, TxnState to) {
  using S = TxnState;
  const bool complete = from == S::kCompleteCommit || from == S::kCompleteAbort;
  switch (to) {
    case S::kEmpty:
      return from == S::kEmpty || complete;
    case S::kOngoing:
      return from == S::kOngoing || from == S::kEmpty || complete;
    case S::kPrepareCommit:
      return from == S::kOngoing;
    case S::kPrepareAbort:
      return from == S::kOngoing || from == S::kPrepareEpochFence;
    case S::kCompleteCommit:
      return from == S::kPrepareCommit;
    case S::kCompleteAbort:
      return from == S::kPrepareAbort;
    case S::kDead:
      return from == S::kEmpty || complete;
    case S::kPrepareEpochFence:
      return from == S::kOngoing;
  }
  return false;
}

bool TransactionMetadata::operator==(const TransactionMetadata& other) const {
  return transactional_id == other.transactional_id && producer_id == other.producer_id &&
         last_producer_id == other.last_producer_id && producer_epoch == other.producer_epoch &&
         last_producer_epoch == other.last_producer_epoch &&
         txn_timeout_ms == other.txn_timeout_ms && state == other.state &&
         partitions == other.partitions && txn_start_ms == other.txn_start_ms &&
         txn_last_update_ms == other.txn_last_update_ms;
}

}  // namespace kafka
