// See history.h.
#include "model/check/history.h"

namespace kafka {

const char* ToString(HistoryType type) {
  switch (type) {
    case HistoryType::kInvoke:
      return "invoke";
    case HistoryType::kOk:
      return "ok";
    case HistoryType::kFail:
      return "fail";
    case HistoryType::kInfo:
      return "info";
    case HistoryType::kPoll:
      return "poll";
    case HistoryType::kProcess:
      return "process";
    case HistoryType::kCommit:
      return "commit";
    case HistoryType::kAssign:
      return "assign";
    case HistoryType::kRevoke:
      return "revoke";
    case HistoryType::kCrash:
      return "crash";
    case HistoryType::kTxnBegin:
      return "txn-begin";
    case HistoryType::kTxnCommit:
      return "txn-commit";
    case HistoryType::kTxnAbort:
      return "txn-abort";
    case HistoryType::kSkip:
      return "skip";
  }
  return "?";
}

void History::Add(const HistoryEvent& event) {
  entries_.push_back({event.time, event.offset, event.value, clients_.Intern(event.client),
                      partitions_.Intern(event.tp), event.key ? keys_.Intern(*event.key) : kNoKey,
                      event.type, event.error});
}

HistoryEvent History::operator[](size_t i) const {
  const Entry& e = entries_[i];
  HistoryEvent out{e.time,  clients_[e.client], e.type, partitions_[e.tp], e.offset,
                   e.value, std::nullopt,       e.error};
  if (e.key != kNoKey) out.key = keys_[e.key];
  return out;
}

std::vector<HistoryEvent> History::Of(HistoryType type) const {
  std::vector<HistoryEvent> out;
  for (const HistoryEvent& e : events()) {
    if (e.type == type) out.push_back(e);
  }
  return out;
}

}  // namespace kafka
