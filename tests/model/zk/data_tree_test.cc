// DataTree: znode operations, stats, sequential names, ephemerals and sessions, multi, one-shot
// watches, and replica determinism, as ZooKeeper 3.5 defines them.
#include "model/zk/data_tree.h"

#include <gtest/gtest.h>

namespace zk {
namespace {

const SessionId kAlice{0x100};
const SessionId kBob{0x200};
const SessionId kCarol{0x300};  // never opened

class DataTreeTest : public ::testing::Test {
 protected:
  // Alice and Bob hold sessions from the start (at epoch-0 zxids, outside the counter below).
  DataTreeTest() {
    for (SessionId s : {kAlice, kBob}) {
      Txn open;
      open.kind = Txn::Kind::kCreateSession;
      open.session = s;
      open.session_timeout_ms = 6000;
      open.zxid = Zxid::Make(0, static_cast<uint32_t>(s.value));
      tree_.Apply(open);
    }
  }
  ApplyResult Run(Txn txn) {
    txn.zxid = Zxid::Make(1, ++counter_);
    txn.time_ms = 1000 * counter_;
    return tree_.Apply(txn);
  }
  ApplyResult Do(Op op, SessionId session = kAlice) {
    Txn txn;
    txn.session = session;
    txn.ops = {std::move(op)};
    return Run(txn);
  }
  ApplyResult Multi(std::vector<Op> ops, SessionId session = kAlice) {
    Txn txn;
    txn.kind = Txn::Kind::kMulti;
    txn.session = session;
    txn.ops = std::move(ops);
    return Run(txn);
  }
  void OpenSession(SessionId s, int32_t timeout_ms = 6000) {
    Txn txn;
    txn.kind = Txn::Kind::kCreateSession;
    txn.session = s;
    txn.session_timeout_ms = timeout_ms;
    Run(txn);
  }
  ApplyResult CloseSession(SessionId s) {
    Txn txn;
    txn.kind = Txn::Kind::kCloseSession;
    txn.session = s;
    return Run(txn);
  }
  Stat StatOf(const std::string& path) {
    Stat stat;
    EXPECT_EQ(tree_.Exists(path, &stat), Code::kOk) << path;
    return stat;
  }
  std::vector<std::string> Children(const std::string& path) {
    std::vector<std::string> children;
    tree_.GetChildren(path, &children, nullptr);
    return children;
  }

  DataTree tree_;
  uint32_t counter_ = 0;
};

TEST_F(DataTreeTest, StartsWithRootAndZooKeeperNodes) {
  EXPECT_EQ(Children("/"), std::vector<std::string>{"zookeeper"});
  EXPECT_EQ(Children("/zookeeper"), (std::vector<std::string>{"config", "quota"}));
}

TEST_F(DataTreeTest, CreateSetsTheStatAndTheParentsChildVersion) {
  const ApplyResult r = Do(Op::Create("/brokers", "x"));
  ASSERT_EQ(r.code, Code::kOk);
  EXPECT_EQ(r.results[0].path, "/brokers");
  const Stat s = StatOf("/brokers");
  EXPECT_EQ(s.czxid, Zxid::Make(1, 1));
  EXPECT_EQ(s.mzxid, Zxid::Make(1, 1));
  EXPECT_EQ(s.pzxid, Zxid::Make(1, 1));
  EXPECT_EQ(s.ctime_ms, 1000);
  EXPECT_EQ(s.version, 0);
  EXPECT_EQ(s.data_length, 1);
  EXPECT_EQ(s.ephemeral_owner.value, 0);
  const Stat root = StatOf("/");
  EXPECT_EQ(root.cversion, 1);  // the built-in /zookeeper is added without a child change
  EXPECT_EQ(root.pzxid, Zxid::Make(1, 1));
  EXPECT_EQ(root.num_children, 2);
}

TEST_F(DataTreeTest, CreateFailsWithZooKeepersCodes) {
  EXPECT_EQ(Do(Op::Create("/a/b", "")).code, Code::kNoNode);
  ASSERT_EQ(Do(Op::Create("/a", "")).code, Code::kOk);
  EXPECT_EQ(Do(Op::Create("/a", "")).code, Code::kNodeExists);
  EXPECT_EQ(Do(Op::Create("a", "")).code, Code::kBadArguments);
  EXPECT_EQ(Do(Op::Create("/a/", "")).code, Code::kBadArguments);
  EXPECT_EQ(Do(Op::Create("/a//b", "")).code, Code::kBadArguments);
  EXPECT_EQ(Do(Op::Create("/a/../b", "")).code, Code::kBadArguments);
}

TEST_F(DataTreeTest, FailedWritesStillConsumeTheirZxid) {
  Do(Op::Create("/a/b", ""));
  EXPECT_EQ(tree_.last_processed_zxid(), Zxid::Make(1, 1));
}

TEST_F(DataTreeTest, SequentialNamesUseTheParentsChildVersionWithTenDigits) {
  Do(Op::Create("/isr_change_notification", ""));
  const auto first =
      Do(Op::Create("/isr_change_notification/isr_change_", "", CreateMode::kPersistentSequential));
  const auto second =
      Do(Op::Create("/isr_change_notification/isr_change_", "", CreateMode::kPersistentSequential));
  EXPECT_EQ(first.results[0].path, "/isr_change_notification/isr_change_0000000000");
  EXPECT_EQ(second.results[0].path, "/isr_change_notification/isr_change_0000000001");
  // Deleting a child also bumps cversion, so the next number skips one.
  Do(Op::Delete("/isr_change_notification/isr_change_0000000000"));
  const auto third =
      Do(Op::Create("/isr_change_notification/isr_change_", "", CreateMode::kPersistentSequential));
  EXPECT_EQ(third.results[0].path, "/isr_change_notification/isr_change_0000000003");
}

TEST_F(DataTreeTest, SetDataIsACompareAndSetOnVersion) {
  Do(Op::Create("/state", "v0"));
  EXPECT_EQ(Do(Op::SetData("/state", "v1", 0)).code, Code::kOk);
  EXPECT_EQ(Do(Op::SetData("/state", "stale", 0)).code, Code::kBadVersion);
  const auto r = Do(Op::SetData("/state", "v2", -1));
  ASSERT_EQ(r.code, Code::kOk);
  EXPECT_EQ(r.results[0].stat.version, 2);
  std::string data;
  Stat stat;
  tree_.GetData("/state", &data, &stat);
  EXPECT_EQ(data, "v2");
  EXPECT_EQ(stat.version, 2);
  EXPECT_EQ(stat.mzxid, Zxid::Make(1, 4));
  EXPECT_EQ(stat.czxid, Zxid::Make(1, 1));
  EXPECT_EQ(Do(Op::SetData("/missing", "x")).code, Code::kNoNode);
}

TEST_F(DataTreeTest, DeleteChecksVersionAndChildren) {
  Do(Op::Create("/a", ""));
  Do(Op::Create("/a/b", ""));
  EXPECT_EQ(Do(Op::Delete("/a")).code, Code::kNotEmpty);
  EXPECT_EQ(Do(Op::Delete("/a/b", 3)).code, Code::kBadVersion);
  EXPECT_EQ(Do(Op::Delete("/a/b", 0)).code, Code::kOk);
  EXPECT_EQ(Do(Op::Delete("/a/b")).code, Code::kNoNode);
  EXPECT_EQ(Do(Op::Delete("/a")).code, Code::kOk);
  EXPECT_EQ(Do(Op::Delete("/")).code, Code::kBadArguments);
}

TEST_F(DataTreeTest, EphemeralsBelongToALiveSessionAndHaveNoChildren) {
  EXPECT_EQ(Do(Op::Create("/controller", "", CreateMode::kEphemeral), kCarol).code,
            Code::kSessionExpired);
  ASSERT_EQ(Do(Op::Create("/controller", "", CreateMode::kEphemeral)).code, Code::kOk);
  EXPECT_EQ(StatOf("/controller").ephemeral_owner, kAlice);
  EXPECT_EQ(Do(Op::Create("/controller/x", "")).code, Code::kNoChildrenForEphemerals);
  EXPECT_EQ(tree_.EphemeralsOf(kAlice), std::vector<std::string>{"/controller"});
}

TEST_F(DataTreeTest, ClosingASessionDeletesItsEphemeralsAndFiresTheirWatches) {
  OpenSession(kAlice);
  OpenSession(kBob);
  Do(Op::Create("/brokers", ""));
  Do(Op::Create("/brokers/101", "", CreateMode::kEphemeral), kAlice);
  Do(Op::Create("/brokers/102", "", CreateMode::kEphemeral), kBob);
  tree_.Exists("/brokers/101", nullptr, kBob);            // data watch
  tree_.GetChildren("/brokers", nullptr, nullptr, kBob);  // child watch
  const ApplyResult r = CloseSession(kAlice);
  EXPECT_FALSE(tree_.HasSession(kAlice));
  EXPECT_EQ(Children("/brokers"), std::vector<std::string>{"102"});
  EXPECT_TRUE(tree_.EphemeralsOf(kAlice).empty());
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, EventType::kNodeDeleted);
  EXPECT_EQ(r.events[0].path, "/brokers/101");
  EXPECT_EQ(r.events[1].type, EventType::kNodeChildrenChanged);
  EXPECT_EQ(r.events[1].path, "/brokers");
  EXPECT_EQ(r.events[1].watcher, kBob);
}

TEST_F(DataTreeTest, AClosedSessionWritesNothing) {
  CloseSession(kBob);
  const ApplyResult r = Do(Op::Create("/zombie", ""), kBob);
  EXPECT_EQ(r.code, Code::kSessionExpired);
  EXPECT_EQ(tree_.Exists("/zombie", nullptr), Code::kNoNode);
  const ApplyResult m = Multi({Op::Create("/a", ""), Op::Create("/b", "")}, kCarol);
  EXPECT_EQ(m.code, Code::kSessionExpired);
  ASSERT_EQ(m.results.size(), 2u);
  EXPECT_EQ(m.results[1].code, Code::kSessionExpired);
}

TEST_F(DataTreeTest, WatchesFireOnceForTheRightOperations) {
  Do(Op::Create("/t", ""));
  tree_.GetData("/t", nullptr, nullptr, kBob);
  auto r = Do(Op::SetData("/t", "1"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, EventType::kNodeDataChanged);
  EXPECT_TRUE(Do(Op::SetData("/t", "2")).events.empty());  // one-shot: not set again

  EXPECT_EQ(tree_.Exists("/later", nullptr, kBob), Code::kNoNode);  // watch on a missing node
  r = Do(Op::Create("/later", ""));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, EventType::kNodeCreated);

  EXPECT_EQ(tree_.GetData("/nothing", nullptr, nullptr, kBob), Code::kNoNode);
  EXPECT_TRUE(Do(Op::Create("/nothing", "")).events.empty());  // getData sets no watch on NoNode

  tree_.GetChildren("/t", nullptr, nullptr, kBob);
  tree_.GetData("/t", nullptr, nullptr, kBob);
  r = Do(Op::Delete("/t"));
  ASSERT_EQ(r.events.size(), 1u);  // both watches on /t, one NodeDeleted
  EXPECT_EQ(r.events[0].type, EventType::kNodeDeleted);
  EXPECT_EQ(tree_.watch_count(), 0u);
}

TEST_F(DataTreeTest, RemovingAWatcherSilencesIt) {
  Do(Op::Create("/t", ""));
  tree_.GetData("/t", nullptr, nullptr, kBob);
  tree_.GetData("/t", nullptr, nullptr, kAlice);
  tree_.RemoveWatches(kBob);
  const auto r = Do(Op::SetData("/t", "1"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].watcher, kAlice);
}

// Kafka's controller election: create /controller and bump /controller_epoch in one multi.
TEST_F(DataTreeTest, MultiAppliesAllOps) {
  OpenSession(kAlice);
  Do(Op::Create("/controller_epoch", "1"));
  tree_.Exists("/controller", nullptr, kBob);
  const auto r = Multi({Op::Create("/controller", "{\"brokerid\":101}", CreateMode::kEphemeral),
                        Op::SetData("/controller_epoch", "2", 0)});
  ASSERT_EQ(r.code, Code::kOk);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].code, Code::kOk);
  EXPECT_EQ(r.results[1].stat.version, 1);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, EventType::kNodeCreated);
}

TEST_F(DataTreeTest, MultiIsAllOrNothingWithZooKeepersPerOpResults) {
  OpenSession(kAlice);
  Do(Op::Create("/controller_epoch", "1"));
  Do(Op::SetData("/controller_epoch", "2", 0));  // version is now 1
  tree_.Exists("/controller", nullptr, kBob);
  const uint64_t before = tree_.Digest();
  const auto r = Multi({Op::Create("/controller", "", CreateMode::kEphemeral),
                        Op::SetData("/controller_epoch", "3", 0),  // stale version
                        Op::Create("/other", "")});
  EXPECT_EQ(r.code, Code::kBadVersion);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_EQ(r.results[0].code, Code::kOk);
  EXPECT_EQ(r.results[1].code, Code::kBadVersion);
  EXPECT_EQ(r.results[2].code, Code::kRuntimeInconsistency);
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(tree_.Digest(), before);
  EXPECT_EQ(tree_.Exists("/controller", nullptr), Code::kNoNode);
  EXPECT_TRUE(tree_.EphemeralsOf(kAlice).empty());
  // The watch the undone create would have fired is still there.
  EXPECT_EQ(Do(Op::Create("/controller", "")).events.size(), 1u);
}

TEST_F(DataTreeTest, MultiRollsBackDeletesOfEphemerals) {
  OpenSession(kAlice);
  Do(Op::Create("/e", "", CreateMode::kEphemeral));
  const uint64_t before = tree_.Digest();
  const auto r = Multi({Op::Delete("/e"), Op::Check("/missing", -1)});
  EXPECT_EQ(r.code, Code::kNoNode);
  EXPECT_EQ(tree_.Digest(), before);
  EXPECT_EQ(tree_.EphemeralsOf(kAlice), std::vector<std::string>{"/e"});
}

TEST_F(DataTreeTest, CheckOpFencesOnVersion) {
  Do(Op::Create("/controller_epoch", "5"));
  EXPECT_EQ(Multi({Op::Check("/controller_epoch", 0), Op::Create("/x", "")}).code, Code::kOk);
  Do(Op::SetData("/controller_epoch", "6"));
  EXPECT_EQ(Multi({Op::Check("/controller_epoch", 0), Op::Create("/y", "")}).code,
            Code::kBadVersion);
  EXPECT_EQ(tree_.Exists("/y", nullptr), Code::kNoNode);
}

TEST(DataTree, ReplicasApplyingTheSameTxnsAgree) {
  DataTree a, b;
  std::vector<Txn> log;
  Txn open{Txn::Kind::kCreateSession, Zxid::Make(1, 1), 0, kAlice, 0, {}, 6000};
  log.push_back(open);
  uint32_t counter = 1;
  auto add = [&](Txn::Kind kind, std::vector<Op> ops) {
    log.push_back(Txn{kind, Zxid::Make(1, ++counter), counter * 10, kAlice, 0, std::move(ops), 0});
  };
  add(Txn::Kind::kOps, {Op::Create("/q", "")});
  for (int i = 0; i < 5; ++i)
    add(Txn::Kind::kOps, {Op::Create("/q/n-", "", CreateMode::kEphemeralSequential)});
  add(Txn::Kind::kMulti, {Op::Delete("/q/n-0000000001"), Op::SetData("/q", "x", 0)});
  add(Txn::Kind::kOps, {Op::SetData("/q", "y", 0)});  // fails: version is 1
  for (const Txn& t : log) {
    const ApplyResult ra = a.Apply(t), rb = b.Apply(t);
    EXPECT_EQ(ra.code, rb.code);
  }
  EXPECT_EQ(a.Digest(), b.Digest());
  EXPECT_EQ(a.last_processed_zxid(), b.last_processed_zxid());
  DataTree c;
  c.Apply(log[0]);
  EXPECT_NE(c.Digest(), a.Digest());
}

TEST(ZkTypes, ZxidSplitsIntoEpochAndCounter) {
  const Zxid z = Zxid::Make(2, 3);
  EXPECT_EQ(z.value, 0x200000003);
  EXPECT_EQ(z.epoch(), 2u);
  EXPECT_EQ(z.counter(), 3u);
  EXPECT_EQ(ToString(z), "0x200000003");
  EXPECT_LT(Zxid::Make(1, 0xffffffff), Zxid::Make(2, 0));
}

TEST(ZkTypes, ErrorMessagesAreZooKeepers) {
  EXPECT_EQ(KeeperErrorMessage(Code::kNoNode, "/brokers/ids/1"),
            "KeeperErrorCode = NoNode for /brokers/ids/1");
  EXPECT_EQ(KeeperErrorMessage(Code::kNotEmpty, "/a"),
            "KeeperErrorCode = Directory not empty for /a");
  EXPECT_EQ(static_cast<int>(Code::kNodeExists), -110);
}

}  // namespace
}  // namespace zk
