// Runs every benchmark, then prints the ratios each file registered against its baseline.
// Exit code 0 even when a ratio misses its target: speed is reported, never a flaky failure.
#include <benchmark/benchmark.h>

#include "tests/bench/ratio_reporter.h"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios(bench::Comparisons());
  for (const auto& summary : bench::Summaries()) summary();
  benchmark::Shutdown();
  return 0;
}
