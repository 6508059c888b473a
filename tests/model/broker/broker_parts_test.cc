// The broker's smaller parts on their own: settings by Kafka's names, the metadata cache, and the
// request channel's promise that every request ends exactly once.
#include <gtest/gtest.h>

#include "model/broker/broker_config.h"
#include "model/broker/metadata_cache.h"
#include "model/common/request_channel.h"
#include "sim/world.h"

namespace kafka {
namespace {

using namespace sim::literals;

TEST(BrokerConfig, DefaultsFollowTheRelease) {
  const BrokerConfig old = BrokerConfig::Defaults(*FindVersionProfile("0.10.2"));
  EXPECT_TRUE(old.unclean_leader_election_enable);
  EXPECT_EQ(old.replica_lag_time_max_ms, 10000);
  EXPECT_EQ(old.zookeeper_session_timeout_ms, 6000);
  const BrokerConfig now = BrokerConfig::Defaults(*FindVersionProfile("2.8"));
  EXPECT_FALSE(now.unclean_leader_election_enable);
  EXPECT_EQ(now.replica_lag_time_max_ms, 30000);
  EXPECT_EQ(now.zookeeper_session_timeout_ms, 18000);
  EXPECT_EQ(now.min_insync_replicas, 1);
  EXPECT_EQ(now.log.retention_ms, 168LL * 3600 * 1000);
}

TEST(BrokerConfig, SetsByKafkaNameAndRefusesBadValuesInKafkasWords) {
  BrokerConfig c = BrokerConfig::Defaults(DefaultVersionProfile());
  EXPECT_FALSE(c.Set("min.insync.replicas", "2"));
  EXPECT_EQ(c.min_insync_replicas, 2);
  EXPECT_FALSE(c.Set("log.retention.hours", "1"));
  EXPECT_EQ(c.log.retention_ms, 3'600'000);
  EXPECT_FALSE(c.Set("unclean.leader.election.enable", "TRUE"));
  EXPECT_TRUE(c.unclean_leader_election_enable);
  EXPECT_EQ(c.Set("min.insync.replicas", "two"),
            "Invalid value two for configuration min.insync.replicas: Not a number of type INT");
  EXPECT_EQ(c.Set("unclean.leader.election.enable", "yes"),
            "Invalid value yes for configuration unclean.leader.election.enable: Expected value to "
            "be either true or false");
  EXPECT_EQ(c.Set("min.insync.replica", "2"), "Unknown configuration 'min.insync.replica'");
  const auto names = BrokerConfig::Names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(TopicSettings, TopicConfigOverridesTheBroker) {
  BrokerConfig broker = BrokerConfig::Defaults(DefaultVersionProfile());
  broker.min_insync_replicas = 2;
  const TopicSettings s =
      TopicSettings::For(broker, {{"min.insync.replicas", "3"}, {"retention.ms", "1000"}});
  EXPECT_EQ(s.partition.min_insync_replicas, 3);
  EXPECT_EQ(s.log.retention_ms, 1000);
  EXPECT_FALSE(s.unclean_leader_election_enable);
  EXPECT_EQ(TopicSettings::Validate({{"min.insync.replicas", "0"}}),
            "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1");
  EXPECT_EQ(TopicSettings::Validate({{"colour", "red"}}), "Unknown topic config name: colour");
}

TEST(MetadataCache, AnswersFromTheLatestUpdate) {
  MetadataCache cache;
  UpdateMetadataRequest update;
  update.controller_id = 101;
  update.live_brokers = {{101, "broker-101"}, {102, "broker-102"}};
  PartitionStateEntry p0{{"orders", 0}, 1, 101, 0, {101, 102}, 0, {101, 102}};
  PartitionStateEntry p1{{"orders", 1}, 1, 103, 0, {103}, 0, {103, 101}};
  update.partitions = {p0, p1};
  cache.Update(update);
  EXPECT_EQ(cache.PartitionCount("orders"), 2);
  EXPECT_FALSE(cache.HasLeaders("orders"));  // 103 is not live
  const MetadataResponse r = cache.Describe(std::nullopt);
  ASSERT_EQ(r.topics.size(), 1u);
  EXPECT_EQ(r.topics[0].partitions[0].error, ErrorCode::kNone);
  EXPECT_EQ(r.topics[0].partitions[1].error, ErrorCode::kLeaderNotAvailable);
  EXPECT_EQ(r.topics[0].partitions[1].offline_replicas, std::vector<int32_t>{103});
  update.partitions.clear();
  update.deleted_topics = {"orders"};
  cache.Update(update);
  EXPECT_FALSE(cache.Contains("orders"));
  EXPECT_EQ(cache.Describe(std::vector<std::string>{"orders"}).topics[0].error,
            ErrorCode::kUnknownTopicOrPartition);
}

// A node that answers Metadata requests after `delay`, or never.
class Responder : public sim::Node {
 public:
  explicit Responder(sim::Duration delay) : delay_(delay) {}
  void OnMessage(sim::NodeId from, const sim::MessagePtr& m) override {
    const auto& p = static_cast<const Packet&>(*m);
    if (delay_ < 0_s) return;
    pending_.push_back({from, p.correlation_id()});
    ctx().ScheduleAfter(delay_, 1);
  }
  void OnTimer(sim::TimerId, uint64_t) override {
    auto [to, id] = pending_.front();
    pending_.erase(pending_.begin());
    ctx().Send(to, MakePacket(id, MetadataResponse{}));
  }

 private:
  sim::Duration delay_;
  std::vector<std::pair<sim::NodeId, int32_t>> pending_;
};

class Asker : public sim::Node {
 public:
  void OnStart() override { channel = std::make_unique<RequestChannel>(ctx(), uint64_t{7} << 48); }
  void OnMessage(sim::NodeId, const sim::MessagePtr& m) override { channel->HandleMessage(m); }
  void OnTimer(sim::TimerId, uint64_t tag) override { channel->HandleTimer(tag); }
  void OnConnectionReset(sim::NodeId peer) override { channel->HandleConnectionReset(peer); }
  void Ask(sim::NodeId to, int64_t timeout_ms) {
    channel->Send(to, MetadataRequest{}, timeout_ms,
                  [this](const PacketBody* body) { outcomes.push_back(body != nullptr); });
  }
  std::unique_ptr<RequestChannel> channel;
  std::vector<bool> outcomes;
};

TEST(RequestChannel, EveryRequestEndsOnceWithItsAnswerATimeoutOrABrokenConnection) {
  sim::World world(1);
  const auto asker = world.AddNode("asker", std::make_unique<Asker>());
  const auto fast = world.AddNode("fast", std::make_unique<Responder>(5_ms));
  const auto mute = world.AddNode("mute", std::make_unique<Responder>(-1_s));
  const auto slow = world.AddNode("slow", std::make_unique<Responder>(2_s));
  for (auto n : {fast, mute, slow}) world.network().Connect(asker, n, sim::LinkSpec{});
  world.Start();
  world.RunFor(1_ms);  // the nodes start
  auto& a = world.node_as<Asker>(asker);
  a.Ask(fast, 1000);
  a.Ask(mute, 1000);
  a.Ask(slow, 5000);
  world.RunFor(100_ms);
  EXPECT_EQ(a.outcomes, std::vector<bool>{true});
  world.RunFor(1_s);
  EXPECT_EQ(a.outcomes, (std::vector<bool>{true, false}));  // the mute one timed out
  world.Crash(slow, sim::CrashKind::kProcess);              // the close reaches the asker
  world.RunFor(10_ms);
  EXPECT_EQ(a.outcomes, (std::vector<bool>{true, false, false}));
  world.RunFor(10_s);
  EXPECT_EQ(a.outcomes.size(), 3u);  // nothing ends twice
  EXPECT_EQ(a.channel->in_flight(), 0u);
}

}  // namespace
}  // namespace kafka
