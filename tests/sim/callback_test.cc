// Callback: inline and boxed callables, move-only captures, destruction.
#include "sim/callback.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>

namespace sim {
namespace {

TEST(Callback, RunsSmallAndLargeCallables) {
  int calls = 0;
  Callback small = [&calls] { ++calls; };
  std::array<int64_t, 32> big{};
  big[31] = 7;
  Callback boxed = [&calls, big] { calls += static_cast<int>(big[31]); };
  small();
  boxed();
  EXPECT_EQ(calls, 8);
}

TEST(Callback, AcceptsMoveOnlyCapturesAndReleasesThem) {
  auto owned = std::make_shared<int>(42);
  std::weak_ptr<int> watch = owned;
  {
    Callback cb = [p = std::make_unique<std::shared_ptr<int>>(std::move(owned))] {
      EXPECT_EQ(**p, 42);
    };
    Callback moved = std::move(cb);
    EXPECT_FALSE(static_cast<bool>(cb));  // NOLINT(bugprone-use-after-move): checking the contract
    moved();
    EXPECT_FALSE(watch.expired());
  }
  EXPECT_TRUE(watch.expired());
}

TEST(Callback, ResetDestroysTheCapture) {
  auto owned = std::make_shared<int>(1);
  std::weak_ptr<int> watch = owned;
  Callback cb = [owned = std::move(owned)] {};
  cb.Reset();
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace sim
