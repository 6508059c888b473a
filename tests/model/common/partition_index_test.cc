// The partition index finds each partition's entry by topic and number, and forgets erased ones.
#include "model/common/partition_index.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

TEST(PartitionIndex, FindsWhatWasSetAndNothingElse) {
  int orders0 = 0, orders7 = 7, payments2 = 2;
  PartitionIndex<int> index;
  index.Set({"orders", 7}, &orders7);
  index.Set({"orders", 0}, &orders0);
  index.Set({"payments", 2}, &payments2);
  EXPECT_EQ(index.Find({"orders", 0}), &orders0);
  EXPECT_EQ(index.Find({"orders", 7}), &orders7);
  EXPECT_EQ(index.Find({"payments", 2}), &payments2);
  EXPECT_EQ(index.Find({"orders", 3}), nullptr);   // a gap below a set partition
  EXPECT_EQ(index.Find({"orders", 8}), nullptr);   // past the last
  EXPECT_EQ(index.Find({"orders", -1}), nullptr);  // "any partition" is never an entry
  EXPECT_EQ(index.Find({"payments", 0}), nullptr);
  EXPECT_EQ(index.Find({"refunds", 0}), nullptr);
}

TEST(PartitionIndex, ErasedEntriesAreGoneAndOthersStay) {
  int a = 1, b = 2, c = 3;
  PartitionIndex<int> index;
  index.Set({"orders", 0}, &a);
  index.Set({"orders", 5}, &b);
  index.Erase({"orders", 5});
  EXPECT_EQ(index.Find({"orders", 5}), nullptr);
  EXPECT_EQ(index.Find({"orders", 0}), &a);
  index.Erase({"orders", 0});
  index.Erase({"missing", 3});  // erasing what was never set changes nothing
  EXPECT_EQ(index.Find({"orders", 0}), nullptr);
  index.Set({"orders", 0}, &c);  // a topic deleted and created again
  EXPECT_EQ(index.Find({"orders", 0}), &c);
}

}  // namespace
}  // namespace kafka
