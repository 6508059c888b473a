// See network.h for the model of links, rules and channels.
#include "sim/network.h"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cassert>
#include <limits>

namespace sim {
namespace {
constexpr int64_t kUnreachable = std::numeric_limits<int64_t>::max();
constexpr uint32_t kNone = UINT32_MAX;
}  // namespace

Network::Network(Rng rng) : rng_(rng) {}

NodeId Network::AddNode() {
  const size_t old_n = node_count();
  boost::add_vertex(graph_);
  forwards_.push_back(true);
  const size_t n = old_n + 1;
  std::vector<Channel> grown(n * n);
  used_channels_.clear();
  for (size_t from = 0; from < old_n; ++from) {
    for (size_t to = 0; to < old_n; ++to) {
      grown[from * n + to] = channels_[from * old_n + to];
      if (grown[from * n + to].used) used_channels_.push_back(static_cast<uint32_t>(from * n + to));
    }
  }
  channels_ = std::move(grown);
  TopologyChanged();
  return NodeId{static_cast<uint32_t>(old_n)};
}

LinkId Network::Connect(NodeId a, NodeId b, const LinkSpec& spec) {
  assert(a != b && a.value < node_count() && b.value < node_count());
  const uint32_t index = static_cast<uint32_t>(links_.size());
  Link link{a, b, spec, {}, {}};
  link.forward.edge = boost::add_edge(a.value, b.value, EdgeProps{index}, graph_).first;
  link.backward.edge = boost::add_edge(b.value, a.value, EdgeProps{index}, graph_).first;
  links_.push_back(link);
  TopologyChanged();
  return LinkId{index};
}

void Network::ConnectAll(const LinkSpec& spec) {
  for (uint32_t a = 0; a < node_count(); ++a) {
    for (uint32_t b = a + 1; b < node_count(); ++b) Connect(NodeId{a}, NodeId{b}, spec);
  }
}

std::pair<NodeId, NodeId> Network::Ends(LinkId link) const {
  return {links_[link.value].a, links_[link.value].b};
}

std::optional<LinkId> Network::FindLink(NodeId a, NodeId b) const {
  for (uint32_t i = 0; i < links_.size(); ++i) {
    const Link& l = links_[i];
    if ((l.a == a && l.b == b) || (l.a == b && l.b == a)) return LinkId{i};
  }
  return std::nullopt;
}

Network::Direction& Network::DirectionOf(uint32_t link, NodeId from) {
  Link& l = links_[link];
  return l.a == from ? l.forward : l.backward;
}

void Network::SetLinkUp(LinkId link, bool up) {
  links_[link.value].forward.up = up;
  links_[link.value].backward.up = up;
  TopologyChanged();
}

void Network::SetLinkDirectionUp(NodeId from, NodeId to, bool up) {
  for (uint32_t i = 0; i < links_.size(); ++i) {
    const Link& l = links_[i];
    if ((l.a == from && l.b == to) || (l.a == to && l.b == from)) DirectionOf(i, from).up = up;
  }
  TopologyChanged();
}

bool Network::IsLinkUp(LinkId link) const {
  return links_[link.value].forward.up && links_[link.value].backward.up;
}

bool Network::IsLinkDirectionUp(NodeId from, NodeId to) const {
  for (const Link& l : links_) {
    if (l.a == from && l.b == to && l.forward.up) return true;
    if (l.a == to && l.b == from && l.backward.up) return true;
  }
  return false;
}

void Network::SetForwarding(NodeId node, bool forwards) {
  forwards_[node.value] = forwards;
  TopologyChanged();
}

void Network::SetForwardingAll(bool forwards) {
  forwards_.assign(node_count(), forwards);
  TopologyChanged();
}

void Network::Block(NodeId from, NodeId to) {
  if (blocks_.insert({from, to}).second) TopologyChanged();
}

void Network::Unblock(NodeId from, NodeId to) {
  if (blocks_.erase({from, to}) > 0) TopologyChanged();
}

void Network::SplitInto(const std::vector<std::vector<NodeId>>& groups) {
  std::vector<uint32_t> group_of(node_count(), static_cast<uint32_t>(groups.size()));
  for (uint32_t g = 0; g < groups.size(); ++g) {
    for (NodeId n : groups[g]) group_of[n.value] = g;
  }
  for (uint32_t a = 0; a < node_count(); ++a) {
    for (uint32_t b = 0; b < node_count(); ++b) {
      if (group_of[a] != group_of[b]) blocks_.insert({NodeId{a}, NodeId{b}});
    }
  }
  TopologyChanged();
}

void Network::HealAll() {
  blocks_.clear();
  delays_.clear();
  for (Link& l : links_) l.forward.up = l.backward.up = true;
  TopologyChanged();
}

bool Network::IsBlocked(NodeId from, NodeId to) const { return blocks_.contains({from, to}); }

void Network::SetDelay(NodeId from, NodeId to, Duration extra) {
  if (extra > Duration::Zero()) {
    delays_[{from, to}] = extra;
  } else {
    delays_.erase({from, to});
  }
}

Duration Network::DelayOf(NodeId from, NodeId to) const {
  const auto it = delays_.find({from, to});
  return it == delays_.end() ? Duration::Zero() : it->second;
}

const Network::Routes& Network::RoutesFrom(NodeId from) {
  if (routes_.size() < node_count()) routes_.resize(node_count());
  Routes& r = routes_[from.value];
  if (r.version == topology_version_) return r;

  const size_t n = node_count();
  r.version = topology_version_;
  r.distance_ns.assign(n, kUnreachable);
  r.predecessor.assign(n, kNone);
  r.via_link.assign(n, kNone);

  // An edge is usable if its direction is up and it leaves the source or a forwarding node.
  auto is_up = [this, from](const Edge& e) {
    const Link& l = links_[graph_[e].link];
    const auto u = boost::source(e, graph_);
    if (u != from.value && !forwards_[u]) return false;
    return u == l.a.value ? l.forward.up : l.backward.up;
  };
  boost::filtered_graph<Graph, std::function<bool(const Edge&)>> up_graph(graph_, is_up);
  auto weight = boost::make_function_property_map<Edge, int64_t>(
      [this](const Edge& e) { return links_[graph_[e].link].spec.latency.nanos(); });
  std::vector<Graph::vertex_descriptor> pred(n);
  boost::dijkstra_shortest_paths(up_graph, from.value,
                                 boost::weight_map(weight)
                                     .predecessor_map(pred.data())
                                     .distance_map(r.distance_ns.data())
                                     .distance_inf(kUnreachable)
                                     .distance_zero(int64_t{0}));
  for (size_t v = 0; v < n; ++v) {
    if (r.distance_ns[v] == kUnreachable || v == from.value) continue;
    r.predecessor[v] = static_cast<uint32_t>(pred[v]);
    // Among parallel up edges pred[v] -> v, the cheapest one is the one Dijkstra used.
    int64_t best = kUnreachable;
    for (auto [e, end] = boost::out_edges(pred[v], graph_); e != end; ++e) {
      if (boost::target(*e, graph_) != v || !is_up(*e)) continue;
      const int64_t latency = links_[graph_[*e].link].spec.latency.nanos();
      if (latency < best) best = latency, r.via_link[v] = graph_[*e].link;
    }
  }
  return r;
}

std::optional<Duration> Network::PathLatency(NodeId from, NodeId to) {
  if (from == to) return Duration::Zero();
  const int64_t d = RoutesFrom(from).distance_ns[to.value];
  if (d == kUnreachable) return std::nullopt;
  return Duration::Nanos(d);
}

std::vector<NodeId> Network::Path(NodeId from, NodeId to) {
  const Routes& r = RoutesFrom(from);
  if (from != to && r.distance_ns[to.value] == kUnreachable) return {};
  std::vector<NodeId> path{to};
  for (uint32_t v = to.value; v != from.value; v = r.predecessor[v]) {
    path.push_back(NodeId{r.predecessor[v]});
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool Network::CanReach(NodeId from, NodeId to) {
  return !IsBlocked(from, to) && PathLatency(from, to).has_value();
}

std::vector<std::vector<NodeId>> Network::Components() const {
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Undirected g(node_count());
  for (const Link& l : links_) {
    if (l.forward.up && l.backward.up) boost::add_edge(l.a.value, l.b.value, g);
  }
  std::vector<int> component(node_count());
  const int count = boost::connected_components(g, component.data());
  std::vector<std::vector<NodeId>> groups(static_cast<size_t>(count));
  for (uint32_t v = 0; v < node_count(); ++v) groups[component[v]].push_back(NodeId{v});
  return groups;
}

std::optional<Network::Transit> Network::Transmit(NodeId from, NodeId to, int64_t bytes, Time now) {
  Channel& channel = ChannelOf(from, to);
  if (!CanReach(from, to)) return std::nullopt;
  if (!channel.used) {
    channel.used = true;
    used_channels_.push_back(static_cast<uint32_t>(&channel - channels_.data()));
  }
  Time t = now;
  if (from != to) {
    const Routes& r = RoutesFrom(from);
    std::vector<uint32_t> hops;  // links from `to` back to `from`
    for (uint32_t v = to.value; v != from.value; v = r.predecessor[v])
      hops.push_back(r.via_link[v]);
    NodeId at = from;
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
      const Link& link = links_[*it];
      Direction& dir = DirectionOf(*it, at);
      const LinkSpec& spec = link.spec;
      Duration serialise = Duration::Zero();
      if (spec.bandwidth_bytes_per_s > 0) {
        serialise = Duration::Nanos(static_cast<int64_t>(
            static_cast<__int128>(bytes) * 1'000'000'000 / spec.bandwidth_bytes_per_s));
      }
      Duration rto = spec.retransmit_timeout;
      for (int attempt = 0; rng_.Chance(spec.loss); ++attempt) {
        if (attempt == kMaxRetransmits) {  // the connection gives up: everything in flight is lost
          channel.Reset();
          return std::nullopt;
        }
        t += rto;
        rto = rto * 2;
      }
      const Time depart = std::max(t, dir.busy_until);
      dir.busy_until = depart + serialise;
      t = depart + serialise + spec.latency;
      if (spec.jitter > Duration::Zero()) t += rng_.Uniform(Duration::Zero(), spec.jitter);
      at = link.a == at ? link.b : link.a;
    }
  }
  if (!delays_.empty()) t += DelayOf(from, to);
  const Time arrival = std::max(t, channel.last_arrival);
  channel.last_arrival = arrival;
  return Transit{arrival, channel.epoch};
}

bool Network::ChannelCurrent(NodeId from, NodeId to, uint32_t epoch) const {
  return ChannelOf(from, to).epoch == epoch;
}

void Network::ResetChannelsOf(NodeId node) {
  for (uint32_t other = 0; other < node_count(); ++other) {
    ChannelOf(node, NodeId{other}).Reset();
    if (other != node.value) ChannelOf(NodeId{other}, node).Reset();
  }
}

void Network::ResetChannel(NodeId a, NodeId b) {
  ChannelOf(a, b).Reset();
  ChannelOf(b, a).Reset();
}

void Network::TopologyChanged() {
  ++topology_version_;
  const uint32_t n = static_cast<uint32_t>(node_count());
  for (uint32_t index : used_channels_) {
    const NodeId from{index / n}, to{index % n};
    if (from != to && !CanReach(from, to)) channels_[index].Reset();
  }
}

}  // namespace sim
