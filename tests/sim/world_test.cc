// World: delivery over the network, crashes (timers and in-flight messages never reach a crashed
// node), restarts, pauses, clock offsets, and the trace and fingerprint of a run.
#include "sim/world.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sim {
namespace {
using namespace literals;

struct Ping : Message {
  static constexpr Kind kKind{"Ping"};
  int number = 0;
  explicit Ping(int n) : number(n) {}
  const Kind& kind() const override { return kKind; }
};

// Records everything that happens to it; sends on request.
class Probe : public Node {
 public:
  struct Received {
    Time at;
    NodeId from;
    int number;
  };
  void OnStart() override { ++starts; }
  void OnMessage(NodeId from, const MessagePtr& m) override {
    received.push_back({ctx().Now(), from, static_cast<const Ping&>(*m).number});
  }
  void OnTimer(TimerId, uint64_t tag) override { timers.push_back({ctx().Now(), tag}); }
  void OnCrash(CrashKind kind) override {
    crashes.push_back(kind);
    if (send_on_crash.valid()) SendPing(send_on_crash, 99);  // must not escape
    if (timer_on_crash) Timer(1_ms, 99);
  }
  void OnRestart() override { ++restarts; }
  void OnConnectionReset(NodeId peer) override { resets.push_back({ctx().Now(), peer}); }

  void SendPing(NodeId to, int n) { ctx().Send(to, std::make_shared<Ping>(n)); }
  void Exit() { ctx().Exit(); }
  uint32_t ConnectionId(NodeId to) const { return ctx().ConnectionId(to); }
  TimerId Timer(Duration d, uint64_t tag) { return ctx().ScheduleAfter(d, tag); }
  Time LocalNow() const { return ctx().LocalNow(); }

  NodeId send_on_crash;
  bool timer_on_crash = false;
  int starts = 0, restarts = 0;
  std::vector<Received> received;
  std::vector<std::pair<Time, uint64_t>> timers;
  std::vector<CrashKind> crashes;
  std::vector<std::pair<Time, NodeId>> resets;
};

class WorldTest : public ::testing::Test {
 protected:
  WorldTest() : world_(1) {
    a_ = world_.AddNode("a", std::make_unique<Probe>());
    b_ = world_.AddNode("b", std::make_unique<Probe>());
    LinkSpec spec;
    spec.latency = 10_ms;
    link_ = world_.network().Connect(a_, b_, spec);
    world_.trace().AddSink(&memory_);
    world_.Start();
    world_.RunFor(1_ms);
  }
  Probe& A() { return world_.node_as<Probe>(a_); }
  Probe& B() { return world_.node_as<Probe>(b_); }
  std::multiset<std::string> Kinds() const {
    std::multiset<std::string> kinds;
    for (const auto& e : memory_.events()) kinds.insert(e.kind);
    return kinds;
  }

  World world_;
  NodeId a_, b_;
  LinkId link_;
  MemoryTraceSink memory_;
};

TEST_F(WorldTest, ANodeExitsAfterItsCallbackAndPeersHearTheClose) {
  A().SendPing(b_, 1);
  world_.RunFor(20_ms);
  A().Exit();
  EXPECT_EQ(world_.state(a_), NodeState::kUp);  // not inside the caller's callback
  world_.RunFor(1_ns);
  EXPECT_EQ(world_.state(a_), NodeState::kDown);
  ASSERT_EQ(A().crashes.size(), 1u);
  EXPECT_EQ(A().crashes[0], CrashKind::kProcess);
  EXPECT_EQ(Kinds().count("node.exit"), 1u);
  EXPECT_EQ(Kinds().count("node.crash"), 0u);
  world_.RunFor(20_ms);
  ASSERT_EQ(B().resets.size(), 1u);  // the operating system closed the connection
  EXPECT_EQ(B().resets[0].second, a_);
}

TEST_F(WorldTest, AConnectionIdChangesWhenTheConnectionBreaks) {
  const uint32_t before = A().ConnectionId(b_);
  EXPECT_EQ(A().ConnectionId(b_), before);
  world_.Crash(b_, CrashKind::kPowerLoss);
  EXPECT_NE(A().ConnectionId(b_), before);
  world_.Restart(b_);
  const uint32_t fresh = A().ConnectionId(b_);
  EXPECT_NE(fresh, before);
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  EXPECT_EQ(A().ConnectionId(b_), fresh);  // the new connection lasts until the next break
}

TEST_F(WorldTest, StartsEveryNodeOnce) {
  EXPECT_EQ(A().starts, 1);
  EXPECT_EQ(B().starts, 1);
}

TEST_F(WorldTest, DeliversAfterThePathLatencyInOrder) {
  const Time sent = world_.Now();
  for (int i = 0; i < 5; ++i) A().SendPing(b_, i);
  world_.RunFor(1_s);
  ASSERT_EQ(B().received.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(B().received[i].number, i);
    EXPECT_EQ(B().received[i].at, sent + 10_ms);
    EXPECT_EQ(B().received[i].from, a_);
  }
  EXPECT_EQ(world_.stats().messages_delivered, 5u);
}

TEST_F(WorldTest, InFlightMessagesToACrashedNodeAreDropped) {
  A().SendPing(b_, 1);
  world_.RunFor(5_ms);
  world_.Crash(b_, CrashKind::kProcess);
  world_.RunFor(10_ms);
  world_.Restart(b_);
  world_.RunFor(1_s);
  EXPECT_TRUE(B().received.empty());
  EXPECT_EQ(world_.stats().messages_dropped, 1u);
  const auto drops = memory_.OfKind("net.drop");
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].Text("reason"), "reset");
}

TEST_F(WorldTest, MessagesArrivingWhileDownAreLostAndLaterOnesArrive) {
  world_.Crash(b_, CrashKind::kProcess);
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.Restart(b_);
  world_.RunFor(1_ms);
  A().SendPing(b_, 2);
  world_.RunFor(1_s);
  ASSERT_EQ(B().received.size(), 1u);
  EXPECT_EQ(B().received[0].number, 2);
  EXPECT_EQ(B().restarts, 1);
}

TEST_F(WorldTest, TimersOfACrashedNodeNeverFire) {
  A().Timer(100_ms, 7);
  A().Timer(2_s, 8);
  world_.RunFor(50_ms);
  world_.Crash(a_, CrashKind::kPowerLoss);
  world_.RunFor(500_ms);
  world_.Restart(a_);  // a restart does not revive timers of the old incarnation
  world_.RunFor(5_s);
  EXPECT_TRUE(A().timers.empty());
  ASSERT_EQ(A().crashes.size(), 1u);
  EXPECT_EQ(A().crashes[0], CrashKind::kPowerLoss);
}

TEST_F(WorldTest, CancelledTimersDoNotFire) {
  const TimerId id = A().Timer(100_ms, 1);
  A().Timer(200_ms, 2);
  EXPECT_TRUE(world_.scheduler().Cancel(id));
  world_.RunFor(1_s);
  ASSERT_EQ(A().timers.size(), 1u);
  EXPECT_EQ(A().timers[0].second, 2u);
}

TEST_F(WorldTest, StateObserversHearEveryChangeAsItHappens) {
  std::vector<std::pair<NodeId, NodeState>> first, second;
  world_.AddStateObserver([&](NodeId id, NodeState state) { first.push_back({id, state}); });
  world_.AddStateObserver([&](NodeId id, NodeState state) { second.push_back({id, state}); });
  world_.Crash(a_, CrashKind::kProcess);
  EXPECT_EQ(first.back(), std::pair(a_, NodeState::kDown));
  world_.Restart(a_);
  // Heard at once, while the node's OnRestart still waits for its own event.
  EXPECT_EQ(first.back(), std::pair(a_, NodeState::kUp));
  EXPECT_EQ(A().restarts, 0);
  world_.RunFor(1_ms);
  EXPECT_EQ(A().restarts, 1);
  world_.Pause(b_, 10_ms);
  EXPECT_EQ(first.back(), std::pair(b_, NodeState::kPaused));
  world_.RunFor(10_ms);
  EXPECT_EQ(first.back(), std::pair(b_, NodeState::kUp));
  EXPECT_EQ(first.size(), 4u);
  EXPECT_EQ(second, first);  // a second observer replaces nothing
}

TEST_F(WorldTest, PauseQueuesMessagesAndTimersUntilResume) {
  const Time start = world_.Now();
  A().Timer(100_ms, 1);
  world_.Pause(a_, 1_s);
  EXPECT_EQ(world_.state(a_), NodeState::kPaused);
  B().SendPing(a_, 1);
  B().SendPing(a_, 2);
  world_.RunFor(999_ms);
  EXPECT_TRUE(A().timers.empty());
  EXPECT_TRUE(A().received.empty());
  world_.RunFor(1_ms);
  EXPECT_EQ(world_.state(a_), NodeState::kUp);
  ASSERT_EQ(A().timers.size(), 1u);
  EXPECT_EQ(A().timers[0].first, start + 1_s);
  ASSERT_EQ(A().received.size(), 2u);  // in arrival order, at resume time
  EXPECT_EQ(A().received[0].number, 1);
  EXPECT_EQ(A().received[1].number, 2);
  EXPECT_EQ(A().received[1].at, start + 1_s);
}

TEST_F(WorldTest, ACrashDuringAPauseDropsTheBacklog) {
  world_.Pause(a_, 1_s);
  B().SendPing(a_, 1);
  world_.RunFor(500_ms);
  world_.Crash(a_, CrashKind::kProcess);
  world_.RunFor(1_s);
  world_.Restart(a_);
  world_.RunFor(1_s);
  EXPECT_TRUE(A().received.empty());
}

TEST_F(WorldTest, ATimerDueDuringAPauseCanStillBeCancelled) {
  const TimerId late = A().Timer(300_ms, 2);
  world_.Pause(a_, 1_s);
  world_.RunFor(500_ms);  // the timer came due and waits in the backlog
  EXPECT_TRUE(world_.CancelTimer(a_, late));
  world_.RunFor(1_s);
  EXPECT_TRUE(A().timers.empty());
}

TEST_F(WorldTest, ACrashedNodeCannotActFromOnCrash) {
  A().send_on_crash = b_;
  A().timer_on_crash = true;
  world_.Crash(a_, CrashKind::kProcess);
  world_.Restart(a_);
  world_.RunFor(1_s);
  EXPECT_TRUE(B().received.empty());
  EXPECT_TRUE(A().timers.empty());
}

TEST_F(WorldTest, AResetChannelDoesNotQueueBehindDroppedMessages) {
  // A lossy link retransmits for a long time; after the receiver restarts, a new message must
  // not wait behind the dropped ones.
  world_.Crash(b_, CrashKind::kProcess);
  for (int i = 0; i < 3; ++i) A().SendPing(b_, i);  // arrive while b is down, and are dropped
  world_.RunFor(5_ms);
  world_.Restart(b_);
  world_.RunFor(1_ms);
  const Time sent = world_.Now();
  A().SendPing(b_, 7);
  world_.RunFor(1_s);
  ASSERT_EQ(B().received.size(), 1u);
  EXPECT_EQ(B().received[0].at, sent + 10_ms);
}

TEST_F(WorldTest, TheReceiverLearnsOfABrokenConnectionBeforeItsNextMessage) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);  // delivered on the first connection
  A().SendPing(b_, 2);
  world_.RunFor(5_ms);
  world_.SplitInto({{a_}, {b_}});  // ping 2 is lost in flight
  world_.HealAll();
  A().SendPing(b_, 3);
  world_.RunFor(1_s);
  ASSERT_EQ(B().received.size(), 2u);
  EXPECT_EQ(B().received[1].number, 3);
  ASSERT_EQ(B().resets.size(), 1u);
  EXPECT_EQ(B().resets[0].second, a_);
  EXPECT_EQ(B().resets[0].first, B().received[1].at);
  EXPECT_TRUE(A().resets.empty());
}

TEST_F(WorldTest, APausedReceiverStillLearnsOfABrokenConnection) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.SplitInto({{a_}, {b_}});
  world_.Pause(b_, 10_s);
  A().SendPing(b_, 2);  // unreachable: lost
  world_.RunFor(1_s);
  world_.HealAll();
  A().SendPing(b_, 3);  // waits in b's backlog
  world_.RunFor(10_s);
  ASSERT_EQ(B().received.size(), 2u);
  EXPECT_EQ(B().received[1].number, 3);
  EXPECT_EQ(B().resets.size(), 1u);
}

TEST_F(WorldTest, ASendersCrashDoesNotHideABreakItCausedEarlier) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.SplitInto({{a_}, {b_}});
  world_.Pause(b_, 10_s);
  A().SendPing(b_, 2);  // lost
  world_.HealAll();
  A().SendPing(b_, 3);  // waits in b's backlog, on a new connection
  world_.RunFor(1_s);
  world_.Crash(a_, CrashKind::kPowerLoss);  // the sender dies before b reads its backlog
  world_.RunFor(10_s);
  ASSERT_EQ(B().received.size(), 2u);
  EXPECT_EQ(B().resets.size(), 1u);
}

TEST_F(WorldTest, ARestartedSendersNextMessageComesOnANewConnection) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.Crash(a_, CrashKind::kPowerLoss);  // no close is sent: the new connection tells
  world_.Restart(a_);
  world_.RunFor(1_ms);
  A().SendPing(b_, 2);
  world_.RunFor(1_s);
  EXPECT_EQ(B().resets.size(), 1u);
}

TEST_F(WorldTest, AKilledProcessesPeersHearItsConnectionsCloseOneHopLater) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  const Time killed = world_.Now();
  world_.Crash(a_, CrashKind::kProcess);
  world_.RunFor(1_s);
  ASSERT_EQ(B().resets.size(), 1u);
  EXPECT_EQ(B().resets[0].first, killed + 10_ms);
  EXPECT_EQ(B().resets[0].second, a_);
  world_.Restart(a_);
  world_.RunFor(1_ms);
  A().SendPing(b_, 2);  // the new life's first message: no second notice
  world_.RunFor(1_s);
  EXPECT_EQ(B().resets.size(), 1u);
  EXPECT_EQ(B().received.size(), 2u);
}

TEST_F(WorldTest, APowerLossTellsNobody) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.Crash(a_, CrashKind::kPowerLoss);
  world_.RunFor(1_s);
  EXPECT_TRUE(B().resets.empty());
}

TEST_F(WorldTest, ARestartedNodeHearsOfNoOldConnections) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.Crash(b_, CrashKind::kProcess);
  world_.Restart(b_);
  world_.RunFor(1_ms);
  A().SendPing(b_, 2);
  world_.RunFor(1_s);
  EXPECT_EQ(B().received.size(), 2u);
  EXPECT_TRUE(B().resets.empty());
}

TEST_F(WorldTest, PowersSayWhetherTheyApplied) {
  EXPECT_FALSE(world_.Restart(a_));  // not down
  EXPECT_TRUE(world_.Pause(a_, 1_s));
  EXPECT_FALSE(world_.Pause(a_, 1_s));  // already paused
  EXPECT_TRUE(world_.Crash(a_, CrashKind::kProcess));
  EXPECT_FALSE(world_.Crash(a_, CrashKind::kProcess));
  EXPECT_TRUE(world_.Restart(a_));
}

TEST_F(WorldTest, AKilledProcessesHostRefusesConnectionsAPoweredOffOneIsSilent) {
  world_.Crash(b_, CrashKind::kProcess);
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  ASSERT_EQ(A().resets.size(), 1u);  // refused: heard after the round trip
  EXPECT_EQ(memory_.OfKind("net.connection_reset").back().Text("how"), "refused");
  world_.Restart(b_);
  world_.RunFor(1_ms);
  world_.Crash(b_, CrashKind::kPowerLoss);
  A().SendPing(b_, 2);
  world_.RunFor(1_s);
  EXPECT_EQ(A().resets.size(), 1u);  // nothing answers for a machine without power
}

TEST(WorldHoldDown, AHeldNodeWaitsDownUntilItsFirstStart) {
  World world(1);
  const NodeId held = world.AddNode("held", std::make_unique<Probe>());
  world.HoldDown(held);
  world.Start();
  world.RunFor(1_s);
  auto& probe = world.node_as<Probe>(held);
  EXPECT_EQ(world.state(held), NodeState::kDown);
  EXPECT_EQ(probe.starts, 0);
  EXPECT_TRUE(world.Restart(held));
  world.RunFor(1_ms);
  EXPECT_EQ(world.state(held), NodeState::kUp);
  EXPECT_EQ(probe.starts, 1);  // its first start, not a restart
  EXPECT_EQ(probe.restarts, 0);
  world.Crash(held, CrashKind::kProcess);
  world.Restart(held);
  world.RunFor(1_ms);
  EXPECT_EQ(probe.restarts, 1);
}

TEST(WorldNames, TwoNodesCannotShareAName) {
  World world(1);
  world.AddNode("x", std::make_unique<Probe>());
  EXPECT_THROW(world.AddNode("x", std::make_unique<Probe>()), std::invalid_argument);
}

TEST_F(WorldTest, ClockOffsetSkewsOnlyTheLocalClock) {
  world_.SetClockOffset(a_, -5_s);
  EXPECT_EQ(A().LocalNow(), world_.Now() - 5_s);
  EXPECT_EQ(B().LocalNow(), world_.Now());
}

TEST_F(WorldTest, CutLinkDropsTrafficAndHealRestoresIt) {
  world_.SetLinkUp(link_, false);
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  world_.SetLinkUp(link_, true);
  A().SendPing(b_, 2);
  world_.RunFor(1_s);
  ASSERT_EQ(B().received.size(), 1u);
  EXPECT_EQ(B().received[0].number, 2);
}

TEST_F(WorldTest, PartitionDuringFlightDropsTheMessage) {
  A().SendPing(b_, 1);
  world_.RunFor(5_ms);
  world_.SplitInto({{a_}, {b_}});
  world_.RunFor(2_ms);
  world_.HealAll();
  world_.RunFor(1_s);
  EXPECT_TRUE(B().received.empty());
}

TEST_F(WorldTest, TraceNamesNodesAndKinds) {
  A().SendPing(b_, 1);
  world_.RunFor(1_s);
  const auto delivers = memory_.OfKind("net.deliver");
  ASSERT_EQ(delivers.size(), 1u);
  EXPECT_EQ(delivers[0].node, b_);
  EXPECT_EQ(delivers[0].Text("message"), "Ping");
  EXPECT_EQ(delivers[0].Number("from", -1), a_.value);
}

// The same calls on two worlds with one seed give the same fingerprint; another seed does not.
uint64_t JitteryRun(uint64_t seed) {
  World world(seed);
  const NodeId a = world.AddNode("a", std::make_unique<Probe>());
  const NodeId b = world.AddNode("b", std::make_unique<Probe>());
  LinkSpec spec;
  spec.jitter = 3_ms;
  world.network().Connect(a, b, spec);
  world.Start();
  world.RunFor(1_ms);
  for (int i = 0; i < 20; ++i) {
    world.node_as<Probe>(a).SendPing(b, i);
    world.RunFor(Duration::Micros(300));
  }
  world.RunFor(1_s);
  return world.trace().fingerprint();
}

TEST(WorldDeterminism, SameSeedSameFingerprint) {
  EXPECT_EQ(JitteryRun(5), JitteryRun(5));
  EXPECT_NE(JitteryRun(5), JitteryRun(6));
}

}  // namespace
}  // namespace sim
