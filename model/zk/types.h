// ZooKeeper's vocabulary: transaction ids, session ids, result codes with ZooKeeper's own numbers
// and messages, create modes, znode stats and watch event types.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace zk {

// A transaction id: epoch << 32 | counter (ZxidUtils.java). The epoch changes with each leader.
struct Zxid {
  int64_t value = 0;
  static constexpr Zxid Make(uint32_t epoch, uint32_t counter) {
    return Zxid{static_cast<int64_t>((uint64_t{epoch} << 32) | counter)};
  }
  constexpr uint32_t epoch() const {
    return static_cast<uint32_t>(static_cast<uint64_t>(value) >> 32);
  }
  constexpr uint32_t counter() const { return static_cast<uint32_t>(value); }
  constexpr auto operator<=>(const Zxid&) const = default;
};
std::string ToString(Zxid zxid);  // "0x200000003", as ZooKeeper logs it

struct SessionId {
  int64_t value = 0;  // 0: no session (a persistent node's ephemeralOwner)
  constexpr auto operator<=>(const SessionId&) const = default;
};

// KeeperException.Code, with ZooKeeper's numeric values.
enum class Code : int32_t {
  kOk = 0,
  kRuntimeInconsistency = -2,
  kConnectionLoss = -4,
  kBadArguments = -8,
  kNoNode = -101,
  kBadVersion = -103,
  kNoChildrenForEphemerals = -108,
  kNodeExists = -110,
  kNotEmpty = -111,
  kSessionExpired = -112,
  kSessionMoved = -118,
};
// KeeperException.getCodeMessage: "NoNode", "Directory not empty", "Session expired", ...
const char* CodeMessage(Code code);
// "KeeperErrorCode = NoNode for /brokers/ids/1", as KeeperException.getMessage prints it.
std::string KeeperErrorMessage(Code code, const std::string& path);

enum class CreateMode { kPersistent, kEphemeral, kPersistentSequential, kEphemeralSequential };
constexpr bool IsEphemeral(CreateMode m) {
  return m == CreateMode::kEphemeral || m == CreateMode::kEphemeralSequential;
}
constexpr bool IsSequential(CreateMode m) {
  return m == CreateMode::kPersistentSequential || m == CreateMode::kEphemeralSequential;
}

// A znode's stat (org.apache.zookeeper.data.Stat). Times are milliseconds of simulated time.
struct Stat {
  Zxid czxid, mzxid, pzxid;
  int64_t ctime_ms = 0, mtime_ms = 0;
  int32_t version = 0, cversion = 0, aversion = 0;
  SessionId ephemeral_owner;
  int32_t data_length = 0, num_children = 0;
  bool operator==(const Stat&) const = default;
};

enum class EventType { kNone, kNodeCreated, kNodeDeleted, kNodeDataChanged, kNodeChildrenChanged };
const char* ToString(EventType type);

}  // namespace zk
