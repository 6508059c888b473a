// See sweep.h.
#include "scenarios/sweep.h"

#include <chrono>

#include "scenarios/nemesis.h"
#include "scenarios/runner.h"
#include "sim/trace.h"

namespace kafkasim::scenarios {
namespace {

// Correctness when the run broke a rule (an anomaly other than unseen, an invariant, or an
// expectation with nothing unseen to explain it); liveness when the only trouble is
// acknowledged records that nobody read by the end, everything having healed.
void Classify(const RunReport& report, SeedResult& r) {
  if (r.passed) return;
  const kafka::DeliveryReport& d = report.delivery;
  // Only the kinds that fail a seed (sweep.h) name its failure; others ride along.
  const kafka::Anomaly* first_unseen = nullptr;
  for (const kafka::Anomaly& a : d.anomalies) {
    if (a.kind == "unseen") {
      if (first_unseen == nullptr) first_unseen = &a;
      continue;
    }
    if (a.kind != "lost-write" && a.kind != "duplicate" && a.kind != "inconsistent-offsets") {
      continue;
    }
    r.failure_class = "correctness";
    r.first_anomaly = a.Describe();
    return;
  }
  for (const std::string& v : report.UnexpectedViolations()) {
    r.failure_class = "correctness";
    r.first_anomaly = "invariant broken: " + v;
    return;
  }
  for (const std::string& v : report.MissingViolations()) {
    r.failure_class = "correctness";
    r.first_anomaly = "expected violation did not happen: " + v;
    return;
  }
  if (first_unseen != nullptr) {
    r.failure_class = "liveness";
    r.first_anomaly = first_unseen->Describe();
    return;
  }
  r.failure_class = "correctness";
  for (const CheckRecord& c : report.checks) {
    if (c.passed) continue;
    r.first_anomaly = "check failed: " + c.check + (c.actual.empty() ? "" : " (" + c.actual + ")");
    return;
  }
}

}  // namespace

SeedResult RunSweepSeed(const scenario::Scenario& base, const std::set<std::string>& nemesis,
                        uint64_t seed) {
  const auto wall_start = std::chrono::steady_clock::now();
  scenario::Scenario s = base;
  std::vector<std::string> faults;
  if (!nemesis.empty()) {
    const NemesisSchedule schedule = DrawNemesis(s, nemesis, seed);
    AddSchedule(s, schedule);
    for (const Fault& f : schedule.faults) faults.push_back(f.Describe());
  }
  SeedResult r = JudgeSeed(s, seed);
  r.faults = std::move(faults);
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

SeedResult JudgeSeed(const scenario::Scenario& s, uint64_t seed) {
  const auto wall_start = std::chrono::steady_clock::now();
  SeedResult r;
  RunOptions options;
  options.seed = seed;
  ScenarioRunner runner(s, options);
  const RunReport report = runner.Run();
  const kafka::DeliveryReport& d = report.delivery;
  r.seed = seed;
  r.lost = d.lost;
  r.unseen = d.unseen;
  r.duplicates = d.duplicates;
  const auto inconsistent = d.counts.find("inconsistent-offsets");
  r.inconsistent = inconsistent == d.counts.end() ? 0 : inconsistent->second;
  r.other =
      static_cast<int64_t>(d.anomalies.size()) - r.lost - r.unseen - r.duplicates - r.inconsistent;
  for (const auto& [kind, n] : d.counts) r.anomalies[kind] = n;
  for (const auto& c : report.checks) r.failed_checks += c.passed ? 0 : 1;
  r.violations = report.UnexpectedViolations().size() + report.MissingViolations().size();
  r.passed =
      report.passed() && r.lost == 0 && r.unseen == 0 && r.duplicates == 0 && r.inconsistent == 0;
  r.fingerprint = report.fingerprint;
  Classify(report, r);
  r.sim_seconds = static_cast<double>(report.duration.nanos()) / 1e9;
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

std::string ReplayCommand(const std::string& file, uint64_t seed, const std::string& nemesis) {
  return "kafkasim run " + file + " --seed " + std::to_string(seed) +
         (nemesis.empty() ? "" : " --nemesis " + nemesis);
}

sweep::SeedRecord ToRecord(const SeedResult& r, const std::string& file,
                           const std::string& nemesis) {
  sweep::SeedRecord out;
  out.set_file(file);
  out.set_nemesis(nemesis);
  out.set_seed(static_cast<uint32_t>(r.seed));
  out.set_verdict(r.passed ? "pass" : "fail");
  out.set_class_(r.failure_class);
  for (const auto& [kind, n] : r.anomalies)
    (*out.mutable_anomalies())[kind] = static_cast<int32_t>(n);
  out.set_first_anomaly(r.first_anomaly);
  out.set_failed_checks(static_cast<int32_t>(r.failed_checks));
  out.set_violations(static_cast<int32_t>(r.violations));
  out.set_fingerprint(sim::FingerprintHex(r.fingerprint));
  out.set_sim_seconds(r.sim_seconds);
  out.set_wall_seconds(r.wall_seconds);
  out.set_replay(ReplayCommand(file, r.seed, nemesis));
  if (!r.passed) {
    for (const std::string& f : r.faults) out.add_faults(f);
  }
  return out;
}

}  // namespace kafkasim::scenarios
