// See lag_status.h. The rules run in Burrow's order; the first that applies decides.
#include "model/check/lag_status.h"

namespace kafka {

const char* ToString(LagStatus status) {
  switch (status) {
    case LagStatus::kNotFound:
      return "NOTFOUND";
    case LagStatus::kOk:
      return "OK";
    case LagStatus::kWarn:
      return "WARN";
    case LagStatus::kErr:
      return "ERR";
    case LagStatus::kStop:
      return "STOP";
    case LagStatus::kStall:
      return "STALL";
    case LagStatus::kRewind:
      return "REWIND";
  }
  return "?";
}

LagStatus EvaluatePartition(std::span<const CommitSample> window, int64_t current_lag,
                            int64_t broker_offset, int64_t now_ms, const LagRules& rules) {
  if (window.empty()) return LagStatus::kNotFound;
  if (window.size() < rules.minimum_complete) return LagStatus::kOk;
  // 1. Caught up now.
  if (current_lag <= rules.allowed_lag) return LagStatus::kOk;
  const CommitSample& first = window.front();
  const CommitSample& last = window.back();
  // 2. STOP: no commit for longer than the window spans, unless the consumer had caught up with
  // the broker moments ago.
  if (now_ms - last.time_ms > last.time_ms - first.time_ms && broker_offset > last.offset) {
    return LagStatus::kStop;
  }
  // 3. REWIND: an offset went backwards and no later commit climbed back to where it was.
  for (size_t i = 1; i < window.size(); ++i) {
    if (window[i].offset >= window[i - 1].offset) continue;
    bool recovered = false;
    for (size_t j = i + 1; j < window.size(); ++j) {
      if (window[j].offset >= window[i - 1].offset) recovered = true;
    }
    if (!recovered) return LagStatus::kRewind;
  }
  // 4. Caught up at some point in the window.
  for (const CommitSample& c : window) {
    if (c.lag <= rules.allowed_lag) return LagStatus::kOk;
  }
  // 5. STALL: the offset never moved, with lag.
  bool moved = false;
  for (const CommitSample& c : window) moved = moved || c.offset != first.offset;
  if (!moved) return LagStatus::kStall;
  // 6. WARN: the offsets move but the lag never falls.
  bool fell = false;
  for (size_t i = 1; i < window.size(); ++i) fell = fell || window[i].lag < window[i - 1].lag;
  if (!fell) return LagStatus::kWarn;
  return LagStatus::kOk;
}

LagStatus CombineGroup(std::span<const LagStatus> partitions) {
  if (partitions.empty()) return LagStatus::kNotFound;
  LagStatus worst = LagStatus::kOk;
  for (LagStatus s : partitions) {
    if (s == LagStatus::kStop || s == LagStatus::kStall || s == LagStatus::kRewind) {
      return LagStatus::kErr;
    }
    if (s == LagStatus::kWarn) worst = LagStatus::kWarn;
  }
  return worst;
}

}  // namespace kafka
