// Burrow's consumer lag evaluation (linkedin/Burrow, core/internal/evaluator/caching.go; the
// rules as ux-and-performance.md states them): a status for each partition from the window of
// its last commits, and for the group the worst of them. Pure functions of the window, so the
// view can show Burrow-compatible badges and tests can check them on worked examples.
#pragma once

#include <cstdint>
#include <span>

namespace kafka {

// Burrow's strings: NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND.
enum class LagStatus { kNotFound, kOk, kWarn, kErr, kStop, kStall, kRewind };
const char* ToString(LagStatus status);

// One commit as Burrow stores it: when, the offset, and the lag when it arrived (the partition's
// high watermark then, minus the offset).
struct CommitSample {
  int64_t time_ms = 0;
  int64_t offset = 0;
  int64_t lag = 0;
};

struct LagRules {
  int64_t allowed_lag = 0;      // Burrow's allowed-lag
  size_t minimum_complete = 0;  // fewer commits than this: OK, not evaluated
};

// `window` is oldest first (Burrow keeps the last 10). `current_lag` is the lag now: high
// watermark minus the last commit. `broker_offset` is the latest high watermark seen.
LagStatus EvaluatePartition(std::span<const CommitSample> window, int64_t current_lag,
                            int64_t broker_offset, int64_t now_ms, const LagRules& rules = {});

// The group's status: the worst partition's, with STOP, STALL and REWIND shown as ERR;
// NOTFOUND when there is no partition.
LagStatus CombineGroup(std::span<const LagStatus> partitions);

}  // namespace kafka
