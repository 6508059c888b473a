// Network: shortest-path latency, rerouting, cuts and blocks, FIFO channels under jitter,
// bandwidth, TCP-like loss, and slow routes.
#include "sim/network.h"

#include <gtest/gtest.h>

namespace sim {
namespace {
using namespace literals;

LinkSpec Latency(Duration d) {
  LinkSpec spec;
  spec.latency = d;
  return spec;
}

// a --10ms-- b --10ms-- c, and a direct a --50ms-- c.
class TriangleTest : public ::testing::Test {
 protected:
  TriangleTest() : net_(Rng(1)) {
    for (int i = 0; i < 4; ++i) net_.AddNode();
    ab_ = net_.Connect(a_, b_, Latency(10_ms));
    bc_ = net_.Connect(b_, c_, Latency(10_ms));
    ac_ = net_.Connect(a_, c_, Latency(50_ms));
  }
  Network net_;
  NodeId a_{0}, b_{1}, c_{2}, lonely_{3};
  LinkId ab_, bc_, ac_;
};

TEST_F(TriangleTest, LatencyIsTheShortestPath) {
  EXPECT_EQ(net_.PathLatency(a_, c_), 20_ms);
  EXPECT_EQ(net_.Path(a_, c_), (std::vector<NodeId>{a_, b_, c_}));
  const auto transit = net_.Transmit(a_, c_, 100, Time::Zero());
  ASSERT_TRUE(transit);
  EXPECT_EQ(transit->arrival, Time::Zero() + 20_ms);
}

TEST_F(TriangleTest, ReroutesAroundACutLinkAndBackAfterHealing) {
  net_.SetLinkUp(ab_, false);
  EXPECT_EQ(net_.PathLatency(a_, c_), 50_ms);
  EXPECT_EQ(net_.PathLatency(a_, b_), 60_ms);  // a -> c -> b
  net_.SetLinkUp(ab_, true);
  EXPECT_EQ(net_.PathLatency(a_, c_), 20_ms);
}

TEST_F(TriangleTest, OneDirectionCanBeCutAlone) {
  net_.SetLinkDirectionUp(a_, b_, false);
  EXPECT_EQ(net_.PathLatency(a_, b_), 60_ms);
  EXPECT_EQ(net_.PathLatency(b_, a_), 10_ms);
  EXPECT_FALSE(net_.IsLinkUp(ab_));
  EXPECT_TRUE(net_.IsLinkDirectionUp(b_, a_));
}

TEST_F(TriangleTest, UnconnectedNodesAreUnreachable) {
  EXPECT_FALSE(net_.CanReach(a_, lonely_));
  EXPECT_FALSE(net_.Transmit(a_, lonely_, 10, Time::Zero()));
  EXPECT_EQ(net_.Components().size(), 2u);
}

TEST_F(TriangleTest, CuttingEveryLinkOfANodeIsolatesIt) {
  net_.SetLinkUp(ab_, false);
  net_.SetLinkUp(bc_, false);
  EXPECT_FALSE(net_.CanReach(a_, b_));
  EXPECT_TRUE(net_.CanReach(a_, c_));
  const auto components = net_.Components();
  ASSERT_EQ(components.size(), 3u);  // {a, c}, {b}, {lonely}
  EXPECT_EQ(components[0], (std::vector<NodeId>{a_, c_}));
}

TEST_F(TriangleTest, SplitBlocksEveryPairAcrossGroups) {
  net_.SplitInto({{a_}, {b_, c_}});
  EXPECT_FALSE(net_.CanReach(a_, b_));
  EXPECT_FALSE(net_.CanReach(c_, a_));
  EXPECT_TRUE(net_.CanReach(b_, c_));
  EXPECT_FALSE(net_.Transmit(a_, c_, 10, Time::Zero()));
  net_.HealAll();
  EXPECT_TRUE(net_.CanReach(a_, c_));
}

TEST_F(TriangleTest, BlockIsOneWay) {
  net_.Block(a_, b_);
  EXPECT_FALSE(net_.CanReach(a_, b_));
  EXPECT_TRUE(net_.CanReach(b_, a_));
  net_.Unblock(a_, b_);
  EXPECT_TRUE(net_.CanReach(a_, b_));
}

TEST_F(TriangleTest, ACutThatLeavesNoPathResetsTheChannel) {
  const auto sent = net_.Transmit(a_, b_, 10, Time::Zero());
  ASSERT_TRUE(sent);
  net_.SetLinkUp(ac_, false);  // a still reaches b directly: in-flight data survives
  EXPECT_TRUE(net_.ChannelCurrent(a_, b_, sent->channel_epoch));
  net_.SetLinkUp(ab_, false);  // now no path: the connection breaks
  EXPECT_FALSE(net_.ChannelCurrent(a_, b_, sent->channel_epoch));
  net_.HealAll();  // healing does not bring the lost message back
  EXPECT_FALSE(net_.ChannelCurrent(a_, b_, sent->channel_epoch));
}

TEST_F(TriangleTest, ADelayHoldsMessagesBackOneWayAndKeepsTheirOrder) {
  net_.SetDelay(a_, c_, 5_s);
  EXPECT_EQ(net_.DelayOf(a_, c_), 5_s);
  EXPECT_EQ(net_.DelayOf(c_, a_), Duration::Zero());
  const auto slow = net_.Transmit(a_, c_, 100, Time::Zero());
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->arrival, Time::Zero() + 5_s + 20_ms);
  const auto back = net_.Transmit(c_, a_, 100, Time::Zero());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->arrival, Time::Zero() + 20_ms);  // the reply route keeps its speed
  net_.SetDelay(a_, c_, Duration::Zero());
  EXPECT_EQ(net_.DelayOf(a_, c_), Duration::Zero());
  // Sent after the rule is lifted, but on the same connection: it waits for the delayed one.
  const auto next = net_.Transmit(a_, c_, 100, Time::Zero() + 1_s);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->arrival, slow->arrival);
  EXPECT_EQ(next->channel_epoch, slow->channel_epoch);  // nothing was lost or reset
}

TEST_F(TriangleTest, CrashResetsChannelsBothWays) {
  const auto out = net_.Transmit(a_, b_, 10, Time::Zero());
  const auto in = net_.Transmit(b_, a_, 10, Time::Zero());
  const auto other = net_.Transmit(b_, c_, 10, Time::Zero());
  net_.ResetChannelsOf(a_);
  EXPECT_FALSE(net_.ChannelCurrent(a_, b_, out->channel_epoch));
  EXPECT_FALSE(net_.ChannelCurrent(b_, a_, in->channel_epoch));
  EXPECT_TRUE(net_.ChannelCurrent(b_, c_, other->channel_epoch));
}

TEST(Network, ChannelsStayFifoUnderJitter) {
  Network net(Rng(2));
  net.AddNode();
  net.AddNode();
  LinkSpec spec;
  spec.latency = 1_ms;
  spec.jitter = 5_ms;  // far larger than the gap between sends
  net.Connect(NodeId{0}, NodeId{1}, spec);
  Time last;
  int held_back = 0;
  for (int i = 0; i < 1000; ++i) {
    const Time now = Time::Zero() + Duration::Micros(10 * i);
    const auto t = net.Transmit(NodeId{0}, NodeId{1}, 10, now);
    ASSERT_TRUE(t);
    ASSERT_GE(t->arrival, last);
    ASSERT_GE(t->arrival, now + 1_ms);
    ASSERT_LE(t->arrival, now + 6_ms);
    // Jitter draws whole nanoseconds; equal arrivals mean the channel held a message back
    // behind an earlier one that would otherwise have been overtaken.
    held_back += t->arrival == last ? 1 : 0;
    last = t->arrival;
  }
  EXPECT_GT(held_back, 100);
}

TEST(Network, BandwidthSerialisesMessagesOneAfterAnother) {
  Network net(Rng(3));
  net.AddNode();
  net.AddNode();
  LinkSpec spec;
  spec.latency = 1_ms;
  spec.bandwidth_bytes_per_s = 1'000'000;  // 1 MB/s: 1000 bytes take 1 ms
  net.Connect(NodeId{0}, NodeId{1}, spec);
  const auto first = net.Transmit(NodeId{0}, NodeId{1}, 1000, Time::Zero());
  const auto second = net.Transmit(NodeId{0}, NodeId{1}, 1000, Time::Zero());
  const auto back = net.Transmit(NodeId{1}, NodeId{0}, 1000, Time::Zero());
  EXPECT_EQ(first->arrival, Time::Zero() + 2_ms);   // 1 ms on the wire + 1 ms latency
  EXPECT_EQ(second->arrival, Time::Zero() + 3_ms);  // waits for the first to leave
  EXPECT_EQ(back->arrival, Time::Zero() + 2_ms);    // the other direction is free
}

TEST(Network, LossRetransmitsAfterADoublingTimeout) {
  Network net(Rng(4));
  net.AddNode();
  net.AddNode();
  LinkSpec spec;
  spec.latency = 1_ms;
  spec.loss = {1, 2};
  net.Connect(NodeId{0}, NodeId{1}, spec);
  int delayed = 0;
  for (int i = 0; i < 200; ++i) {
    const Time now = Time::Zero() + Duration::Seconds(100 * i);  // spaced out: no FIFO waits
    const auto t = net.Transmit(NodeId{0}, NodeId{1}, 10, now);
    if (!t) continue;  // gave up after 15 retransmits: astronomically rare at 1/2
    const Duration extra = t->arrival - now - 1_ms;
    // 0, 200 ms, 200 + 400 ms, ... : a sum of doubling timeouts.
    EXPECT_EQ(extra.nanos() % (200_ms).nanos(), 0);
    const int64_t units = extra / 200_ms;
    EXPECT_EQ(units & (units + 1), 0) << units;  // 2^k - 1
    delayed += extra > 0_ns ? 1 : 0;
  }
  EXPECT_NEAR(delayed, 100, 25);
}

TEST(Network, GivesUpAndResetsAfterTooManyRetransmits) {
  Network net(Rng(5));
  net.AddNode();
  net.AddNode();
  LinkSpec spec;
  spec.loss = {1, 1};  // everything lost
  net.Connect(NodeId{0}, NodeId{1}, spec);
  EXPECT_FALSE(net.Transmit(NodeId{0}, NodeId{1}, 10, Time::Zero()));
}

TEST_F(TriangleTest, HostsThatDoNotForwardCarryNoOneElsesTraffic) {
  net_.SetForwarding(b_, false);
  EXPECT_EQ(net_.PathLatency(a_, c_), 50_ms);  // no longer through b
  EXPECT_EQ(net_.PathLatency(a_, b_), 10_ms);  // b still sends and receives
  net_.SetLinkUp(ac_, false);
  EXPECT_FALSE(net_.CanReach(a_, c_));
  net_.SetForwarding(b_, true);
  EXPECT_EQ(net_.PathLatency(a_, c_), 20_ms);
}

TEST(Network, PrefersTheCheaperOfTwoParallelLinks) {
  Network net(Rng(6));
  net.AddNode();
  net.AddNode();
  net.Connect(NodeId{0}, NodeId{1}, Latency(30_ms));
  const LinkId fast = net.Connect(NodeId{0}, NodeId{1}, Latency(5_ms));
  EXPECT_EQ(net.Transmit(NodeId{0}, NodeId{1}, 1, Time::Zero())->arrival, Time::Zero() + 5_ms);
  net.SetLinkUp(fast, false);
  EXPECT_EQ(net.Transmit(NodeId{0}, NodeId{1}, 1, Time::Zero())->arrival, Time::Zero() + 30_ms);
}

}  // namespace
}  // namespace sim
