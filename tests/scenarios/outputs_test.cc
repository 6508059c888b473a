// The run's output files: the CSV time series, the Perfetto trace and the Graphviz placement, on a
// small run whose facts are known (one partition on 101, 102, 103; 101 killed at 10 s).
#include <gtest/gtest.h>

#include <sstream>

#include "scenarios/loader.h"
#include "scenarios/outputs/metrics_series.h"
#include "scenarios/outputs/perfetto_trace.h"
#include "scenarios/outputs/placement_dot.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {
namespace {

constexpr const char* kScenario = R"(
  name: "outputs"
  duration: "40s"
  cluster { config { key: "zookeeper.session.timeout.ms" value: "6000" } }
  topics { name: "orders" partitions: 1 replication_factor: 3
           assignment { partition: 0 replicas: [101, 102, 103] } }
  producers { name: "writer" topic: "orders" rate: 20 start: "3s" config { key: "acks" value: "all" } }
  groups { group_id: "billing" topics: "orders" }
  timeline { at: "10s" kill: "broker-101" }
)";

struct Outputs {
  std::string csv, perfetto, dot;
};

Outputs RunWithOutputs() {
  const Loaded loaded = LoadScenarioText(kScenario, "outputs.textproto");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors.front().ToString());
  MetricsSeries metrics;
  PerfettoTrace perfetto("outputs");
  ScenarioRunner* runner_ptr = nullptr;
  RunOptions options;
  options.sample_every = sim::Duration::Seconds(1);
  options.sample = [&](sim::Time at) {
    metrics.Sample(at, runner_ptr->cluster());
    perfetto.Sample(at, runner_ptr->cluster());
  };
  ScenarioRunner runner(*loaded.scenario, options);
  runner_ptr = &runner;
  runner.world().trace().AddSink(&perfetto);
  runner.Run();
  EXPECT_EQ(metrics.samples(), 41u);  // 0 s to 40 s
  Outputs out;
  std::ostringstream csv, trace;
  metrics.WriteCsv(csv);
  perfetto.Write(trace, *runner.cluster().history());
  out.csv = csv.str();
  out.perfetto = trace.str();
  out.dot = PlacementDot(runner.cluster());
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// One CSV row's cells, with RFC 4180's quoting (Kafka's metric names hold commas).
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

TEST(RunOutputs, TheCsvFollowsLeaderIsrAndAcknowledgedWrites) {
  const Outputs out = RunWithOutputs();
  const auto lines = Lines(out.csv);
  ASSERT_EQ(lines.size(), 42u);
  const auto header = Cells(lines[0]);
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<size_t>(it - header.begin());
  };
  const size_t leader = column("orders-0.leader"), isr = column("orders-0.isr_size");
  const size_t up = column("brokers_up"), acked = column("acknowledged");
  const auto at5 = Cells(lines[1 + 5]), at30 = Cells(lines[1 + 30]);
  EXPECT_EQ(at5[0], "5.000");
  EXPECT_EQ(at5[leader], "101");
  EXPECT_EQ(at5[isr], "3");
  EXPECT_EQ(at30[up], "2");
  EXPECT_EQ(at30[leader], "102");  // the next in the replica list
  EXPECT_EQ(at30[isr], "2");
  EXPECT_GT(std::stoll(at30[acked]), std::stoll(at5[acked]));
  EXPECT_EQ(Cells(lines[1])[leader], "");  // no topic yet at 0 s
  column("billing.lag");
  // Kafka's own metrics, by their JMX names: after a kill, partitions are under-replicated.
  const size_t under = column("kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions");
  const size_t controllers =
      column("kafka.controller:type=KafkaController,name=ActiveControllerCount");
  EXPECT_EQ(at5[under], "0");
  EXPECT_NE(at30[under], "0");
  EXPECT_EQ(at30[controllers], "1");
  for (const std::string& line : lines) EXPECT_EQ(Cells(line).size(), header.size());
}

TEST(RunOutputs, ThePerfettoTraceHasTracksCountersAndFlows) {
  const std::string trace = RunWithOutputs().perfetto;
  EXPECT_TRUE(trace.starts_with("{\"traceEvents\":["));
  EXPECT_TRUE(trace.ends_with("],\"displayTimeUnit\":\"ms\"}\n"));
  EXPECT_NE(trace.find("\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":"), std::string::npos);
  EXPECT_NE(trace.find("\"args\":{\"name\":\"broker-101\"}"), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"ISR size orders-0\",\"ph\":\"C\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"lag billing\",\"ph\":\"C\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"node.crash\""), std::string::npos);
  // A batch's path: produce, the leader's append, the followers' copies, the acknowledgement.
  for (const char* point : {"\"ph\":\"s\"", "\"ph\":\"t\"", "\"ph\":\"f\"", "\"replicate\"",
                            "\"append (leader)\"", "\"acknowledged\""}) {
    EXPECT_NE(trace.find(point), std::string::npos) << point;
  }
  // Brackets balance (the file is one JSON object).
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < trace.size(); ++i) {
    const char c = trace[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    ASSERT_GE(depth, 0);
  }
  EXPECT_EQ(depth, 0);
}

TEST(RunOutputs, TheDotShowsBrokersAndReplicaRoles) {
  const std::string dot = RunWithOutputs().dot;
  EXPECT_TRUE(dot.starts_with("digraph kafkasim {"));
  EXPECT_NE(dot.find("label=\"broker 101 (down)\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"orders-0@102\" [label=\"orders-0\\nleader\", fillcolor=\"#2e7d32\""),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"orders-0@102\" -> \"orders-0@103\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"zk-1\" [label=\"zk-1\\nleader\""), std::string::npos) << dot;
}

}  // namespace
}  // namespace kafkasim::scenarios
