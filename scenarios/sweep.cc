// See sweep.h.
#include "scenarios/sweep.h"

#include "scenarios/nemesis.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {

SeedResult RunSweepSeed(const scenario::Scenario& base, const std::set<std::string>& nemesis,
                        uint64_t seed) {
  scenario::Scenario s = base;
  if (!nemesis.empty()) AddNemesis(s, nemesis, seed);
  RunOptions options;
  options.seed = seed;
  ScenarioRunner runner(s, options);
  const RunReport report = runner.Run();
  const kafka::DeliveryReport& d = report.delivery;
  SeedResult r;
  r.seed = seed;
  r.lost = d.lost;
  r.unseen = d.unseen;
  r.duplicates = d.duplicates;
  const auto inconsistent = d.counts.find("inconsistent-offsets");
  r.inconsistent = inconsistent == d.counts.end() ? 0 : inconsistent->second;
  r.other =
      static_cast<int64_t>(d.anomalies.size()) - r.lost - r.unseen - r.duplicates - r.inconsistent;
  for (const auto& c : report.checks) r.failed_checks += c.passed ? 0 : 1;
  r.violations = report.UnexpectedViolations().size() + report.MissingViolations().size();
  r.passed =
      report.passed() && r.lost == 0 && r.unseen == 0 && r.duplicates == 0 && r.inconsistent == 0;
  r.fingerprint = report.fingerprint;
  return r;
}

}  // namespace kafkasim::scenarios
