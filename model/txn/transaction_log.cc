// See transaction_log.h. The key is "txn\0<transactional id>"; the value is length-prefixed text.
#include "model/txn/transaction_log.h"

#include <memory>
#include <vector>

#include "model/common/value_codec.h"

namespace kafka {
namespace {

constexpr std::string_view kKeyPrefix{"txn\0", 4};

}  // namespace

Record TransactionRecord(const TransactionMetadata& txn, int64_t now_ms) {
  ValueWriter w;
  w.Put(txn.producer_id);
  w.Put(txn.last_producer_id);
  w.Put(txn.producer_epoch);
  w.Put(txn.last_producer_epoch);
  w.Put(txn.txn_timeout_ms);
  w.Put(static_cast<int64_t>(txn.state));
  w.Put(std::vector<TopicPartition>(txn.partitions.begin(), txn.partitions.end()));
  w.Put(txn.txn_start_ms);
  w.Put(txn.txn_last_update_ms);
  Record r;
  r.key = std::string(kKeyPrefix) + txn.transactional_id;
  r.value_id = static_cast<int64_t>(txn.state);
  r.payload = std::make_shared<const std::string>(w.Take());
  r.size_bytes = 100;
  r.timestamp_ms = now_ms;
  return r;
}

std::optional<TransactionMetadata> DecodeTransactionRecord(const Record& record) {
  if (!record.key || !record.key->starts_with(kKeyPrefix) || !record.payload) return std::nullopt;
  ValueReader r(*record.payload);
  TransactionMetadata txn;
  txn.transactional_id = record.key->substr(kKeyPrefix.size());
  txn.producer_id = r.Number();
  txn.last_producer_id = r.Number();
  txn.producer_epoch = static_cast<int16_t>(r.Number());
  txn.last_producer_epoch = static_cast<int16_t>(r.Number());
  txn.txn_timeout_ms = static_cast<int32_t>(r.Number());
  const int64_t state = r.Number();
  for (const TopicPartition& tp : r.Partitions()) txn.partitions.insert(tp);
  txn.txn_start_ms = r.Number();
  txn.txn_last_update_ms = r.Number();
  if (!r.ok() || state < 0 || state > static_cast<int64_t>(TxnState::kPrepareEpochFence)) {
    return std::nullopt;
  }
  txn.state = static_cast<TxnState>(state);
  return txn;
}

void ReplayTransactionRecord(const Record& record,
                             std::map<std::string, TransactionMetadata>* txns) {
  if (auto txn = DecodeTransactionRecord(record)) {
    (*txns)[txn->transactional_id] = std::move(*txn);
  }
}

}  // namespace kafka
