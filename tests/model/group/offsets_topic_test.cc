// The records the group coordinator writes to __consumer_offsets, and what replaying them gives.
#include "model/group/offsets_topic.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

GroupMetadata TwoMemberGroup() {
  GroupMetadata g;
  g.group_id = "dashboard";
  g.generation_id = 7;
  g.protocol = "range";
  g.leader = "c-1-uuid";
  MemberMetadata a;
  a.member_id = "c-1-uuid";
  a.client_id = "c-1";
  a.session_timeout_ms = 45000;
  a.rebalance_timeout_ms = 300000;
  a.protocols = {"range", "cooperative-sticky"};
  a.subscription.topics = {"orders"};
  a.assignment = {{"orders", 0}, {"orders", 2}};
  MemberMetadata b = a;
  b.member_id = "c:2 odd\nid";  // ids may hold any character
  b.client_id = "c-2";
  b.group_instance_id = "host-2";
  b.subscription.owned = {{"orders", 1}};
  b.subscription.generation = 6;
  b.assignment = {{"orders", 1}};
  g.members[a.member_id] = a;
  g.members[b.member_id] = b;
  return g;
}

TEST(OffsetsTopic, TheGroupRecordRestoresMembersAndAssignments) {
  const GroupMetadata g = TwoMemberGroup();
  std::map<std::string, LoadedGroup> loaded;
  ReplayOffsetsRecord(OffsetCommitRecord("dashboard", {"orders", 0}, 42, 1000), &loaded);
  ReplayOffsetsRecord(GroupRecord(g, 1000), &loaded);
  ASSERT_TRUE(loaded["dashboard"].metadata.has_value());
  const GroupMetadata& back = *loaded["dashboard"].metadata;
  EXPECT_EQ(back.generation_id, 7);
  EXPECT_EQ(back.protocol, "range");
  EXPECT_EQ(back.leader, "c-1-uuid");
  ASSERT_EQ(back.members.size(), 2u);
  const MemberMetadata& b = back.members.at("c:2 odd\nid");
  EXPECT_EQ(b.client_id, "c-2");
  EXPECT_EQ(b.group_instance_id, "host-2");
  EXPECT_EQ(b.subscription.owned, (std::vector<TopicPartition>{{"orders", 1}}));
  EXPECT_EQ(b.subscription.generation, 6);
  EXPECT_EQ(b.assignment, (std::vector<TopicPartition>{{"orders", 1}}));
  const MemberMetadata& a = back.members.at("c-1-uuid");
  EXPECT_FALSE(a.group_instance_id.has_value());
  EXPECT_EQ(a.session_timeout_ms, 45000);
  EXPECT_EQ(a.protocols, (std::vector<std::string>{"range", "cooperative-sticky"}));
  EXPECT_EQ(a.assignment, (std::vector<TopicPartition>{{"orders", 0}, {"orders", 2}}));
  EXPECT_EQ(loaded["dashboard"].offsets.at({"orders", 0}), 42);
}

TEST(OffsetsTopic, TheLatestGroupRecordWinsAndACorruptOneIsIgnored) {
  GroupMetadata g = TwoMemberGroup();
  std::map<std::string, LoadedGroup> loaded;
  ReplayOffsetsRecord(GroupRecord(g, 1000), &loaded);
  g.generation_id = 8;
  g.members.clear();
  ReplayOffsetsRecord(GroupRecord(g, 2000), &loaded);
  EXPECT_EQ(loaded["dashboard"].metadata->generation_id, 8);
  EXPECT_TRUE(loaded["dashboard"].metadata->members.empty());
  Record corrupt = GroupRecord(g, 3000);
  corrupt.payload = std::make_shared<const std::string>("3:12");  // cut short
  ReplayOffsetsRecord(corrupt, &loaded);
  EXPECT_FALSE(loaded["dashboard"].metadata.has_value());
}

}  // namespace
}  // namespace kafka
