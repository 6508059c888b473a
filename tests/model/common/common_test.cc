// Topic names, error names and version profiles.
#include <gtest/gtest.h>

#include "model/common/error_code.h"
#include "model/common/topic_name.h"
#include "model/common/version_profile.h"

namespace kafka {
namespace {

TEST(TopicName, LegalNames) {
  for (const char* ok : {"orders", "trucks_gps", "a.b-c_D9", "x"}) {
    EXPECT_FALSE(InvalidTopicNameReason(ok, false)) << ok;
  }
  EXPECT_FALSE(InvalidTopicNameReason(std::string(249, 'a'), false));
}

TEST(TopicName, KafkasMessagesBefore3_4) {
  EXPECT_EQ(InvalidTopicNameReason("", false), "Topic name is illegal, it can't be empty");
  EXPECT_EQ(InvalidTopicNameReason("..", false), "Topic name cannot be \".\" or \"..\"");
  EXPECT_EQ(InvalidTopicNameReason("a b", false),
            "Topic name \"a b\" is illegal, it contains a character other than ASCII "
            "alphanumerics, '.', '_' and '-'");
  EXPECT_EQ(InvalidTopicNameReason(std::string(250, 'x'), false),
            "Topic name is illegal, it can't be longer than 249 characters, topic name: " +
                std::string(250, 'x'));
}

TEST(TopicName, KafkasMessagesFrom3_4) {
  EXPECT_EQ(InvalidTopicNameReason("", true),
            "Topic name is invalid: the empty string is not allowed");
  EXPECT_EQ(InvalidTopicNameReason(".", true), "Topic name is invalid: '.' is not allowed");
  EXPECT_EQ(InvalidTopicNameReason("a/b", true),
            "Topic name is invalid: 'a/b' contains one or more characters other than ASCII "
            "alphanumerics, '.', '_' and '-'");
}

TEST(TopicName, DotsAndUnderscoresCollide) {
  EXPECT_TRUE(TopicNamesCollide("a.b", "a_b"));
  EXPECT_FALSE(TopicNamesCollide("a.b", "a-b"));
  EXPECT_EQ(CollidingTopics("a.b", {"a_b", "a.b", "c"}), std::vector<std::string>{"a_b"});
  EXPECT_TRUE(HasCollisionProneCharacter("trucks_gps"));
  EXPECT_FALSE(HasCollisionProneCharacter("orders"));
  EXPECT_TRUE(IsInternalTopic("__consumer_offsets"));
}

TEST(ErrorCode, NamesFollowTheRelease) {
  EXPECT_EQ(ErrorName(ErrorCode::kNotLeaderOrFollower), "NOT_LEADER_OR_FOLLOWER");
  EXPECT_EQ(ErrorName(ErrorCode::kNotLeaderOrFollower, true), "NOT_LEADER_FOR_PARTITION");
  EXPECT_EQ(ErrorName(ErrorCode::kNotEnoughReplicasAfterAppend),
            "NOT_ENOUGH_REPLICAS_AFTER_APPEND");
  EXPECT_EQ(static_cast<int>(ErrorCode::kNotEnoughReplicas), 19);
  EXPECT_EQ(static_cast<int>(ErrorCode::kFencedLeaderEpoch), 74);
}

TEST(VersionProfile, ProfilesCarryTheirReleasesRules) {
  EXPECT_EQ(VersionProfileNames(),
            (std::vector<std::string_view>{"0.10.2", "0.11", "2.0", "2.4", "2.8", "3.6"}));
  EXPECT_EQ(FindVersionProfile("0.10.2")->truncation, TruncationRule::kToHighWatermark);
  EXPECT_TRUE(FindVersionProfile("0.10.2")->unclean_leader_election_enable);  // before KIP-106
  EXPECT_EQ(FindVersionProfile("0.11")->truncation, TruncationRule::kLeaderEpoch);
  EXPECT_FALSE(FindVersionProfile("0.11")->unclean_leader_election_enable);
  EXPECT_EQ(FindVersionProfile("2.0")->truncation, TruncationRule::kLeaderEpochIterative);
  EXPECT_FALSE(FindVersionProfile("2.0")->isr_expand_needs_epoch_start);
  EXPECT_TRUE(FindVersionProfile("2.4")->isr_expand_needs_epoch_start);
  EXPECT_EQ(FindVersionProfile("2.4")->replica_lag_time_max_ms, 10000);
  EXPECT_EQ(FindVersionProfile("2.8")->replica_lag_time_max_ms, 30000);  // KIP-537
  EXPECT_EQ(FindVersionProfile("2.8")->zookeeper_session_timeout_ms, 18000);
  EXPECT_EQ(FindVersionProfile("2.8")->isr_propagation, IsrPropagation::kAlterIsr);
  EXPECT_EQ(FindVersionProfile("3.6")->producer_acks, "all");
  EXPECT_TRUE(FindVersionProfile("3.6")->producer_enable_idempotence);
  EXPECT_EQ(FindVersionProfile("3.6")->null_key_partitioner, NullKeyPartitioner::kUniformSticky);
  EXPECT_EQ(FindVersionProfile("9.9"), nullptr);
  EXPECT_EQ(DefaultVersionProfile().name, "2.8");
}

}  // namespace
}  // namespace kafka
