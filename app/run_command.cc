// `kafkasim run FILE`: loads a scenario (errors as file:line:column, exit code 2), plays it, and
// prints a narrated timeline of what mattered, the final state of every partition and group, the
// checks and the verdict (exit code 1 if a check or an invariant failed). `--json` prints one
// object instead; `--quiet` only the fingerprint. `--trace`, `--perfetto`, `--dot` and `--metrics`
// also write the run as JSON Lines, a Perfetto trace, a Graphviz placement and a CSV time series.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "app/command.h"
#include "app/progress.h"
#include "app/served_cluster.h"
#include "app/terminal_quiz.h"
#include "model/common/id_text.h"
#include "scenarios/describe.h"
#include "scenarios/loader.h"
#include "scenarios/narrator.h"
#include "scenarios/nemesis.h"
#include "scenarios/outputs/metrics_series.h"
#include "scenarios/outputs/perfetto_trace.h"
#include "scenarios/outputs/placement_dot.h"
#include "scenarios/runner.h"
#include "sim/json_string.h"

namespace kafkasim::app {
namespace {

struct Options {
  std::string file;
  std::optional<uint64_t> seed;
  std::string until;
  std::string trace_path;
  std::string replay_path;
  std::string perfetto_path;
  std::string dot_path;
  std::string metrics_path;
  std::string nemesis;
  std::string answers;
  bool no_questions = false;
  bool json = false;
  bool quiet = false;
};

// The --json report lists at most this many anomalies (the counts cover all).
constexpr size_t kMaxListed = 1000;

std::string Json(const std::string& s) {
  std::string out;
  sim::AppendJsonString(out, s);
  return out;
}

// The final state as kafka-topics --describe and kafka-consumer-groups --describe print it.
void PrintFinalState(kafka::Cluster& cluster, const scenario::Scenario& s) {
  fmt::print("\n$ kafka-topics --bootstrap-server broker-{}:9092 --describe\n",
             cluster.broker_ids().front());
  if (const kafka::ControllerContext* view = cluster.ControllerView()) {
    for (const auto& [topic, assignment] : view->assignments) {
      if (!topic.starts_with("__")) fmt::print("{}", scenarios::DescribeTopic(cluster, topic));
    }
  } else {
    fmt::print("(no controller is running: the command would time out)\n");
  }
  for (const auto& g : s.groups()) {
    fmt::print(
        "\n$ kafka-consumer-groups --bootstrap-server broker-{}:9092 --describe --group {}\n",
        cluster.broker_ids().front(), g.group_id());
    fmt::print("{}", scenarios::DescribeGroup(cluster, g.group_id()));
  }
}

// The --json report's partitions and groups.
std::string StateJson(kafka::Cluster& cluster, const scenario::Scenario& s) {
  std::string partitions;
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic.starts_with("__")) continue;
    std::string replicas;
    for (int32_t id : cluster.Replicas(tp)) {
      replicas += fmt::format("{}{{\"broker\":{},\"log_end_offset\":{},\"high_watermark\":{}}}",
                              replicas.empty() ? "" : ",", id, cluster.LogEndOffset(id, tp),
                              cluster.HighWatermark(id, tp));
    }
    std::string isr;
    for (int32_t id : cluster.Isr(tp)) isr += (isr.empty() ? "" : ",") + std::to_string(id);
    const int32_t leader = cluster.Leader(tp);
    partitions += fmt::format(
        "{}{{\"topic\":{},\"partition\":{},\"leader\":{},\"isr\":[{}],\"high_watermark\":{},"
        "\"replicas\":[{}]}}",
        partitions.empty() ? "" : ",", Json(tp.topic), tp.partition, leader, isr,
        leader < 0 ? -1 : cluster.HighWatermark(leader, tp), replicas);
  }
  std::string groups;
  for (const auto& g : s.groups()) {
    const kafka::GroupMetadata* meta = cluster.Group(g.group_id());
    std::string offsets;
    for (const auto& lag : scenarios::GroupLags(cluster, g.group_id())) {
      offsets += fmt::format(
          "{}{{\"topic\":{},\"partition\":{},\"committed\":{},\"log_end_offset\":{},\"lag\":{}}}",
          offsets.empty() ? "" : ",", Json(lag.tp.topic), lag.tp.partition, lag.committed,
          lag.log_end, lag.committed < 0 || lag.log_end < 0 ? -1 : lag.log_end - lag.committed);
    }
    groups += fmt::format(
        "{}{{\"group\":{},\"state\":{},\"generation\":{},\"members\":{},"
        "\"offsets\":[{}]}}",
        groups.empty() ? "" : ",", Json(g.group_id()),
        Json(meta ? kafka::ToString(meta->state) : "Dead"), meta ? meta->generation_id : -1,
        meta ? meta->members.size() : 0, offsets);
  }
  return fmt::format("\"partitions\":[{}],\"groups\":[{}]", partitions, groups);
}

// `run FILE --replay SESSION`: a session `serve --record` wrote, played again without clients.
int ReplaySession(const Options& options, const scenario::Scenario& scenario) {
  std::ifstream in(options.replay_path);
  if (!in) {
    fmt::print(stderr, "kafkasim run: cannot read {}\n", options.replay_path);
    return kExitUsage;
  }
  scenarios::RunOptions run_options;
  run_options.seed = options.seed;
  const auto print = [&](const std::string& line) {
    if (!options.quiet) fmt::print("{}\n", line);
  };
  std::unique_ptr<ServedCluster> served;
  if (const auto error = ServedCluster::Replay(in, scenario, run_options, print, &served)) {
    fmt::print(stderr, "{}:{}\n", options.replay_path, *error);
    return kExitUsage;
  }
  if (options.quiet) {
    fmt::print("{}\n", sim::FingerprintHex(served->fingerprint()));
  } else {
    for (const std::string& line : served->DeliveryReport()) fmt::print("{}\n", line);
    fmt::print("fingerprint {} (session {}, ended at {})\n",
               sim::FingerprintHex(served->fingerprint()), options.replay_path,
               sim::ToString(served->world().Now()));
  }
  return kExitOk;
}

// What a learner should know about an anomaly that settings, not a bug, explain.
const char* WhyAnomaly(const std::string& kind) {
  if (kind == "nonmonotonic-send") {
    return "nonmonotonic-send: a producer without idempotence retries a batch that failed (a\n"
           "           leader died or moved) after later batches to the same partition were\n"
           "           written, since up to max.in.flight.requests.per.connection (5) requests "
           "are\n"
           "           in flight at once; the retry lands after them. enable.idempotence=true "
           "keeps\n"
           "           the send order (the broker refuses a batch out of sequence until the\n"
           "           missing one arrives). After an unclean leader election, new writes\n"
           "           can also land below earlier acknowledged ones, whatever the retries.";
  }
  return nullptr;
}

int Run(const Options& options) {
  const scenarios::Loaded loaded = scenarios::LoadScenarioFile(options.file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
    return kExitUsage;
  }
  scenario::Scenario scenario = *loaded.scenario;
  if (!options.replay_path.empty()) return ReplaySession(options, scenario);
  if (!options.nemesis.empty()) {
    const auto kinds = scenarios::ParseNemesis(options.nemesis);
    if (const auto* why = std::get_if<std::string>(&kinds)) {
      fmt::print(stderr, "kafkasim run: --nemesis: {}\n", *why);
      return kExitUsage;
    }
    scenarios::AddNemesis(scenario, std::get<std::set<std::string>>(kinds),
                          options.seed.value_or(scenario.seed() == 0 ? 1 : scenario.seed()));
  }
  scenarios::RunOptions run_options;
  run_options.seed = options.seed;
  const bool narrate = !options.json && !options.quiet;
  // The questions: asked in the narration (answers from --answers, then from a learner at a
  // terminal), or, in --json and --quiet, answered from --answers alone.
  const std::vector<std::string> scripted = options.answers.empty()
                                                ? std::vector<std::string>{}
                                                : scenarios::SplitAnswers(options.answers);
  const bool learner = narrate && IsTerminal(stdin);
  std::optional<TerminalQuiz> quiz;
  size_t next_answer = 0;
  if (!options.no_questions && narrate && (learner || !scripted.empty())) {
    quiz.emplace(scripted, learner ? stdin : nullptr);
    run_options.ask = [&quiz](const scenarios::QuestionRecord& q) { return quiz->Ask(q); };
    run_options.revealed = [&quiz](const scenarios::QuestionRecord& q) { return quiz->Reveal(q); };
  } else if (!options.no_questions && !scripted.empty()) {
    run_options.ask = [&](const scenarios::QuestionRecord&) -> std::optional<std::string> {
      if (next_answer >= scripted.size()) return std::nullopt;
      const std::string& answer = scripted[next_answer++];
      if (answer.empty()) return std::nullopt;
      return answer;
    };
  }
  // A progress line on standard error (a terminal only) once a run has taken more than a
  // second of wall time (not while a learner answers questions: the wait is theirs).
  const auto wall_start = std::chrono::steady_clock::now();
  ProgressLine progress;
  if (!options.quiet && !options.json && !(learner && quiz)) {
    run_options.progress = [&](sim::Time now, sim::Time end) {
      const auto elapsed = std::chrono::steady_clock::now() - wall_start;
      if (elapsed < std::chrono::seconds(1)) return;
      progress.Show(fmt::format("simulated {} of {} ({:.0f} s wall)", sim::ToString(now),
                                sim::ToString(end),
                                std::chrono::duration<double>(elapsed).count()));
    };
  }
  if (!options.until.empty()) {
    sim::Duration until;
    if (!sim::ParseDuration(options.until, &until)) {
      fmt::print(stderr, "kafkasim run: --until: '{}' is not a duration like 30s\n", options.until);
      return kExitUsage;
    }
    run_options.until = until;
  }
  // Every output file opens before the run, so a bad path fails at once.
  std::map<std::string, std::ofstream> files;
  for (const std::string* path :
       {&options.trace_path, &options.perfetto_path, &options.dot_path, &options.metrics_path}) {
    if (path->empty()) continue;
    files[*path].open(*path);
    if (!files[*path]) {
      fmt::print(stderr, "kafkasim run: cannot write {}\n", *path);
      return kExitUsage;
    }
  }
  scenarios::MetricsSeries metrics;
  scenarios::PerfettoTrace perfetto(scenario.name().empty() ? options.file : scenario.name());
  std::function<const kafka::Cluster&()> cluster_now;
  if (!options.metrics_path.empty() || !options.perfetto_path.empty()) {
    run_options.sample_every = sim::Duration::Millis(100);
    run_options.sample = [&](sim::Time at) {
      if (!options.metrics_path.empty()) metrics.Sample(at, cluster_now());
      if (!options.perfetto_path.empty()) perfetto.Sample(at, cluster_now());
    };
  }
  scenarios::ScenarioRunner runner(scenario, run_options);
  cluster_now = [&runner]() -> const kafka::Cluster& { return runner.cluster(); };
  std::unique_ptr<sim::JsonLinesTraceSink> trace_sink;
  if (!options.trace_path.empty()) {
    trace_sink = std::make_unique<sim::JsonLinesTraceSink>(files[options.trace_path]);
    runner.world().trace().AddSink(trace_sink.get());
  }
  if (!options.perfetto_path.empty()) runner.world().trace().AddSink(&perfetto);
  scenarios::Narrator narrator([](const std::string& line) { fmt::print("{}\n", line); });
  if (narrate) {
    const auto& s = scenario;
    fmt::print("{}\n", s.name().empty() ? options.file : s.name());
    if (!s.description().empty()) fmt::print("{}\n", s.description());
    fmt::print("\n");
    runner.world().trace().AddSink(&narrator);
  }
  const scenarios::RunReport report = runner.Run();
  progress.Finish();
  if (!options.no_questions && scripted.size() > report.questions.size()) {
    fmt::print(stderr,
               "kafkasim run: --answers: {} answers for {} questions; the last {} were not "
               "used\n",
               scripted.size(), report.questions.size(), scripted.size() - report.questions.size());
  }
  if (!options.perfetto_path.empty()) {
    perfetto.Write(files[options.perfetto_path], *runner.cluster().history());
  }
  if (!options.metrics_path.empty()) metrics.WriteCsv(files[options.metrics_path]);
  if (!options.dot_path.empty())
    files[options.dot_path] << scenarios::PlacementDot(runner.cluster());
  if (options.quiet) {
    fmt::print("{}\n", sim::FingerprintHex(report.fingerprint));
    return report.passed() ? kExitOk : kExitCheckFailed;
  }
  if (options.json) {
    std::string checks;
    for (const auto& c : report.checks) {
      checks += fmt::format(
          "{}{{\"at_ns\":{},\"check\":{},\"passed\":{},\"actual\":{},\"expectation\":{}}}",
          checks.empty() ? "" : ",", c.at.nanos(), Json(c.check), c.passed ? "true" : "false",
          Json(c.actual), c.expectation ? "true" : "false");
    }
    std::string violations;
    for (const auto& v : report.violations) violations += (violations.empty() ? "" : ",") + Json(v);
    std::string expectations;
    for (const auto& c : report.checks) {
      if (!c.expectation) continue;
      expectations += fmt::format("{}{{\"expect\":{},\"passed\":{},\"actual\":{}}}",
                                  expectations.empty() ? "" : ",", Json(c.check),
                                  c.passed ? "true" : "false", Json(c.actual));
    }
    const kafka::DeliveryReport& d = report.delivery;
    std::string counts, anomalies;
    for (const auto& [kind, n] : d.counts) {
      counts += fmt::format("{}{}:{}", counts.empty() ? "" : ",", Json(kind), n);
    }
    for (size_t i = 0; i < d.anomalies.size() && i < kMaxListed; ++i) {
      const kafka::Anomaly& a = d.anomalies[i];
      std::string offsets, values;
      for (auto o : a.offsets) offsets += (offsets.empty() ? "" : ",") + std::to_string(o);
      for (auto v : a.values) values += (values.empty() ? "" : ",") + std::to_string(v);
      anomalies += fmt::format(
          "{}{{\"kind\":{},\"topic\":{},\"partition\":{},\"offsets\":[{}],\"values\":[{}],"
          "\"client\":{},\"at_ns\":{}{}}}",
          anomalies.empty() ? "" : ",", Json(a.kind), Json(a.tp.topic), a.tp.partition, offsets,
          values, Json(a.client), a.at.nanos(),
          a.cycle.empty() ? "" : ",\"cycle\":" + Json(a.cycle));
    }
    std::string verdicts;
    for (const auto* list : {&report.guarantees, &report.groups}) {
      for (const auto& v : *list) {
        verdicts +=
            fmt::format("{}{{\"subject\":{},\"applies\":{},\"held\":{},\"detail\":{}}}",
                        verdicts.empty() ? "" : ",", Json(v.subject), v.applies ? "true" : "false",
                        v.held ? "true" : "false", Json(v.detail));
      }
    }
    std::string questions;
    for (const auto& q : report.questions) {
      questions += fmt::format(
          "{}{{\"number\":{},\"at_ns\":{},\"prompt\":{},\"answer\":{},\"right\":{},"
          "\"truth\":{}}}",
          questions.empty() ? "" : ",", q.number, q.at.nanos(), Json(q.question.prompt()),
          q.answer ? Json(*q.answer) : "null", q.right ? "true" : "false", Json(q.truth));
    }
    std::string allowed;
    for (const auto& [kind, n] : d.allowed_counts) {
      allowed += fmt::format("{}{}:{}", allowed.empty() ? "" : ",", Json(kind), n);
    }
    const std::string anomalies_json = fmt::format(
        "\"anomalies\":{{\"counts\":{{{}}},\"lost\":{},\"duplicates\":{},\"unseen\":{},"
        "\"expired\":{},\"total\":{},\"list\":[{}],\"allowed\":{{{}}}}},\"guarantees\":[{}]",
        counts, d.lost, d.duplicates, d.unseen, d.expired, d.anomalies.size(), anomalies, allowed,
        verdicts);
    fmt::print(
        "{{\"scenario\":{},\"seed\":{},\"duration_ns\":{},\"verdict\":{},"
        "\"produced\":{{\"sent\":{},\"acknowledged\":{},\"failed\":{},\"unknown\":{},"
        "\"pending\":{}}},"
        "\"consumed\":{},\"expectations\":[{}],\"checks\":[{}],\"violations\":[{}],{},{},"
        "\"questions\":[{}],\"events\":{},\"fingerprint\":\"{}\"}}\n",
        Json(report.name), report.seed, report.duration.nanos(),
        report.passed() ? "\"pass\"" : "\"fail\"", report.sent, report.acknowledged, report.failed,
        report.unknown, report.pending(), report.consumed, expectations, checks, violations,
        StateJson(runner.cluster(), scenario), anomalies_json, questions, report.events,
        sim::FingerprintHex(report.fingerprint));
    return report.passed() ? kExitOk : kExitCheckFailed;
  }
  PrintFinalState(runner.cluster(), scenario);
  fmt::print(
      "\nwrites     {} sent: {} acknowledged, {} failed, {} unknown, {} still pending; {} records "
      "consumed\n",
      report.sent, report.acknowledged, report.failed, report.unknown, report.pending(),
      report.consumed);
  for (const auto& v : report.guarantees) {
    fmt::print("guarantee  {} {}{}\n",
               !v.applies ? "n/a "
               : v.held   ? "held"
                          : "BROKEN",
               v.subject, v.detail.empty() ? "" : " (" + v.detail + ")");
  }
  for (const auto& v : report.groups) {
    fmt::print("semantics  {} {} ({})\n", v.held ? "held" : "BROKEN", v.subject, v.detail);
  }
  const kafka::DeliveryReport& d = report.delivery;
  if (d.expired > 0) {
    fmt::print(
        "retention  {} acknowledged records were deleted by retention before anyone read "
        "them (not counted as lost or unseen)\n",
        d.expired);
  }
  if (d.ok()) {
    fmt::print("anomalies  none (lost 0, duplicates 0, unseen 0)\n");
  } else {
    std::string counts;
    for (const auto& [kind, n] : d.counts) {
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", kind, n);
    }
    fmt::print("anomalies  {} (lost {}, duplicates {}, unseen {})\n", counts, d.lost, d.duplicates,
               d.unseen);
    for (size_t i = 0; i < d.anomalies.size() && i < 5; ++i) {
      fmt::print("           {}\n", d.anomalies[i].Describe());
    }
    if (d.anomalies.size() > 5) {
      fmt::print("           ... {} more (--json lists them)\n", d.anomalies.size() - 5);
    }
    for (const auto& [kind, n] : d.counts) {
      if (const char* why = WhyAnomaly(kind)) fmt::print("why        {}\n", why);
    }
  }
  if (!d.allowed.empty()) {
    std::string counts;
    for (const auto& [kind, n] : d.allowed_counts) {
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", kind, n);
    }
    fmt::print("allowed    {} (concurrent transactions interleave in the logs: Kafka allows it)\n",
               counts);
    fmt::print("           {}\n", d.allowed.front().Describe());
  }
  for (const auto& c : report.checks) {
    if (c.expectation) {
      fmt::print("expect     {} {}{}\n", c.passed ? "PASS" : "FAIL", c.check,
                 c.passed ? "" : " (found: " + c.actual + ")");
    }
  }
  for (const auto& v : report.violations) {
    const auto unexpected = report.UnexpectedViolations();
    const bool expected = std::find(unexpected.begin(), unexpected.end(), v) == unexpected.end();
    fmt::print("violation  {}{}\n", v, expected ? " (expected: this replay shows it)" : "");
  }
  for (const auto& kind : report.MissingViolations()) {
    fmt::print("expected   FAIL the invariant '{}' was expected to break and did not\n", kind);
  }
  if (quiz) TerminalQuiz::PrintScore(report.questions);
  fmt::print("fingerprint {} (seed {})\n", sim::FingerprintHex(report.fingerprint), report.seed);
  fmt::print("verdict    {}\n", report.passed() ? "PASS" : "FAIL");
  return report.passed() ? kExitOk : kExitCheckFailed;
}

}  // namespace

int RunNarrated(const std::string& file, std::optional<uint64_t> seed) {
  Options options;
  options.file = file;
  options.seed = seed;
  return Run(options);
}

void AddRunCommand(CLI::App& app, RunFunction* run) {
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Play a scenario file: narrated timeline, final state, checks and verdict");
  cmd->add_option("file", options->file, "Scenario file (protobuf text format)")->required();
  cmd->add_option("--seed", options->seed, "Seed of the run (instead of the file's)");
  cmd->add_option("--until", options->until, "Stop at this simulated time, e.g. 30s");
  cmd->add_option("--trace", options->trace_path, "Write every event as JSON Lines to this file");
  cmd->add_option("--perfetto", options->perfetto_path,
                  "Write a Perfetto/Chrome trace (JSON): a track per node, counters, flows");
  cmd->add_option("--dot", options->dot_path,
                  "Write the final broker and replica placement as Graphviz DOT");
  cmd->add_option("--metrics", options->metrics_path,
                  "Write a CSV time series (every 100 ms of simulated time)");
  cmd->add_option("--nemesis", options->nemesis,
                  "Add a random fault schedule drawn from the seed (as kafkasim sweep does): "
                  "kill,power,pause,partition,zk,clients");
  cmd->add_option("--replay", options->replay_path,
                  "Play a session `kafkasim serve --record` wrote, without its clients");
  cmd->add_option("--answers", options->answers,
                  "Answer the scenario's questions, in order: choice numbers or free answers, "
                  "e.g. 2,103,[101,103] (a terminal asks for any not given)");
  cmd->add_flag("--no-questions", options->no_questions, "Play straight through: ask no question");
  cmd->add_flag("--json", options->json, "Print the report as one JSON object");
  cmd->add_flag("--quiet", options->quiet, "Print only the fingerprint");
  cmd->callback([run, options] { *run = [options] { return Run(*options); }; });
}

}  // namespace kafkasim::app
