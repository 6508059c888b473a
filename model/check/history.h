// History: what the clients did and saw, in the order it happened (Jepsen's history): each send
// (invoke, then ok with its partition and offset, fail when it certainly was not written, or info
// when nobody knows), each poll's records, each commit, each assignment and revocation, and each
// client crash. The clients record it themselves, as Jepsen's clients do; the checkers read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/error_code.h"
#include "model/common/ids.h"
#include "sim/time.h"

namespace kafka {

enum class HistoryType {
  kInvoke,   // a send began
  kOk,       // acknowledged at tp/offset
  kFail,     // definitely not written
  kInfo,     // unknown: may or may not have been written
  kPoll,     // a consumer received the record at tp/offset
  kProcess,  // a consumer processed it (wrote it to its sink)
  kCommit,   // a consumer's commit of `offset` (the next to read) for tp succeeded
  kAssign,   // a consumer got tp
  kRevoke,   // a consumer gave tp up
  kCrash,    // the client's process died
};
const char* ToString(HistoryType type);

struct HistoryEvent {
  sim::Time time;
  std::string client;
  HistoryType type = HistoryType::kInvoke;
  TopicPartition tp;
  Offset offset = -1;
  int64_t value = -1;
  std::optional<std::string> key;
  ErrorCode error = ErrorCode::kNone;
};

class History {
 public:
  void Add(HistoryEvent event) { events_.push_back(std::move(event)); }
  const std::vector<HistoryEvent>& events() const { return events_; }
  // The events of one type, in order.
  std::vector<HistoryEvent> Of(HistoryType type) const;

 private:
  std::vector<HistoryEvent> events_;
};

}  // namespace kafka
