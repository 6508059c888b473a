// The simulated Kafka tools: what parses, Kafka's words for what does not, and what each tool does
// to a running cluster and prints (run through scenarios, as a user would type them).
#include "scenarios/shell/shell.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"
#include "scenarios/runner.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/console_consumer.h"
#include "scenarios/shell/console_producer.h"
#include "scenarios/shell/kafka_consumer_groups.h"
#include "scenarios/shell/kafka_topics.h"
#include "scenarios/shell/server_scripts.h"
#include "sim/trace.h"

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
  EXPECT_EQ(c->bootstrap, "broker-102:9092");
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
  EXPECT_EQ(std::get<std::string>(Parse("kafka-topics --bootstrap-server nowhere --list")),
            "No resolvable bootstrap urls given in bootstrap.servers");
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
  EXPECT_EQ(
      KafkaShell::Check("kafka-consumer-groups --bootstrap-server broker-101:9092 --describe"),
      "Option [describe] takes one of these options: [all-groups], [group]");
  EXPECT_EQ(KafkaShell::Check("kafka-acls --list"),
            "unknown command 'kafka-acls'; kafkasim runs kafka-topics, kafka-consumer-groups, "
            "kafka-transactions, "
            "kafka-console-producer, kafka-console-consumer, zookeeper-server-start/-stop and "
            "kafka-server-start/-stop");
}

TEST(CommandLine, QuotedWordsStayTogether) {
  EXPECT_EQ(SplitCommandLine("a 'b c' \"d e\" f"),
            (std::vector<std::string>{"a", "b c", "d e", "f"}));
}

TEST(CommandLine, LocalhostPortsNameTheBrokersInIdOrder) {
  const std::vector<int32_t> brokers = {101, 102, 103};
  EXPECT_EQ(ResolveBootstrap("localhost:9092", brokers), std::vector<int32_t>{101});
  EXPECT_EQ(ResolveBootstrap("127.0.0.1:9094", brokers), std::vector<int32_t>{103});
  EXPECT_EQ(ResolveBootstrap("broker-102:9092,localhost:9092", brokers),
            (std::vector<int32_t>{102, 101}));
  EXPECT_EQ(ResolveBootstrap("localhost:9095", brokers), std::nullopt);
  EXPECT_EQ(ResolveBootstrap("broker-104:9092", brokers), std::nullopt);
  EXPECT_FALSE(IsBootstrapList("localhost"));
  EXPECT_FALSE(IsBootstrapList("kafka.example.com:9092"));
}

TEST(ConsoleTools, ParseTheCoursesCommandLines) {
  const auto producer = ParseConsoleProducer(SplitCommandLine(
      "kafka-console-producer --bootstrap-server localhost:9092 --topic first_topic "
      "--producer-property acks=all --property parse.key=true --property key.separator=:"));
  ASSERT_TRUE(std::holds_alternative<ConsoleProducerCommand>(producer))
      << std::get<std::string>(producer);
  const auto& p = std::get<ConsoleProducerCommand>(producer);
  EXPECT_EQ(p.topic, "first_topic");
  EXPECT_EQ(p.producer_properties.at("acks"), "all");
  EXPECT_TRUE(p.parse_key);
  EXPECT_EQ(p.key_separator, ":");

  const auto consumer = ParseConsoleConsumer(SplitCommandLine(
      "kafka-console-consumer --bootstrap-server localhost:9092 --topic first_topic --group "
      "my-second-application --from-beginning --max-messages 5 --property print.key=true"));
  ASSERT_TRUE(std::holds_alternative<ConsoleConsumerCommand>(consumer));
  const auto& c = std::get<ConsoleConsumerCommand>(consumer);
  EXPECT_EQ(c.group, "my-second-application");
  EXPECT_TRUE(c.from_beginning);
  EXPECT_EQ(c.max_messages, 5);
  EXPECT_TRUE(c.print_key);

  EXPECT_EQ(KafkaShell::Check("kafka-console-producer --bootstrap-server localhost:9092"),
            "Missing required argument \"[topic]\"");
  EXPECT_EQ(KafkaShell::Check("kafka-console-consumer --bootstrap-server localhost:9092"),
            "Exactly one of whitelist/topic is required.");
  EXPECT_EQ(KafkaShell::Check("kafka-console-consumer --bootstrap-server localhost:9092 --topic t "
                              "--from-beginning --consumer-property auto.offset.reset=latest"),
            "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', as the "
            "former is equivalent to 'auto.offset.reset=earliest'");
  EXPECT_EQ(KafkaShell::Check("kafka-server-start"),
            "USAGE: kafka-server-start.sh [-daemon] server.properties [--override "
            "property=value]*");
  EXPECT_EQ(KafkaShell::Check("zookeeper-server-start.sh config/zookeeper.properties"),
            std::nullopt);
  const auto start = ParseServerScript(
      SplitCommandLine("kafka-server-start config/server.properties --override broker.id=102"));
  ASSERT_TRUE(std::holds_alternative<ServerScript>(start));
  EXPECT_EQ(std::get<ServerScript>(start).broker_id, 102);
}

TEST(ConsoleTools, TheLoaderReportsABadCommandWhereItIs) {
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

// Runs a scenario and collects what the tools printed, each line prefixed by who printed it.
struct Printed {
  std::vector<std::string> lines;
  bool passed = false;
  std::string Joined() const {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
  }
};

Printed RunScenario(const std::string& text) {
  const Loaded loaded = LoadScenarioText(text, "test.textproto");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors.front().ToString());
  Printed printed;
  if (!loaded.ok()) return printed;
  ScenarioRunner runner(*loaded.scenario, {});
  sim::MemoryTraceSink memory;
  runner.world().trace().AddSink(&memory);
  printed.passed = runner.Run().passed();
  for (const auto& e : memory.OfKind("scenario.command_output")) {
    const std::string from(e.Text("from"));
    printed.lines.push_back((from.empty() ? "" : from + ": ") + std::string(e.Text("output")));
  }
  return printed;
}

TEST(ConsoleTools, WhatTheProducerSendsTheConsumerPrintsWithKeysAndPartitions) {
  const Printed p = RunScenario(R"(
    duration: "30s"
    topics { name: "first_topic" partitions: 1 replication_factor: 3 }
    timeline { at: "3s" command: "kafka-console-producer --bootstrap-server localhost:9092 --topic first_topic --property parse.key=true --property key.separator=:"
               input: "truck-1:hello" input: "truck-2:world" }
    timeline { at: "6s" command: "kafka-console-consumer --bootstrap-server localhost:9093 --topic first_topic --from-beginning --max-messages 2 --property print.key=true --property print.partition=true --property print.offset=true" }
  )");
  const std::string all = p.Joined();
  EXPECT_NE(all.find(">truck-1:hello\n>truck-2:world\n>"), std::string::npos) << all;
  EXPECT_NE(all.find("console-consumer-1: Partition:0\tOffset:0\ttruck-1\thello"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("console-consumer-1: Partition:0\tOffset:1\ttruck-2\tworld\nProcessed a "
                     "total of 2 messages"),
            std::string::npos)
      << all;
}

TEST(ConsoleTools, AGroupResumesFromItsCommittedOffsetAndANewGroupFromTheEnd) {
  const Printed p = RunScenario(R"(
    duration: "40s"
    topics { name: "t" partitions: 1 replication_factor: 1 }
    timeline { at: "3s" command: "kafka-console-producer --bootstrap-server localhost:9092 --topic t" input: "a" input: "b" }
    timeline { at: "6s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --group app --from-beginning --max-messages 2" }
    timeline { at: "15s" command: "kafka-console-producer --bootstrap-server localhost:9092 --topic t" input: "c" }
    timeline { at: "18s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --group app --from-beginning --max-messages 1" }
    timeline { at: "18s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t" }
    timeline { at: "30s" command: "kafka-console-producer --bootstrap-server localhost:9092 --topic t" input: "d" }
  )");
  const std::string all = p.Joined();
  EXPECT_NE(all.find("console-consumer-1: a\n"), std::string::npos) << all;
  EXPECT_NE(all.find("console-consumer-1: b\nProcessed a total of 2 messages"), std::string::npos)
      << all;
  // The group committed past b: only c is new to it, whatever --from-beginning says.
  EXPECT_NE(all.find("console-consumer-2: c\nProcessed a total of 1 messages"), std::string::npos)
      << all;
  // A fresh group starts at the end: it sees only d.
  EXPECT_EQ(all.find("console-consumer-3: c"), std::string::npos) << all;
  EXPECT_NE(all.find("console-consumer-3: d"), std::string::npos) << all;
}

TEST(ConsoleTools, AFailedSendPrintsKafkasErrorLine) {
  // Broker 102's session ends 18 s after the kill; then the ISR is two, below min.insync.replicas.
  const Printed p = RunScenario(R"(
    duration: "35s"
    topics { name: "t" partitions: 1 replication_factor: 3 config { key: "min.insync.replicas" value: "3" } }
    timeline { at: "3s" kill: "broker-102" }
    timeline { at: "25s" command: "kafka-console-producer --bootstrap-server localhost:9092 --topic t --producer-property acks=all --producer-property retries=0" input: "x" }
  )");
  const std::string all = p.Joined();
  EXPECT_NE(all.find("console-producer-1: ERROR Error when sending message to topic t with key: "
                     "null, value: 1 bytes with error: "
                     "(org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\n"
                     "org.apache.kafka.common.errors.NotEnoughReplicasException: Messages are "
                     "rejected since there are fewer in-sync replicas than required."),
            std::string::npos)
      << all;
}

TEST(ServerScripts, StartZooKeeperThenKafkaByHandAndStopThem) {
  const Printed p = RunScenario(R"(
    duration: "60s"
    cluster { start_by_hand: true brokers { id: 101 } brokers { id: 102 } }
    timeline { at: "1s" command: "zookeeper-server-start config/zookeeper.properties" }
    timeline { at: "3s" command: "kafka-server-start config/server.properties" }
    timeline { at: "4s" command: "kafka-server-start config/server.properties" }
    timeline { at: "5s" command: "kafka-server-start config/server.properties" }
    timeline { at: "10s" check: "controller is 101" }
    timeline { at: "20s" command: "kafka-server-stop" on: "broker-101" }
    timeline { at: "40s" check: "controller is 102" }
    timeline { at: "41s" command: "kafka-server-stop" }
    timeline { at: "55s" command: "kafka-server-stop" }
  )");
  EXPECT_TRUE(p.passed);
  const std::string all = p.Joined();
  EXPECT_NE(all.find("INFO [KafkaServer id=101] starting"), std::string::npos) << all;
  EXPECT_NE(all.find("INFO [KafkaServer id=102] starting"), std::string::npos) << all;
  EXPECT_NE(all.find("Socket server failed to bind to 0.0.0.0:9092: Address already in use."),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("broker-101: stopping"), std::string::npos) << all;
  EXPECT_NE(all.find("broker-102: stopping"), std::string::npos) << all;
  EXPECT_NE(all.find("No kafka server to stop"), std::string::npos) << all;
}

// A transactional producer writes 3 transactions of 2 records and aborts the 2nd: the console
// consumer prints all 6 by default, and the 4 committed ones with --isolation-level
// read_committed.
TEST(ConsoleTools, IsolationLevelReadCommittedSkipsAbortedTransactions) {
  const Printed p = RunScenario(R"(
    duration: "30s"
    topics { name: "t" partitions: 1 replication_factor: 3 }
    producers { name: "writer" topic: "t" rate: 10 start: "2s" count: 6 keys: 1
                transaction_records: 2 abort_every: 2
                config { key: "transactional.id" value: "w" } }
    timeline { at: "15s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --from-beginning --property print.offset=true" }
    timeline { at: "15s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --from-beginning --property print.offset=true --isolation-level read_committed" }
    timeline { at: "20s" command: "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --isolation-level read_everything" }
  )");
  const std::string all = p.Joined();
  const auto count = [&](const std::string& who) {
    int n = 0;
    for (size_t at = all.find(who + ": Offset:"); at != std::string::npos;
         at = all.find(who + ": Offset:", at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("console-consumer-1"), 6) << all;
  EXPECT_EQ(count("console-consumer-2"), 4) << all;
  // Offsets 2 and 3 hold the first transaction's marker and the aborted one's first record.
  EXPECT_NE(all.find("console-consumer-1: Offset:3\t"), std::string::npos) << all;
  EXPECT_EQ(all.find("console-consumer-2: Offset:3\t"), std::string::npos) << all;
  EXPECT_NE(all.find("Invalid value read_everything for configuration isolation.level"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace kafkasim::scenarios
