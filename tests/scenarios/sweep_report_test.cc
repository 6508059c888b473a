// Sweep records and their report: a record survives its JSON line; the report depends only on
// the set of records (any order, any split, a seed given twice counts once), names a seed whose
// two runs disagree, and explains each failing seed.
#include "scenarios/sweep_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace kafkasim::scenarios {
namespace {

sweep::SeedRecord Record(uint32_t seed, bool passed, const std::string& fingerprint = "") {
  sweep::SeedRecord r;
  r.set_file("scenarios/sweeps/unsafe-acks-1.textproto");
  r.set_nemesis("kill,power");
  r.set_seed(seed);
  r.set_verdict(passed ? "pass" : "fail");
  r.set_fingerprint(fingerprint.empty() ? "f00d" + std::to_string(seed) : fingerprint);
  r.set_sim_seconds(150);
  r.set_wall_seconds(0.1 * seed);
  r.set_replay("kafkasim run scenarios/sweeps/unsafe-acks-1.textproto --seed " +
               std::to_string(seed) + " --nemesis kill,power");
  if (!passed) {
    r.set_class_("correctness");
    (*r.mutable_anomalies())["lost-write"] = 7;
    r.set_first_anomaly("lost-write in orders-1 at offset 84, value 254 at 31s");
    r.add_faults("10s-24.375s power broker-102");
  }
  return r;
}

TEST(SweepReport, ARecordSurvivesItsJsonLine) {
  const sweep::SeedRecord r = Record(5, false);
  const std::string line = ToJsonLine(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("\"class\":\"correctness\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"sim_seconds\":150"), std::string::npos) << line;
  sweep::SeedRecord back;
  ASSERT_FALSE(ParseJsonLine(line, &back));
  EXPECT_EQ(back.SerializeAsString(), r.SerializeAsString());
}

TEST(SweepReport, ABrokenLineIsNamedByFileAndLine) {
  std::istringstream in(ToJsonLine(Record(1, true)) + "\n\n{\"seed\": \"x\"\n");
  std::vector<sweep::SeedRecord> records;
  std::vector<std::string> errors;
  ReadRecords(in, "shard-2.jsonl", &records, &errors);
  EXPECT_EQ(records.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("shard-2.jsonl:3: not a sweep record", 0), 0u) << errors[0];
}

TEST(SweepReport, TheReportIsTheSameInAnyOrderAndWithRepeats) {
  std::vector<sweep::SeedRecord> records;
  for (uint32_t seed = 1; seed <= 9; ++seed) records.push_back(Record(seed, seed % 4 != 0));
  const SweepReport one = Report(records, false);
  std::reverse(records.begin(), records.end());
  records.push_back(Record(3, true));  // a retried shard ran seed 3 again, with the same result
  records.back().set_wall_seconds(9);  // on a slower machine
  const SweepReport other = Report(records, false);
  EXPECT_EQ(one.text, other.text);
  EXPECT_EQ(other.seeds, 9u);
  EXPECT_EQ(other.failing, 2u);
  EXPECT_TRUE(other.conflicts.empty());
  EXPECT_NE(one.text.find("verdicts   correctness 2 pass 7"), std::string::npos) << one.text;
  EXPECT_NE(one.text.find("2 of 9 seeds failed"), std::string::npos);
  // Each failing seed explains itself: class, first anomaly, faults, replay and shrink.
  EXPECT_NE(one.text.find("seed 4: correctness: lost-write in orders-1 at offset 84"),
            std::string::npos);
  EXPECT_NE(one.text.find("    10s-24.375s power broker-102\n"), std::string::npos);
  EXPECT_NE(one.text.find("  shrink  kafkasim shrink scenarios/sweeps/unsafe-acks-1.textproto "
                          "--seed 8 --nemesis kill,power --out seed-8.textproto"),
            std::string::npos);
}

TEST(SweepReport, TwoRunsOfASeedThatDisagreeAreNamed) {
  const SweepReport report = Report({Record(2, true, "aaaa"), Record(2, true, "bbbb")}, false);
  ASSERT_EQ(report.conflicts.size(), 1u);
  EXPECT_NE(report.conflicts[0].find("seed 2: fingerprints aaaa and bbbb differ"),
            std::string::npos);
  EXPECT_NE(report.text.find("NOT DETERMINISTIC"), std::string::npos);
}

TEST(SweepReport, ARunThatFinishedReplacesALaunchersCrashRecordOfTheSameSeed) {
  sweep::SeedRecord crashed = Record(4, false, "x");
  crashed.clear_fingerprint();
  crashed.set_class_("crash");
  for (const bool crash_first : {true, false}) {
    std::vector<sweep::SeedRecord> records = {Record(4, true)};
    records.insert(crash_first ? records.begin() : records.end(), crashed);
    const SweepReport report = Report(records, false);
    EXPECT_TRUE(report.conflicts.empty());
    EXPECT_EQ(report.failing, 0u);
  }
}

TEST(SweepReport, ManySeedsListOnlyTheFailingOnesUnlessAllAreAskedFor) {
  std::vector<sweep::SeedRecord> records;
  for (uint32_t seed = 1; seed <= 150; ++seed) records.push_back(Record(seed, seed != 77));
  const std::string some = Report(records, false).text;
  const std::string all = Report(records, true).text;
  EXPECT_NE(some.find("(149 passing seeds not listed; --all lists every seed)"), std::string::npos);
  EXPECT_EQ(some.find("\n   150  pass"), std::string::npos);
  EXPECT_NE(all.find("\n   150  pass"), std::string::npos);
}

}  // namespace
}  // namespace kafkasim::scenarios
