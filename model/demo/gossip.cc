// See gossip.h.
#include "model/demo/gossip.h"

#include <string>

namespace demo {
namespace {

using namespace sim::literals;

constexpr size_t kDigestSize = 32;  // rumours pushed per gossip round

enum Timer : uint64_t { kGossipTimer = 1, kOriginateTimer = 2, kFlushTimer = 3 };

struct Rumours : sim::Message {
  static constexpr sim::Kind kKind{"Rumours"};
  std::vector<uint64_t> ids;
  const sim::Kind& kind() const override { return kKind; }
  int64_t SizeBytes() const override { return 16 + 8 * static_cast<int64_t>(ids.size()); }
};

constexpr sim::Kind kLearn{"gossip.learn"};
constexpr sim::Kind kOriginated{"gossip.originate"};

}  // namespace

void GossipNode::OnStart() {
  ctx().ScheduleAfter(ctx().rng().Exponential(500_ms), kGossipTimer);
  ctx().ScheduleAfter(ctx().rng().Exponential(5_s), kOriginateTimer);
  ctx().ScheduleAfter(1_s, kFlushTimer);
}

void GossipNode::OnTimer(sim::TimerId, uint64_t tag) {
  switch (tag) {
    case kGossipTimer: {
      auto message = std::make_shared<Rumours>();
      const size_t from = log_.size() > kDigestSize ? log_.size() - kDigestSize : 0;
      message->ids.assign(log_.begin() + static_cast<ptrdiff_t>(from), log_.end());
      if (!message->ids.empty()) ctx().Send(ctx().rng().Pick(peers_), std::move(message));
      ctx().ScheduleAfter(ctx().rng().Exponential(500_ms), kGossipTimer);
      break;
    }
    case kOriginateTimer: {
      const uint64_t rumour = (uint64_t{ctx().self().value} << 32) | ++originated_;
      ctx().Trace(kOriginated, {{"rumour", rumour}});
      Learn(rumour);
      ctx().ScheduleAfter(ctx().rng().Exponential(5_s), kOriginateTimer);
      break;
    }
    case kFlushTimer:
      flushed_ = log_.size();
      ctx().ScheduleAfter(1_s, kFlushTimer);
      break;
  }
}

void GossipNode::OnMessage(sim::NodeId, const sim::MessagePtr& message) {
  const auto& rumours = static_cast<const Rumours&>(*message);
  for (uint64_t id : rumours.ids) {
    if (!known_.contains(id)) {
      ctx().Trace(kLearn, {{"rumour", id}});
      Learn(id);
    }
  }
}

void GossipNode::Learn(uint64_t rumour) {
  known_.insert(rumour);
  log_.push_back(rumour);
}

void GossipNode::OnCrash(sim::CrashKind kind) {
  known_.clear();
  if (kind == sim::CrashKind::kPowerLoss) log_.resize(flushed_);
}

void GossipNode::OnRestart() {
  known_ = std::set<uint64_t>(log_.begin(), log_.end());
  OnStart();
}

GossipDemo::GossipDemo(uint64_t seed, GossipConfig config)
    : config_(config), world_(seed), nemesis_rng_(world_.ForkRng("nemesis")) {
  for (int i = 0; i < config_.nodes; ++i) ids_.push_back(sim::NodeId{static_cast<uint32_t>(i)});
  for (sim::NodeId id : ids_) {
    std::vector<sim::NodeId> peers;
    for (sim::NodeId other : ids_) {
      if (other != id) peers.push_back(other);
    }
    world_.AddNode("node-" + std::to_string(id.value), std::make_unique<GossipNode>(peers));
  }
  sim::Rng topology_rng = world_.ForkRng("topology");
  BuildTopology(topology_rng);
}

void GossipDemo::BuildTopology(sim::Rng& rng) {
  auto random_spec = [&rng] {
    sim::LinkSpec spec;
    spec.latency = rng.Uniform(1_ms, 20_ms);
    spec.jitter = rng.Uniform(0_ms, 2_ms);
    spec.bandwidth_bytes_per_s = 10'000'000;
    spec.loss = {1, 1000};
    return spec;
  };
  // A random spanning tree keeps the graph connected; extra links give alternative routes.
  // One draw per statement: the order of evaluation of a call's arguments is unspecified.
  for (size_t i = 1; i < ids_.size(); ++i) {
    const sim::NodeId parent = ids_[rng.Below(i)];
    const sim::LinkSpec spec = random_spec();
    world_.network().Connect(ids_[i], parent, spec);
  }
  for (int added = 0, tries = 0; added < config_.extra_links && tries < 1000; ++tries) {
    const sim::NodeId a = rng.Pick(ids_), b = rng.Pick(ids_);
    if (a == b || world_.network().FindLink(a, b)) continue;
    const sim::LinkSpec spec = random_spec();
    world_.network().Connect(a, b, spec);
    ++added;
  }
}

void GossipDemo::ScheduleNextFault() {
  const sim::Time at = world_.Now() + nemesis_rng_.Exponential(2_s);
  if (at >= sim::Time::Zero() + config_.duration - config_.quiet_tail) return;
  world_.At(at, [this] {
    InjectFault();
    ScheduleNextFault();
  });
}

void GossipDemo::InjectFault() {
  sim::Rng& rng = nemesis_rng_;
  const sim::NodeId victim = rng.Pick(ids_);
  switch (rng.Below(4)) {
    case 0: {  // cut a link, heal it later
      const sim::LinkId link{static_cast<uint32_t>(rng.Below(world_.network().link_count()))};
      if (!world_.network().IsLinkUp(link)) return;
      world_.SetLinkUp(link, false);
      ++summary_.link_cuts;
      world_.At(world_.Now() + rng.Uniform(1_s, 5_s),
                [this, link] { world_.SetLinkUp(link, true); });
      break;
    }
    case 1: {  // crash, restart later
      if (world_.state(victim) != sim::NodeState::kUp) return;
      const bool power = rng.Chance({1, 2});
      world_.Crash(victim, power ? sim::CrashKind::kPowerLoss : sim::CrashKind::kProcess);
      ++(power ? summary_.power_losses : summary_.process_kills);
      world_.At(world_.Now() + rng.Uniform(1_s, 4_s), [this, victim] {
        world_.Restart(victim);
        ++summary_.restarts;
      });
      break;
    }
    case 2:  // a GC pause
      if (world_.state(victim) != sim::NodeState::kUp) return;
      world_.Pause(victim, rng.Uniform(200_ms, 2_s));
      ++summary_.pauses;
      break;
    case 3: {  // split into two random groups, heal everything later
      std::vector<sim::NodeId> shuffled = ids_;
      rng.Shuffle(shuffled);
      const size_t cut = 1 + rng.Below(shuffled.size() - 1);
      world_.SplitInto({std::vector<sim::NodeId>(shuffled.begin(),
                                                 shuffled.begin() + static_cast<ptrdiff_t>(cut)),
                        std::vector<sim::NodeId>(shuffled.begin() + static_cast<ptrdiff_t>(cut),
                                                 shuffled.end())});
      ++summary_.splits;
      world_.At(world_.Now() + rng.Uniform(1_s, 5_s), [this] { world_.HealAll(); });
      break;
    }
  }
}

GossipSummary GossipDemo::Run() {
  world_.Start();
  if (config_.faults) ScheduleNextFault();
  summary_.events = world_.RunUntil(sim::Time::Zero() + config_.duration);
  summary_.stats = world_.stats();

  // Coverage: of all rumours alive anywhere, how many does each node know (a down node knows none).
  std::set<uint64_t> all;
  size_t known_pairs = 0;
  for (sim::NodeId id : ids_) {
    const auto& node = world_.node_as<GossipNode>(id);
    all.insert(node.rumours().begin(), node.rumours().end());
    known_pairs += node.rumours().size();
  }
  summary_.rumours = static_cast<int>(all.size());
  if (!all.empty()) {
    summary_.coverage_permille =
        static_cast<int64_t>(known_pairs * 1000 / (all.size() * ids_.size()));
  }
  summary_.fingerprint = world_.trace().fingerprint();
  return summary_;
}

}  // namespace demo
