// kafka-topics' command line: what parses, and Kafka's words for what does not.
#include "scenarios/kafka_topics.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"

namespace kafkasim::scenarios {
namespace {

std::variant<TopicsCommand, std::string> Parse(const std::string& line) {
  return ParseTopicsCommand(SplitCommandLine(line));
}

TEST(KafkaTopics, ParsesACreate) {
  const auto parsed = Parse(
      "kafka-topics --bootstrap-server broker-102:9092 --create --topic orders --partitions 3 "
      "--replication-factor 2 --config min.insync.replicas=2 --if-not-exists");
  const auto* c = std::get_if<TopicsCommand>(&parsed);
  ASSERT_NE(c, nullptr) << std::get<std::string>(parsed);
  EXPECT_EQ(c->action, TopicsCommand::Action::kCreate);
  EXPECT_EQ(c->topic, "orders");
  EXPECT_EQ(c->partitions, 3);
  EXPECT_EQ(c->replication_factor, 2);
  EXPECT_EQ(c->configs.at("min.insync.replicas"), "2");
  EXPECT_TRUE(c->if_not_exists);
  EXPECT_EQ(c->bootstrap, std::vector<int32_t>{102});
}

TEST(KafkaTopics, RefusesBadCommandLinesInKafkasWords) {
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --bootstrap-server broker-101:9092 --list "
                                        "--describe")),
            "Command must include exactly one action: --list, --describe, --create, --alter or "
            "--delete");
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --list")),
            "Missing required argument \"[bootstrap-server]\"");
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --bootstrap-server broker-101:9092 --create "
                                        "--topic t --replication-factor 0")),
            "The replication factor must be between 1 and 32767 inclusive");
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --bootstrap-server broker-101:9092 --create "
                                        "--topic t --partitions 0")),
            "The partitions must be greater than 0");
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --bootstrap-server broker-101:9092 --lsit")),
            "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: lsit is not a "
            "recognized option");
}

TEST(KafkaConsumerGroups, ParsesListAndDescribe) {
  const auto list = ParseGroupsCommand(
      SplitCommandLine("kafka-consumer-groups --bootstrap-server broker-101:9092 --list"));
  ASSERT_TRUE(std::holds_alternative<GroupsCommand>(list));
  EXPECT_TRUE(std::get<GroupsCommand>(list).list);
  const auto describe = ParseGroupsCommand(SplitCommandLine(
      "kafka-consumer-groups --bootstrap-server broker-101:9092 --describe --group g"));
  ASSERT_TRUE(std::holds_alternative<GroupsCommand>(describe));
  EXPECT_EQ(std::get<GroupsCommand>(describe).group, "g");
  EXPECT_EQ(CheckCommandLine("kafka-consumer-groups --bootstrap-server broker-101:9092 --describe"),
            "Option [describe] takes one of these options: [all-groups], [group]");
  EXPECT_EQ(CheckCommandLine("kafka-acls --list"),
            "unknown command 'kafka-acls'; kafkasim runs kafka-topics and kafka-consumer-groups so "
            "far");
}

TEST(KafkaTopics, QuotedWordsStayTogether) {
  EXPECT_EQ(SplitCommandLine("a 'b c' \"d e\" f"),
            (std::vector<std::string>{"a", "b c", "d e", "f"}));
}

TEST(KafkaTopics, TheLoaderReportsABadCommandWhereItIs) {
  const Loaded l = LoadScenarioText(
      "timeline { at: \"1s\" command: \"kafka-topics --bootstrap-server broker-101:9092 --lsit\" "
      "}\n",
      "s.textproto");
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(
      l.errors[0].ToString(),
      "s.textproto:1:21: Exception in thread \"main\" joptsimple.UnrecognizedOptionException: "
      "lsit is not a recognized option");
}

}  // namespace
}  // namespace kafkasim::scenarios
