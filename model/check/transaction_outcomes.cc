// See transaction_outcomes.h.
#include "model/check/transaction_outcomes.h"

#include <optional>
#include <string>
#include <vector>

namespace kafka {
namespace {

using Outcome = TransactionOutcomes::Outcome;

struct OpenTransaction {
  std::vector<int64_t> values;
  std::vector<std::tuple<TopicPartition, Offset, int64_t>> acknowledged;
};

}  // namespace

TransactionOutcomes ReadTransactionOutcomes(const History& history) {
  TransactionOutcomes out;
  std::map<std::string, std::optional<OpenTransaction>> open;  // per producer
  std::map<int64_t, std::set<Outcome>> by_value;
  const auto end = [&](const std::string& client, Outcome outcome) {
    const auto it = open.find(client);
    if (it == open.end() || !it->second) return;
    std::set<int64_t> placed;
    for (const auto& where : it->second->acknowledged) {
      out.written_at[where] = outcome;
      placed.insert(std::get<2>(where));
    }
    for (int64_t v : it->second->values) {
      by_value[v].insert(outcome);
      if (placed.contains(v)) continue;
      auto& u = out.unacknowledged[v];
      (outcome == Outcome::kAborted ? u.aborted : u.others) += 1;
    }
    it->second.reset();
  };
  for (const HistoryEvent& e : history.events()) {
    switch (e.type) {
      case HistoryType::kTxnBegin:
        end(e.client, Outcome::kInDoubt);  // the previous one never ended
        open[e.client].emplace();
        break;
      case HistoryType::kInvoke:
        if (const auto it = open.find(e.client); it != open.end() && it->second) {
          it->second->values.push_back(e.value);
        }
        break;
      case HistoryType::kOk:
        if (const auto it = open.find(e.client); it != open.end() && it->second && e.offset >= 0) {
          it->second->acknowledged.emplace_back(e.tp, e.offset, e.value);
        }
        break;
      case HistoryType::kTxnCommit:
        end(e.client, Outcome::kCommitted);
        break;
      case HistoryType::kTxnAbort:
        end(e.client, Outcome::kAborted);
        break;
      case HistoryType::kCrash:
        end(e.client, Outcome::kInDoubt);
        break;
      default:
        break;
    }
  }
  for (const auto& [client, txn] : open) end(client, Outcome::kInDoubt);
  for (const auto& [value, outcomes] : by_value) {
    if (outcomes.contains(Outcome::kCommitted)) {
      out.committed.insert(value);
    } else if (outcomes.contains(Outcome::kInDoubt)) {
      out.in_doubt.insert(value);
    } else {
      out.aborted.insert(value);
    }
  }
  return out;
}

}  // namespace kafka
