// The live console, driven as a script drives it: Kafka's tools, faults, time and checks.
#include "scenarios/console_session.h"

#include <gtest/gtest.h>

namespace kafkasim::scenarios {
namespace {

struct Console {
  std::string out;
  ConsoleSession session{ConsoleSession::DefaultScenario(), {}, [this](const std::string& line) {
                           out += line + "\n";
                         }};
  bool Type(const std::string& line) { return session.Handle(line); }
  // What was printed since the last call.
  std::string Take() { return std::exchange(out, {}); }
};

TEST(ConsoleSession, StartsAClusterAndRunsTheCoursesCommands) {
  Console c;
  EXPECT_NE(c.Take().find("broker-101 is the controller"), std::string::npos);
  EXPECT_EQ(c.session.Prompt(), "[2.000s] kafkasim> ");
  c.Type(
      "kafka-topics --bootstrap-server localhost:9092 --create --topic first_topic "
      "--partitions 3 --replication-factor 1");
  EXPECT_NE(c.Take().find("Created topic first_topic."), std::string::npos);
  c.Type("kafka-console-producer --bootstrap-server localhost:9092 --topic first_topic");
  EXPECT_EQ(c.session.Prompt(), ">");
  c.Type("hello");
  c.Type("");  // the end of its input
  EXPECT_NE(c.Take().find("console-producer-1 has shut down cleanly"), std::string::npos);
  c.Type(
      "kafka-console-consumer --bootstrap-server localhost:9092 --topic first_topic "
      "--from-beginning");
  EXPECT_NE(c.Take().find("console-consumer-1 |  hello"), std::string::npos);
  c.Type("kafka-topics --bootstrap-server localhost:9092 --list");
  EXPECT_NE(c.Take().find("first_topic"), std::string::npos);
}

TEST(ConsoleSession, FaultsTimeAndChecks) {
  Console c;
  c.Take();
  c.Type("kill 101");
  EXPECT_NE(c.Take().find("broker-101 is killed"), std::string::npos);
  c.Type("advance 25s");
  EXPECT_NE(c.Take().find("is the controller (controller epoch 2)"), std::string::npos);
  c.Type("status");
  const std::string status = c.Take();
  EXPECT_NE(status.find("brokers    101 down, 102 up, 103 up"), std::string::npos) << status;
  EXPECT_NE(status.find("zookeeper  zk-1 LEADING"), std::string::npos) << status;
  c.Type("restart 101");
  c.Type("advance 5s");
  c.Type("check controller is 101");
  EXPECT_NE(c.Take().find("CHECK FAILED: controller is 101"), std::string::npos);
  c.Type("split zk-1,101 102,103");
  EXPECT_NE(c.Take().find("> split the network: zk-1, broker-101 | broker-102, broker-103"),
            std::string::npos);
  c.Type("heal");
  c.Type("slow 102 20s to 103");
  EXPECT_NE(c.Take().find("> slow the route from broker-102 to broker-103 by 20s"),
            std::string::npos);
  c.Type("heal 102");
  c.Type("expire-session 102");
  c.Type("advance 2s");
  EXPECT_NE(c.Take().find("broker-102: its ZooKeeper session expired"), std::string::npos);
}

TEST(ConsoleSession, MistakesGetClearAnswers) {
  Console c;
  c.Take();
  c.Type("kill 999");
  EXPECT_EQ(c.Take(), "no node 'broker-999' (try status)\n");
  c.Type("advance soon");
  EXPECT_EQ(c.Take(), "advance: 'soon' is not a duration like 5s\n");
  c.Type("kafka-topics --list");
  EXPECT_EQ(c.Take(), "Missing required argument \"[bootstrap-server]\"\n");
  c.Type("frobnicate");
  EXPECT_EQ(c.Take(), "unknown command 'frobnicate' (type help)\n");
  c.Type("pause");
  EXPECT_EQ(c.Take(), "usage: pause NODE DURATION\n");
  c.Type("slow 102 later");
  EXPECT_EQ(c.Take(), "slow: 'later' is not a duration like 20s\n");
  EXPECT_FALSE(c.Type("quit"));
}

}  // namespace
}  // namespace kafkasim::scenarios
