// See lag_history.h.
#include "viz/lag_history.h"

#include <algorithm>

#include "model/client/consumer.h"
#include "model/wire/gateway.h"

namespace kafkasim::viz {

void LagHistory::Clear() {
  groups_.clear();
  group_of_client_.clear();
  gateways_.clear();
  nodes_seen_ = 0;
  history_seen_ = 0;
}

void LagHistory::Sample(const kafka::Cluster& cluster, sim::Time at) {
  const sim::World& world = cluster.world();
  // Consumers that appeared since (console consumers join mid-run).
  for (; nodes_seen_ < world.node_count(); ++nodes_seen_) {
    const sim::NodeId id{static_cast<uint32_t>(nodes_seen_)};
    if (dynamic_cast<const kafka::wire::Gateway*>(&world.node(id))) gateways_.push_back(id);
    const auto* consumer = dynamic_cast<const kafka::Consumer*>(&world.node(id));
    const std::string group = consumer ? consumer->config().group_id : "";
    group_of_client_.try_emplace(world.name(id), group);
    if (!group.empty()) groups_[group];
  }
  // Real clients' groups (a served run): the gateway knows whom it joined to which group.
  for (const sim::NodeId id : gateways_) {
    for (const auto& [client, group] :
         dynamic_cast<const kafka::wire::Gateway&>(world.node(id)).group_of_client()) {
      if (group_of_client_.try_emplace(client, group).second && !group.empty()) groups_[group];
    }
  }
  const int64_t now_ms = at.SinceZero().millis();
  // The high watermark of the broker acting as leader now (the controller's choice while it is
  // up; with no controller, whichever live broker leads it); -1 if none does.
  auto high_watermark = [&](const kafka::TopicPartition& tp) -> int64_t {
    int32_t leader = cluster.Leader(tp);
    if (leader < 0 || !cluster.IsUp(leader)) {
      const std::vector<int32_t> claims = cluster.LeaderClaims(tp);
      leader = claims.empty() ? -1 : claims.front();
    }
    return leader < 0 ? -1 : cluster.HighWatermark(leader, tp);
  };
  // Commits since the last sample go into their partitions' windows.
  const auto& events = cluster.history()->events();
  for (; history_seen_ < events.size(); ++history_seen_) {
    const kafka::HistoryEvent& e = events[history_seen_];
    if (e.type != kafka::HistoryType::kCommit) continue;
    const auto g = group_of_client_.find(e.client);
    if (g == group_of_client_.end() || g->second.empty()) continue;
    PartitionLag& p = groups_[g->second].partitions[e.tp];
    const int64_t hw = high_watermark(e.tp);
    p.window.push_back(
        {e.time.SinceZero().millis(), e.offset, std::max<int64_t>(hw - e.offset, 0)});
    if (p.window.size() > kWindow) p.window.erase(p.window.begin());
  }
  for (auto& [name, group] : groups_) {
    if (const kafka::GroupMetadata* g = cluster.Group(name)) {
      for (const auto& [tp, offset] : g->offsets) group.partitions[tp].committed = offset;
    }
    int64_t total = 0;
    std::vector<kafka::LagStatus> statuses;
    for (auto& [tp, p] : group.partitions) {
      p.end = high_watermark(tp);
      total += p.lag();
      p.status = kafka::EvaluatePartition(p.window, p.lag(), p.end, now_ms);
      statuses.push_back(p.status);
    }
    group.status = kafka::CombineGroup(statuses);
    group.times_s.push_back(static_cast<float>(static_cast<double>(at.nanos()) / 1e9));
    group.total_lag.push_back(static_cast<float>(total));
  }
}

}  // namespace kafkasim::viz
