// See ratio_reporter.h.
#include "tests/bench/ratio_reporter.h"

#include <cstdio>

namespace bench {

std::vector<Comparison>& Comparisons() {
  static std::vector<Comparison> comparisons;
  return comparisons;
}

std::vector<std::function<void()>>& Summaries() {
  static std::vector<std::function<void()>> summaries;
  return summaries;
}

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
      cpu_time_[run.benchmark_name()] = run.GetAdjustedCPUTime();
    }
  }
  ConsoleReporter::ReportRuns(runs);
}

bool RatioReporter::PrintRatios(const std::vector<Comparison>& comparisons) const {
  bool all_met = true;
  std::printf("\n%-52s %10s %8s  %s\n", "comparison", "ratio", "target", "verdict");
  for (const Comparison& c : comparisons) {
    const auto cand = cpu_time_.find(c.candidate);
    const auto base = cpu_time_.find(c.baseline);
    if (cand == cpu_time_.end() || base == cpu_time_.end()) continue;  // filtered out
    const double ratio = base->second / cand->second;
    if (c.target <= 0) {
      std::printf("%-52s %9.2fx %8s  %s\n", c.label.c_str(), ratio, "-", "information");
      continue;
    }
    const bool met = ratio >= c.target;
    all_met &= met;
    std::printf("%-52s %9.2fx %7.2fx  %s\n", c.label.c_str(), ratio, c.target,
                met ? "meets the budget" : "MISSES the budget");
  }
  return all_met;
}

}  // namespace bench
