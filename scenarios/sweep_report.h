// Sweep records on disk and the report over them. `kafkasim sweep --out` writes one record per
// seed as a line of JSON; `kafkasim sweep-report` reads any number of such files (from shards run
// on one machine or many) and prints the report. The report depends only on the set of records:
// in any order and however they were split into files, it is the same text, and the same as the
// unsharded sweep's own. Wall-clock times are kept in the records but left out of the report.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/sweep.pb.h"

namespace kafkasim::scenarios {

// One record as one line of JSON (no newline).
std::string ToJsonLine(const sweep::SeedRecord& record);
// A line back into a record; the parser's complaint if it is not one.
std::optional<std::string> ParseJsonLine(const std::string& line, sweep::SeedRecord* record);
// Every record in `in` (blank lines skipped); errors as "NAME:LINE: what".
void ReadRecords(std::istream& in, const std::string& name, std::vector<sweep::SeedRecord>* records,
                 std::vector<std::string>* errors);

struct SweepReport {
  std::string text;    // the report, as printed
  size_t seeds = 0;    // distinct seeds judged
  size_t failing = 0;  // of them, how many failed
  // A seed found twice with different fingerprints: the runs were not the same (a different
  // build or a bug in determinism), named here.
  std::vector<std::string> conflicts;
};

// The verdict table (counts by verdict and class), the anomaly totals, and each failing seed
// with its class, first anomaly, fault schedule, replay and shrink commands. Every seed gets a
// row of the per-seed table when `every_seed` is set or there are at most 100 seeds; otherwise
// only failing ones do.
SweepReport Report(std::vector<sweep::SeedRecord> records, bool every_seed);

}  // namespace kafkasim::scenarios
