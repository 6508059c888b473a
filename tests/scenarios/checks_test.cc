// The check sentences: what parses, and the errors that name what was wrong.
#include "scenarios/checks.h"

#include <gtest/gtest.h>

namespace kafkasim::scenarios {
namespace {

TEST(Checks, AGroupStateMayNameItsGeneration) {
  const auto plain = ParseCheck("group billing is Stable");
  ASSERT_TRUE(std::holds_alternative<Check>(plain));
  EXPECT_EQ(std::get<Check>(plain).kind, Check::Kind::kGroupState);
  EXPECT_EQ(std::get<Check>(plain).generation, -1);

  const auto with = ParseCheck("group billing is Stable in generation 3");
  ASSERT_TRUE(std::holds_alternative<Check>(with));
  EXPECT_EQ(std::get<Check>(with).state, "Stable");
  EXPECT_EQ(std::get<Check>(with).generation, 3);

  const auto bad = ParseCheck("group billing is Stable in generation three");
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_EQ(std::get<std::string>(bad), "'three' is not a generation number");
  const auto bad_state = ParseCheck("group billing is Calm in generation 1");
  ASSERT_TRUE(std::holds_alternative<std::string>(bad_state));
}

TEST(Checks, TheLsoIsAtOrBelowTheHighWatermark) {
  const auto at = ParseCheck("LSO of orders-0 is at the high watermark");
  ASSERT_TRUE(std::holds_alternative<Check>(at));
  EXPECT_EQ(std::get<Check>(at).kind, Check::Kind::kLsoAtHighWatermark);
  EXPECT_FALSE(std::get<Check>(at).negate);
  EXPECT_EQ(std::get<Check>(at).tp, (kafka::TopicPartition{"orders", 0}));
  const auto below = ParseCheck("LSO of orders-0 is below the high watermark");
  ASSERT_TRUE(std::holds_alternative<Check>(below));
  EXPECT_TRUE(std::get<Check>(below).negate);
  const auto bad = ParseCheck("LSO of orders is at the high watermark");
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_EQ(std::get<std::string>(bad), "'orders' is not a partition like orders-0");
}

}  // namespace
}  // namespace kafkasim::scenarios
