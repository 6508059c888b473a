// The ZooKeeper ensemble end to end: elections, ZAB, sessions, ephemerals, watches and reads,
// with the ZAB invariants checked on every event of every test.
#include <gtest/gtest.h>

#include "tests/model/zk/zk_fixture.h"

namespace zk::testing {
namespace {

constexpr sim::Duration kTick = 3_s;  // tickTime's default
constexpr sim::Duration kSyncLimit = 5 * kTick;

class EnsembleTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (ensemble_) {
      for (const std::string& v : ensemble_->violations()) ADD_FAILURE() << "invariant: " << v;
    }
  }
  Ensemble& Make(int servers, uint64_t seed = 1, ZkConfig config = {}) {
    ensemble_ = std::make_unique<Ensemble>(servers, seed, config);
    return *ensemble_;
  }
  // Starts and waits for a leader and for every client to connect.
  void StartAndSettle(const std::vector<sim::NodeId>& clients = {}) {
    ensemble_->Start();
    ASSERT_TRUE(ensemble_->RunUntil(
        [&] {
          if (ensemble_->Leader() == 0) return false;
          for (int sid = 1; sid <= ensemble_->servers(); ++sid) {
            if (!ensemble_->Server(sid).serving()) return false;
          }
          for (sim::NodeId c : clients) {
            if (!ensemble_->Connected(c)) return false;
          }
          return true;
        },
        30_s));
  }
  ZkResult Must(const std::optional<ZkResult>& r) {
    EXPECT_TRUE(r.has_value()) << "the call never completed";
    return r.value_or(ZkResult{Code::kConnectionLoss, {}, {}, {}, {}, {}});
  }
  std::unique_ptr<Ensemble> ensemble_;
};

TEST_F(EnsembleTest, ElectsTheHighestServerIdOnAFreshStart) {
  Ensemble& e = Make(3);
  StartAndSettle();
  EXPECT_EQ(e.Leader(), 3);
  EXPECT_LT(e.world().Now(), sim::Time::Zero() + 2_s);  // a round trip, 200 ms finalize, sync
  for (int sid : {1, 2}) {
    ASSERT_TRUE(e.RunUntil([&] { return e.Server(sid).serving(); }, 5_s));
    EXPECT_EQ(e.Server(sid).state(), ServerState::kFollowing);
    EXPECT_EQ(e.Server(sid).leader(), 3);
    EXPECT_EQ(e.Server(sid).current_epoch(), 1u);
  }
}

// kill -9: the followers see the leader's connections close and elect at once.
TEST_F(EnsembleTest, KillingTheLeaderElectsAnotherWithinElectionAndSyncTime) {
  Ensemble& e = Make(3);
  StartAndSettle();
  ASSERT_EQ(e.Leader(), 3);
  const sim::Time killed = e.world().Now();
  e.world().Crash(e.ServerNode(3), sim::CrashKind::kProcess);
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() != 0; }, 60_s));
  EXPECT_EQ(e.Leader(), 2);
  EXPECT_EQ(e.Server(2).current_epoch(), 2u);
  // A hop for the close, a round of notifications, finalizeWait (200 ms), then discovery and sync.
  EXPECT_LE(e.world().Now() - killed, 1_s);
  EXPECT_GE(e.world().Now() - killed, kFinalizeWait);
}

// Two of three die; the survivor goes looking and keeps voting in a later election round. One
// comes back: it starts at round 0 (FastLeaderElection's clock lives in memory), so the survivor
// answers its first notification at once and the two form a quorum within the election time, not
// at the survivor's next backed-off resend (up to a minute later).
TEST_F(EnsembleTest, AServerThatComesBackFormsAQuorumWithALookingSurvivorAtOnce) {
  Ensemble& e = Make(3);
  StartAndSettle();
  // The survivor, 3, has the better vote; the returning 1 must hear it.
  e.world().Crash(e.ServerNode(1), sim::CrashKind::kProcess);
  e.world().Crash(e.ServerNode(2), sim::CrashKind::kProcess);
  e.world().RunFor(55_s);  // the survivor's resends are far apart by now
  ASSERT_EQ(e.Server(3).state(), ServerState::kLooking);
  e.world().Restart(e.ServerNode(1));
  const sim::Time back = e.world().Now();
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() != 0; }, 120_s));
  EXPECT_EQ(e.Leader(), 3);
  EXPECT_LE(e.world().Now() - back, 1_s);
}

// Power loss: nobody is told; the followers notice after syncLimit ticks of silence.
TEST_F(EnsembleTest, APowerLossOfTheLeaderIsNoticedAfterSyncLimitTicks) {
  Ensemble& e = Make(3);
  StartAndSettle();
  const sim::Time lost = e.world().Now();
  e.world().Crash(e.ServerNode(3), sim::CrashKind::kPowerLoss);
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() != 0; }, 60_s));
  EXPECT_EQ(e.Leader(), 2);
  EXPECT_GE(e.world().Now() - lost, kSyncLimit);
  EXPECT_LE(e.world().Now() - lost, kSyncLimit + 1_s);
}

TEST_F(EnsembleTest, ALaterLeaderHoldsEveryCommittedWrite) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("client", {1, 2, 3});
  StartAndSettle({c});
  for (int i = 0; i < 10; ++i) {
    const ZkResult r = Must(e.Await([&](auto done) {
      e.Client(c).client().Create("/n" + std::to_string(i), "v", CreateMode::kPersistent, done);
    }));
    ASSERT_EQ(r.code, Code::kOk);
  }
  e.world().Crash(e.ServerNode(3), sim::CrashKind::kPowerLoss);
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() == 2; }, 60_s));
  EXPECT_EQ(e.Server(2).tree().node_count(), e.Server(1).tree().node_count());
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(e.Server(2).tree().DataOf("/n" + std::to_string(i)).has_value()) << i;
  }
  // The old leader comes back as a follower and catches up.
  e.world().Restart(e.ServerNode(3));
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(3).serving(); }, 30_s));
  EXPECT_EQ(e.Server(3).state(), ServerState::kFollowing);
  EXPECT_EQ(e.Server(3).last_processed_zxid(), e.Server(2).last_processed_zxid());
}

// The follower notices its isolation after syncLimit ticks (15 s); a session that outlives that
// (here 30 s) moves to the majority intact.
TEST_F(EnsembleTest, AMinorityServerGoesLookingAndItsClientMovesWithItsSession) {
  Ensemble& e = Make(5);
  const sim::NodeId c = e.AddClient("client", {1, 2, 3, 4, 5}, false, 30'000);
  StartAndSettle({c});
  ASSERT_EQ(e.Client(c).client().server(), e.ServerNode(1));
  const SessionId session = e.Client(c).client().session();
  ASSERT_EQ(Must(e.Await([&](auto done) {
              e.Client(c).client().Create("/mine", "", CreateMode::kEphemeral, done);
            })).code,
            Code::kOk);
  for (int other = 2; other <= 5; ++other) {  // server 1 loses the other servers, not the client
    e.world().Block(e.ServerNode(1), e.ServerNode(other));
    e.world().Block(e.ServerNode(other), e.ServerNode(1));
  }
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(1).state() == ServerState::kLooking; }, 30_s));
  ASSERT_TRUE(e.RunUntil(
      [&] { return e.Connected(c) && e.Client(c).client().server() != e.ServerNode(1); }, 30_s));
  EXPECT_EQ(e.Client(c).client().session(), session);
  EXPECT_EQ(e.Client(c).Count(SessionEvent::kExpired), 0);
  EXPECT_GE(e.Client(c).Count(SessionEvent::kDisconnected), 1);
  const ZkResult still =
      Must(e.Await([&](auto done) { e.Client(c).client().Exists("/mine", false, done); }));
  EXPECT_EQ(still.code, Code::kOk);
  EXPECT_EQ(still.stat.ephemeral_owner, session);
}

// The flip side, as in real ZooKeeper: the isolated follower cannot pass its client's pings to the
// leader, so a session shorter than the follower's syncLimit ticks expires at the leader although
// the client was connected the whole time.
TEST_F(EnsembleTest, ASessionShorterThanSyncLimitDiesWithAnIsolatedFollower) {
  Ensemble& e = Make(5);
  const sim::NodeId c = e.AddClient("client", {1, 2, 3, 4, 5}, false, 6000);
  StartAndSettle({c});
  const sim::Time cut = e.world().Now();
  for (int other = 2; other <= 5; ++other) {
    e.world().Block(e.ServerNode(1), e.ServerNode(other));
    e.world().Block(e.ServerNode(other), e.ServerNode(1));
  }
  ASSERT_TRUE(e.RunUntil([&] { return e.Client(c).Count(SessionEvent::kExpired) == 1; }, 60_s));
  const auto expired = e.trace().OfKind("zk.session_expire");
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_LT(expired[0].time - cut, kSyncLimit);  // before server 1 even noticed
}

TEST_F(EnsembleTest, WithoutAQuorumNothingCommitsAndNoSessionExpires) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("client", {1, 2, 3});
  StartAndSettle({c});
  const SessionId session = e.Client(c).client().session();
  ASSERT_EQ(Must(e.Await([&](auto done) {
              e.Client(c).client().Create("/eph", "", CreateMode::kEphemeral, done);
            })).code,
            Code::kOk);
  const Zxid before = e.Server(1).last_processed_zxid();
  e.world().Crash(e.ServerNode(2), sim::CrashKind::kProcess);
  e.world().Crash(e.ServerNode(3), sim::CrashKind::kProcess);
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(1).state() == ServerState::kLooking; }, 30_s));
  const auto failed = e.Await(
      [&](auto done) { e.Client(c).client().Create("/no", "", CreateMode::kPersistent, done); });
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->code, Code::kConnectionLoss);
  e.world().RunFor(60_s);  // ten session timeouts without a quorum
  EXPECT_EQ(e.Server(1).last_processed_zxid(), before);
  e.world().Restart(e.ServerNode(2));
  e.world().Restart(e.ServerNode(3));
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() != 0 && e.Connected(c); }, 30_s));
  // The new leader gave the session a fresh timeout: the client keeps it, and its ephemeral.
  e.world().RunFor(20_s);
  EXPECT_EQ(e.Client(c).Count(SessionEvent::kExpired), 0);
  EXPECT_EQ(e.Client(c).client().session(), session);
  EXPECT_EQ(
      Must(e.Await([&](auto done) { e.Client(c).client().Exists("/eph", false, done); })).code,
      Code::kOk);
}

TEST_F(EnsembleTest, AnIsolatedClientsEphemeralGoesOneTimeoutAfterItFellSilent) {
  Ensemble& e = Make(3);
  const sim::NodeId owner = e.AddClient("owner", {3, 1, 2});  // on the leader
  const sim::NodeId watcher = e.AddClient("watcher", {1, 2, 3});
  StartAndSettle({owner, watcher});
  ASSERT_EQ(Must(e.Await([&](auto done) {
              e.Client(owner).client().Create("/brokers", "", CreateMode::kPersistent, done);
            })).code,
            Code::kOk);
  ASSERT_EQ(Must(e.Await([&](auto done) {
              e.Client(owner).client().Create("/brokers/101", "", CreateMode::kEphemeral, done);
            })).code,
            Code::kOk);
  ASSERT_EQ(Must(e.Await([&](auto done) {
              e.Client(watcher).client().Exists("/brokers/101", true, done);
            })).code,
            Code::kOk);
  for (int sid = 1; sid <= 3; ++sid) {
    e.world().Block(owner, e.ServerNode(sid));
    e.world().Block(e.ServerNode(sid), owner);
  }
  sim::Time silent;  // the last time any server heard from the owner
  for (const auto& ev : e.trace().OfKind("net.deliver")) {
    if (ev.Number("from", -1) == owner.value) silent = ev.time;
  }
  ASSERT_TRUE(e.RunUntil([&] { return !e.Client(watcher).watches.empty(); }, 30_s));
  const auto expired = e.trace().OfKind("zk.session_expire");
  ASSERT_EQ(expired.size(), 1u);
  const sim::Duration after = expired[0].time - silent;
  EXPECT_GE(after, 6_s);
  EXPECT_LE(after, 6_s + kTick);
  const auto& w = e.Client(watcher).watches;
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].type, EventType::kNodeDeleted);
  EXPECT_EQ(w[0].path, "/brokers/101");
  EXPECT_LE(w[0].at - expired[0].time, 100_ms);
  // The owner learns that its session expired only when it can reach a server again.
  EXPECT_EQ(e.Client(owner).Count(SessionEvent::kExpired), 0);
  e.world().HealAll();
  ASSERT_TRUE(e.RunUntil([&] { return e.Client(owner).Count(SessionEvent::kExpired) == 1; }, 30_s));
  EXPECT_EQ(
      Must(e.Await([&](auto done) { e.Client(owner).client().Exists("/x", false, done); })).code,
      Code::kSessionExpired);
}

TEST_F(EnsembleTest, WatchesFireOnce) {
  Ensemble& e = Make(3);
  const sim::NodeId a = e.AddClient("a", {1, 2, 3});
  const sim::NodeId b = e.AddClient("b", {2, 3, 1});
  StartAndSettle({a, b});
  Must(e.Await(
      [&](auto done) { e.Client(b).client().Create("/t", "0", CreateMode::kPersistent, done); }));
  Must(e.Await([&](auto done) { e.Client(a).client().GetData("/t", true, done); }));
  Must(e.Await([&](auto done) { e.Client(b).client().SetData("/t", "1", -1, done); }));
  Must(e.Await([&](auto done) { e.Client(b).client().SetData("/t", "2", -1, done); }));
  e.world().RunFor(1_s);
  ASSERT_EQ(e.Client(a).watches.size(), 1u);
  EXPECT_EQ(e.Client(a).watches[0].type, EventType::kNodeDataChanged);
}

TEST_F(EnsembleTest, ClientSeesTheWatchEventBeforeTheNewData) {
  Ensemble& e = Make(3);
  const sim::NodeId a = e.AddClient("a", {1, 2, 3});
  const sim::NodeId b = e.AddClient("b", {1, 2, 3});
  StartAndSettle({a, b});
  Must(e.Await(
      [&](auto done) { e.Client(b).client().Create("/t", "0", CreateMode::kPersistent, done); }));
  Must(e.Await([&](auto done) { e.Client(a).client().GetData("/t", true, done); }));
  std::optional<sim::Time> read_at;
  e.Client(b).client().SetData("/t", "1", -1, [&](const ZkResult&) {
    e.Client(a).client().GetData("/t", false, [&](const ZkResult& r) {
      if (r.data == "1") read_at = e.world().Now();
    });
  });
  ASSERT_TRUE(e.RunUntil([&] { return read_at.has_value(); }, 10_s));
  ASSERT_EQ(e.Client(a).watches.size(), 1u);
  EXPECT_LE(e.Client(a).watches[0].at, *read_at);
}

TEST_F(EnsembleTest, SetDataWithAStaleVersionFails) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {1, 2, 3});
  StartAndSettle({c});
  ZkClient& z = e.Client(c).client();
  Must(e.Await([&](auto done) { z.Create("/state", "a", CreateMode::kPersistent, done); }));
  EXPECT_EQ(Must(e.Await([&](auto done) { z.SetData("/state", "b", 0, done); })).code, Code::kOk);
  EXPECT_EQ(Must(e.Await([&](auto done) { z.SetData("/state", "c", 0, done); })).code,
            Code::kBadVersion);
  const ZkResult r = Must(e.Await([&](auto done) { z.GetData("/state", false, done); }));
  EXPECT_EQ(r.data, "b");
  EXPECT_EQ(r.stat.version, 1);
}

TEST_F(EnsembleTest, MultiIsAtomicAcrossTheEnsemble) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {2, 1, 3});
  StartAndSettle({c});
  ZkClient& z = e.Client(c).client();
  Must(e.Await(
      [&](auto done) { z.Create("/controller_epoch", "1", CreateMode::kPersistent, done); }));
  const ZkResult r = Must(e.Await([&](auto done) {
    z.Multi({Op::Create("/controller", "", CreateMode::kEphemeral),
             Op::SetData("/controller_epoch", "2", 5)},
            done);
  }));
  EXPECT_EQ(r.code, Code::kBadVersion);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].code, Code::kOk);
  EXPECT_EQ(r.results[1].code, Code::kBadVersion);
  e.world().RunFor(1_s);
  for (int sid = 1; sid <= 3; ++sid) {
    EXPECT_FALSE(e.Server(sid).tree().Contains("/controller"));
  }
}

TEST_F(EnsembleTest, SequentialNamesCountUp) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {1, 2, 3});
  StartAndSettle({c});
  ZkClient& z = e.Client(c).client();
  Must(e.Await(
      [&](auto done) { z.Create("/isr_change_notification", "", CreateMode::kPersistent, done); }));
  for (int i = 0; i < 3; ++i) {
    const ZkResult r = Must(e.Await([&](auto done) {
      z.Create("/isr_change_notification/isr_change_", "", CreateMode::kPersistentSequential, done);
    }));
    EXPECT_EQ(r.path, "/isr_change_notification/isr_change_000000000" + std::to_string(i));
  }
}

TEST_F(EnsembleTest, ALaggingFollowerServesAStaleReadAndSyncFixesIt) {
  Ensemble& e = Make(3);
  const sim::NodeId writer = e.AddClient("writer", {3, 2, 1});
  // Server 1 syncs slowly over its slow links; the reader connects once it serves.
  const sim::NodeId reader = e.AddClient("reader", {1, 2, 3}, false, 6000, 10_s);
  // The leader's commits reach server 1 half a second late.
  e.SetLatency(e.ServerNode(3), e.ServerNode(1), 500_ms);
  StartAndSettle({writer, reader});
  ASSERT_EQ(e.Leader(), 3);
  Must(e.Await([&](auto done) {
    e.Client(writer).client().Create("/x", "old", CreateMode::kPersistent, done);
  }));
  e.world().RunFor(2_s);
  Must(e.Await([&](auto done) { e.Client(writer).client().SetData("/x", "new", -1, done); }));
  const ZkResult stale =
      Must(e.Await([&](auto done) { e.Client(reader).client().GetData("/x", false, done); }));
  EXPECT_EQ(stale.data, "old");
  Must(e.Await([&](auto done) { e.Client(reader).client().Sync("/x", done); }));
  const ZkResult fresh =
      Must(e.Await([&](auto done) { e.Client(reader).client().GetData("/x", false, done); }));
  EXPECT_EQ(fresh.data, "new");
}

TEST_F(EnsembleTest, ClosingASessionRemovesItsEphemeralsAtOnce) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {1, 2, 3});
  const sim::NodeId w = e.AddClient("w", {2, 3, 1});
  StartAndSettle({c, w});
  Must(e.Await([&](auto done) {
    e.Client(c).client().Create("/controller", "", CreateMode::kEphemeral, done);
  }));
  Must(e.Await([&](auto done) { e.Client(w).client().Exists("/controller", true, done); }));
  const sim::Time closed = e.world().Now();
  Must(e.Await([&](auto done) { e.Client(c).client().Close(done); }));
  ASSERT_TRUE(e.RunUntil([&] { return !e.Client(w).watches.empty(); }, 5_s));
  EXPECT_LT(e.Client(w).watches[0].at - closed, 100_ms);
  EXPECT_EQ(e.Client(w).watches[0].type, EventType::kNodeDeleted);
}

TEST_F(EnsembleTest, AnIsolatedLeaderStepsDownAndTheMajorityElectsAnother) {
  Ensemble& e = Make(3);
  StartAndSettle();
  ASSERT_EQ(e.Leader(), 3);
  const sim::Time cut = e.world().Now();
  for (int sid : {1, 2}) {
    e.world().Block(e.ServerNode(3), e.ServerNode(sid));
    e.world().Block(e.ServerNode(sid), e.ServerNode(3));
  }
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(3).state() == ServerState::kLooking; }, 30_s));
  // Counted once a tick: between syncLimit and syncLimit + 1 ticks after the last ack.
  EXPECT_GE(e.world().Now() - cut, kSyncLimit - kTick);
  EXPECT_LE(e.world().Now() - cut, kSyncLimit + kTick);
  const auto shutdowns = e.trace().OfKind("zk.shutdown");
  ASSERT_FALSE(shutdowns.empty());
  EXPECT_EQ(shutdowns.back().Text("reason"),
            "Not sufficient followers synced, only synced with sids: [ 3 ]");
  ASSERT_TRUE(e.RunUntil([&] { return e.Leader() == 2; }, 30_s));
}

// A proposal only the old leader logged never committed; the new leader's history lacks it, and
// the old leader drops it (TRUNC) when it comes back as a follower.
TEST_F(EnsembleTest, AProposalThatNeverCommittedIsTruncatedAway) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {3, 1, 2});
  StartAndSettle({c});
  for (int sid : {1, 2}) {  // the followers stop hearing the leader; the client still does
    e.world().Block(e.ServerNode(3), e.ServerNode(sid));
    e.world().Block(e.ServerNode(sid), e.ServerNode(3));
  }
  std::optional<ZkResult> lost;
  e.Client(c).client().Create("/lost", "", CreateMode::kPersistent,
                              [&](const ZkResult& r) { lost = r; });
  ASSERT_TRUE(e.RunUntil(
      [&] {
        return e.Server(3).log().last_zxid().counter() > 0 &&
               e.Server(3).log().last_zxid() > e.Server(3).last_processed_zxid();
      },
      1_s));
  const Zxid uncommitted = e.Server(3).log().last_zxid();
  ASSERT_TRUE(e.RunUntil([&] { return lost.has_value(); }, 60_s));
  // The outcome is unknown to the client: its pings queue behind the write, as in ZooKeeper, so it
  // gives up on the server after two thirds of its session timeout.
  EXPECT_EQ(lost->code, Code::kConnectionLoss);
  e.world().HealAll();
  // The old leader serves on until its next tick shows it has no quorum; then it follows.
  ASSERT_TRUE(e.RunUntil(
      [&] {
        return e.Server(3).state() == ServerState::kFollowing && e.Server(3).serving() &&
               e.Server(2).state() == ServerState::kLeading;
      },
      60_s));
  EXPECT_FALSE(e.Server(3).log().Find(uncommitted).has_value());
  EXPECT_FALSE(e.trace().OfKind("zk.truncate").empty());
  EXPECT_FALSE(e.Server(3).tree().Contains("/lost"));
}

TEST_F(EnsembleTest, SessionTimeoutsAreClampedToTwoAndTwentyTicks) {
  Ensemble& e = Make(3);
  const sim::NodeId quick = e.AddClient("quick", {1, 2, 3}, false, 1000);
  const sim::NodeId slow = e.AddClient("slow", {1, 2, 3}, false, 600'000);
  const sim::NodeId fine = e.AddClient("fine", {1, 2, 3}, false, 18'000);
  StartAndSettle({quick, slow, fine});
  EXPECT_EQ(e.Client(quick).client().negotiated_timeout_ms(), 6000);  // minSessionTimeout
  EXPECT_EQ(e.Client(slow).client().negotiated_timeout_ms(), 60000);  // maxSessionTimeout
  EXPECT_EQ(e.Client(fine).client().negotiated_timeout_ms(), 18000);
}

TEST_F(EnsembleTest, AClientGivesUpOnASilentServerAfterTwoThirdsOfItsTimeout) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {1, 2, 3}, false, 30'000);
  StartAndSettle({c});
  const SessionId session = e.Client(c).client().session();
  e.world().Block(e.ServerNode(1), c);  // the server goes quiet towards the client
  sim::Time last_heard;
  for (const auto& ev : e.trace().OfKind("net.deliver")) {
    if (ev.node == c && ev.Number("from", -1) == e.ServerNode(1).value) last_heard = ev.time;
  }
  ASSERT_TRUE(
      e.RunUntil([&] { return e.Client(c).Count(SessionEvent::kDisconnected) == 1; }, 60_s));
  const sim::Duration silent = e.world().Now() - last_heard;
  EXPECT_GE(silent, 20_s);        // two thirds of 30 s
  EXPECT_LE(silent, 20_s + 5_s);  // checked a quarter of the read timeout apart
  ASSERT_TRUE(e.RunUntil([&] { return e.Connected(c); }, 30_s));
  EXPECT_NE(e.Client(c).client().server(), e.ServerNode(1));
  EXPECT_EQ(e.Client(c).client().session(), session);
  EXPECT_EQ(e.Client(c).Count(SessionEvent::kExpired), 0);
}

TEST_F(EnsembleTest, ANewServerJoinsARunningEnsembleAsAFollower) {
  Ensemble& e = Make(5);
  StartAndSettle();
  ASSERT_EQ(e.Leader(), 5);
  e.world().Crash(e.ServerNode(2), sim::CrashKind::kProcess);
  e.world().RunFor(10_s);
  e.world().Restart(e.ServerNode(2));
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(2).serving(); }, 10_s));
  EXPECT_EQ(e.Server(2).leader(), 5);
  EXPECT_EQ(e.Leader(), 5);  // no new election
  EXPECT_EQ(e.Server(5).current_epoch(), 1u);
}

// Two LOOKING servers that hear each other but no quorum keep one resend timer each, with a
// backoff up to 60 s, however long the partition lasts.
TEST_F(EnsembleTest, ElectionTimersStayBoundedInALongMinorityPartition) {
  Ensemble& e = Make(5);
  StartAndSettle();
  e.world().SplitInto(
      {{e.ServerNode(1), e.ServerNode(2)}, {e.ServerNode(3), e.ServerNode(4), e.ServerNode(5)}});
  for (int minute = 1; minute <= 30; ++minute) {  // checked each minute: a leak fails fast
    e.world().RunFor(1_min);
    ASSERT_LT(e.world().scheduler().pending(), 100u) << "after " << minute << " min";
  }
  EXPECT_EQ(e.Server(1).state(), ServerState::kLooking);
  e.world().HealAll();
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(1).serving() && e.Server(2).serving(); }, 90_s));
}

TEST_F(EnsembleTest, ClosingASessionOnAOneServerEnsemble) {
  Ensemble& e = Make(1);
  const sim::NodeId c = e.AddClient("c", {1});
  StartAndSettle({c});
  EXPECT_EQ(e.Leader(), 1);
  Must(e.Await(
      [&](auto done) { e.Client(c).client().Create("/e", "", CreateMode::kEphemeral, done); }));
  Must(e.Await([&](auto done) { e.Client(c).client().Sync("/e", done); }));
  EXPECT_EQ(Must(e.Await([&](auto done) { e.Client(c).client().Close(done); })).code, Code::kOk);
  EXPECT_FALSE(e.Server(1).tree().Contains("/e"));
  EXPECT_EQ(e.Server(1).client_count(), 0u);
}

// The follower still hears the leader but the leader no longer hears it: the leader drops it after
// syncLimit ticks, so it resyncs instead of serving while its writes and pings go nowhere.
TEST_F(EnsembleTest, ALeaderDropsAFollowerItCannotHear) {
  Ensemble& e = Make(3);
  StartAndSettle();
  ASSERT_EQ(e.Leader(), 3);
  e.world().Block(e.ServerNode(1), e.ServerNode(3));
  ASSERT_TRUE(e.RunUntil([&] { return e.Server(1).state() == ServerState::kLooking; },
                         kSyncLimit + 2 * kTick));
  EXPECT_EQ(e.Leader(), 3);  // the other two are still a quorum
}

// ClientCnxn.close: the handle ends even if the close never reaches the leader; the session
// then expires and its ephemerals go.
TEST_F(EnsembleTest, CloseEndsTheHandleEvenWhenTheServerIsUnreachable) {
  Ensemble& e = Make(3);
  const sim::NodeId c = e.AddClient("c", {1, 2, 3});
  StartAndSettle({c});
  Must(e.Await(
      [&](auto done) { e.Client(c).client().Create("/mine", "", CreateMode::kEphemeral, done); }));
  for (int sid = 1; sid <= 3; ++sid) {
    e.world().Block(c, e.ServerNode(sid));
    e.world().Block(e.ServerNode(sid), c);
  }
  std::optional<ZkResult> closed;
  e.Client(c).client().Close([&](const ZkResult& r) { closed = r; });
  ASSERT_TRUE(e.RunUntil([&] { return closed.has_value(); }, 30_s));
  EXPECT_EQ(closed->code, Code::kConnectionLoss);
  e.world().HealAll();
  e.world().RunFor(20_s);
  EXPECT_FALSE(e.Client(c).client().connected());  // it did not come back
  EXPECT_FALSE(e.Server(1).tree().Contains("/mine"));
}

}  // namespace
}  // namespace zk::testing
