// See data_tree.h. Behaviour follows ZooKeeper 3.5's DataTree.java and PrepRequestProcessor.java.
#include "model/zk/data_tree.h"

#include <cstdio>

#include "sim/hash.h"

namespace zk {

Op Op::Create(std::string path, std::string data, CreateMode mode) {
  return Op{Type::kCreate, std::move(path), std::move(data), mode, -1};
}
Op Op::Delete(std::string path, int32_t version) {
  return Op{Type::kDelete, std::move(path), {}, CreateMode::kPersistent, version};
}
Op Op::SetData(std::string path, std::string data, int32_t version) {
  return Op{Type::kSetData, std::move(path), std::move(data), CreateMode::kPersistent, version};
}
Op Op::Check(std::string path, int32_t version) {
  return Op{Type::kCheck, std::move(path), {}, CreateMode::kPersistent, version};
}

std::string ParentOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

namespace {
std::string NameOf(const std::string& path) { return path.substr(path.rfind('/') + 1); }
}  // namespace

struct DataTree::Change {
  std::string path;
  std::optional<Node> before;
};

DataTree::DataTree() {
  // The root and ZooKeeper's own nodes, as a fresh 3.5 server has them.
  nodes_["/"] = Node{};
  for (const char* path : {"/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
    nodes_[path] = Node{};
    Node& parent = nodes_[ParentOf(path)];
    parent.children.insert(NameOf(path));
    parent.stat.num_children = static_cast<int32_t>(parent.children.size());
  }
}

std::optional<std::string> DataTree::InvalidPathReason(const std::string& path) {
  if (path.empty()) return "Path length must be > 0";
  if (path[0] != '/') return "Path must start with / character";
  if (path.size() == 1) return std::nullopt;
  if (path.back() == '/') return "Path must not end with / character";
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part.empty()) return "empty node name specified @" + std::to_string(start);
    if (part == "." || part == "..") return "relative paths not allowed @" + std::to_string(start);
    for (char c : part) {
      if (c == '\0' || (c > 0 && c < 0x20) || c == 0x7f) {
        return "invalid character @" + std::to_string(start);
      }
    }
    start = end + 1;
  }
  return std::nullopt;
}

void DataTree::Fire(std::map<std::string, std::set<WatcherId>>& watches, const std::string& path,
                    EventType type, std::vector<WatchEvent>* events, std::set<WatcherId>* already) {
  const auto it = watches.find(path);
  if (it == watches.end()) return;
  for (WatcherId w : it->second) {
    if (already && !already->insert(w).second) continue;  // one event per watcher and change
    events->push_back({type, path, w});
  }
  watches.erase(it);  // one-shot
}

void DataTree::FireAll(const std::vector<Trigger>& triggers, std::vector<WatchEvent>* events) {
  for (const Trigger& t : triggers) {
    switch (t.type) {
      case EventType::kNodeCreated:
        Fire(data_watches_, t.path, EventType::kNodeCreated, events, nullptr);
        Fire(child_watches_, ParentOf(t.path), EventType::kNodeChildrenChanged, events, nullptr);
        break;
      case EventType::kNodeDeleted: {
        std::set<WatcherId> told;  // a watcher with both watches on the node hears it once
        Fire(data_watches_, t.path, EventType::kNodeDeleted, events, &told);
        Fire(child_watches_, t.path, EventType::kNodeDeleted, events, &told);
        Fire(child_watches_, ParentOf(t.path), EventType::kNodeChildrenChanged, events, nullptr);
        break;
      }
      case EventType::kNodeDataChanged:
        Fire(data_watches_, t.path, EventType::kNodeDataChanged, events, nullptr);
        break;
      default:
        break;
    }
  }
}

void DataTree::CreateNode(const std::string& path, const std::string& data, SessionId owner,
                          const Txn& txn) {
  Node node;
  node.data = data;
  node.stat.czxid = node.stat.mzxid = node.stat.pzxid = txn.zxid;
  node.stat.ctime_ms = node.stat.mtime_ms = txn.time_ms;
  node.stat.ephemeral_owner = owner;
  node.stat.data_length = static_cast<int32_t>(data.size());
  nodes_[path] = std::move(node);
  Node& parent = nodes_[ParentOf(path)];
  parent.children.insert(NameOf(path));
  parent.stat.cversion += 1;
  parent.stat.pzxid = txn.zxid;
  parent.stat.num_children = static_cast<int32_t>(parent.children.size());
  if (owner.value != 0) ephemerals_[owner].insert(path);
}

void DataTree::DeleteNode(const std::string& path, const Txn& txn) {
  const SessionId owner = nodes_[path].stat.ephemeral_owner;
  if (owner.value != 0) {
    auto it = ephemerals_.find(owner);
    if (it != ephemerals_.end()) {
      it->second.erase(path);
      if (it->second.empty()) ephemerals_.erase(it);
    }
  }
  nodes_.erase(path);
  Node& parent = nodes_[ParentOf(path)];
  parent.children.erase(NameOf(path));
  parent.stat.cversion += 1;
  parent.stat.pzxid = txn.zxid;
  parent.stat.num_children = static_cast<int32_t>(parent.children.size());
}

Code DataTree::ApplyOp(const Op& op, const Txn& txn, OpResult* result, std::vector<Change>* undo,
                       std::vector<Trigger>* triggers) {
  if (InvalidPathReason(op.path)) return Code::kBadArguments;
  auto remember = [&](const std::string& path) {
    if (!undo) return;
    const auto it = nodes_.find(path);
    undo->push_back({path, it == nodes_.end() ? std::nullopt : std::optional<Node>(it->second)});
  };
  switch (op.type) {
    case Op::Type::kCreate: {
      if (op.path == "/") return Code::kNodeExists;
      const std::string parent_path = ParentOf(op.path);
      const auto parent = nodes_.find(parent_path);
      if (parent == nodes_.end()) return Code::kNoNode;
      if (parent->second.stat.ephemeral_owner.value != 0) return Code::kNoChildrenForEphemerals;
      SessionId owner;
      if (IsEphemeral(op.mode)) {
        if (!sessions_.contains(txn.session)) return Code::kSessionExpired;
        owner = txn.session;
      }
      std::string path = op.path;
      if (IsSequential(op.mode)) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%010d", parent->second.stat.cversion);
        path += suffix;
      }
      if (nodes_.contains(path)) return Code::kNodeExists;
      remember(parent_path);
      remember(path);
      CreateNode(path, op.data, owner, txn);
      triggers->push_back({EventType::kNodeCreated, path});
      result->path = path;
      result->stat = nodes_[path].stat;
      return Code::kOk;
    }
    case Op::Type::kDelete: {
      if (op.path == "/") return Code::kBadArguments;
      const auto node = nodes_.find(op.path);
      if (node == nodes_.end()) return Code::kNoNode;
      if (op.version != -1 && op.version != node->second.stat.version) return Code::kBadVersion;
      if (!node->second.children.empty()) return Code::kNotEmpty;
      remember(ParentOf(op.path));
      remember(op.path);
      DeleteNode(op.path, txn);
      triggers->push_back({EventType::kNodeDeleted, op.path});
      result->path = op.path;
      return Code::kOk;
    }
    case Op::Type::kSetData: {
      const auto node = nodes_.find(op.path);
      if (node == nodes_.end()) return Code::kNoNode;
      if (op.version != -1 && op.version != node->second.stat.version) return Code::kBadVersion;
      remember(op.path);
      Node& n = node->second;
      n.data = op.data;
      n.stat.version += 1;
      n.stat.mzxid = txn.zxid;
      n.stat.mtime_ms = txn.time_ms;
      n.stat.data_length = static_cast<int32_t>(op.data.size());
      triggers->push_back({EventType::kNodeDataChanged, op.path});
      result->path = op.path;
      result->stat = n.stat;
      return Code::kOk;
    }
    case Op::Type::kCheck: {
      const auto node = nodes_.find(op.path);
      if (node == nodes_.end()) return Code::kNoNode;
      if (op.version != -1 && op.version != node->second.stat.version) return Code::kBadVersion;
      result->path = op.path;
      return Code::kOk;
    }
  }
  return Code::kBadArguments;
}

ApplyResult DataTree::Apply(const Txn& txn) {
  ApplyResult out;
  last_zxid_ = txn.zxid;
  switch (txn.kind) {
    case Txn::Kind::kCreateSession:
      sessions_[txn.session] = txn.session_timeout_ms;
      return out;
    case Txn::Kind::kCloseSession: {
      // DataTree.killSession: the session's ephemerals go, firing their watches.
      std::vector<Trigger> triggers;
      for (const std::string& path : EphemeralsOf(txn.session)) {
        DeleteNode(path, txn);
        triggers.push_back({EventType::kNodeDeleted, path});
      }
      sessions_.erase(txn.session);
      FireAll(triggers, &out.events);
      return out;
    }
    case Txn::Kind::kOps:
    case Txn::Kind::kMulti:
      break;
  }
  // PrepRequestProcessor.checkSession: a closed or expired session writes nothing.
  if (txn.session.value != 0 && !sessions_.contains(txn.session)) {
    out.code = Code::kSessionExpired;
    out.results.assign(std::max<size_t>(txn.ops.size(), 1),
                       OpResult{Code::kSessionExpired, {}, {}});
    return out;
  }
  switch (txn.kind) {
    case Txn::Kind::kCreateSession:
    case Txn::Kind::kCloseSession:
      return out;  // handled above
    case Txn::Kind::kOps: {
      out.results.resize(1);
      std::vector<Trigger> triggers;
      out.code = txn.ops.empty() ? Code::kBadArguments
                                 : ApplyOp(txn.ops[0], txn, &out.results[0], nullptr, &triggers);
      out.results[0].code = out.code;
      FireAll(triggers, &out.events);
      return out;
    }
    case Txn::Kind::kMulti: {
      std::vector<Change> undo;
      std::vector<Trigger> triggers;
      out.results.resize(txn.ops.size());
      size_t failed = txn.ops.size();
      for (size_t i = 0; i < txn.ops.size(); ++i) {
        const Code code = ApplyOp(txn.ops[i], txn, &out.results[i], &undo, &triggers);
        if (code != Code::kOk) {
          failed = i;
          out.code = code;
          break;
        }
      }
      if (failed == txn.ops.size()) {
        for (OpResult& r : out.results) r.code = Code::kOk;
        FireAll(triggers, &out.events);
        return out;
      }
      // All or nothing: put every touched node back, newest change first, and keep the
      // ephemeral index in step. No watch fires.
      for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
        const auto now = nodes_.find(it->path);
        if (now != nodes_.end() && now->second.stat.ephemeral_owner.value != 0) {
          auto& owned = ephemerals_[now->second.stat.ephemeral_owner];
          owned.erase(it->path);
          if (owned.empty()) ephemerals_.erase(now->second.stat.ephemeral_owner);
        }
        if (it->before) {
          nodes_[it->path] = *it->before;
          if (it->before->stat.ephemeral_owner.value != 0) {
            ephemerals_[it->before->stat.ephemeral_owner].insert(it->path);
          }
        } else {
          nodes_.erase(it->path);
        }
      }
      for (size_t i = 0; i < out.results.size(); ++i) {
        const Code code = i < failed    ? Code::kOk
                          : i == failed ? out.code
                                        : Code::kRuntimeInconsistency;
        out.results[i] = OpResult{code, {}, {}};
      }
      return out;
    }
  }
  return out;
}

Code DataTree::GetData(const std::string& path, std::string* data, Stat* stat,
                       std::optional<WatcherId> watch) {
  if (InvalidPathReason(path)) return Code::kBadArguments;
  const auto it = nodes_.find(path);
  if (it == nodes_.end()) return Code::kNoNode;
  if (watch) data_watches_[path].insert(*watch);
  if (data) *data = it->second.data;
  if (stat) *stat = it->second.stat;
  return Code::kOk;
}

Code DataTree::Exists(const std::string& path, Stat* stat, std::optional<WatcherId> watch) {
  if (InvalidPathReason(path)) return Code::kBadArguments;
  if (watch) data_watches_[path].insert(*watch);  // also on a missing node: hears its creation
  const auto it = nodes_.find(path);
  if (it == nodes_.end()) return Code::kNoNode;
  if (stat) *stat = it->second.stat;
  return Code::kOk;
}

Code DataTree::GetChildren(const std::string& path, std::vector<std::string>* children, Stat* stat,
                           std::optional<WatcherId> watch) {
  if (InvalidPathReason(path)) return Code::kBadArguments;
  const auto it = nodes_.find(path);
  if (it == nodes_.end()) return Code::kNoNode;
  if (watch) child_watches_[path].insert(*watch);
  if (children) children->assign(it->second.children.begin(), it->second.children.end());
  if (stat) *stat = it->second.stat;
  return Code::kOk;
}

std::optional<std::string> DataTree::DataOf(const std::string& path) const {
  const auto it = nodes_.find(path);
  if (it == nodes_.end()) return std::nullopt;
  return it->second.data;
}

std::vector<std::string> DataTree::EphemeralsOf(SessionId s) const {
  const auto it = ephemerals_.find(s);
  if (it == ephemerals_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<WatchEvent> DataTree::SetWatches(Zxid relative_zxid,
                                             const std::vector<std::string>& data,
                                             const std::vector<std::string>& exist,
                                             const std::vector<std::string>& child,
                                             WatcherId watcher) {
  std::vector<WatchEvent> events;
  for (const std::string& path : data) {
    const auto it = nodes_.find(path);
    if (it == nodes_.end()) {
      events.push_back({EventType::kNodeDeleted, path, watcher});
    } else if (it->second.stat.mzxid > relative_zxid) {
      events.push_back({EventType::kNodeDataChanged, path, watcher});
    } else {
      data_watches_[path].insert(watcher);
    }
  }
  for (const std::string& path : exist) {
    if (nodes_.contains(path)) {
      events.push_back({EventType::kNodeCreated, path, watcher});
    } else {
      data_watches_[path].insert(watcher);
    }
  }
  for (const std::string& path : child) {
    const auto it = nodes_.find(path);
    if (it == nodes_.end()) {
      events.push_back({EventType::kNodeDeleted, path, watcher});
    } else if (it->second.stat.pzxid > relative_zxid) {
      events.push_back({EventType::kNodeChildrenChanged, path, watcher});
    } else {
      child_watches_[path].insert(watcher);
    }
  }
  return events;
}

void DataTree::RemoveWatches(WatcherId watcher) {
  for (auto* watches : {&data_watches_, &child_watches_}) {
    for (auto it = watches->begin(); it != watches->end();) {
      it->second.erase(watcher);
      it = it->second.empty() ? watches->erase(it) : std::next(it);
    }
  }
}

size_t DataTree::watch_count() const {
  size_t n = 0;
  for (const auto& [path, ws] : data_watches_) n += ws.size();
  for (const auto& [path, ws] : child_watches_) n += ws.size();
  return n;
}

uint64_t DataTree::Digest() const {
  uint64_t h = 0;
  auto fold = [&h](uint64_t x) { h = sim::Mix64(h ^ x); };
  for (const auto& [path, node] : nodes_) {
    fold(sim::HashName(path));
    fold(sim::HashName(node.data));
    const Stat& s = node.stat;
    for (int64_t x : {s.czxid.value, s.mzxid.value, s.pzxid.value, s.ctime_ms, s.mtime_ms,
                      int64_t{s.version}, int64_t{s.cversion}, s.ephemeral_owner.value}) {
      fold(static_cast<uint64_t>(x));
    }
  }
  for (const auto& [session, timeout] : sessions_) {
    fold(static_cast<uint64_t>(session.value));
    fold(static_cast<uint64_t>(timeout));
  }
  return h;
}

}  // namespace zk
