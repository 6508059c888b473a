// Time and Duration: literals, arithmetic, formatting and parsing.
#include "sim/time.h"

#include <gtest/gtest.h>

namespace sim {
namespace {
using namespace literals;

TEST(Duration, LiteralsAreExactNanoseconds) {
  EXPECT_EQ((1_ns).nanos(), 1);
  EXPECT_EQ((5_us).nanos(), 5'000);
  EXPECT_EQ((5_ms).nanos(), 5'000'000);
  EXPECT_EQ((30_s).nanos(), 30'000'000'000);
  EXPECT_EQ((2_min).seconds(), 120);
  EXPECT_EQ((1_h).seconds(), 3600);
}

TEST(Duration, ArithmeticStaysInIntegers) {
  EXPECT_EQ(1_s + 500_ms, 1500_ms);
  EXPECT_EQ(3 * 10_ms, 30_ms);
  EXPECT_EQ(30_s / 3, 10_s);
  EXPECT_EQ(30_s / 7_s, 4);
  EXPECT_EQ(30_s % 7_s, 2_s);
  EXPECT_LT(999_us, 1_ms);
}

TEST(Time, PointsAndSpansCombine) {
  const Time t = Time::Zero() + 10_s;
  EXPECT_EQ((t + 5_s) - t, 5_s);
  EXPECT_EQ(t.nanos(), 10'000'000'000);
  EXPECT_LT(t, Time::Never());
}

TEST(Duration, FormatsInTheShortestExactUnit) {
  EXPECT_EQ(ToString(0_s), "0s");
  EXPECT_EQ(ToString(30_s), "30s");
  EXPECT_EQ(ToString(1500_ms), "1.5s");
  EXPECT_EQ(ToString(250_ms), "250ms");
  EXPECT_EQ(ToString(2_min), "2m");
  EXPECT_EQ(ToString(1_h), "1h");
  EXPECT_EQ(ToString(1250_us), "1250us");  // below a second: the largest whole unit
  EXPECT_EQ(ToString(2500_ms), "2.5s");    // above a second: seconds with a fraction
  EXPECT_EQ(ToString(-3_s), "-3s");
}

TEST(Time, FormatsAsSecondsWithMilliseconds) {
  EXPECT_EQ(ToString(Time::Zero() + 12345_ms), "12.345s");
  EXPECT_EQ(ToString(Time::Zero()), "0.000s");
}

TEST(Duration, ParsesWhatUsersType) {
  Duration d;
  ASSERT_TRUE(ParseDuration("30s", &d));
  EXPECT_EQ(d, 30_s);
  ASSERT_TRUE(ParseDuration("1.5s", &d));
  EXPECT_EQ(d, 1500_ms);
  ASSERT_TRUE(ParseDuration("5ms", &d));
  EXPECT_EQ(d, 5_ms);
  ASSERT_TRUE(ParseDuration("2m", &d));
  EXPECT_EQ(d, 2_min);
  ASSERT_TRUE(ParseDuration("1h", &d));
  EXPECT_EQ(d, 1_h);
  ASSERT_TRUE(ParseDuration("10ns", &d));
  EXPECT_EQ(d, 10_ns);
  for (const char* bad :
       {"", "s", "10", "10 s", "ten s", "1.5.5s", "-1s", "99999999999999999h", "9223372036.9s"}) {
    EXPECT_FALSE(ParseDuration(bad, &d)) << bad;
  }
}

}  // namespace
}  // namespace sim
