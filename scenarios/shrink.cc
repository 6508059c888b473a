// See shrink.h.
#include "scenarios/shrink.h"

#include <algorithm>

namespace kafkasim::scenarios {
namespace {

using namespace sim::literals;

// The first word of a first anomaly: its kind ("lost-write"), or "check" / "invariant" /
// "expected".
std::string KindOf(const std::string& first_anomaly) {
  return first_anomaly.substr(0, first_anomaly.find(' '));
}

sim::Duration StepTime(const scenario::Step& step) {
  sim::Duration d = sim::Duration::Zero();
  sim::ParseDuration(step.at(), &d);
  return d;
}

}  // namespace

scenario::Scenario WithSchedule(const scenario::Scenario& base, const NemesisSchedule& schedule,
                                uint64_t seed) {
  scenario::Scenario s = base;
  AddSchedule(s, schedule);
  // In time order, as a file wants it; at equal times the scenario's own steps stay first.
  std::vector<scenario::Step> steps(s.timeline().begin(), s.timeline().end());
  std::stable_sort(steps.begin(), steps.end(),
                   [](const auto& a, const auto& b) { return StepTime(a) < StepTime(b); });
  s.clear_timeline();
  for (scenario::Step& step : steps) *s.add_timeline() = std::move(step);
  s.set_seed(seed);
  return s;
}

bool FailsTheSameWay(const SeedResult& original, const SeedResult& candidate) {
  if (candidate.passed || candidate.failure_class != original.failure_class) return false;
  if (original.failure_class != "correctness") return true;
  const std::string kind = KindOf(original.first_anomaly);
  const auto it = candidate.anomalies.find(kind);
  return (it != candidate.anomalies.end() && it->second > 0) ||
         KindOf(candidate.first_anomaly) == kind;
}

ShrinkResult Shrink(const scenario::Scenario& base, const std::set<std::string>& kinds,
                    uint64_t seed, const std::function<void(const std::string&)>& progress) {
  ShrinkResult out;
  out.drawn = DrawNemesis(base, kinds, seed);
  out.original = JudgeSeed(WithSchedule(base, out.drawn, seed), seed);
  ++out.runs;
  out.smallest = out.drawn;
  out.last = out.original;
  if (out.original.passed) return out;
  for (const Fault& f : out.drawn.faults) out.original.faults.push_back(f.Describe());

  // Does this schedule still fail the same way? (Each answer is a whole run.)
  const auto fails = [&](const std::vector<Fault>& faults) {
    NemesisSchedule candidate = out.drawn;
    candidate.faults = faults;
    const SeedResult r = JudgeSeed(WithSchedule(base, candidate, seed), seed);
    ++out.runs;
    return FailsTheSameWay(out.original, r);
  };

  // ddmin: try each of n chunks alone, then each complement; on success continue from it with
  // coarser chunks, otherwise split finer, until single faults cannot be removed.
  std::vector<Fault> current = out.drawn.faults;
  if (!current.empty() && fails({})) current.clear();
  size_t n = 2;
  while (current.size() >= 2) {
    const size_t chunk = (current.size() + n - 1) / n;
    bool reduced = false;
    for (size_t start = 0; start < current.size() && !reduced; start += chunk) {
      const auto first = current.begin() + static_cast<ptrdiff_t>(start);
      const auto last =
          current.begin() + static_cast<ptrdiff_t>(std::min(start + chunk, current.size()));
      const std::vector<Fault> alone(first, last);
      std::vector<Fault> complement(current.begin(), first);
      complement.insert(complement.end(), last, current.end());
      if (alone.size() < current.size() && fails(alone)) {
        current = alone;
        n = 2;
        reduced = true;
      } else if (n > 2 && fails(complement)) {
        current = complement;
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
      }
    }
    if (reduced) {
      progress(std::to_string(current.size()) + " faults still fail it");
      continue;
    }
    if (n >= current.size()) break;
    n = std::min(n * 2, current.size());
  }
  // (One fault left: the empty schedule was tried first, and failed to fail.)

  // Each fault that is left, shortened by halves down to a second while it still fails.
  for (size_t i = 0; i < current.size(); ++i) {
    const Fault before = current[i];
    while (current[i].end - current[i].start >= 2_s) {
      std::vector<Fault> shorter = current;
      shorter[i].end =
          shorter[i].start + sim::Duration::Nanos((current[i].end - current[i].start).nanos() / 2);
      if (!fails(shorter)) break;
      current = shorter;
    }
    if (current[i].end != before.end) {
      out.shortened.push_back(before.Describe() + " -> " + current[i].Describe());
      progress("shortened " + out.shortened.back());
    }
  }
  for (const Fault& f : out.drawn.faults) {
    const bool kept = std::any_of(current.begin(), current.end(), [&](const Fault& k) {
      return k.start == f.start && k.kind == f.kind && k.target == f.target;
    });
    if (!kept) out.removed.push_back(f.Describe());
  }
  out.smallest.faults = current;
  // The run of exactly what the file will hold.
  out.last = JudgeSeed(WithSchedule(base, out.smallest, seed), seed);
  ++out.runs;
  return out;
}

}  // namespace kafkasim::scenarios
