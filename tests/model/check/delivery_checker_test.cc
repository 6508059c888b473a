// Jepsen's anomaly classes on hand-written histories: each class found where it is, and a clean
// history finds nothing.
#include "model/check/delivery_checker.h"

#include <gtest/gtest.h>

#include "model/check/transaction_outcomes.h"

namespace kafka {
namespace {

const TopicPartition kP0{"orders", 0};

HistoryEvent E(int64_t ms, std::string client, HistoryType type, Offset offset = -1,
               int64_t value = -1) {
  return {
      sim::Time::Zero() + sim::Duration::Millis(ms), std::move(client), type, kP0, offset, value};
}

// p sends values 1..n; each is acknowledged at offset value-1.
History Acked(int64_t n) {
  History h;
  for (int64_t v = 1; v <= n; ++v) {
    h.Add(E(v, "p", HistoryType::kInvoke, -1, v));
    h.Add(E(v, "p", HistoryType::kOk, v - 1, v));
  }
  return h;
}

std::vector<std::string> Kinds(const DeliveryReport& r) {
  std::vector<std::string> kinds;
  for (const auto& a : r.anomalies) kinds.push_back(a.kind);
  return kinds;
}

TEST(DeliveryChecker, AHistoryReadInOrderIsClean) {
  History h = Acked(3);
  h.Add(E(10, "c", HistoryType::kAssign));
  for (int64_t v = 1; v <= 3; ++v) h.Add(E(20, "c", HistoryType::kPoll, v - 1, v));
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_TRUE(r.ok()) << r.anomalies.front().Describe();
}

TEST(DeliveryChecker, AnAcknowledgedValueBelowWhatWasReadButNeverReadIsLost) {
  History h = Acked(3);
  h.Add(E(20, "c", HistoryType::kPoll, 0, 1));
  h.Add(E(21, "c", HistoryType::kPoll, 2, 3));  // offset 1 (value 2) never read
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_EQ(Kinds(r), (std::vector<std::string>{"lost-write", "poll-skip"}));
  EXPECT_EQ(r.lost, 1);
  EXPECT_EQ(r.anomalies[0].Describe(), "lost-write in orders-0 at offset 1, value 2 at 2ms");
  EXPECT_EQ(r.anomalies[1].Describe(), "poll-skip in orders-0 at offsets 0,2 (c) at 21ms");
}

TEST(DeliveryChecker, ValuesBelowEveryReadAreUnseenNotLost) {
  // A group that began at the log's end (auto.offset.reset latest, as kcat -G does) read only
  // the last value: the first two were skipped by choice, not lost by the cluster.
  History h = Acked(3);
  h.Add(E(20, "c", HistoryType::kAssign));
  h.Add(E(21, "c", HistoryType::kPoll, 2, 3));
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_EQ(Kinds(r), (std::vector<std::string>{"unseen", "unseen"}));
  EXPECT_EQ(r.lost, 0);
  EXPECT_EQ(r.unseen, 2);
}

TEST(DeliveryChecker, RetentionExcusesOnlyWhatItDeletedBeforeReadsWentPast) {
  const sim::Time t30 = sim::Time::Zero() + sim::Duration::Millis(30);
  History h = Acked(4);
  h.Add(E(20, "c", HistoryType::kPoll, 0, 1));
  h.Add(E(21, "c", HistoryType::kPoll, 2, 3));  // offset 1 skipped while it was still there
  h.Add(E(40, "c", HistoryType::kPoll, 3, 4));
  // Retention deleted offsets 0 and 1 at 30 ms, after the read of offset 2 went past offset 1.
  const RetentionTimeline late = {{kP0, {{t30, 2}}}};
  const DeliveryReport r = CheckDelivery(h, sim::Time::Never(), &late);
  EXPECT_EQ(r.lost, 1);
  EXPECT_EQ(r.expired, 0);
  // Deleted before anyone read past it (a late reader that starts at offset 3): expired.
  History g = Acked(4);
  g.Add(E(40, "c", HistoryType::kPoll, 3, 4));
  const RetentionTimeline early = {{kP0, {{t30, 3}}}};
  const DeliveryReport q = CheckDelivery(g, sim::Time::Never(), &early);
  EXPECT_TRUE(q.ok()) << q.anomalies.front().Describe();
  EXPECT_EQ(q.expired, 3);
}

TEST(DeliveryChecker, ATruncatedOffsetReusedShowsInconsistentOffsetsAndALostWrite) {
  History h = Acked(2);
  h.Add(E(5, "p", HistoryType::kInvoke, -1, 9));
  h.Add(E(6, "p", HistoryType::kOk, 1, 9));  // a new leader gave offset 1 to another value
  h.Add(E(20, "c", HistoryType::kPoll, 0, 1));
  h.Add(E(21, "c", HistoryType::kPoll, 1, 9));
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_EQ(Kinds(r),
            (std::vector<std::string>{"inconsistent-offsets", "lost-write", "nonmonotonic-send"}));
  EXPECT_EQ(r.anomalies[0].values, (std::vector<int64_t>{2, 9}));
}

TEST(DeliveryChecker, ARetriedValueAtTwoOffsetsIsADuplicate) {
  History h = Acked(2);
  h.Add(E(30, "c", HistoryType::kPoll, 0, 1));
  h.Add(E(31, "c", HistoryType::kPoll, 1, 2));
  h.Add(E(32, "c", HistoryType::kPoll, 2, 2));  // value 2 again, at offset 2
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"duplicate"});
  EXPECT_EQ(r.duplicates, 1);
  EXPECT_EQ(r.anomalies[0].offsets, (std::vector<Offset>{1, 2}));
}

TEST(DeliveryChecker, BackwardsPollsCountUnlessThePartitionWasReassigned) {
  History h = Acked(2);
  h.Add(E(20, "c", HistoryType::kPoll, 0, 1));
  h.Add(E(21, "c", HistoryType::kPoll, 1, 2));
  h.Add(E(22, "c", HistoryType::kRevoke));
  h.Add(E(23, "c", HistoryType::kAssign));
  h.Add(E(24, "c", HistoryType::kPoll, 0, 1));  // re-read after a reassignment: fine
  EXPECT_TRUE(CheckDelivery(h).ok());
  h.Add(E(25, "c", HistoryType::kPoll, 0, 1));  // again, without one
  EXPECT_EQ(Kinds(CheckDelivery(h)), std::vector<std::string>{"nonmonotonic-poll"});
}

TEST(DeliveryChecker, UnreadValuesAreUnseenAndAFailedSendReadIsAnAbortedRead) {
  History h = Acked(2);
  h.Add(E(3, "p", HistoryType::kInvoke, -1, 7));
  h.Add(E(4, "p", HistoryType::kFail, -1, 7));
  h.Add(E(20, "c", HistoryType::kPoll, 0, 7));  // the failed send was written after all
  const DeliveryReport r = CheckDelivery(h);
  EXPECT_EQ(r.counts.at("aborted-read"), 1);
  EXPECT_EQ(r.unseen, 1);                             // value 2 at offset 1, above everything read
  EXPECT_EQ(r.counts.at("inconsistent-offsets"), 1);  // offset 0 held 1 (acked) and 7 (read)
}

// A producer's values need not rise (a tool may send any value): the send order still decides
// which landing is out of order, and a value sent twice counts from its first send.
TEST(DeliveryChecker, SendOrderHoldsWhateverTheValues) {
  History h;
  const std::vector<int64_t> values = {50, 10, 30, 10};  // sent in this order
  for (size_t i = 0; i < values.size(); ++i) {
    h.Add(E(static_cast<int64_t>(i), "p", HistoryType::kInvoke, -1, values[i]));
  }
  h.Add(E(10, "p", HistoryType::kOk, 0, 50));  // sent 1st, at offset 0
  h.Add(E(11, "p", HistoryType::kOk, 2, 10));  // sent 2nd, at offset 2
  h.Add(E(12, "p", HistoryType::kOk, 1, 30));  // sent 3rd, but below the 2nd
  const DeliveryReport r = CheckDelivery(h);
  ASSERT_EQ(Kinds(r), std::vector<std::string>{"nonmonotonic-send"});
  EXPECT_EQ(r.anomalies[0].offsets, (std::vector<Offset>{2, 1}));
  EXPECT_EQ(r.anomalies[0].values, (std::vector<int64_t>{10, 30}));
}

// A zombie and the member that replaced it write the same output value: the zombie's transaction
// aborts, the new member's commits. Reading the committed copy is no aborted read; reading the
// zombie's copy (where a read_uncommitted reader would) is one.
TEST(DeliveryChecker, AnAbortedReadIsTheAbortedCopyNotTheSameValueCommitted) {
  History h;
  h.Add(E(1, "zombie", HistoryType::kTxnBegin));
  h.Add(E(2, "zombie", HistoryType::kInvoke, -1, 7));
  h.Add(E(3, "zombie", HistoryType::kOk, 0, 7));
  h.Add(E(4, "zombie", HistoryType::kTxnAbort));
  h.Add(E(5, "member", HistoryType::kTxnBegin));
  h.Add(E(6, "member", HistoryType::kInvoke, -1, 7));
  h.Add(E(7, "member", HistoryType::kOk, 2, 7));  // after the zombie's abort marker at 1
  h.Add(E(8, "member", HistoryType::kTxnCommit));
  History committed_read = h;
  committed_read.Add(E(20, "c", HistoryType::kPoll, 2, 7));
  const DeliveryReport clean = CheckDelivery(committed_read);
  EXPECT_TRUE(clean.ok()) << clean.anomalies.front().Describe();  // owed once, and read

  History aborted_read = h;
  aborted_read.Add(E(20, "c", HistoryType::kPoll, 0, 7));
  EXPECT_EQ(CheckDelivery(aborted_read).counts.at("aborted-read"), 1);

  // The zombie's send may also fail outright (its transaction aborted before the batch went
  // out): a read of the replacement's copy is still no aborted read.
  History failed;
  failed.Add(E(2, "zombie", HistoryType::kInvoke, -1, 7));
  failed.Add(E(3, "zombie", HistoryType::kFail, -1, 7));
  failed.Add(E(6, "member", HistoryType::kInvoke, -1, 7));
  failed.Add(E(7, "member", HistoryType::kOk, 2, 7));
  failed.Add(E(20, "c", HistoryType::kPoll, 2, 7));
  EXPECT_FALSE(CheckDelivery(failed).counts.contains("aborted-read"));

  // The zombie's copy was never acknowledged (its ack was lost with its producer): a read of a
  // copy no acknowledgement placed, while the committed copy sits elsewhere, is the aborted one.
  History unacked;
  unacked.Add(E(1, "zombie", HistoryType::kTxnBegin));
  unacked.Add(E(2, "zombie", HistoryType::kInvoke, -1, 7));
  unacked.Add(E(4, "zombie", HistoryType::kTxnAbort));
  unacked.Add(E(5, "member", HistoryType::kTxnBegin));
  unacked.Add(E(6, "member", HistoryType::kInvoke, -1, 7));
  unacked.Add(E(7, "member", HistoryType::kOk, 2, 7));
  unacked.Add(E(8, "member", HistoryType::kTxnCommit));
  unacked.Add(E(20, "c", HistoryType::kPoll, 0, 7));
  EXPECT_EQ(CheckDelivery(unacked).counts.at("aborted-read"), 1);

  const TransactionOutcomes txns = ReadTransactionOutcomes(h);
  EXPECT_TRUE(txns.committed.contains(7));
  EXPECT_FALSE(txns.aborted.contains(7));
  EXPECT_TRUE(txns.AbortedRead(kP0, 0, 7));
  EXPECT_FALSE(txns.AbortedRead(kP0, 2, 7));
  EXPECT_FALSE(txns.OwedWrite(kP0, 0, 7));
  EXPECT_TRUE(txns.OwedWrite(kP0, 2, 7));
}

}  // namespace
}  // namespace kafka
