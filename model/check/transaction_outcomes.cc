// See transaction_outcomes.h.
#include "model/check/transaction_outcomes.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kafka {

TransactionOutcomes ReadTransactionOutcomes(const History& history) {
  TransactionOutcomes out;
  std::map<std::string, std::optional<std::vector<int64_t>>> open;  // per producer
  const auto end = [&](const std::string& client, std::set<int64_t>* into) {
    const auto it = open.find(client);
    if (it == open.end() || !it->second) return;
    into->insert(it->second->begin(), it->second->end());
    it->second.reset();
  };
  for (const HistoryEvent& e : history.events()) {
    switch (e.type) {
      case HistoryType::kTxnBegin:
        end(e.client, &out.in_doubt);  // the previous one never ended
        open[e.client].emplace();
        break;
      case HistoryType::kInvoke:
        if (const auto it = open.find(e.client); it != open.end() && it->second) {
          it->second->push_back(e.value);
        }
        break;
      case HistoryType::kTxnCommit:
        end(e.client, &out.committed);
        break;
      case HistoryType::kTxnAbort:
        end(e.client, &out.aborted);
        break;
      case HistoryType::kCrash:
        end(e.client, &out.in_doubt);
        break;
      default:
        break;
    }
  }
  for (const auto& [client, values] : open) end(client, &out.in_doubt);
  return out;
}

}  // namespace kafka
