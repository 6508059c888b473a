// SessionTracker: the leader's record of when each session expires (SessionTrackerImpl and
// ExpiryQueue.java). Deadlines are rounded up to the next multiple of the expiration interval
// (tickTime), so a silent session expires between one timeout and one timeout plus a tick after
// it was last heard, and expiry is checked once per interval.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "model/zk/types.h"

namespace zk {

class SessionTracker {
 public:
  explicit SessionTracker(int64_t interval_ms) : interval_ms_(interval_ms) {}

  // Adds or refreshes a session: it now expires one timeout from `now_ms`, rounded up.
  void Touch(SessionId s, int64_t timeout_ms, int64_t now_ms) {
    Entry& e = sessions_[s];
    e.timeout_ms = timeout_ms;
    e.expires_at_ms = RoundUp(now_ms + timeout_ms);
  }
  // Refreshes a known, not yet expired session; returns false otherwise.
  bool TouchIfAlive(SessionId s, int64_t now_ms) {
    const auto it = sessions_.find(s);
    if (it == sessions_.end() || it->second.closing) return false;
    it->second.expires_at_ms = RoundUp(now_ms + it->second.timeout_ms);
    return true;
  }
  void Remove(SessionId s) { sessions_.erase(s); }
  bool IsAlive(SessionId s) const {
    const auto it = sessions_.find(s);
    return it != sessions_.end() && !it->second.closing;
  }
  // Marks a live session closing now, as if its deadline had passed; false if it is not alive.
  bool ExpireNow(SessionId s) {
    const auto it = sessions_.find(s);
    if (it == sessions_.end() || it->second.closing) return false;
    it->second.closing = true;
    return true;
  }
  // Sessions whose deadline has passed, in id order; each is reported once (it is marked closing).
  std::vector<SessionId> TakeExpired(int64_t now_ms) {
    std::vector<SessionId> out;
    for (auto& [s, e] : sessions_) {
      if (!e.closing && e.expires_at_ms <= now_ms) {
        e.closing = true;
        out.push_back(s);
      }
    }
    return out;
  }
  // The next multiple of the interval strictly after `ms` (ExpiryQueue.roundToNextInterval).
  int64_t RoundUp(int64_t ms) const { return (ms / interval_ms_ + 1) * interval_ms_; }
  size_t size() const { return sessions_.size(); }

 private:
  struct Entry {
    int64_t timeout_ms = 0;
    int64_t expires_at_ms = 0;
    bool closing = false;
  };
  int64_t interval_ms_;
  std::map<SessionId, Entry> sessions_;
};

}  // namespace zk
