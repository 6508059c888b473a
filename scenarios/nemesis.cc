// See nemesis.h.
#include "scenarios/nemesis.h"

#include <vector>

#include "sim/rng.h"
#include "sim/time.h"

namespace kafkasim::scenarios {
namespace {

using namespace sim::literals;

const std::vector<std::string>& Kinds() {
  static const std::vector<std::string> kinds = {"kill",      "power", "pause",
                                                 "partition", "zk",    "clients"};
  return kinds;
}

std::string Seconds(sim::Duration d) { return std::to_string(d.millis()) + "ms"; }

scenario::Step* AddStep(scenario::Scenario& s, sim::Duration at) {
  scenario::Step* step = s.add_timeline();
  step->set_at(Seconds(at));
  return step;
}

}  // namespace

std::variant<std::set<std::string>, std::string> ParseNemesis(const std::string& text) {
  std::set<std::string> kinds;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string kind = text.substr(start, comma - start);
    if (std::find(Kinds().begin(), Kinds().end(), kind) == Kinds().end()) {
      return "unknown fault '" + kind +
             "'; the nemesis knows kill, power, pause, partition, zk, clients";
    }
    kinds.insert(kind);
    start = comma + 1;
  }
  return kinds;
}

void AddNemesis(scenario::Scenario& s, const std::set<std::string>& kinds, uint64_t seed) {
  sim::Rng rng = sim::Rng(seed).Fork("nemesis");
  sim::Duration duration;
  if (!sim::ParseDuration(s.duration(), &duration)) duration = 60_s;
  std::vector<std::string> brokers, clients;
  if (s.cluster().brokers_size() == 0) {
    brokers = {"broker-101", "broker-102", "broker-103"};
  } else {
    for (const auto& b : s.cluster().brokers())
      brokers.push_back("broker-" + std::to_string(b.id()));
  }
  for (int i = 0; i < s.producers_size(); ++i) {
    const auto& p = s.producers(i);
    clients.push_back(p.name().empty() ? "producer-" + std::to_string(i + 1) : p.name());
  }
  for (const auto& g : s.groups()) {
    for (int m = 1; m <= std::max(1, g.members()); ++m) {
      clients.push_back(g.group_id() + "-" + std::to_string(m));
    }
  }
  const int zk_servers = std::max(1, s.cluster().zookeeper_servers());
  std::vector<std::string> usable;
  for (const std::string& k : Kinds()) {
    if (kinds.contains(k) && !(k == "clients" && clients.empty())) usable.push_back(k);
  }
  const sim::Duration healed_from = sim::Duration::Millis(duration.millis() * 6 / 10);
  sim::Duration t = 10_s;
  while (!usable.empty() && t < healed_from) {
    const std::string kind = rng.Pick(usable);
    const sim::Duration lasts = rng.Uniform(3_s, 15_s);
    const sim::Duration end = std::min(t + lasts, healed_from);
    if (kind == "kill" || kind == "power") {
      const std::string broker = rng.Pick(brokers);
      auto* step = AddStep(s, t);
      kind == "kill" ? step->set_kill(broker) : step->set_power_loss(broker);
      AddStep(s, end)->set_restart(broker);
    } else if (kind == "pause") {
      auto* pause = AddStep(s, t)->mutable_pause();
      pause->set_node(rng.Pick(brokers));
      pause->set_duration(Seconds(end - t));
    } else if (kind == "partition") {
      const std::string broker = rng.Pick(brokers);
      auto* cut = AddStep(s, t)->mutable_cut();
      cut->set_node(broker);
      cut->set_inbound_only(rng.Below(2) == 0);
      AddStep(s, end)->set_heal(broker);
    } else if (kind == "zk") {
      const std::string server = "zk-" + std::to_string(1 + rng.Below(zk_servers));
      AddStep(s, t)->set_kill(server);
      AddStep(s, end)->set_restart(server);
    } else {
      const std::string client = rng.Pick(clients);
      AddStep(s, t)->set_kill(client);
      AddStep(s, end)->set_restart(client);
    }
    t = end + rng.Uniform(2_s, 10_s);
  }
  // The final phase: everything heals and runs again.
  AddStep(s, healed_from)->set_narrate("the nemesis stops: every link heals and every node runs");
  AddStep(s, healed_from)->set_heal("all");
  for (const std::string& b : brokers) AddStep(s, healed_from)->set_restart(b);
  for (int z = 1; z <= zk_servers; ++z)
    AddStep(s, healed_from)->set_restart("zk-" + std::to_string(z));
  for (const std::string& c : clients) AddStep(s, healed_from)->set_restart(c);
}

}  // namespace kafkasim::scenarios
