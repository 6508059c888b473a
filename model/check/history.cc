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
  }
  return "?";
}

std::vector<HistoryEvent> History::Of(HistoryType type) const {
  std::vector<HistoryEvent> out;
  for (const HistoryEvent& e : events_) {
    if (e.type == type) out.push_back(e);
  }
  return out;
}

}  // namespace kafka
