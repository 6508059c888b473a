// LiveRun: moving time back and forth gives the states a fresh run gives, and a session's actions
// saved as a scenario replay to the same fingerprint.
#include "viz/live_run.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "scenarios/loader.h"
#include "viz/panels/panel_util.h"

namespace kafkasim::viz {
namespace {

scenario::Scenario Lesson(const std::string& file) {
  const auto loaded =
      scenarios::LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/" + file);
  EXPECT_TRUE(loaded.ok());
  return *loaded.scenario;
}

sim::Time At(int64_t ms) { return sim::Time::Zero() + sim::Duration::Millis(ms); }

TEST(LiveRun, SeekingBackReplaysToTheSameState) {
  LiveRun fresh(Lesson("lessons/04-replication-leaders-isr.textproto"));
  fresh.AdvanceTo(At(12'000));
  const uint64_t at_12s = fresh.fingerprint();

  LiveRun run(Lesson("lessons/04-replication-leaders-isr.textproto"));
  run.AdvanceTo(At(30'000));
  EXPECT_NE(run.fingerprint(), at_12s);
  run.SeekTo(At(12'000));
  EXPECT_EQ(run.now(), At(12'000));
  EXPECT_EQ(run.fingerprint(), at_12s);
  EXPECT_EQ(run.starts(), 2);
  run.SeekTo(At(15'000));  // forwards: no replay
  EXPECT_EQ(run.starts(), 2);
}

TEST(LiveRun, StepOneEventAndRunToTheNextNarration) {
  LiveRun run(Lesson("lessons/04-replication-leaders-isr.textproto"));
  run.AdvanceTo(At(10'000));
  const sim::Time before = run.now();
  ASSERT_TRUE(run.StepOneEvent());
  EXPECT_GE(run.now(), before);
  const size_t lines = run.narration().size();
  run.RunToNextMark(sim::Duration::Seconds(60));
  EXPECT_GT(run.narration().size(), lines);
  EXPECT_LT(run.now(), At(70'000));
}

TEST(LiveRun, NarrationsAtOneTimeFormOneLessonPage) {
  LiveRun run(Lesson("lessons/05-producers-acks-keys.textproto"));
  const auto& pages = run.lesson_steps();
  ASSERT_FALSE(pages.empty());
  for (size_t i = 1; i < pages.size(); ++i) EXPECT_LT(pages[i - 1].first, pages[i].first);
}

TEST(LiveRun, ASavedSessionReplaysToTheSameFingerprint) {
  LiveRun run(Lesson("lessons/04-replication-leaders-isr.textproto"));
  run.AdvanceTo(At(12'345));
  run.Act(KillStep("broker-102"));
  EXPECT_EQ(run.runner().world().state(*run.runner().Resolve("broker-102")), sim::NodeState::kDown);
  run.AdvanceTo(At(16'000));
  run.Act(CommandStep("kafka-topics --bootstrap-server localhost:9092 --describe", {}));
  run.AdvanceTo(At(25'000));
  run.Act(RestartStep("broker-102"));
  run.AdvanceTo(At(31'000));
  ASSERT_EQ(run.recorded().size(), 3u);
  EXPECT_EQ(run.recorded()[0].at(), "12345ms");

  const std::string path = ::testing::TempDir() + "/kafkasim_recorded.textproto";
  std::string error;
  ASSERT_TRUE(run.SaveAsScenario(path, &error)) << error;
  const auto loaded = scenarios::LoadScenarioFile(path);
  ASSERT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].ToString());
  EXPECT_EQ(loaded.scenario->duration(), "31000ms");
  scenarios::ScenarioRunner replay(*loaded.scenario, {});
  const scenarios::RunReport replayed = replay.Run();
  const scenarios::RunReport live = run.Finish();
  EXPECT_EQ(sim::FingerprintHex(replayed.fingerprint), sim::FingerprintHex(live.fingerprint));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace kafkasim::viz
