// Trace: the fingerprint covers every ingredient, sinks see every event, JSON Lines are valid.
#include "sim/trace.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sim {
namespace {
using namespace literals;

constexpr Kind kElected{"leader.elected"};
constexpr Kind kOther{"other"};

uint64_t FingerprintOf(Time t, NodeId node, const Kind& kind, std::initializer_list<Field> fields) {
  Trace trace;
  trace.Record(t, node, "n", kind, fields);
  return trace.fingerprint();
}

TEST(Trace, FingerprintCoversTimeNodeKindAndFields) {
  const Time t = Time::Zero() + 1_s;
  const uint64_t base = FingerprintOf(t, NodeId{1}, kElected, {{"leader", 101}, {"topic", "a"}});
  EXPECT_EQ(base, FingerprintOf(t, NodeId{1}, kElected, {{"leader", 101}, {"topic", "a"}}));
  EXPECT_NE(base, FingerprintOf(t + 1_ns, NodeId{1}, kElected, {{"leader", 101}, {"topic", "a"}}));
  EXPECT_NE(base, FingerprintOf(t, NodeId{2}, kElected, {{"leader", 101}, {"topic", "a"}}));
  EXPECT_NE(base, FingerprintOf(t, NodeId{1}, kOther, {{"leader", 101}, {"topic", "a"}}));
  EXPECT_NE(base, FingerprintOf(t, NodeId{1}, kElected, {{"leader", 102}, {"topic", "a"}}));
  EXPECT_NE(base, FingerprintOf(t, NodeId{1}, kElected, {{"leader", 101}, {"topic", "b"}}));
  EXPECT_NE(base, FingerprintOf(t, NodeId{1}, kElected, {{"leeder", 101}, {"topic", "a"}}));
}

TEST(Trace, FingerprintDependsOnOrder) {
  Trace one, two;
  one.Record(Time::Zero(), NodeId{1}, "n", kElected, {});
  one.Record(Time::Zero(), NodeId{2}, "n", kElected, {});
  two.Record(Time::Zero(), NodeId{2}, "n", kElected, {});
  two.Record(Time::Zero(), NodeId{1}, "n", kElected, {});
  EXPECT_NE(one.fingerprint(), two.fingerprint());
  EXPECT_EQ(one.event_count(), 2u);
}

TEST(Trace, StringsCountByContentNotAddress) {
  std::string a = "orders", b = "orders";
  EXPECT_EQ(FingerprintOf(Time::Zero(), NodeId{0}, kOther, {{"topic", a}}),
            FingerprintOf(Time::Zero(), NodeId{0}, kOther, {{"topic", b}}));
}

TEST(Trace, FingerprintIsPinned) {
  // Changing how events fold into the fingerprint invalidates every golden value: on purpose only.
  EXPECT_EQ(FingerprintHex(FingerprintOf(Time::Zero() + 1_s, NodeId{1}, kElected,
                                         {{"leader", 101}, {"topic", "orders"}})),
            "fb26f36e1ca711a7");
}

TEST(Trace, MemorySinkKeepsOwnedCopies) {
  Trace trace;
  MemoryTraceSink memory;
  trace.AddSink(&memory);
  {
    std::string topic = "orders";
    trace.Record(Time::Zero() + 2_s, NodeId{3}, "broker-103", kElected,
                 {{"topic", topic}, {"leader", 103}});
  }
  ASSERT_EQ(memory.events().size(), 1u);
  const auto& e = memory.events()[0];
  EXPECT_EQ(e.kind, "leader.elected");
  EXPECT_EQ(e.Text("topic"), "orders");
  EXPECT_EQ(e.Number("leader"), 103);
  EXPECT_EQ(e.Number("absent", -1), -1);
  trace.RemoveSink(&memory);
  trace.Record(Time::Zero(), NodeId{3}, "x", kElected, {});
  EXPECT_EQ(memory.events().size(), 1u);
}

TEST(Trace, JsonLinesAreOneEscapedObjectPerEvent) {
  Trace trace;
  std::ostringstream out;
  JsonLinesTraceSink sink(out);
  trace.AddSink(&sink);
  trace.Record(Time::Zero() + 1500_ms, NodeId{0}, "zk-1", kElected,
               {{"note", "say \"hi\"\n"}, {"epoch", 3}});
  trace.Record(Time::Zero(), kWorldNode, "ignored", kOther, {});
  EXPECT_EQ(out.str(),
            "{\"t_ns\":1500000000,\"node\":\"zk-1\",\"kind\":\"leader.elected\","
            "\"note\":\"say \\\"hi\\\"\\n\",\"epoch\":3}\n"
            "{\"t_ns\":0,\"node\":\"world\",\"kind\":\"other\"}\n");
}

}  // namespace
}  // namespace sim
