// ZooKeeper server settings, with ZooKeeper's names and defaults (zookeeperAdmin.md).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace zk {

struct ZkConfig {
  int64_t tick_time_ms = 3000;          // tickTime: ZooKeeperServer.DEFAULT_TICK_TIME
  int32_t init_limit = 10;              // initLimit, in ticks (zoo_sample.cfg)
  int32_t sync_limit = 5;               // syncLimit, in ticks (zoo_sample.cfg)
  int64_t min_session_timeout_ms = -1;  // minSessionTimeout; -1: 2 x tickTime
  int64_t max_session_timeout_ms = -1;  // maxSessionTimeout; -1: 20 x tickTime

  sim::Duration tick() const { return sim::Duration::Millis(tick_time_ms); }
  int64_t MinSessionTimeoutMs() const {
    return min_session_timeout_ms < 0 ? 2 * tick_time_ms : min_session_timeout_ms;
  }
  int64_t MaxSessionTimeoutMs() const {
    return max_session_timeout_ms < 0 ? 20 * tick_time_ms : max_session_timeout_ms;
  }
  // ZooKeeperServer.processConnectRequest clamps the client's wish into [min, max].
  int64_t NegotiateSessionTimeoutMs(int64_t requested_ms) const {
    if (requested_ms < MinSessionTimeoutMs()) return MinSessionTimeoutMs();
    if (requested_ms > MaxSessionTimeoutMs()) return MaxSessionTimeoutMs();
    return requested_ms;
  }
};

// FastLeaderElection.java
inline constexpr sim::Duration kFinalizeWait = sim::Duration::Millis(200);
inline constexpr sim::Duration kMaxNotificationInterval = sim::Duration::Millis(60000);

}  // namespace zk
