// What the transaction coordinator writes to __transaction_state (TransactionLog.scala): one
// record per change of a transactional id, keyed by the id, holding the whole metadata (producer
// id and epoch, timeout, state, partitions, start time). The topic replicates, survives and is
// truncated like any other; a coordinator that takes a partition over replays it, the latest
// record of each id winning.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/common/record_batch.h"
#include "model/txn/transaction_metadata.h"

namespace kafka {

Record TransactionRecord(const TransactionMetadata& txn, int64_t now_ms);
// The metadata a record holds, or nothing if it is not a transaction record.
std::optional<TransactionMetadata> DecodeTransactionRecord(const Record& record);
// Folds one record into `txns` (later records win).
void ReplayTransactionRecord(const Record& record,
                             std::map<std::string, TransactionMetadata>* txns);

}  // namespace kafka
