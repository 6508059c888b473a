// Transactions on a three-broker cluster, driven request by request as a transactional client
// would drive them: the coordinator's answers, the markers in the partition logs, the last
// stable offset, READ_COMMITTED fetches, fencing of an old producer instance, and the abort of a
// transaction that outlived its timeout.
#include <gtest/gtest.h>

#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

constexpr const char* kTxnId = "payments-app";

// A transactional client's conversation, one request at a time.
class TxnSession {
 public:
  explicit TxnSession(ClusterTest& t) : t_(t) {}

  template <typename Response>
  std::optional<Response> Call(int32_t broker, PacketBody request) {
    std::optional<Response> out;
    t_.client().Send(broker, std::move(request), 40000, [&](const PacketBody* body) {
      if (body != nullptr) {
        if (const auto* r = std::get_if<Response>(body)) out = *r;
      }
    });
    t_.RunUntil([&] { return out.has_value(); }, 45_s);
    return out;
  }

  // FindCoordinator, retried while the internal topic is being created.
  int32_t FindCoordinator(const std::string& key, int8_t type) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      const auto r = Call<FindCoordinatorResponse>(101, FindCoordinatorRequest{key, type});
      if (r && r->error == ErrorCode::kNone) return r->node_id;
      t_.RunFor(200_ms);
    }
    return -1;
  }
  int32_t FindCoordinator() {
    coordinator_ = FindCoordinator(kTxnId, FindCoordinatorRequest::kTransaction);
    return coordinator_;
  }
  int32_t coordinator() const { return coordinator_; }

  InitProducerIdResponse Init(int32_t timeout_ms = 60000) {
    InitProducerIdRequest request;
    request.transactional_id = kTxnId;
    request.transaction_timeout_ms = timeout_ms;
    for (int attempt = 0; attempt < 50; ++attempt) {
      const auto r = Call<InitProducerIdResponse>(coordinator_, request);
      if (r && r->error == ErrorCode::kNone) {
        producer_id_ = r->producer_id;
        epoch_ = r->producer_epoch;
        sequence_.clear();
        return *r;
      }
      if (r && r->error != ErrorCode::kConcurrentTransactions &&
          r->error != ErrorCode::kCoordinatorLoadInProgress &&
          r->error != ErrorCode::kCoordinatorNotAvailable) {
        return *r;
      }
      t_.RunFor(100_ms);
    }
    return {ErrorCode::kRequestTimedOut, -1, -1};
  }

  ErrorCode AddPartition(const TopicPartition& tp) {
    AddPartitionsToTxnRequest request{kTxnId, producer_id_, epoch_, {tp}};
    const auto r = Call<AddPartitionsToTxnResponse>(coordinator_, request);
    return r && !r->errors.empty() ? r->errors.begin()->second : ErrorCode::kRequestTimedOut;
  }

  ProduceOutcome Produce(const TopicPartition& tp, std::vector<int64_t> values,
                         int16_t epoch = -2) {
    RecordBatch batch;
    batch.producer_id = producer_id_;
    batch.producer_epoch = epoch == -2 ? epoch_ : epoch;
    batch.transactional = true;
    batch.base_sequence = sequence_[tp];
    for (int64_t v : values) {
      Record r;
      r.value_id = v;
      batch.records.push_back(r);
    }
    ProduceRequest request;
    request.entries.push_back({tp, std::move(batch)});
    const auto r = Call<ProduceResponse>(t_.Leader(tp), request);
    if (!r || r->entries.empty()) return {ErrorCode::kNetworkException, -1};
    if (r->entries[0].error == ErrorCode::kNone) {
      sequence_[tp] += static_cast<int32_t>(values.size());
    }
    return {r->entries[0].error, r->entries[0].base_offset};
  }

  ErrorCode End(bool commit, int16_t epoch = -2) {
    EndTxnRequest request{kTxnId, producer_id_, epoch == -2 ? epoch_ : epoch, commit};
    const auto r = Call<EndTxnResponse>(coordinator_, request);
    return r ? r->error : ErrorCode::kRequestTimedOut;
  }

  FetchResponse::Entry Fetch(const TopicPartition& tp, Offset offset, int8_t isolation) {
    FetchRequest request;
    request.max_wait_ms = 0;
    request.isolation_level = isolation;
    request.entries.push_back({tp, offset});
    const auto r = Call<FetchResponse>(t_.Leader(tp), request);
    return r && !r->entries.empty() ? r->entries[0] : FetchResponse::Entry{};
  }

  const TransactionMetadata* Metadata() const {
    const TransactionCoordinator* c = t_.cluster().broker(coordinator_).txn_coordinator();
    return c == nullptr ? nullptr : c->Find(kTxnId);
  }

  int64_t producer_id() const { return producer_id_; }
  int16_t epoch() const { return epoch_; }

 private:
  ClusterTest& t_;
  int32_t coordinator_ = -1;
  int64_t producer_id_ = -1;
  int16_t epoch_ = -1;
  std::map<TopicPartition, int32_t> sequence_;
};

std::vector<int64_t> Values(const FetchResponse::Entry& e) {
  std::vector<int64_t> out;
  for (const BatchPtr& b : e.batches) {
    if (b->is_control()) continue;
    for (const Record& r : b->records) out.push_back(r.value_id);
  }
  return out;
}

// The markers in a replica's log, as "COMMIT@5".
std::vector<std::string> Markers(ClusterTest& t, int32_t broker, const TopicPartition& tp) {
  std::vector<std::string> out;
  const Partition* p = t.cluster().Replica(broker, tp);
  if (p == nullptr) return out;
  for (const BatchPtr& b : p->log().AllBatches()) {
    if (!b->is_control()) continue;
    out.push_back(std::string(b->control == ControlType::kCommit ? "COMMIT" : "ABORT") + "@" +
                  std::to_string(b->base_offset));
  }
  return out;
}

class Transactions : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t.AwaitReady());
    ASSERT_EQ(t.CreateTopic("orders", 1, 3), ErrorCode::kNone);
    ASSERT_GE(s.FindCoordinator(), 101);
    const InitProducerIdResponse init = s.Init();
    ASSERT_EQ(init.error, ErrorCode::kNone);
    ASSERT_EQ(init.producer_epoch, 0);
  }
  ClusterTest t{ThreeBrokers()};
  TxnSession s{t};
  const TopicPartition orders{"orders", 0};
};

TEST_F(Transactions, ACommittedTransactionBecomesReadableOnlyAfterItsMarker) {
  ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
  EXPECT_EQ(s.Metadata()->state, TxnState::kOngoing);
  ASSERT_EQ(s.Produce(orders, {1, 2, 3}).error, ErrorCode::kNone);
  t.RunFor(1_s);
  // Written and replicated, but the transaction is open: READ_COMMITTED sees nothing yet.
  const auto open = s.Fetch(orders, 0, FetchRequest::kReadCommitted);
  EXPECT_EQ(open.high_watermark, 3);
  EXPECT_EQ(open.last_stable_offset, 0);
  EXPECT_TRUE(Values(open).empty());
  EXPECT_EQ(Values(s.Fetch(orders, 0, FetchRequest::kReadUncommitted)),
            (std::vector<int64_t>{1, 2, 3}));

  ASSERT_EQ(s.End(true), ErrorCode::kNone);
  t.RunFor(1_s);
  EXPECT_EQ(s.Metadata()->state, TxnState::kCompleteCommit);
  for (int32_t b : {101, 102, 103}) {
    EXPECT_EQ(Markers(t, b, orders), std::vector<std::string>{"COMMIT@3"}) << b;
  }
  const auto committed = s.Fetch(orders, 0, FetchRequest::kReadCommitted);
  EXPECT_EQ(committed.last_stable_offset, 4);
  EXPECT_EQ(Values(committed), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_TRUE(committed.aborted_transactions.empty());
}

TEST_F(Transactions, AnAbortedTransactionIsListedForReadCommittedFetches) {
  ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
  ASSERT_EQ(s.Produce(orders, {1, 2}).error, ErrorCode::kNone);
  ASSERT_EQ(s.End(false), ErrorCode::kNone);
  t.RunFor(1_s);
  EXPECT_EQ(s.Metadata()->state, TxnState::kCompleteAbort);
  // The next transaction commits.
  ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
  ASSERT_EQ(s.Produce(orders, {3}).error, ErrorCode::kNone);
  ASSERT_EQ(s.End(true), ErrorCode::kNone);
  t.RunFor(1_s);
  EXPECT_EQ(Markers(t, t.Leader(orders), orders),
            (std::vector<std::string>{"ABORT@2", "COMMIT@4"}));
  const auto e = s.Fetch(orders, 0, FetchRequest::kReadCommitted);
  EXPECT_EQ(e.last_stable_offset, 5);
  ASSERT_EQ(e.aborted_transactions.size(), 1u);
  EXPECT_EQ(e.aborted_transactions[0].producer_id, s.producer_id());
  EXPECT_EQ(e.aborted_transactions[0].first_offset, 0);
  // Past the aborted transaction, nothing is listed.
  EXPECT_TRUE(s.Fetch(orders, 3, FetchRequest::kReadCommitted).aborted_transactions.empty());
}

TEST_F(Transactions, ANewInstanceFencesTheOldOneAndAbortsItsOpenTransaction) {
  ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
  ASSERT_EQ(s.Produce(orders, {1, 2}).error, ErrorCode::kNone);
  const int16_t zombie_epoch = s.epoch();
  // A second instance with the same transactional id: the first try finds the open transaction
  // (CONCURRENT_TRANSACTIONS while it is aborted under a bumped epoch), the retry gets epoch 2.
  const InitProducerIdResponse again = s.Init();
  ASSERT_EQ(again.error, ErrorCode::kNone);
  EXPECT_EQ(again.producer_epoch, 2);
  t.RunFor(1_s);
  EXPECT_EQ(Markers(t, t.Leader(orders), orders), std::vector<std::string>{"ABORT@2"});
  EXPECT_EQ(s.Fetch(orders, 0, FetchRequest::kReadCommitted).aborted_transactions.size(), 1u);
  // The old instance: fenced at the coordinator and at the partition.
  EXPECT_EQ(s.End(true, zombie_epoch), ErrorCode::kProducerFenced);
  EXPECT_EQ(s.Produce(orders, {9}, zombie_epoch).error, ErrorCode::kInvalidProducerEpoch);
}

TEST_F(Transactions, AnOpenTransactionPastItsTimeoutIsAborted) {
  ASSERT_EQ(s.Init(2000).error, ErrorCode::kNone);  // transaction.timeout.ms = 2 s
  ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
  ASSERT_EQ(s.Produce(orders, {1}).error, ErrorCode::kNone);
  t.RunFor(5_s);
  EXPECT_EQ(s.Metadata()->state, TxnState::kOngoing);  // the check runs every 10 s
  t.RunFor(10_s);
  EXPECT_EQ(s.Metadata()->state, TxnState::kCompleteAbort);
  EXPECT_EQ(Markers(t, t.Leader(orders), orders), std::vector<std::string>{"ABORT@1"});
  EXPECT_EQ(s.End(true), ErrorCode::kProducerFenced);  // the abort bumped the epoch
  EXPECT_EQ(s.Fetch(orders, 0, FetchRequest::kReadCommitted).last_stable_offset, 2);
}

TEST_F(Transactions, CoordinatorErrorsFollowKafka) {
  // EndTxn with nothing open, a producer id the coordinator never gave, a bad timeout.
  EXPECT_EQ(s.End(true), ErrorCode::kInvalidTxnState);
  InitProducerIdRequest bad;
  bad.transactional_id = kTxnId;
  bad.transaction_timeout_ms = 900'001;  // above transaction.max.timeout.ms
  EXPECT_EQ(s.Call<InitProducerIdResponse>(s.coordinator(), bad)->error,
            ErrorCode::kInvalidTransactionTimeout);
  AddPartitionsToTxnRequest stranger{kTxnId, s.producer_id() + 1, 0, {orders}};
  EXPECT_EQ(s.Call<AddPartitionsToTxnResponse>(s.coordinator(), stranger)->errors.at(orders),
            ErrorCode::kInvalidProducerIdMapping);
  // A broker that does not coordinate the id says so.
  const int32_t other = s.coordinator() == 101 ? 102 : 101;
  AddPartitionsToTxnRequest elsewhere{kTxnId, s.producer_id(), s.epoch(), {orders}};
  EXPECT_EQ(s.Call<AddPartitionsToTxnResponse>(other, elsewhere)->errors.at(orders),
            ErrorCode::kNotCoordinator);
  // A client may not write a marker itself.
  RecordBatch marker;
  marker.producer_id = s.producer_id();
  marker.producer_epoch = s.epoch();
  marker.control = ControlType::kCommit;
  marker.records.resize(1);
  ProduceRequest forged;
  forged.entries.push_back({orders, marker});
  EXPECT_EQ(s.Call<ProduceResponse>(t.Leader(orders), forged)->entries[0].error,
            ErrorCode::kInvalidRecord);
}

TEST_F(Transactions, TxnOffsetCommitAppliesOnlyWhenTheTransactionCommits) {
  const TopicPartition input{"input", 0};
  TxnOffsetCommitRequest commit;
  commit.transactional_id = kTxnId;
  commit.group_id = "processors";
  commit.producer_id = s.producer_id();
  commit.producer_epoch = s.epoch();
  commit.offsets[input] = 42;
  const int32_t group_coordinator = s.FindCoordinator("processors", FindCoordinatorRequest::kGroup);
  ASSERT_GE(group_coordinator, 101);
  AddOffsetsToTxnRequest add{kTxnId, s.producer_id(), s.epoch(), "processors"};
  ASSERT_EQ(s.Call<AddOffsetsToTxnResponse>(s.coordinator(), add)->error, ErrorCode::kNone);
  ASSERT_EQ(s.Call<TxnOffsetCommitResponse>(group_coordinator, commit)->errors.at(input),
            ErrorCode::kNone);
  OffsetFetchRequest fetch{"processors", {input}, true};
  EXPECT_EQ(s.Call<OffsetFetchResponse>(group_coordinator, fetch)->error,
            ErrorCode::kUnstableOffsetCommit);
  ASSERT_EQ(s.End(true), ErrorCode::kNone);
  t.RunFor(1_s);
  const auto after = s.Call<OffsetFetchResponse>(group_coordinator, fetch);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->error, ErrorCode::kNone);
  EXPECT_EQ(after->offsets.at(input), 42);
}

TEST_F(Transactions, AReadCommittedConsumerSkipsAbortedRecordsAndNeverSeesMarkers) {
  const auto transaction = [&](std::vector<int64_t> values, bool commit) {
    ASSERT_EQ(s.AddPartition(orders), ErrorCode::kNone);
    ASSERT_EQ(s.Produce(orders, std::move(values)).error, ErrorCode::kNone);
    ASSERT_EQ(s.End(commit), ErrorCode::kNone);
    t.RunFor(500_ms);
  };
  transaction({1, 2}, true);
  transaction({3, 4}, false);
  transaction({5}, true);
  for (const std::string group : {"committed", "everything"}) {
    ConsumerConfig c = t.cluster().ConsumerDefaults(group);
    c.client_id = group;
    c.auto_offset_reset = "earliest";
    ASSERT_FALSE(
        c.Set("isolation.level", group == "committed" ? "read_committed" : "read_uncommitted"));
    ConsumerWorkload w;
    w.topics = {"orders"};
    w.start_after = 1_s;
    t.cluster().AddConsumer(group, c, w);
  }
  t.RunFor(30_s);
  std::map<std::string, std::vector<int64_t>> polled;
  for (const HistoryEvent& e : t.cluster().history()->events()) {
    if (e.type == HistoryType::kPoll) polled[e.client].push_back(e.value);
  }
  EXPECT_EQ(polled["committed"], (std::vector<int64_t>{1, 2, 5}));
  EXPECT_EQ(polled["everything"], (std::vector<int64_t>{1, 2, 3, 4, 5}));
  ConsumerConfig bad = t.cluster().ConsumerDefaults("g");
  EXPECT_EQ(bad.Set("isolation.level", "committed").value_or(""),
            "Invalid value committed for configuration isolation.level: String must be one of: "
            "read_committed, read_uncommitted");
}

}  // namespace
}  // namespace kafka::testing
