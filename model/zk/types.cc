// See types.h.
#include "model/zk/types.h"

#include <cstdio>

namespace zk {

std::string ToString(Zxid zxid) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(zxid.value));
  return buf;
}

const char* CodeMessage(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kRuntimeInconsistency:
      return "RuntimeInconsistency";
    case Code::kConnectionLoss:
      return "ConnectionLoss";
    case Code::kBadArguments:
      return "BadArguments";
    case Code::kNoNode:
      return "NoNode";
    case Code::kBadVersion:
      return "BadVersion";
    case Code::kNoChildrenForEphemerals:
      return "NoChildrenForEphemerals";
    case Code::kNodeExists:
      return "NodeExists";
    case Code::kNotEmpty:
      return "Directory not empty";
    case Code::kSessionExpired:
      return "Session expired";
    case Code::kSessionMoved:
      return "Session moved";
  }
  return "Unknown error";
}

std::string KeeperErrorMessage(Code code, const std::string& path) {
  std::string message = std::string("KeeperErrorCode = ") + CodeMessage(code);
  if (!path.empty()) message += " for " + path;
  return message;
}

const char* ToString(EventType type) {
  switch (type) {
    case EventType::kNone:
      return "None";
    case EventType::kNodeCreated:
      return "NodeCreated";
    case EventType::kNodeDeleted:
      return "NodeDeleted";
    case EventType::kNodeDataChanged:
      return "NodeDataChanged";
    case EventType::kNodeChildrenChanged:
      return "NodeChildrenChanged";
  }
  return "?";
}

}  // namespace zk
