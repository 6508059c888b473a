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
  using H = ChangeJournal::Holder;
  ChangeJournal journal;
  const uint32_t id = journal.Intern({"orders", 0});
  // Stand-ins for replicas: the journal only stores and hands back the pointers.
  const auto* a = reinterpret_cast<const Partition*>(0x10);
  const auto* b = reinterpret_cast<const Partition*>(0x20);
  const auto* c = reinterpret_cast<const Partition*>(0x30);
  const auto* a2 = reinterpret_cast<const Partition*>(0x40);
  journal.AddReplica(id, 103, c);
  journal.AddReplica(id, 101, a);
  journal.AddReplica(id, 102, b);
  EXPECT_EQ(journal.Holders(id), (std::vector<H>{{101, a}, {102, b}, {103, c}}));
  // A new replica on 101 replaces the old one before the old one is destroyed: the old one's
  // removal must not take the new one away.
  journal.AddReplica(id, 101, a2);
  journal.RemoveReplica(id, 101, a);
  journal.RemoveReplica(id, 102, b);
  EXPECT_EQ(journal.Holders(id), (std::vector<H>{{101, a2}, {103, c}}));
  EXPECT_EQ(journal.TakeTouched(), std::vector<uint32_t>{id});
}

}  // namespace
}  // namespace kafka
