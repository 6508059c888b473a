// The scenario loader: every problem reported at its file, line and column, with the nearest
// valid name where one is close, and Kafka's own words where Kafka has them.
#include "scenarios/loader.h"

#include <gtest/gtest.h>

namespace kafkasim::scenarios {
namespace {

std::vector<std::string> Errors(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& e : LoadScenarioText(text, "s.textproto").errors) out.push_back(e.ToString());
  return out;
}

TEST(ScenarioLoader, AMinimalScenarioLoads) {
  const Loaded l = LoadScenarioText("name: \"x\"\nduration: \"10s\"\n", "s.textproto");
  ASSERT_TRUE(l.ok()) << l.errors.front().ToString();
  EXPECT_EQ(l.scenario->duration(), "10s");
}

TEST(ScenarioLoader, SyntaxErrorsGiveLineColumnAndTheNearestField) {
  const auto e = Errors("name: \"x\"\ntopcs { name: \"orders\" }\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_TRUE(e[0].starts_with("s.textproto:2:")) << e[0];  // the column follows the name
  EXPECT_NE(e[0].find("Did you mean \"topics\"?"), std::string::npos) << e[0];
}

TEST(ScenarioLoader, ReplicationFactorAboveTheBrokersIsKafkasError) {
  const auto e = Errors(
      "cluster { brokers { id: 1 } }\n"
      "topics { name: \"orders\"\n  replication_factor: 3 }\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "s.textproto:3:3: Replication factor: 3 larger than available brokers: 1.");
}

TEST(ScenarioLoader, SettingsAreCheckedByKafkasNames) {
  const auto e = Errors(
      "cluster {\n  config { key: \"min.insync.replica\" value: \"2\" }\n"
      "  config { key: \"replica.lag.time.max.ms\" value: \"soon\" }\n}\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].find("Unknown configuration 'min.insync.replica'; did you mean "
                      "'min.insync.replicas'?"),
            std::string::npos)
      << e[0];
  EXPECT_NE(e[1].find("Invalid value soon for configuration replica.lag.time.max.ms: Not a "
                      "number of type LONG"),
            std::string::npos)
      << e[1];
}

TEST(ScenarioLoader, TimelineStepsMustBeInOrderAndNameRealNodes) {
  const auto e = Errors(
      "timeline { at: \"20s\" kill: \"broker-101\" }\n"
      "timeline { at: \"10s\" kill: \"broker-110\" }\n"
      "timeline { at: \"30s\" check: \"leader of orders-0 is soon\" }\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], "s.textproto:2:12: steps go in time order: 10s comes after 20s");
  EXPECT_EQ(e[1],
            "s.textproto:2:22: no node 'broker-110' in this scenario; did you mean "
            "'broker-101'?");
  EXPECT_EQ(e[2], "s.textproto:3:22: 'soon' is not a broker id or none");
}

TEST(ScenarioLoader, UnknownTopicsAndVersionsNameTheChoices) {
  const auto e = Errors(
      "cluster { kafka_version: \"2.7\" }\n"
      "topics { name: \"orders\" }\n"
      "producers { topic: \"order\" }\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0],
            "s.textproto:1:11: unknown Kafka version '2.7'; choose one of 0.10.2, 0.11, "
            "2.0, 2.4, 2.8, 3.6");
  EXPECT_EQ(e[1],
            "s.textproto:3:13: no topic 'order' is declared in topics; did you mean "
            "'orders'?");
}

TEST(ScenarioLoader, AnUnreadableFileSaysSo) {
  const Loaded l = LoadScenarioFile("/nonexistent/x.textproto");
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(l.errors[0].ToString(), "/nonexistent/x.textproto: cannot read the file");
}

}  // namespace
}  // namespace kafkasim::scenarios
