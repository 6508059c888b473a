// ServedCluster: a session of the view (`view --serve`, the cluster of someone else's runner,
// window actions as steps, console lines as lines) is written so that `run --replay` plays it on a
// cluster of its own to the same fingerprint; a session file that is not one gets its line number.
#include "app/served_cluster.h"

#include <gtest/gtest.h>

#include <sstream>

#include "scenarios/loader.h"
#include "viz/live_run.h"

namespace kafkasim::app {
namespace {

scenario::Scenario ThreeBrokers() {
  const auto loaded = scenarios::LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) +
                                                  "/scenarios/serve/three-brokers.textproto");
  EXPECT_TRUE(loaded.ok());
  return *loaded.scenario;
}

sim::Time At(int64_t ms) { return sim::Time::Zero() + sim::Duration::Millis(ms); }

ServedCluster::Listeners Ports() {
  return {{101, {"127.0.0.1", 9092}}, {102, {"127.0.0.1", 9093}}, {103, {"127.0.0.1", 9094}}};
}

const auto kQuiet = [](const std::string&) {};

TEST(ServedCluster, AViewSessionReplaysToTheSameFingerprint) {
  std::ostringstream record;
  viz::LiveRun run(ThreeBrokers(), 7);
  run.AdvanceTo(At(2'000));
  ServedCluster served(run.runner(), 7, kQuiet, Ports(), &record);
  run.GoLive([&served](const scenario::Step& step) { served.Apply(step); }, "bootstrap");
  run.AdvanceTo(At(5'000));
  scenario::Step kill;
  kill.set_kill("broker-103");
  run.Act(kill);
  run.AdvanceTo(At(30'000));
  run.SeekTo(At(1'000));  // a live run does not go back
  EXPECT_EQ(run.now(), At(30'000));
  EXPECT_EQ(run.starts(), 1);
  served.End();
  EXPECT_NE(run.cluster().Leader({"orders", 2}), 103);
  EXPECT_FALSE(run.cluster().IsUp(103));
  ASSERT_NE(record.str().find(" step kill: \"broker-103\"\n"), std::string::npos) << record.str();

  std::istringstream session(record.str());
  std::unique_ptr<ServedCluster> replayed;
  const auto error =
      ServedCluster::Replay(session, ThreeBrokers(), scenarios::RunOptions{}, kQuiet, &replayed);
  ASSERT_FALSE(error) << *error;
  EXPECT_EQ(replayed->world().Now(), At(30'000));
  EXPECT_EQ(replayed->fingerprint(), run.fingerprint());
}

TEST(ServedCluster, AViewClusterTakesConsoleLinesToo) {
  std::ostringstream record;
  viz::LiveRun run(ThreeBrokers());
  run.AdvanceTo(At(2'000));
  {
    ServedCluster served(run.runner(), std::nullopt, kQuiet, Ports(), &record);
    EXPECT_TRUE(served.Type("kill 102"));
    EXPECT_FALSE(served.Type("quit"));
  }
  EXPECT_NE(record.str().find("2000000000 type kill 102\n"), std::string::npos) << record.str();
  EXPECT_FALSE(run.cluster().IsUp(102));
  run.AdvanceTo(At(30'000));  // the console has gone; the run goes on without it
  EXPECT_NE(run.cluster().Leader({"orders", 0}), 102);
}

TEST(ServedCluster, ABadStepLineIsRefusedWithItsLine) {
  std::istringstream session(
      "kafkasim-session 1\n"
      "2000000000 step kil: \"broker-103\"\n");
  std::unique_ptr<ServedCluster> replayed;
  const auto error =
      ServedCluster::Replay(session, ThreeBrokers(), scenarios::RunOptions{}, kQuiet, &replayed);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("2: not a scenario step: column"), std::string::npos) << *error;
  EXPECT_NE(error->find("kil"), std::string::npos) << *error;
}

}  // namespace
}  // namespace kafkasim::app
