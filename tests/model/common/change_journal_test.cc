// The change journal: touches are deduplicated and come back in partition order, TouchAll hands
// back every partition once and moves the generation, and the replica registry keeps holders in
// id order.
#include "model/common/change_journal.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

std::vector<TopicPartition> Names(const ChangeJournal& journal, const std::vector<uint32_t>& ids) {
  std::vector<TopicPartition> names;
  for (const uint32_t id : ids) names.push_back(journal.Name(id));
  return names;
}

TEST(ChangeJournal, HandsBackEachTouchedPartitionOnceInPartitionOrder) {
  ChangeJournal journal;
  journal.Touch({"orders", 2});
  journal.Touch({"audit", 0});
  journal.Touch({"orders", 2});
  journal.Touch({"orders", 10});
  EXPECT_EQ(Names(journal, journal.TakeTouched()),
            (std::vector<TopicPartition>{{"audit", 0}, {"orders", 2}, {"orders", 10}}));
  EXPECT_TRUE(journal.TakeTouched().empty());
  journal.Touch({"orders", 2});
  EXPECT_EQ(Names(journal, journal.TakeTouched()), (std::vector<TopicPartition>{{"orders", 2}}));
}

TEST(ChangeJournal, TouchAllHandsBackEveryKnownPartitionAndMovesTheGeneration) {
  ChangeJournal journal;
  journal.Intern({"b", 0});
  journal.Intern({"a", 1});
  journal.Touch({"b", 0});
  const uint64_t before = journal.generation();
  journal.TouchAll();
  EXPECT_GT(journal.generation(), before);
  EXPECT_EQ(Names(journal, journal.TakeTouched()),
            (std::vector<TopicPartition>{{"a", 1}, {"b", 0}}));
  EXPECT_TRUE(journal.TakeTouched().empty());
}

TEST(ChangeJournal, KeepsEachPartitionsHoldersInIdOrder) {
  ChangeJournal journal;
  const uint32_t id = journal.Intern({"orders", 0});
  journal.AddReplica(id, 103);
  journal.AddReplica(id, 101);
  journal.AddReplica(id, 102);
  journal.AddReplica(id, 101);
  EXPECT_EQ(journal.Holders(id), (std::vector<int32_t>{101, 102, 103}));
  journal.RemoveReplica(id, 102);
  EXPECT_EQ(journal.Holders(id), (std::vector<int32_t>{101, 103}));
  EXPECT_EQ(journal.TakeTouched(), std::vector<uint32_t>{id});
}

}  // namespace
}  // namespace kafka
