// A console reporter that also remembers each benchmark's CPU time per iteration, so that the
// benchmark binary can print "kernel vs baseline" ratios measured in the same run.
#pragma once

#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bench {

// A comparison to print: the ratio is baseline time / candidate time (above 1: candidate faster).
struct Comparison {
  std::string label;
  std::string candidate;  // full benchmark names, e.g. "BM_HoldKernel/1000"
  std::string baseline;
  double target = 1.0;  // the ratio the budget asks for; 0: shown for information only
};

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override;
  // Prints one line per comparison; returns false if a measured ratio misses its target.
  bool PrintRatios(const std::vector<Comparison>& comparisons) const;

 private:
  std::map<std::string, double> cpu_time_;
};

// Registered by each benchmark file; bench_main prints them after the run.
std::vector<Comparison>& Comparisons();
// Tables a benchmark file prints after the run, after the ratios (measures other than CPU time).
std::vector<std::function<void()>>& Summaries();

}  // namespace bench
