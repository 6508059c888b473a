// The narrator on single events: an ISR change a pre-2.7 leader wrote to ZooKeeper itself is
// told, and a broker whose controlled shutdown gave up is not said to have shut down cleanly.
#include "scenarios/narrator.h"

#include <gtest/gtest.h>

#include <vector>

#include "model/common/trace_kinds.h"
#include "sim/world.h"

namespace kafkasim::scenarios {
namespace {

class Told {
 public:
  Told() : narrator_([this](const std::string& line) { lines_.push_back(line); }) {}
  void Event(const std::string& node, const sim::Kind& kind, std::vector<sim::Field> fields = {}) {
    narrator_.OnEvent(
        {sim::Time::Zero() + sim::Duration::Seconds(20), sim::NodeId{1}, node, kind, fields});
  }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::vector<std::string> lines_;
  Narrator narrator_;
};

TEST(Narrator, AnIsrChangeALeaderWroteToZooKeeperIsTold) {
  Told t;
  t.Event("broker-103", kafka::kinds::kBrokerIsrWritten,
          {{"partition", "events-0"}, {"leader", 103}, {"isr", "[103,102]"}});
  ASSERT_EQ(t.lines().size(), 1u);
  EXPECT_NE(t.lines()[0].find("events-0: ISR [103,102] (leader 103 wrote it to ZooKeeper)"),
            std::string::npos)
      << t.lines()[0];
}

TEST(Narrator, AShutdownAfterAFailedControlledShutdownIsNotClean) {
  Told t;
  t.Event("broker-102", kafka::kinds::kBrokerControlledShutdownFailed, {{"broker", 102}});
  t.Event("broker-102", sim::kinds::kExit);
  t.Event("broker-101", sim::kinds::kExit);  // a shutdown that went well
  t.Event("broker-102", sim::kinds::kExit);  // later, after a restart: clean again
  ASSERT_EQ(t.lines().size(), 4u);
  EXPECT_NE(t.lines()[0].find("broker-102: controlled shutdown failed; it proceeds to an unclean "
                              "shutdown"),
            std::string::npos);
  EXPECT_NE(
      t.lines()[1].find("broker-102 has shut down uncleanly (its controlled shutdown failed)"),
      std::string::npos);
  EXPECT_NE(t.lines()[2].find("broker-101 has shut down cleanly"), std::string::npos);
  EXPECT_NE(t.lines()[3].find("broker-102 has shut down cleanly"), std::string::npos);
}

}  // namespace
}  // namespace kafkasim::scenarios
