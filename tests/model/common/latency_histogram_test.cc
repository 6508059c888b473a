// The produce-latency histogram: buckets within 1%, quantiles of merged counts, and windows that
// forget what is older than a minute of simulated time.
#include "model/common/latency_histogram.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using sim::Duration;

sim::Time At(int64_t s) { return sim::Time::Zero() + Duration::Seconds(s); }

TEST(LatencyHistogram, BucketsAreExactBelow100MicrosAndWithinOnePercentAbove) {
  EXPECT_EQ(LatencyHistogram::BucketOf(Duration::Micros(7)), 7u);
  EXPECT_EQ(LatencyHistogram::ValueOf(7), Duration::Micros(7));
  EXPECT_EQ(LatencyHistogram::BucketOf(Duration::Micros(100)), 100u);
  EXPECT_EQ(LatencyHistogram::BucketOf(Duration::Micros(999)), 189u);
  EXPECT_EQ(LatencyHistogram::BucketOf(Duration::Millis(1)), 190u);
  EXPECT_EQ(LatencyHistogram::BucketOf(Duration::Seconds(5000)), LatencyHistogram::kBuckets - 1);
  for (const int64_t us : {150, 2'345, 30'000'000, 123'456'789}) {
    const Duration value =
        LatencyHistogram::ValueOf(LatencyHistogram::BucketOf(Duration::Micros(us)));
    EXPECT_NEAR(static_cast<double>(value.nanos()), us * 1000.0, us * 1000.0 * 0.05) << us;
  }
}

TEST(LatencyHistogram, QuantilesOfTheSamples) {
  LatencyHistogram h;
  for (int i = 0; i < 98; ++i) h.Record(At(1), Duration::Millis(2));
  h.Record(At(1), Duration::Millis(400));
  h.Record(At(1), Duration::Seconds(30));
  std::vector<uint64_t> counts;
  h.AddTo(At(2), counts);
  EXPECT_EQ(Quantile(counts, 0.5), Duration::Micros(2050));  // the middle of 2.0 to 2.1 ms
  EXPECT_EQ(Quantile(counts, 0.99), Duration::Micros(405'000));
  EXPECT_EQ(Quantile(counts, 1.0), Duration::Micros(30'500'000));
  EXPECT_EQ(Quantile(std::vector<uint64_t>(LatencyHistogram::kBuckets), 0.5), std::nullopt);
}

TEST(LatencyHistogram, AReadingSeesThisWindowAndTheOneBefore) {
  LatencyHistogram h;
  h.Record(At(10), Duration::Seconds(20));  // window 0 (0 to 30 s)
  h.Record(At(40), Duration::Millis(1));    // window 1
  std::vector<uint64_t> counts;
  h.AddTo(At(50), counts);
  EXPECT_EQ(Quantile(counts, 1.0), Duration::Micros(20'500'000)) << "the window before counts";
  counts.clear();
  h.AddTo(At(70), counts);  // window 2: only window 1 is recent enough
  EXPECT_EQ(Quantile(counts, 1.0), Duration::Micros(1050));
  counts.clear();
  h.AddTo(At(95), counts);  // window 3: nothing recent
  EXPECT_EQ(Quantile(counts, 1.0), std::nullopt);
  h.Record(At(200), Duration::Millis(3));  // a long silence forgets both windows
  counts.clear();
  h.AddTo(At(200), counts);
  EXPECT_EQ(Quantile(counts, 1.0), Duration::Micros(3050));
}

}  // namespace
}  // namespace kafka
