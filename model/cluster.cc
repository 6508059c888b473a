// See cluster.h.
#include "model/cluster.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace kafka {

Cluster::Cluster(ClusterSpec spec)
    : spec_(std::move(spec)),
      profile_(FindVersionProfile(spec_.version)),
      world_(spec_.seed),
      hosts_(std::make_shared<HostDirectory>()) {
  if (profile_ == nullptr) {
    throw std::invalid_argument("unknown Kafka version '" + spec_.version + "'");
  }
  std::vector<zk::ServerSpec> servers;
  for (int sid = 1; sid <= spec_.zookeeper_servers; ++sid) {
    servers.push_back({sid, sim::NodeId{static_cast<uint32_t>(sid - 1)}});
  }
  for (int sid = 1; sid <= spec_.zookeeper_servers; ++sid) {
    const std::string name = "zk-" + std::to_string(sid);
    zk_nodes_.push_back(
        world_.AddNode(name, std::make_unique<zk::ZkServer>(sid, servers, spec_.zookeeper)));
    hosts_->Add(name, zk_nodes_.back());
  }
  for (const auto& b : spec_.brokers) {
    BrokerConfig config = BrokerConfig::Defaults(*profile_);
    config.broker_id = b.id;
    config.rack = b.rack;
    using Settings = std::map<std::string, std::string>;
    for (const Settings* settings : {&std::as_const(spec_.broker_config), &b.config}) {
      for (const auto& [name, value] : *settings) {
        if (auto error = config.Set(name, value)) throw std::invalid_argument(*error);
      }
    }
    const std::string host = "broker-" + std::to_string(b.id);
    const sim::NodeId node = world_.AddNode(
        host, std::make_unique<Broker>(std::move(config), zk_nodes_, hosts_, journal_));
    brokers_[b.id] = node;
    hosts_->Add(host, node);
  }
  // A broker going down or coming up changes every partition's view of it (who is in sync, who
  // leads) and perhaps the active controller.
  world_.AddStateObserver([this](sim::NodeId node, sim::NodeState) {
    for (const auto& [id, broker_node] : brokers_) {
      if (broker_node == node) journal_->TouchAll();
    }
  });
}

sim::NodeId Cluster::AddClient(const std::string& name, std::unique_ptr<sim::Node> node) {
  const sim::NodeId id = world_.AddNode(name, std::move(node));
  hosts_->Add(name, id);
  clients_.push_back(id);
  if (started_) {
    sim::LinkSpec link;
    link.latency = spec_.latency;
    for (uint32_t other = 0; other < id.value; ++other) {
      world_.network().Connect(sim::NodeId{other}, id, link);
    }
    world_.network().SetForwardingAll(false);
  }
  return id;
}

sim::NodeId Cluster::AddProducer(const std::string& name, ProducerConfig config,
                                 ProducerWorkload workload) {
  return AddClient(
      name, std::make_unique<Producer>(std::move(config), std::move(workload), hosts_, history_));
}

sim::NodeId Cluster::AddConsumer(const std::string& name, ConsumerConfig config,
                                 ConsumerWorkload workload) {
  return AddClient(
      name, std::make_unique<Consumer>(std::move(config), std::move(workload), hosts_, history_));
}

ProducerConfig Cluster::ProducerDefaults() const {
  ProducerConfig c = ProducerConfig::Defaults(*profile_);
  c.bootstrap = broker_ids();
  return c;
}

ConsumerConfig Cluster::ConsumerDefaults(const std::string& group_id) const {
  ConsumerConfig c = ConsumerConfig::Defaults(*profile_);
  c.bootstrap = broker_ids();
  c.group_id = group_id;
  return c;
}

int32_t Cluster::Coordinator(const std::string& group_id) const {
  for (const auto& [id, node] : brokers_) {
    if (!IsUp(id)) continue;
    const GroupCoordinator* c = broker(id).coordinator();
    if (c != nullptr && c->Owns(group_id)) return id;
  }
  return -1;
}

const GroupMetadata* Cluster::Group(const std::string& group_id) const {
  const int32_t id = Coordinator(group_id);
  return id < 0 ? nullptr : broker(id).coordinator()->Group(group_id);
}

void Cluster::Start() {
  sim::LinkSpec link;
  link.latency = spec_.latency;
  const uint32_t n = static_cast<uint32_t>(world_.node_count());
  for (uint32_t a = 0; a < n; ++a) {
    for (uint32_t b = a + 1; b < n; ++b)
      world_.network().Connect(sim::NodeId{a}, sim::NodeId{b}, link);
  }
  world_.network().SetForwardingAll(false);  // one switch: a cut link is not routed around
  started_ = true;
  if (spec_.start_by_hand) {
    for (const sim::NodeId zk : zk_nodes_) world_.HoldDown(zk);
    for (const auto& [id, node] : brokers_) world_.HoldDown(node);
  }
  world_.Start();
}

std::vector<int32_t> Cluster::broker_ids() const {
  std::vector<int32_t> ids;
  for (const auto& [id, node] : brokers_) ids.push_back(id);
  return ids;
}

const Broker& Cluster::broker(int32_t id) const { return world_.node_as<Broker>(BrokerNode(id)); }

int32_t Cluster::ControllerId() const {
  // Who is active changes only when a broker goes down or comes up or a controller takes over or
  // resigns, and each of those bumps the journal's generation: between them the answer holds.
  if (controller_cache_ && controller_cache_->first == journal_->generation()) {
    return controller_cache_->second;
  }
  // A deposed controller that has not heard yet (paused, cut off) still believes it is active;
  // the one with the highest controller epoch is the one ZooKeeper recognises.
  int32_t best = -1, best_epoch = -1;
  for (const auto& [id, node] : brokers_) {
    if (!IsUp(id)) continue;
    const Controller* c = broker(id).controller();
    if (c != nullptr && c->active() && c->epoch() > best_epoch) {
      best = id;
      best_epoch = c->epoch();
    }
  }
  if (started_) controller_cache_.emplace(journal_->generation(), best);
  return best;
}

const ControllerContext* Cluster::ControllerView() const {
  const int32_t id = ControllerId();
  return id < 0 ? nullptr : &broker(id).controller()->context();
}

const LeaderAndIsr* Cluster::Leadership(const TopicPartition& tp) const {
  const ControllerContext* view = ControllerView();
  if (view == nullptr) return nullptr;
  const auto it = view->partitions.find(tp);
  return it == view->partitions.end() ? nullptr : &it->second.leadership;
}

int32_t Cluster::Leader(const TopicPartition& tp) const {
  const LeaderAndIsr* l = Leadership(tp);
  return l == nullptr ? -1 : l->leader;
}

std::vector<int32_t> Cluster::Isr(const TopicPartition& tp) const {
  const LeaderAndIsr* l = Leadership(tp);
  return l == nullptr ? std::vector<int32_t>{} : l->isr;
}

int32_t Cluster::LeaderEpoch(const TopicPartition& tp) const {
  const LeaderAndIsr* l = Leadership(tp);
  return l == nullptr ? -1 : l->leader_epoch;
}

std::vector<int32_t> Cluster::Replicas(const TopicPartition& tp) const {
  const ControllerContext* view = ControllerView();
  return view == nullptr ? std::vector<int32_t>{} : view->Assignment(tp);
}

std::vector<int32_t> Cluster::LeaderClaims(const TopicPartition& tp) const {
  std::vector<int32_t> claims;
  for (const auto& [id, node] : brokers_) {
    if (!IsUp(id)) continue;
    const Partition* p = Replica(id, tp);
    if (p != nullptr && p->is_leader()) claims.push_back(id);
  }
  return claims;
}

const Partition* Cluster::Replica(int32_t broker_id, const TopicPartition& tp) const {
  const ReplicaManager* replicas = broker(broker_id).replicas();
  return replicas == nullptr ? nullptr : replicas->Find(tp);
}

Offset Cluster::LogEndOffset(int32_t broker_id, const TopicPartition& tp) const {
  const Partition* p = Replica(broker_id, tp);
  return p == nullptr ? -1 : p->log().log_end_offset();
}

Offset Cluster::HighWatermark(int32_t broker_id, const TopicPartition& tp) const {
  const Partition* p = Replica(broker_id, tp);
  return p == nullptr ? -1 : p->log().high_watermark();
}

std::vector<TopicPartition> Cluster::Partitions() const {
  std::vector<TopicPartition> all;
  for (const auto& [id, node] : brokers_) {
    const ReplicaManager* replicas = broker(id).replicas();
    if (replicas == nullptr) continue;
    for (const auto& [tp, p] : replicas->partitions()) all.push_back(tp);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

bool Cluster::KillBroker(int32_t id, sim::CrashKind kind) {
  return world_.Crash(BrokerNode(id), kind);
}

bool Cluster::RestartBroker(int32_t id) { return world_.Restart(BrokerNode(id)); }

void Cluster::StopBroker(int32_t id) {
  if (IsUp(id)) broker(id).BeginShutdown();
}

const zk::ZkServer* Cluster::ZkLeader() const {
  for (const sim::NodeId node : zk_nodes_) {
    if (world_.state(node) == sim::NodeState::kDown) continue;
    const auto& server = world_.node_as<zk::ZkServer>(node);
    if (server.state() == zk::ServerState::kLeading) return &server;
  }
  return nullptr;
}

bool Cluster::ExpireBrokerSession(int32_t id) {
  if (ZkLeader() == nullptr || !IsUp(id) || broker(id).zk() == nullptr) return false;
  for (const sim::NodeId node : zk_nodes_) {
    auto& server = world_.node_as<zk::ZkServer>(node);
    if (&server == ZkLeader()) return server.ExpireSession(broker(id).zk()->session());
  }
  return false;
}

}  // namespace kafka
