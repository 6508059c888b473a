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

std::string Fault::Describe() const {
  std::string what = kind == "clients" ? "kill" : kind == "zk" ? "kill" : kind;
  if (kind == "partition" && inbound_only) what = "partition (inbound only)";
  // As the steps have them: to the millisecond.
  const auto ms = [](sim::Duration d) { return sim::ToString(sim::Duration::Millis(d.millis())); };
  return ms(start) + "-" + ms(end) + " " + what + " " + target;
}

NemesisSchedule DrawNemesis(const scenario::Scenario& s, const std::set<std::string>& kinds,
                            uint64_t seed) {
  sim::Rng rng = sim::Rng(seed).Fork("nemesis");
  sim::Duration duration;
  if (!sim::ParseDuration(s.duration(), &duration)) duration = 60_s;
  NemesisSchedule out;
  std::vector<std::string>& brokers = out.brokers;
  std::vector<std::string>& clients = out.clients;
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
  for (int z = 1; z <= zk_servers; ++z) out.zookeepers.push_back("zk-" + std::to_string(z));
  std::vector<std::string> usable;
  for (const std::string& k : Kinds()) {
    if (kinds.contains(k) && !(k == "clients" && clients.empty())) usable.push_back(k);
  }
  out.healed_from = sim::Duration::Millis(duration.millis() * 6 / 10);
  sim::Duration t = 10_s;
  // The draws, in this order, are the schedule's definition: changing them changes every seed.
  while (!usable.empty() && t < out.healed_from) {
    Fault f;
    f.kind = rng.Pick(usable);
    const sim::Duration lasts = rng.Uniform(3_s, 15_s);
    f.start = t;
    f.end = std::min(t + lasts, out.healed_from);
    if (f.kind == "kill" || f.kind == "power" || f.kind == "pause") {
      f.target = rng.Pick(brokers);
    } else if (f.kind == "partition") {
      f.target = rng.Pick(brokers);
      f.inbound_only = rng.Below(2) == 0;
    } else if (f.kind == "zk") {
      f.target = "zk-" + std::to_string(1 + rng.Below(zk_servers));
    } else {
      f.target = rng.Pick(clients);
    }
    out.faults.push_back(f);
    t = f.end + rng.Uniform(2_s, 10_s);
  }
  return out;
}

void AddSchedule(scenario::Scenario& s, const NemesisSchedule& schedule) {
  for (const Fault& f : schedule.faults) {
    if (f.kind == "kill" || f.kind == "power") {
      auto* step = AddStep(s, f.start);
      f.kind == "kill" ? step->set_kill(f.target) : step->set_power_loss(f.target);
      AddStep(s, f.end)->set_restart(f.target);
    } else if (f.kind == "pause") {
      auto* pause = AddStep(s, f.start)->mutable_pause();
      pause->set_node(f.target);
      pause->set_duration(Seconds(f.end - f.start));
    } else if (f.kind == "partition") {
      auto* cut = AddStep(s, f.start)->mutable_cut();
      cut->set_node(f.target);
      cut->set_inbound_only(f.inbound_only);
      AddStep(s, f.end)->set_heal(f.target);
    } else {  // zk, clients
      AddStep(s, f.start)->set_kill(f.target);
      AddStep(s, f.end)->set_restart(f.target);
    }
  }
  // The final phase: everything heals and runs again.
  const sim::Duration healed = schedule.healed_from;
  AddStep(s, healed)->set_narrate("the nemesis stops: every link heals and every node runs");
  AddStep(s, healed)->set_heal("all");
  for (const std::string& b : schedule.brokers) AddStep(s, healed)->set_restart(b);
  for (const std::string& z : schedule.zookeepers) AddStep(s, healed)->set_restart(z);
  for (const std::string& c : schedule.clients) AddStep(s, healed)->set_restart(c);
}

void AddNemesis(scenario::Scenario& s, const std::set<std::string>& kinds, uint64_t seed) {
  AddSchedule(s, DrawNemesis(s, kinds, seed));
}

}  // namespace kafkasim::scenarios
