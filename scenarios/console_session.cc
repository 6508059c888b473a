// See console_session.h.
#include "scenarios/console_session.h"

#include "model/common/id_text.h"
#include "scenarios/describe.h"
#include "scenarios/shell/command_line.h"

namespace kafkasim::scenarios {

// Counts the shell's own answers (output not printed by a running console client).
class ConsoleSession::AnswerCounter : public sim::TraceSink {
 public:
  void OnEvent(const sim::EventView& e) override {
    if (e.kind.name != kinds::kCommandOutput.name) return;
    for (const sim::Field& f : e.fields) {
      if (f.key == "from" && f.text.empty()) ++count;
    }
  }
  uint64_t count = 0;
};

namespace {

using namespace sim::literals;

constexpr const char* kHelp = R"(Kafka's tools, typed as on a real machine:
  kafka-topics --bootstrap-server localhost:9092 --create --topic first_topic --partitions 3 --replication-factor 2
  kafka-topics --bootstrap-server localhost:9092 --list | --describe [--topic T] | --delete --topic T
  kafka-console-producer --bootstrap-server localhost:9092 --topic T   (then lines to send, an empty line ends)
  kafka-console-consumer --bootstrap-server localhost:9092 --topic T [--group G] [--from-beginning]
  kafka-consumer-groups --bootstrap-server localhost:9092 --list | --describe --group G
  zookeeper-server-start config/zookeeper.properties, kafka-server-start config/server.properties,
  kafka-server-stop, zookeeper-server-stop
  (localhost:9092, 9093, 9094 are the brokers in id order; broker-102:9092 names one directly)
The simulation:
  advance [5s]             let simulated time run on (default 1s)
  status                   brokers, controller, ZooKeeper, every topic and group now
  kill N | power-loss N    kill -9 a node, or cut its power (unflushed writes are lost)
  restart N | stop N       start a node that is down; kafka-server-stop one broker
  pause N 10s              stop a node's world for a while (a long GC pause)
  expire-session N         ZooKeeper expires broker N's session
  cut N [from A,B] [inbound]   cut N off from the other brokers (or from A and B); one way
  split A,B C,D            a network partition between the groups of nodes
  slow N DELAY [to A,B]    N's messages to the brokers (or to A and B) arrive DELAY late
  heal [N]                 bring back every cut link (or N's), and end slow routes
  elect-preferred [T-P]    run the preferred leader election
  check SENTENCE           e.g. check leader of first_topic-0 is 102
  help, quit
Nodes: 102 or broker-102, zk-1, a client's name (console-consumer-1), controller, leader:T-P.)";

// "a,b,c" as its items.
std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) items.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace

scenario::Scenario ConsoleSession::DefaultScenario() {
  scenario::Scenario s;
  s.set_name("kafkasim console");
  s.set_duration("1h");
  return s;
}

ConsoleSession::ConsoleSession(const scenario::Scenario& scenario, RunOptions options, Print print)
    : owned_runner_(std::make_unique<ScenarioRunner>(scenario, std::move(options))),
      runner_(owned_runner_.get()),
      print_(std::move(print)),
      narrator_(print_),
      answers_(std::make_unique<AnswerCounter>()) {
  runner_->world().trace().AddSink(&narrator_);
  runner_->world().trace().AddSink(answers_.get());
  runner_->Begin();
  Advance(2_s);
}

ConsoleSession::ConsoleSession(ScenarioRunner& runner, Print print)
    : runner_(&runner),
      print_(std::move(print)),
      narrator_(print_),
      answers_(std::make_unique<AnswerCounter>()) {
  runner_->world().trace().AddSink(&narrator_);
  runner_->world().trace().AddSink(answers_.get());
}

ConsoleSession::~ConsoleSession() {
  if (owned_runner_) return;
  // The runner goes on without this console.
  runner_->world().trace().RemoveSink(&narrator_);
  runner_->world().trace().RemoveSink(answers_.get());
}

std::string ConsoleSession::Prompt() const {
  if (producer_command_) return ">";
  return "[" + sim::ToString(runner_->world().Now()) + "] kafkasim> ";
}

void ConsoleSession::Advance(sim::Duration d) { runner_->AdvanceTo(runner_->world().Now() + d); }

void ConsoleSession::AdvanceUntilAnswered(uint64_t answers, sim::Duration limit) {
  const sim::Time deadline = runner_->world().Now() + limit;
  while (answers_->count < answers && runner_->world().Now() < deadline) {
    const sim::Time next = std::min(deadline, runner_->world().Now() + 10_ms);
    runner_->AdvanceTo(next);
  }
}

std::string ConsoleSession::NodeName(const std::string& word) const {
  if (kafka::ParseInt32(word)) return "broker-" + word;
  return word;
}

void ConsoleSession::ApplyToNode(scenario::Step step, const std::string& node) {
  if (!runner_->Resolve(node)) {
    print_("no node '" + node + "' (try status)");
    return;
  }
  runner_->Apply(step);
}

void ConsoleSession::RunTool(const std::string& line, const std::vector<std::string>& input) {
  scenario::Step step;
  step.set_command(line);
  for (const std::string& l : input) step.add_input(l);
  const uint64_t before = answers_->count;
  runner_->Apply(step);
  // A console consumer answers nothing of its own; give it time to join and print.
  const bool consumer = SplitCommandLine(line).front().starts_with("kafka-console-consumer");
  if (consumer) {
    Advance(5_s);
  } else {
    AdvanceUntilAnswered(before + 1, 60_s);
  }
}

void ConsoleSession::EndOfInput() {
  if (!producer_command_) return;
  const std::string command = *producer_command_;
  producer_command_.reset();
  RunTool(command, std::exchange(producer_input_, {}));
  Advance(3_s);  // the producer lingers, sends and hears back
}

bool ConsoleSession::Handle(const std::string& line) {
  if (producer_command_) {
    if (line.empty()) {
      EndOfInput();
    } else {
      producer_input_.push_back(line);
    }
    return true;
  }
  const std::vector<std::string> words = SplitCommandLine(line);
  if (words.empty() || words[0].starts_with("#")) return true;
  const std::string& verb = words[0];
  auto arg = [&](size_t i) { return i < words.size() ? words[i] : std::string(); };
  auto need = [&](size_t n, const char* usage) {
    if (words.size() >= n + 1) return true;
    print_(std::string("usage: ") + usage);
    return false;
  };
  scenario::Step step;
  if (verb == "quit" || verb == "exit") return false;
  if (verb == "help") {
    Help();
  } else if (verb == "advance") {
    sim::Duration d = 1_s;
    if (words.size() > 1 && !sim::ParseDuration(words[1], &d)) {
      print_("advance: '" + words[1] + "' is not a duration like 5s");
      return true;
    }
    Advance(d);
  } else if (verb == "status") {
    Status();
  } else if (verb == "kill" || verb == "power-loss" || verb == "restart" || verb == "stop" ||
             verb == "expire-session") {
    if (!need(1, (verb + " NODE").c_str())) return true;
    const std::string node = NodeName(arg(1));
    if (verb == "kill") step.set_kill(node);
    if (verb == "power-loss") step.set_power_loss(node);
    if (verb == "restart") step.set_restart(node);
    if (verb == "stop") step.set_stop(node);
    if (verb == "expire-session") step.set_expire_session(node);
    ApplyToNode(step, node);
  } else if (verb == "pause") {
    if (!need(2, "pause NODE DURATION")) return true;
    sim::Duration d;
    if (!sim::ParseDuration(arg(2), &d)) {
      print_("pause: '" + arg(2) + "' is not a duration like 10s");
      return true;
    }
    step.mutable_pause()->set_node(NodeName(arg(1)));
    step.mutable_pause()->set_duration(arg(2));
    ApplyToNode(step, NodeName(arg(1)));
  } else if (verb == "cut") {
    if (!need(1, "cut NODE [from A,B] [inbound]")) return true;
    auto* cut = step.mutable_cut();
    cut->set_node(NodeName(arg(1)));
    for (size_t i = 2; i < words.size(); ++i) {
      if (words[i] == "inbound") {
        cut->set_inbound_only(true);
      } else if (words[i] == "from" && i + 1 < words.size()) {
        for (const std::string& name : SplitList(words[++i])) cut->add_from(NodeName(name));
      }
    }
    for (const auto& from : cut->from()) {
      if (!runner_->Resolve(from)) {
        print_("no node '" + from + "' (try status)");
        return true;
      }
    }
    ApplyToNode(step, cut->node());
  } else if (verb == "slow") {
    if (!need(2, "slow NODE DELAY [to A,B]")) return true;
    sim::Duration delay;
    if (!sim::ParseDuration(arg(2), &delay)) {
      print_("slow: '" + arg(2) + "' is not a duration like 20s");
      return true;
    }
    auto* slow = step.mutable_slow();
    slow->set_node(NodeName(arg(1)));
    slow->set_delay(arg(2));
    for (size_t i = 3; i + 1 < words.size(); ++i) {
      if (words[i] == "to") {
        for (const std::string& name : SplitList(words[++i])) slow->add_to(NodeName(name));
      }
    }
    for (const auto& to : slow->to()) {
      if (!runner_->Resolve(to)) {
        print_("no node '" + to + "' (try status)");
        return true;
      }
    }
    ApplyToNode(step, slow->node());
  } else if (verb == "split") {
    if (!need(2, "split A,B C,D [...]")) return true;
    for (size_t i = 1; i < words.size(); ++i) {
      auto* group = step.mutable_split()->add_groups();
      for (const std::string& name : SplitList(words[i])) {
        if (!runner_->Resolve(NodeName(name))) {
          print_("no node '" + NodeName(name) + "' (try status)");
          return true;
        }
        group->add_nodes(NodeName(name));
      }
    }
    runner_->Apply(step);
  } else if (verb == "heal") {
    step.set_heal(words.size() > 1 ? NodeName(arg(1)) : "all");
    runner_->Apply(step);
  } else if (verb == "elect-preferred") {
    step.set_elect_preferred(words.size() > 1 ? arg(1) : "all");
    runner_->Apply(step);
    Advance(1_s);
  } else if (verb == "check") {
    std::string sentence = line.substr(line.find("check") + 5);
    sentence.erase(0, sentence.find_first_not_of(' '));
    step.set_check(sentence);
    runner_->Apply(step);
  } else if (const auto why = KafkaShell::Check(line)) {
    print_(verb.starts_with("kafka") || verb.starts_with("zookeeper")
               ? *why
               : "unknown command '" + verb + "' (type help)");
  } else if (verb.starts_with("kafka-console-producer")) {
    producer_command_ = line;  // its input follows
  } else {
    RunTool(line, {});
  }
  return true;
}

void ConsoleSession::Status() {
  kafka::Cluster& cluster = runner_->cluster();
  sim::World& world = cluster.world();
  std::string brokers;
  for (int32_t id : cluster.broker_ids()) {
    brokers += (brokers.empty() ? "" : ", ") + std::to_string(id) + " " +
               sim::ToString(world.state(cluster.BrokerNode(id)));
  }
  const int32_t controller = cluster.ControllerId();
  print_("brokers    " + brokers);
  print_("controller " + (controller < 0 ? std::string("none") : std::to_string(controller)));
  std::string zk;
  for (int sid = 1; sid <= cluster.spec().zookeeper_servers; ++sid) {
    const sim::NodeId node = cluster.ZkNode(sid);
    std::string role = sim::ToString(world.state(node));
    if (world.state(node) != sim::NodeState::kDown) {
      role = zk::ToString(world.node_as<zk::ZkServer>(node).state());
    }
    zk += (zk.empty() ? "" : ", ") + std::string("zk-") + std::to_string(sid) + " " + role;
  }
  print_("zookeeper  " + zk);
  if (const kafka::ControllerContext* view = cluster.ControllerView()) {
    for (const auto& [topic, assignment] : view->assignments) {
      if (!topic.starts_with("__")) PrintBlock(DescribeTopic(cluster, topic));
    }
  }
  for (const std::string& g : GroupIds(cluster)) PrintBlock(DescribeGroup(cluster, g));
}

void ConsoleSession::PrintBlock(std::string text) {
  if (text.ends_with('\n')) text.pop_back();
  print_(text);
}

void ConsoleSession::Help() { print_(kHelp); }

}  // namespace kafkasim::scenarios
