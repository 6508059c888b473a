// HostDirectory: the name service of the simulated data centre. A broker registers a host name in
// ZooKeeper ("broker-101") and clients are configured with bootstrap host names; this directory
// turns a name into the node that answers on it, as DNS would. It is static for a run: built
// with the cluster, before the first event.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/node_id.h"

namespace kafka {

class HostDirectory {
 public:
  void Add(const std::string& host, sim::NodeId node) { hosts_[host] = node; }
  std::optional<sim::NodeId> Resolve(const std::string& host) const {
    const auto it = hosts_.find(host);
    if (it == hosts_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, sim::NodeId> hosts_;
};

using HostDirectoryPtr = std::shared_ptr<const HostDirectory>;

}  // namespace kafka
