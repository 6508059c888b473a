// DataTree: the state every ZooKeeper server replicates, and the watches its own clients set.
//
// Replicated part: znodes with their stats, the live sessions and each session's ephemerals.
// It changes only through Apply(txn). A txn carries the client's request as asked (paths without
// sequence suffixes, expected versions), and Apply checks it against the current state: so any
// two servers that apply the same txns in the same order reach the same state and the same
// results, failures included. (Real ZooKeeper checks requests once, on the leader, and ships the
// outcome; checking on apply gives the same outcomes without a second copy of the logic.)
//
// Local part: one-shot data and child watches (WatchManager.java), registered by reads of this
// server's clients and fired by the txns it applies. Apply returns the events to deliver.
//
// Semantics follow DataTree.java and PrepRequestProcessor.java (ZooKeeper 3.5): sequential names
// take the parent's cversion as a 10-digit suffix; cversion and pzxid of the parent change on every
// child create and delete; a multi applies all of its ops or none, and a failed multi reports OK
// for the ops before the failure, the error for the failing op, RuntimeInconsistency after it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/zk/types.h"

namespace zk {

// One operation of a request.
struct Op {
  enum class Type { kCreate, kDelete, kSetData, kCheck };
  Type type = Type::kCheck;
  std::string path;
  std::string data;
  CreateMode mode = CreateMode::kPersistent;
  int32_t version = -1;  // -1: any version

  static Op Create(std::string path, std::string data, CreateMode mode = CreateMode::kPersistent);
  static Op Delete(std::string path, int32_t version = -1);
  static Op SetData(std::string path, std::string data, int32_t version = -1);
  static Op Check(std::string path, int32_t version);
};

struct OpResult {
  Code code = Code::kOk;
  std::string path;  // for create: the name created (with its sequence suffix)
  Stat stat;         // for setData: the new stat
};

// A transaction as the leader proposes it and every server applies it. Writes need a live session
// (SessionExpired otherwise); session 0 stands for the system itself (tests, tools).
struct Txn {
  enum class Kind { kOps, kMulti, kCreateSession, kCloseSession };
  Kind kind = Kind::kOps;
  Zxid zxid;
  int64_t time_ms = 0;
  SessionId session;
  int32_t cxid = 0;                // the client's request number, for the server that answers
  std::vector<Op> ops;             // kOps: exactly one; kMulti: any number
  int32_t session_timeout_ms = 0;  // kCreateSession
};

// A client connection to this server that may hold watches. Sessions are the natural id.
using WatcherId = SessionId;

struct WatchEvent {
  EventType type;
  std::string path;
  WatcherId watcher;
};

struct ApplyResult {
  Code code = Code::kOk;           // the first error, or kOk
  std::vector<OpResult> results;   // one per op
  std::vector<WatchEvent> events;  // watches this txn fired, in order
};

class DataTree {
 public:
  DataTree();

  ApplyResult Apply(const Txn& txn);
  Zxid last_processed_zxid() const { return last_zxid_; }

  // Reads. A watch, when asked for, is set even when the read fails with NoNode for exists()
  // (to hear of the node's creation), but not for getData() or getChildren().
  Code GetData(const std::string& path, std::string* data, Stat* stat,
               std::optional<WatcherId> watch = std::nullopt);
  Code Exists(const std::string& path, Stat* stat, std::optional<WatcherId> watch = std::nullopt);
  Code GetChildren(const std::string& path, std::vector<std::string>* children, Stat* stat,
                   std::optional<WatcherId> watch = std::nullopt);

  // Reads for observers (tests, the view): no watch, no change.
  bool Contains(const std::string& path) const { return nodes_.contains(path); }
  std::optional<std::string> DataOf(const std::string& path) const;

  // Sessions and their ephemeral nodes (replicated).
  bool HasSession(SessionId s) const { return sessions_.contains(s); }
  const std::map<SessionId, int32_t>& sessions() const { return sessions_; }
  std::vector<std::string> EphemeralsOf(SessionId s) const;

  // A reconnecting client's watches (DataTree.setWatches): each fires at once if its node changed
  // after `relative_zxid` (the last zxid the client saw), and is set here otherwise.
  std::vector<WatchEvent> SetWatches(Zxid relative_zxid, const std::vector<std::string>& data,
                                     const std::vector<std::string>& exist,
                                     const std::vector<std::string>& child, WatcherId watcher);

  // Drops every watch a client set on this server (it disconnected).
  void RemoveWatches(WatcherId watcher);
  size_t watch_count() const;

  size_t node_count() const { return nodes_.size(); }
  // A hash of the replicated state (nodes, stats, data, sessions): equal on two servers exactly
  // when they hold the same state, for the invariant checks.
  uint64_t Digest() const;

  // Checks a path as PathUtils.validatePath does; returns an explanation, or nothing if valid.
  static std::optional<std::string> InvalidPathReason(const std::string& path);

 private:
  struct Node {
    std::string data;
    Stat stat;
    std::set<std::string> children;  // names, sorted as ZooKeeper's getChildren need not be
  };
  struct Change;  // an undo record for a multi
  // A change that may fire watches; fired only once the whole txn has succeeded.
  struct Trigger {
    EventType type;  // kNodeCreated, kNodeDeleted or kNodeDataChanged
    std::string path;
  };

  Code ApplyOp(const Op& op, const Txn& txn, OpResult* result, std::vector<Change>* undo,
               std::vector<Trigger>* triggers);
  void CreateNode(const std::string& path, const std::string& data, SessionId owner,
                  const Txn& txn);
  void DeleteNode(const std::string& path, const Txn& txn);
  void FireAll(const std::vector<Trigger>& triggers, std::vector<WatchEvent>* events);
  void Fire(std::map<std::string, std::set<WatcherId>>& watches, const std::string& path,
            EventType type, std::vector<WatchEvent>* events, std::set<WatcherId>* already);

  std::map<std::string, Node> nodes_;
  std::map<SessionId, int32_t> sessions_;  // live session -> timeout (ms)
  std::map<SessionId, std::set<std::string>> ephemerals_;
  std::map<std::string, std::set<WatcherId>> data_watches_;
  std::map<std::string, std::set<WatcherId>> child_watches_;
  Zxid last_zxid_;
};

// "/a/b/c" -> "/a/b"; "/a" -> "/".
std::string ParentOf(const std::string& path);

}  // namespace zk
