// See runner.h.
#include "scenarios/runner.h"

#include <algorithm>
#include <utility>

#include "model/check/guarantees.h"
#include "model/client/admin_client.h"
#include "scenarios/narrator.h"

namespace kafkasim::scenarios {
namespace {

using namespace sim::literals;

sim::Duration DurationOr(const std::string& text, sim::Duration fallback) {
  sim::Duration d;
  return !text.empty() && sim::ParseDuration(text, &d) ? d : fallback;
}

kafka::ProcessingModel ModelOf(const std::string& name) {
  if (name == "at-most-once") return kafka::ProcessingModel::kCommitBeforeProcessing;
  if (name == "at-least-once") return kafka::ProcessingModel::kProcessThenCommit;
  if (name == "exactly-once-sink") return kafka::ProcessingModel::kIdempotentSink;
  if (name == "read-process-write") return kafka::ProcessingModel::kReadProcessWrite;
  if (name == "read-process-write-at-least-once") {
    return kafka::ProcessingModel::kReadProcessWriteAtLeastOnce;
  }
  return kafka::ProcessingModel::kAutoCommit;
}

std::string Describe(const scenario::Step& step) {
  using A = scenario::Step;
  switch (step.action_case()) {
    case A::kKill:
      return "kill -9 " + step.kill();
    case A::kPowerLoss:
      return "power loss: " + step.power_loss();
    case A::kRestart:
      return "restart " + step.restart();
    case A::kStop:
      return "kafka-server-stop on " + step.stop();
    case A::kPause:
      return "pause " + step.pause().node() + " for " + step.pause().duration();
    case A::kCut: {
      std::string from;
      for (const auto& f : step.cut().from()) from += (from.empty() ? "" : ", ") + f;
      return "cut " + step.cut().node() + " off from " +
             (from.empty() ? "the other brokers" : from) +
             (step.cut().inbound_only() ? " (inbound only)" : "");
    }
    case A::kSlow: {
      std::string to;
      for (const auto& t : step.slow().to()) to += (to.empty() ? "" : ", ") + t;
      return "slow the route from " + step.slow().node() + " to " +
             (to.empty() ? "the brokers" : to) + " by " + step.slow().delay();
    }
    case A::kHeal:
      return "heal " + step.heal();
    case A::kElectPreferred:
      return "kafka-leader-election --election-type preferred (" + step.elect_preferred() + ")";
    case A::kExpireSession:
      return "ZooKeeper expires the session of " + step.expire_session();
    case A::kSplit: {
      std::string groups;
      for (const auto& g : step.split().groups()) {
        std::string nodes;
        for (const auto& n : g.nodes()) nodes += (nodes.empty() ? "" : ", ") + n;
        groups += (groups.empty() ? "" : " | ") + nodes;
      }
      return "split the network: " + groups;
    }
    default:
      return "";
  }
}

}  // namespace

std::vector<std::string> RunReport::UnexpectedViolations() const {
  std::vector<std::string> out;
  for (const std::string& v : violations) {
    const bool expected = std::any_of(expected_violations.begin(), expected_violations.end(),
                                      [&](const std::string& kind) { return v.starts_with(kind); });
    if (!expected) out.push_back(v);
  }
  return out;
}

std::vector<std::string> RunReport::MissingViolations() const {
  std::vector<std::string> out;
  for (const std::string& kind : expected_violations) {
    const bool happened = std::any_of(violations.begin(), violations.end(),
                                      [&](const std::string& v) { return v.starts_with(kind); });
    if (!happened) out.push_back(kind);
  }
  return out;
}

bool RunReport::passed() const {
  return UnexpectedViolations().empty() && MissingViolations().empty() &&
         std::all_of(checks.begin(), checks.end(), [](const CheckRecord& c) { return c.passed; });
}

ScenarioRunner::ScenarioRunner(const scenario::Scenario& scenario, RunOptions options)
    : scenario_(scenario), options_(std::move(options)) {
  seed_ = options_.seed.value_or(scenario_.seed() == 0 ? 1 : scenario_.seed());
  duration_ = DurationOr(scenario_.duration(), 60_s);
  if (options_.until && *options_.until < duration_) duration_ = *options_.until;
  questions_ = QuestionBook(scenario_, duration_);
  questions_.Connect(
      options_.ask, options_.revealed,
      [this](const Check& check) { return Evaluate(check, *cluster_, groups_); },
      options_.stop_at_unanswered);

  const auto& c = scenario_.cluster();
  kafka::ClusterSpec spec;
  spec.seed = seed_;
  if (!c.kafka_version().empty()) spec.version = c.kafka_version();
  spec.zookeeper_servers = std::max(1, c.zookeeper_servers());
  if (c.brokers_size() > 0) {
    spec.brokers.clear();
    for (const auto& b : c.brokers()) {
      kafka::ClusterSpec::BrokerSpec broker;
      broker.id = b.id();
      if (!b.rack().empty()) broker.rack = b.rack();
      broker.config = std::map<std::string, std::string>(b.config().begin(), b.config().end());
      spec.brokers.push_back(std::move(broker));
    }
  }
  spec.broker_config = std::map<std::string, std::string>(c.config().begin(), c.config().end());
  spec.latency = DurationOr(c.latency(), 1_ms);
  spec.start_by_hand = c.start_by_hand();
  cluster_ = std::make_unique<kafka::Cluster>(spec);
  world().trace().AddSink(&retention_);
  admin_ = cluster_->AddClient("admin", std::make_unique<kafka::RequestClient>(cluster_->hosts()));
  shell_ = std::make_unique<KafkaShell>(
      *cluster_, admin_, [this](const std::string& from, const std::string& text, bool ok) {
        world().Record(sim::NodeId{}, kinds::kCommandOutput,
                       {{"output", text}, {"ok", ok}, {"from", from}});
      });

  int64_t first_value = 1;
  for (int i = 0; i < scenario_.producers_size(); ++i) {
    const auto& p = scenario_.producers(i);
    kafka::ProducerConfig config = cluster_->ProducerDefaults();
    for (const auto& [name, value] : p.config()) config.Set(name, value);
    config.Validate();
    kafka::ProducerWorkload w;
    w.topic = p.topic();
    w.rate_per_s = p.rate();
    w.limit = p.count() > 0 ? p.count() : -1;
    w.keys = p.keys();
    w.start_after = DurationOr(p.start(), 5_s);
    w.first_value = first_value;
    if (p.transaction_records() > 0) w.transaction_records = p.transaction_records();
    w.abort_every = p.abort_every();
    first_value += 1'000'000'000;  // value ids stay unique across producers
    const std::string name = p.name().empty() ? "producer-" + std::to_string(i + 1) : p.name();
    config.client_id = name;
    if (config.enable_idempotence) idempotent_producers_.insert(name);
    shell_->NameValues(w.first_value, name);
    clients_[name] = cluster_->AddProducer(name, config, w);
  }
  int64_t pipelines = 0;  // read-process-write groups so far
  for (const auto& g : scenario_.groups()) {
    auto sink = std::make_shared<kafka::ExternalSink>(g.processing() == "exactly-once-sink");
    groups_[g.group_id()].topics.insert(g.topics().begin(), g.topics().end());
    groups_[g.group_id()].sink = sink;
    for (int m = 1; m <= std::max(1, g.members()); ++m) {
      const std::string name = g.group_id() + "-" + std::to_string(m);
      kafka::ConsumerConfig config = cluster_->ConsumerDefaults(g.group_id());
      for (const auto& [key, value] : g.config()) config.Set(key, value);
      config.client_id = name;
      kafka::ConsumerWorkload w;
      w.topics.assign(g.topics().begin(), g.topics().end());
      w.model = ModelOf(g.processing());
      w.processing_time = DurationOr(g.processing_time(), 1_ms);
      w.start_after = DurationOr(g.start(), 5_s);
      w.sink = sink;
      if (!g.output_topic().empty()) {
        // The producer the member runs: transactional (its id is the member's name) for
        // read-process-write, acks=all either way.
        w.output_topic = g.output_topic();
        // Each pipeline's outputs in a value range of their own (inputs stay below 10^12).
        w.output_value_offset = int64_t{1'000'000'000'000} * (1 + pipelines);
        kafka::ProducerConfig out = cluster_->ProducerDefaults();
        out.client_id = name;
        out.Set("acks", "all");
        if (w.model == kafka::ProcessingModel::kReadProcessWrite) out.Set("transactional.id", name);
        out.Validate();
        w.output_producer = out;
        groups_[g.group_id()].output_topic = g.output_topic();
        groups_[g.group_id()].output_value_offset = w.output_value_offset;
      }
      clients_[name] = cluster_->AddConsumer(name, config, w);
      groups_[g.group_id()].members.insert(name);
    }
    if (!g.output_topic().empty()) ++pipelines;
  }
}

std::optional<sim::NodeId> ScenarioRunner::Resolve(const std::string& node) const {
  if (node == "controller") {
    const int32_t id = cluster_->ControllerId();
    if (id < 0) return std::nullopt;
    return cluster_->BrokerNode(id);
  }
  if (node.starts_with("leader:")) {
    const auto tp = ParsePartition(node.substr(7));
    const int32_t leader = tp ? cluster_->Leader(*tp) : -1;
    if (leader < 0) return std::nullopt;
    return cluster_->BrokerNode(leader);
  }
  if (const auto it = clients_.find(node); it != clients_.end()) return it->second;
  return cluster_->hosts()->Resolve(node);
}

void ScenarioRunner::CreateTopics() {
  auto& admin = world().node_as<kafka::RequestClient>(admin_);
  kafka::CreateTopicsRequest request;
  for (const auto& t : scenario_.topics()) {
    kafka::CreateTopicsRequest::Topic topic;
    topic.name = t.name();
    topic.num_partitions = t.partitions() > 0 ? t.partitions() : -1;
    topic.replication_factor =
        static_cast<int16_t>(t.replication_factor() > 0 ? t.replication_factor() : -1);
    for (const auto& a : t.assignment()) {
      topic.assignments[a.partition()] =
          std::vector<int32_t>(a.replicas().begin(), a.replicas().end());
    }
    topic.configs = std::map<std::string, std::string>(t.config().begin(), t.config().end());
    request.topics.push_back(std::move(topic));
  }
  if (request.topics.empty()) return;
  kafka::SendToController(
      admin, cluster_->broker_ids(), request, 30000, [](const kafka::PacketBody*) {}, 10);
}

void ScenarioRunner::Schedule(const scenario::Step& step) {
  // Questions are no events: the book poses and settles them between events.
  if (step.action_case() == scenario::Step::kQuestion) return;
  const sim::Time at = sim::Time::Zero() + DurationOr(step.at(), sim::Duration::Zero());
  world().At(at, [this, step] { Apply(step); });
}

void ScenarioRunner::Apply(const scenario::Step& step) {
  using A = scenario::Step;
  sim::World& w = world();
  if (const std::string what = Describe(step); !what.empty()) {
    w.Record(sim::NodeId{}, kinds::kStep, {{"step", what}});
  }
  auto node = [&](const std::string& name) { return Resolve(name); };
  switch (step.action_case()) {
    case A::kNarrate:
      w.Record(sim::NodeId{}, kinds::kNarrate, {{"text", step.narrate()}});
      break;
    case A::kKill:
      if (auto n = node(step.kill())) w.Crash(*n, sim::CrashKind::kProcess);
      break;
    case A::kPowerLoss:
      if (auto n = node(step.power_loss())) w.Crash(*n, sim::CrashKind::kPowerLoss);
      break;
    case A::kRestart:
      if (auto n = node(step.restart())) w.Restart(*n);
      break;
    case A::kStop:
      if (auto n = node(step.stop())) {
        if (auto* broker = dynamic_cast<kafka::Broker*>(&w.node(*n))) {
          if (w.state(*n) != sim::NodeState::kDown) broker->BeginShutdown();
        } else {
          w.Crash(*n, sim::CrashKind::kProcess);
        }
      }
      break;
    case A::kPause:
      if (auto n = node(step.pause().node())) {
        w.Pause(*n, DurationOr(step.pause().duration(), 1_s));
      }
      break;
    case A::kCut:
      Cut(step.cut());
      break;
    case A::kSplit:
      Split(step.split());
      break;
    case A::kSlow:
      Slow(step.slow());
      break;
    case A::kHeal:
      Heal(step.heal());
      break;
    case A::kCheck:
      checks_.push_back(RunCheck(step.check(), false));
      break;
    case A::kElectPreferred: {
      const int32_t controller = cluster_->ControllerId();
      if (controller < 0) break;
      std::vector<kafka::TopicPartition> partitions;
      if (const auto tp = ParsePartition(step.elect_preferred())) partitions.push_back(*tp);
      cluster_->broker(controller).controller()->ElectPreferredLeaders(partitions);
      break;
    }
    case A::kCommand: {
      w.Record(sim::NodeId{}, kinds::kStep, {{"step", step.on() + "$ " + step.command()}});
      shell_->Run(step.command(), step.on(),
                  std::vector<std::string>(step.input().begin(), step.input().end()));
      break;
    }
    case A::kExpireSession:
      if (auto n = node(step.expire_session())) {
        const std::string& host = w.name(*n);
        if (host.starts_with("broker-")) {
          cluster_->ExpireBrokerSession(std::stoi(host.substr(7)));
        }
      }
      break;
    case A::kQuestion:  // the question book's (a question typed live has nothing to watch)
    case A::ACTION_NOT_SET:
      break;
  }
}

// The nodes a cut or a slow route applies to: those named, or every broker but `self`.
std::vector<sim::NodeId> ScenarioRunner::NamedOrOtherBrokers(
    const google::protobuf::RepeatedPtrField<std::string>& names, sim::NodeId self) const {
  std::vector<sim::NodeId> out;
  for (const auto& name : names) {
    if (auto n = Resolve(name)) out.push_back(*n);
  }
  if (names.empty()) {
    for (int32_t id : cluster_->broker_ids()) {
      if (cluster_->BrokerNode(id) != self) out.push_back(cluster_->BrokerNode(id));
    }
  }
  return out;
}

void ScenarioRunner::Cut(const scenario::Cut& cut) {
  const auto target = Resolve(cut.node());
  if (!target) return;
  for (const sim::NodeId other : NamedOrOtherBrokers(cut.from(), *target)) {
    world().Block(other, *target);
    blocked_.insert({other.value, target->value});
    if (!cut.inbound_only()) {
      world().Block(*target, other);
      blocked_.insert({target->value, other.value});
    }
  }
}

void ScenarioRunner::Slow(const scenario::Slow& slow) {
  const auto source = Resolve(slow.node());
  if (!source) return;
  const sim::Duration delay = DurationOr(slow.delay(), 1_s);
  for (const sim::NodeId target : NamedOrOtherBrokers(slow.to(), *source)) {
    world().SetDelay(*source, target, delay);
    slowed_.insert({source->value, target.value});
  }
}

void ScenarioRunner::Split(const scenario::Split& split) {
  std::vector<std::vector<sim::NodeId>> groups;
  for (const auto& g : split.groups()) {
    groups.emplace_back();
    for (const auto& name : g.nodes()) {
      if (auto n = Resolve(name)) groups.back().push_back(*n);
    }
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    for (size_t j = 0; j < groups.size(); ++j) {
      if (i == j) continue;
      for (const sim::NodeId a : groups[i]) {
        for (const sim::NodeId b : groups[j]) {
          world().Block(a, b);
          blocked_.insert({a.value, b.value});
        }
      }
    }
  }
}

void ScenarioRunner::Heal(const std::string& node) {
  const bool all = node == "all";
  const uint32_t target = all ? 0 : Resolve(node).value_or(sim::NodeId{UINT32_MAX}).value;
  for (auto it = blocked_.begin(); it != blocked_.end();) {
    if (all || it->first == target || it->second == target) {
      world().Unblock(sim::NodeId{it->first}, sim::NodeId{it->second});
      it = blocked_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = slowed_.begin(); it != slowed_.end();) {
    if (all || it->first == target || it->second == target) {
      world().SetDelay(sim::NodeId{it->first}, sim::NodeId{it->second}, sim::Duration::Zero());
      it = slowed_.erase(it);
    } else {
      ++it;
    }
  }
}

CheckRecord ScenarioRunner::RunCheck(const std::string& text, bool expectation) {
  CheckRecord record{world().Now(), text, false, "", expectation};
  const auto parsed = ParseCheck(text);
  if (const auto* check = std::get_if<Check>(&parsed)) {
    const CheckOutcome outcome = Evaluate(*check, *cluster_, groups_);
    record.passed = outcome.passed;
    record.actual = outcome.actual;
  } else {
    record.actual = std::get<std::string>(parsed);
  }
  world().Record(sim::NodeId{}, kinds::kCheck,
                 {{"check", text}, {"passed", record.passed}, {"actual", record.actual}});
  return record;
}

RunReport ScenarioRunner::Run() {
  Begin();
  AdvanceTo(sim::Time::Zero() + duration_);
  return Finish();
}

void ScenarioRunner::Begin() {
  if (std::exchange(begun_, true)) return;
  cluster_->Start();
  world().At(sim::Time::Zero() + 1500_ms, [this] { CreateTopics(); });
  for (const auto& step : scenario_.timeline()) Schedule(step);
}

void ScenarioRunner::AdvanceTo(sim::Time until) {
  sim::World& w = world();
  const sim::Time end = sim::Time::Zero() + duration_;
  while (w.scheduler().NextEventTime() <= until) {
    if (!questions_.Before(w.scheduler().NextEventTime())) return;
    SampleUpTo(std::min(w.scheduler().NextEventTime() - sim::Duration::Nanos(1), until));
    if (!w.Step()) break;
    if (options_.check_invariants) monitor_.Check(*cluster_);
    if (options_.progress && ++steps_ % 10'000 == 0) options_.progress(w.Now(), end);
  }
  if (!questions_.Before(until == sim::Time::Never() ? until : until + sim::Duration::Nanos(1))) {
    return;
  }
  SampleUpTo(until);
  if (w.Now() < until) w.RunUntil(until);
}

void ScenarioRunner::SampleUpTo(sim::Time t) {
  if (!options_.sample || options_.sample_every <= sim::Duration::Zero()) return;
  for (; next_sample_ <= t; next_sample_ = next_sample_ + options_.sample_every) {
    options_.sample(next_sample_);
  }
}

bool ScenarioRunner::StepOne() {
  const sim::Time next = world().scheduler().NextEventTime();
  if (next != sim::Time::Never() && !questions_.Before(next)) return false;
  SampleUpTo(world().scheduler().NextEventTime() - sim::Duration::Nanos(1));
  if (!world().Step()) return false;
  if (options_.check_invariants) monitor_.Check(*cluster_);
  return true;
}

RunReport ScenarioRunner::Finish() {
  sim::World& w = world();
  RunReport report;
  report.name = scenario_.name();
  report.seed = seed_;
  report.duration = duration_;
  report.checks = checks_;
  questions_.SettleAll(w.Now());
  report.questions = questions_.Posed();
  for (const auto& text : scenario_.expect()) report.checks.push_back(RunCheck(text, true));
  report.violations = monitor_.violations();
  report.expected_violations.assign(scenario_.expect_violations().begin(),
                                    scenario_.expect_violations().end());
  for (const auto& e : cluster_->history()->events()) {
    switch (e.type) {
      case kafka::HistoryType::kInvoke:
        ++report.sent;
        break;
      case kafka::HistoryType::kOk:
        ++report.acknowledged;
        break;
      case kafka::HistoryType::kFail:
        ++report.failed;
        break;
      case kafka::HistoryType::kInfo:
        ++report.unknown;
        break;
      case kafka::HistoryType::kPoll:
        ++report.consumed;
        break;
      default:
        break;
    }
  }
  // Records acknowledged in the last 10 s may still be on their way to a consumer.
  const sim::Time now = w.Now();
  report.delivery = kafka::CheckDelivery(*cluster_->history(),
                                         kafka::SettledBefore(now, sim::Duration::Seconds(10)),
                                         &retention_.timeline());
  report.guarantees = JudgeGuarantees(*cluster_, scenario_, idempotent_producers_);
  report.groups = JudgeGroups(*cluster_, scenario_, groups_, &retention_.timeline());
  report.events = w.scheduler().executed();
  report.fingerprint = w.trace().fingerprint();
  return report;
}

}  // namespace kafkasim::scenarios
