// Network: the simulated wires between nodes.
//
// Physical layer: a Boost.Graph directed graph whose vertices are nodes and whose edges are links,
// one edge per direction, each with latency, jitter, bandwidth, loss and an up/down state. A
// message takes the lowest-latency path over up links (Dijkstra, cached per source until the
// topology changes). Bandwidth is modelled per link direction: a message waits until the link is
// free, then takes size / bandwidth to serialise. Loss is TCP-like: a lost transmission is retried
// after a retransmission timeout that doubles each time, and after kMaxRetransmits the connection
// breaks.
//
// Rule layer: per ordered pair blocks, like iptables DROP rules, for partitions that are not a cut
// of a physical link (Jepsen's one-way partitions, "split into groups"); and per ordered pair
// delays, like `tc netem delay` on one route (Jepsen's slow network), which hold a message back
// without losing it.
//
// Channels: each ordered pair (from, to) is a FIFO channel, like a TCP connection: messages arrive
// in send order even with jitter. A crash of either end, a block, or a cut that leaves no path
// resets the channel: what was in flight on it is dropped (see ChannelCurrent), and the next
// connection starts with an empty queue. A cut that leaves another path does not reset it, and
// what is in flight arrives as first computed (TCP rides out a reroute).
//
// Approximation: a message books its bandwidth on every hop of its path when it is sent, so a
// later message from a node in the middle of that path can queue behind it on a link that is
// still idle. Exact hop-by-hop forwarding would cost an event per hop.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "sim/node_id.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace sim {

struct LinkSpec {
  Duration latency = Duration::Micros(100);
  Duration jitter = Duration::Zero();  // extra delay, uniform in [0, jitter], per hop
  int64_t bandwidth_bytes_per_s = 0;   // 0: unlimited
  Ratio loss{0, 1};                    // chance that one transmission attempt is lost
  Duration retransmit_timeout = Duration::Millis(200);  // first RTO (Linux's minimum)
};

struct LinkId {
  uint32_t value = 0;
  auto operator<=>(const LinkId&) const = default;
};

class Network {
 public:
  static constexpr int kMaxRetransmits = 15;  // Linux tcp_retries2

  explicit Network(Rng rng);

  // Adds a vertex for the next node and returns its id (ids are dense, from 0).
  NodeId AddNode();
  size_t node_count() const { return boost::num_vertices(graph_); }

  // A bidirectional link: two directed edges with the same spec, both up.
  LinkId Connect(NodeId a, NodeId b, const LinkSpec& spec);
  // Connects every pair of nodes with the same spec (a full mesh, as on one switch).
  void ConnectAll(const LinkSpec& spec);
  size_t link_count() const { return links_.size(); }
  std::pair<NodeId, NodeId> Ends(LinkId link) const;
  // The link between a and b, if any.
  std::optional<LinkId> FindLink(NodeId a, NodeId b) const;

  // Link state. Cutting one direction leaves the other up. The pair forms act on every parallel
  // link between the two nodes.
  void SetLinkUp(LinkId link, bool up);
  void SetLinkDirectionUp(NodeId from, NodeId to, bool up);
  bool IsLinkUp(LinkId link) const;                      // both directions up
  bool IsLinkDirectionUp(NodeId from, NodeId to) const;  // some link carries from -> to

  // Whether traffic between other nodes may pass through `node` (a router does; an ordinary host
  // does not, so on a full mesh of hosts each pair talks over its own link). Default: true.
  void SetForwarding(NodeId node, bool forwards);
  void SetForwardingAll(bool forwards);

  // Rule layer. Block(from, to) drops every message from `from` to `to`.
  void Block(NodeId from, NodeId to);
  void Unblock(NodeId from, NodeId to);
  // Blocks both directions between every pair of nodes in different groups. Nodes in no group
  // form one more group together.
  void SplitInto(const std::vector<std::vector<NodeId>>& groups);
  // Removes every block and every delay, and brings every link direction back up.
  void HealAll();
  bool IsBlocked(NodeId from, NodeId to) const;
  // Every message sent from `from` to `to` from now on takes `extra` longer (Zero removes the
  // rule). What is already in flight keeps its arrival; the channel stays FIFO, so a message sent
  // after the rule is lifted still arrives after the delayed ones, as on one TCP connection.
  void SetDelay(NodeId from, NodeId to, Duration extra);
  Duration DelayOf(NodeId from, NodeId to) const;
  // Removes every delay rule.
  void ClearDelays() { delays_.clear(); }
  const std::set<std::pair<NodeId, NodeId>>& blocks() const { return blocks_; }

  // Routing over up links (ignoring blocks).
  std::optional<Duration> PathLatency(NodeId from, NodeId to);
  std::vector<NodeId> Path(NodeId from, NodeId to);
  // A message from `from` would reach `to`: there is a path and no block.
  bool CanReach(NodeId from, NodeId to);
  // Groups of nodes connected by links that are up in both directions (connected_components).
  std::vector<std::vector<NodeId>> Components() const;
  uint64_t topology_version() const { return topology_version_; }

  // Sends `bytes` from `from` to `to` at `now`: returns the arrival time and the channel epoch the
  // message belongs to, or nothing if it cannot arrive (no path, blocked, too many retransmits).
  struct Transit {
    Time arrival;
    uint32_t channel_epoch;
  };
  std::optional<Transit> Transmit(NodeId from, NodeId to, int64_t bytes, Time now);
  // True if the channel has not been reset since the message with `epoch` was sent.
  bool ChannelCurrent(NodeId from, NodeId to, uint32_t epoch) const;
  // The channel's current epoch: which connection a message sent now would travel on.
  uint32_t ChannelEpoch(NodeId from, NodeId to) const { return ChannelOf(from, to).epoch; }
  // Resets every channel from or to `node` (it crashed or restarted).
  void ResetChannelsOf(NodeId node);
  // Resets both directions between `a` and `b` (a connection was refused).
  void ResetChannel(NodeId a, NodeId b);

 private:
  struct EdgeProps {
    uint32_t link = 0;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                      boost::no_property, EdgeProps>;
  using Edge = Graph::edge_descriptor;

  struct Direction {
    Edge edge;
    bool up = true;
    Time busy_until;
  };
  struct Link {
    NodeId a, b;
    LinkSpec spec;
    Direction forward;   // a -> b
    Direction backward;  // b -> a
  };
  struct Routes {  // Dijkstra from one source, valid for one topology version
    uint64_t version = UINT64_MAX;
    std::vector<int64_t> distance_ns;
    std::vector<uint32_t> predecessor;
    std::vector<uint32_t> via_link;  // the link used to reach each vertex
  };
  struct Channel {
    uint32_t epoch = 0;
    Time last_arrival;
    bool used = false;
    void Reset() {
      ++epoch;
      last_arrival = Time();
    }
  };

  Direction& DirectionOf(uint32_t link, NodeId from);
  const Routes& RoutesFrom(NodeId from);
  Channel& ChannelOf(NodeId from, NodeId to) {
    return channels_[from.value * node_count() + to.value];
  }
  const Channel& ChannelOf(NodeId from, NodeId to) const {
    return channels_[from.value * node_count() + to.value];
  }
  // After a topology change: reset every channel whose pair can no longer reach each other.
  void TopologyChanged();

  Rng rng_;
  Graph graph_;
  std::vector<Link> links_;
  std::vector<bool> forwards_;  // per node
  std::set<std::pair<NodeId, NodeId>> blocks_;
  std::map<std::pair<NodeId, NodeId>, Duration> delays_;  // rarely more than a few
  uint64_t topology_version_ = 0;
  std::vector<Routes> routes_;
  std::vector<Channel> channels_;        // node_count x node_count, row = sender
  std::vector<uint32_t> used_channels_;  // indices into channels_ of channels ever used
};

}  // namespace sim
