// See sweep_report.h.
#include "scenarios/sweep_report.h"

#include <fmt/core.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace kafkasim::scenarios {
namespace {

using sweep::SeedRecord;

constexpr size_t kEverySeedUpTo = 100;

int64_t Count(const SeedRecord& r, const std::string& kind) {
  const auto it = r.anomalies().find(kind);
  return it == r.anomalies().end() ? 0 : it->second;
}

std::string ShrinkCommand(const SeedRecord& r) {
  return "kafkasim shrink " + r.file() + " --seed " + std::to_string(r.seed()) +
         (r.nemesis().empty() ? "" : " --nemesis " + r.nemesis()) + " --out seed-" +
         std::to_string(r.seed()) + ".textproto";
}

// One target (file and nemesis) of the records, seeds sorted and distinct.
void ReportTarget(const std::vector<SeedRecord>& records, bool every_seed, std::string& out) {
  const SeedRecord& first = records.front();
  out += fmt::format("sweep      {}{}\n", first.file(),
                     first.nemesis().empty() ? "" : "  under nemesis " + first.nemesis());
  out += fmt::format("seeds      {} ({} to {})\n", records.size(), first.seed(),
                     records.back().seed());
  std::map<std::string, size_t> verdicts;
  std::map<std::string, int64_t> anomalies;
  double simulated = 0;
  for (const SeedRecord& r : records) {
    ++verdicts[r.verdict() == "pass" ? "pass" : r.class_().empty() ? "fail" : r.class_()];
    for (const auto& [kind, n] : r.anomalies()) anomalies[kind] += n;
    simulated += r.sim_seconds();
  }
  out += "verdicts  ";
  for (const auto& [verdict, n] : verdicts) out += fmt::format(" {} {}", verdict, n);
  out += "\nanomalies ";
  if (anomalies.empty()) out += " none";
  for (const auto& [kind, n] : anomalies) out += fmt::format(" {} {}", kind, n);
  out += fmt::format("\nsimulated  {:.0f} s\n\n", simulated);

  const bool all = every_seed || records.size() <= kEverySeedUpTo;
  out += fmt::format("{:>6}  {:<7} {:<11} {:>6} {:>6} {:>10} {:>12} {:>6} {:>6} {:>10}  {}\n",
                     "seed", "verdict", "class", "lost", "unseen", "duplicates", "inconsistent",
                     "other", "checks", "invariants", "fingerprint");
  size_t failing = 0;
  for (const SeedRecord& r : records) {
    const bool passed = r.verdict() == "pass";
    failing += passed ? 0 : 1;
    if (!all && passed) continue;
    const int64_t lost = Count(r, "lost-write"), unseen = Count(r, "unseen"),
                  duplicates = Count(r, "duplicate"),
                  inconsistent = Count(r, "inconsistent-offsets");
    int64_t other = 0;
    for (const auto& [kind, n] : r.anomalies()) other += n;
    other -= lost + unseen + duplicates + inconsistent;
    out += fmt::format("{:>6}  {:<7} {:<11} {:>6} {:>6} {:>10} {:>12} {:>6} {:>6} {:>10}  {}\n",
                       r.seed(), passed ? "pass" : "FAIL", passed ? "-" : r.class_(), lost, unseen,
                       duplicates, inconsistent, other, r.failed_checks(), r.violations(),
                       r.fingerprint());
  }
  if (!all) {
    out += fmt::format("({} passing seeds not listed; --all lists every seed)\n",
                       records.size() - failing);
  }
  out += fmt::format("\n{} of {} seeds failed\n", failing, records.size());
  for (const SeedRecord& r : records) {
    if (r.verdict() == "pass") continue;
    out += fmt::format("\nseed {}: {}: {}\n", r.seed(), r.class_(), r.first_anomaly());
    if (r.faults().empty()) {
      out += "  faults  none drawn\n";
    } else {
      out += "  faults\n";
      for (const std::string& f : r.faults()) out += "    " + f + "\n";
    }
    out += "  replay  " + r.replay() + "\n";
    if (r.class_() == "correctness" || r.class_() == "liveness") {
      out += "  shrink  " + ShrinkCommand(r) + "\n";
    }
  }
}

}  // namespace

std::string ToJsonLine(const SeedRecord& record) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string line;
  (void)google::protobuf::util::MessageToJsonString(record, &line, options);
  return line;
}

std::optional<std::string> ParseJsonLine(const std::string& line, SeedRecord* record) {
  record->Clear();
  const auto status = google::protobuf::util::JsonStringToMessage(line, record);
  if (status.ok()) return std::nullopt;
  return std::string(status.message());
}

void ReadRecords(std::istream& in, const std::string& name, std::vector<SeedRecord>* records,
                 std::vector<std::string>* errors) {
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    SeedRecord record;
    if (const auto error = ParseJsonLine(line, &record)) {
      errors->push_back(fmt::format("{}:{}: not a sweep record: {}", name, number, *error));
      continue;
    }
    records->push_back(std::move(record));
  }
}

SweepReport Report(std::vector<SeedRecord> records, bool every_seed) {
  const auto key = [](const SeedRecord& r) {
    return std::tuple<const std::string&, const std::string&, uint32_t>(r.file(), r.nemesis(),
                                                                        r.seed());
  };
  std::stable_sort(records.begin(), records.end(),
                   [&](const SeedRecord& a, const SeedRecord& b) { return key(a) < key(b); });
  SweepReport report;
  // A seed run twice (overlapping shards, a retried job) counts once if both runs agree.
  std::vector<SeedRecord> distinct;
  for (SeedRecord& r : records) {
    if (!distinct.empty() && key(distinct.back()) == key(r)) {
      // A launcher's crash or timeout has no fingerprint: a run that finished is kept instead,
      // and the two are no conflict.
      if (distinct.back().fingerprint().empty()) {
        distinct.back() = std::move(r);
        continue;
      }
      if (r.fingerprint().empty()) continue;
      if (distinct.back().fingerprint() != r.fingerprint()) {
        report.conflicts.push_back(fmt::format("{} seed {}: fingerprints {} and {} differ",
                                               r.file(), r.seed(), distinct.back().fingerprint(),
                                               r.fingerprint()));
      }
      continue;
    }
    distinct.push_back(std::move(r));
  }
  if (distinct.empty()) {
    report.text = "no sweep records\n";
    return report;
  }
  for (size_t begin = 0; begin < distinct.size();) {
    size_t end = begin;
    while (end < distinct.size() && distinct[end].file() == distinct[begin].file() &&
           distinct[end].nemesis() == distinct[begin].nemesis()) {
      ++end;
    }
    const std::vector<SeedRecord> target(distinct.begin() + static_cast<ptrdiff_t>(begin),
                                         distinct.begin() + static_cast<ptrdiff_t>(end));
    if (!report.text.empty()) report.text += "\n";
    ReportTarget(target, every_seed, report.text);
    begin = end;
  }
  for (const SeedRecord& r : distinct) report.failing += r.verdict() == "pass" ? 0 : 1;
  report.seeds = distinct.size();
  for (const std::string& c : report.conflicts) report.text += "\nNOT DETERMINISTIC: " + c + "\n";
  return report;
}

}  // namespace kafkasim::scenarios
