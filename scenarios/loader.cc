// See loader.h.
#include "scenarios/loader.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "model/broker/broker_config.h"
#include "model/client/consumer.h"
#include "model/client/producer_config.h"
#include "model/common/topic_name.h"
#include "scenarios/checks.h"
#include "scenarios/questions.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/shell.h"
#include "sim/time.h"

namespace kafkasim::scenarios {
namespace {

namespace pb = google::protobuf;
using scenario::Scenario;

std::vector<std::string> ToStrings(const std::vector<std::string_view>& views) {
  return std::vector<std::string>(views.begin(), views.end());
}

// Collects the parser's complaints, adding the nearest field name to "no field named" errors.
class Collector : public pb::io::ErrorCollector {
 public:
  Collector(std::string file, std::vector<LoadError>* errors)
      : file_(std::move(file)), errors_(errors) {}
  void AddError(int line, int column, const std::string& message) override {
    errors_->push_back({file_, line + 1, column + 1, Improve(message)});
  }
  void AddWarning(int, int, const std::string&) override {}

 private:
  static std::string Improve(const std::string& message) {
    // 'Message type "kafkasim.scenario.Topic" has no field named "partitons".'
    const std::string marker = "has no field named \"";
    const size_t at = message.find(marker);
    const size_t type_start = message.find('"');
    if (at == std::string::npos || type_start == std::string::npos) return message;
    const size_t type_end = message.find('"', type_start + 1);
    const std::string type = message.substr(type_start + 1, type_end - type_start - 1);
    const size_t name_start = at + marker.size();
    const std::string name = message.substr(name_start, message.find('"', name_start) - name_start);
    const pb::Descriptor* d = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    if (d == nullptr) return message;
    std::vector<std::string> fields;
    for (int i = 0; i < d->field_count(); ++i) fields.push_back(d->field(i)->name());
    std::string out = message;
    if (const auto near = Nearest(name, fields)) out += " Did you mean \"" + *near + "\"?";
    std::string list;
    for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
    return out + " Fields of " + d->name() + ": " + list + ".";
  }
  std::string file_;
  std::vector<LoadError>* errors_;
};

// Semantic checks, each reported at the place of the field it concerns.
class Checker {
 public:
  Checker(const Scenario& s, const pb::TextFormat::ParseInfoTree& tree, std::string file,
          std::vector<LoadError>* errors)
      : s_(s), tree_(tree), file_(std::move(file)), errors_(errors) {}

  void Run() {
    CheckDuration(tree_, s_, "duration", s_.duration(), /*required=*/false);
    CheckCluster();
    CheckTopics();
    CheckProducers();
    CheckGroups();
    CheckTimeline();
    for (int i = 0; i < s_.expect_size(); ++i) {
      const auto parsed = ParseCheck(s_.expect(i));
      if (const auto* why = std::get_if<std::string>(&parsed)) Error(tree_, s_, "expect", i, *why);
    }
  }

 private:
  void Error(const pb::TextFormat::ParseInfoTree& tree, const pb::Message& m,
             const std::string& field, int index, const std::string& message) {
    const pb::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(field);
    pb::TextFormat::ParseLocation where;
    if (f != nullptr) where = tree.GetLocation(f, f->is_repeated() ? index : -1);
    errors_->push_back({file_, where.line + 1, where.column + 1, message});
  }
  const pb::TextFormat::ParseInfoTree& Nested(const pb::TextFormat::ParseInfoTree& tree,
                                              const pb::Message& m, const std::string& field,
                                              int index) {
    const pb::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(field);
    const pb::TextFormat::ParseInfoTree* nested =
        f ? tree.GetTreeForNested(f, f->is_repeated() ? index : -1) : nullptr;
    return nested ? *nested : tree;
  }

  bool CheckDuration(const pb::TextFormat::ParseInfoTree& tree, const pb::Message& m,
                     const std::string& field, const std::string& text, bool required) {
    if (text.empty() && !required) return true;
    sim::Duration d;
    if (!sim::ParseDuration(text, &d)) {
      Error(tree, m, field, -1, "'" + text + "' is not a duration like 500ms, 20s or 1.5m");
      return false;
    }
    return true;
  }

  // Settings by Kafka's names: `apply` returns the error text, to which the nearest name is added.
  template <typename Apply>
  void CheckSettings(const pb::TextFormat::ParseInfoTree& tree, const pb::Message& m,
                     const google::protobuf::Map<std::string, std::string>& settings,
                     const std::vector<std::string>& names, Apply apply) {
    std::vector<std::pair<std::string, std::string>> sorted(settings.begin(), settings.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [name, value] : sorted) {
      if (auto error = apply(name, value)) {
        if (error->starts_with("Unknown")) {
          if (const auto near = Nearest(name, names)) *error += "; did you mean '" + *near + "'?";
        }
        Error(tree, m, "config", 0, *error);
      }
    }
  }

  void CheckCluster() {
    const auto& c = s_.cluster();
    const auto& tree = Nested(tree_, s_, "cluster", -1);
    if (!c.kafka_version().empty() && kafka::FindVersionProfile(c.kafka_version()) == nullptr) {
      std::string list;
      for (auto n : kafka::VersionProfileNames())
        list += (list.empty() ? "" : ", ") + std::string(n);
      Error(tree, c, "kafka_version", -1,
            "unknown Kafka version '" + c.kafka_version() + "'; choose one of " + list);
    }
    CheckDuration(tree, c, "latency", c.latency(), false);
    const std::vector<std::string> names = ToStrings(kafka::BrokerConfig::Names());
    CheckSettings(tree, c, c.config(), names, [](const std::string& n, const std::string& v) {
      kafka::BrokerConfig scratch = kafka::BrokerConfig::Defaults(kafka::DefaultVersionProfile());
      return scratch.Set(n, v);
    });
    std::set<int32_t> seen;
    for (int i = 0; i < c.brokers_size(); ++i) {
      const auto& b = c.brokers(i);
      const auto& bt = Nested(tree, c, "brokers", i);
      if (b.id() < 0) Error(bt, b, "id", -1, "a broker id is 0 or more");
      if (!seen.insert(b.id()).second) {
        Error(bt, b, "id", -1, "broker " + std::to_string(b.id()) + " is declared twice");
      }
      CheckSettings(bt, b, b.config(), names, [](const std::string& n, const std::string& v) {
        kafka::BrokerConfig scratch = kafka::BrokerConfig::Defaults(kafka::DefaultVersionProfile());
        return scratch.Set(n, v);
      });
    }
    for (int32_t id : BrokerIds()) nodes_.push_back("broker-" + std::to_string(id));
    for (int z = 1; z <= std::max(1, c.zookeeper_servers()); ++z) {
      nodes_.push_back("zk-" + std::to_string(z));
    }
  }

  std::vector<int32_t> BrokerIds() const {
    std::vector<int32_t> ids;
    for (const auto& b : s_.cluster().brokers()) ids.push_back(b.id());
    if (ids.empty()) ids = {101, 102, 103};
    return ids;
  }

  const kafka::VersionProfile& Profile() const {
    const auto* p = kafka::FindVersionProfile(s_.cluster().kafka_version());
    return p ? *p : kafka::DefaultVersionProfile();
  }

  void CheckTopics() {
    const int32_t brokers = static_cast<int32_t>(BrokerIds().size());
    for (int i = 0; i < s_.topics_size(); ++i) {
      const auto& t = s_.topics(i);
      const auto& tt = Nested(tree_, s_, "topics", i);
      if (const auto why =
              kafka::InvalidTopicNameReason(t.name(), Profile().topic_name_messages_3_4)) {
        Error(tt, t, "name", -1, *why);
      }
      if (std::find(topics_.begin(), topics_.end(), t.name()) != topics_.end()) {
        Error(tt, t, "name", -1, "Topic '" + t.name() + "' already exists.");
      }
      topics_.push_back(t.name());
      if (t.replication_factor() > brokers) {
        Error(tt, t, "replication_factor", -1,
              "Replication factor: " + std::to_string(t.replication_factor()) +
                  " larger than available brokers: " + std::to_string(brokers) + ".");
      }
      std::map<std::string, std::string> config(t.config().begin(), t.config().end());
      if (const auto why = kafka::TopicSettings::Validate(config)) Error(tt, t, "config", 0, *why);
      partitions_[t.name()] =
          t.assignment_size() > 0 ? t.assignment_size() : std::max(1, t.partitions());
    }
  }

  void CheckTopicName(const pb::TextFormat::ParseInfoTree& tree, const pb::Message& m,
                      const std::string& field, int index, const std::string& topic) {
    if (std::find(topics_.begin(), topics_.end(), topic) != topics_.end()) return;
    std::string message = "no topic '" + topic + "' is declared in topics";
    if (const auto near = Nearest(topic, topics_)) message += "; did you mean '" + *near + "'?";
    Error(tree, m, field, index, message);
  }

  void CheckProducers() {
    const std::vector<std::string> names = ToStrings(kafka::ProducerConfig::Names());
    for (int i = 0; i < s_.producers_size(); ++i) {
      const auto& p = s_.producers(i);
      const auto& pt = Nested(tree_, s_, "producers", i);
      CheckTopicName(pt, p, "topic", -1, p.topic());
      CheckDuration(pt, p, "start", p.start(), false);
      kafka::ProducerConfig config = kafka::ProducerConfig::Defaults(Profile());
      CheckSettings(pt, p, p.config(), names,
                    [&](const std::string& n, const std::string& v) { return config.Set(n, v); });
      if (const auto why = config.Validate()) Error(pt, p, "config", 0, *why);
      if (p.transaction_records() < 0) {
        Error(pt, p, "transaction_records", -1, "transaction_records must be at least 1");
      }
      if (p.abort_every() < 0) Error(pt, p, "abort_every", -1, "abort_every must be at least 0");
      if (config.transactional_id && !Profile().transactions) {
        Error(pt, p, "config", 0,
              "transactional.id needs transactions, which came with Kafka 0.11; this scenario "
              "runs " +
                  std::string(Profile().name));
      }
      if ((p.transaction_records() > 0 || p.abort_every() > 0) && !config.transactional_id) {
        Error(pt, p, p.abort_every() > 0 ? "abort_every" : "transaction_records", -1,
              "transaction_records and abort_every need config \"transactional.id\"");
      }
      nodes_.push_back(p.name().empty() ? "producer-" + std::to_string(i + 1) : p.name());
    }
  }

  void CheckGroups() {
    const std::vector<std::string> names = ToStrings(kafka::ConsumerConfig::Names());
    for (int i = 0; i < s_.groups_size(); ++i) {
      const auto& g = s_.groups(i);
      const auto& gt = Nested(tree_, s_, "groups", i);
      if (g.group_id().empty()) Error(gt, g, "group_id", -1, "a group needs a group_id");
      for (int j = 0; j < g.topics_size(); ++j) CheckTopicName(gt, g, "topics", j, g.topics(j));
      static const std::vector<std::string> kModels = {
          "auto-commit",       "at-most-once",       "at-least-once",
          "exactly-once-sink", "read-process-write", "read-process-write-at-least-once"};
      if (!g.processing().empty() &&
          std::find(kModels.begin(), kModels.end(), g.processing()) == kModels.end()) {
        Error(gt, g, "processing", -1,
              "processing is one of auto-commit, at-most-once, at-least-once, exactly-once-sink, "
              "read-process-write, read-process-write-at-least-once");
      }
      const bool pipeline = g.processing().starts_with("read-process-write");
      if (pipeline && g.output_topic().empty()) {
        Error(gt, g, "processing", -1, g.processing() + " needs an output_topic");
      } else if (!g.output_topic().empty()) {
        if (!pipeline) {
          Error(gt, g, "output_topic", -1, "output_topic is for read-process-write groups");
        }
        CheckTopicName(gt, g, "output_topic", -1, g.output_topic());
      }
      if (g.processing() == "read-process-write" && !Profile().transactions) {
        Error(gt, g, "processing", -1,
              "read-process-write needs transactions, which came with Kafka 0.11; this scenario "
              "runs " +
                  std::string(Profile().name));
      }
      CheckDuration(gt, g, "processing_time", g.processing_time(), false);
      CheckDuration(gt, g, "start", g.start(), false);
      kafka::ConsumerConfig config = kafka::ConsumerConfig::Defaults(Profile());
      CheckSettings(gt, g, g.config(), names,
                    [&](const std::string& n, const std::string& v) { return config.Set(n, v); });
      for (int m = 1; m <= std::max(1, g.members()); ++m) {
        nodes_.push_back(g.group_id() + "-" + std::to_string(m));
      }
    }
  }

  void CheckNode(const pb::TextFormat::ParseInfoTree& tree, const pb::Message& m,
                 const std::string& field, int index, const std::string& node) {
    if (node == "controller" || node == "all") return;
    if (node.starts_with("leader:")) {
      const auto tp = ParsePartition(node.substr(7));
      if (!tp || !partitions_.contains(tp->topic) || tp->partition >= partitions_[tp->topic]) {
        Error(tree, m, field, index,
              "'" + node.substr(7) + "' is not a partition of a declared topic");
      }
      return;
    }
    if (std::find(nodes_.begin(), nodes_.end(), node) != nodes_.end()) return;
    std::string message = "no node '" + node + "' in this scenario";
    if (const auto near = Nearest(node, nodes_)) message += "; did you mean '" + *near + "'?";
    Error(tree, m, field, index, message);
  }

  // Console clients started by command steps are nodes too: console-consumer-1, -2, ... in the
  // order their commands appear.
  void AddConsoleClients() {
    std::map<std::string, int> started;
    for (const auto& step : s_.timeline()) {
      if (step.action_case() != scenario::Step::kCommand) continue;
      const auto words = SplitCommandLine(step.command());
      if (words.empty()) continue;
      for (const std::string tool : {"kafka-console-producer", "kafka-console-consumer"}) {
        if (words[0] == tool || words[0] == tool + ".sh") {
          nodes_.push_back(tool.substr(6) + "-" + std::to_string(++started[tool]));
        }
      }
    }
  }

  void CheckTimeline() {
    AddConsoleClients();
    sim::Duration last = sim::Duration::Zero();
    for (int i = 0; i < s_.timeline_size(); ++i) {
      const auto& step = s_.timeline(i);
      const auto& st = Nested(tree_, s_, "timeline", i);
      sim::Duration at;
      if (!sim::ParseDuration(step.at(), &at)) {
        Error(st, step, "at", -1, "'" + step.at() + "' is not a time like 20s");
      } else if (at < last) {
        Error(st, step, "at", -1,
              "steps go in time order: " + step.at() + " comes after " + sim::ToString(last));
      } else {
        last = at;
      }
      using A = scenario::Step;
      if (step.action_case() != A::kCommand && (step.input_size() > 0 || !step.on().empty())) {
        Error(st, step, step.input_size() > 0 ? "input" : "on", step.input_size() > 0 ? 0 : -1,
              "only a command step takes input or a host to run on");
      }
      switch (step.action_case()) {
        case A::kKill:
          CheckNode(st, step, "kill", -1, step.kill());
          break;
        case A::kPowerLoss:
          CheckNode(st, step, "power_loss", -1, step.power_loss());
          break;
        case A::kRestart:
          CheckNode(st, step, "restart", -1, step.restart());
          break;
        case A::kStop:
          CheckNode(st, step, "stop", -1, step.stop());
          break;
        case A::kHeal:
          CheckNode(st, step, "heal", -1, step.heal());
          break;
        case A::kPause: {
          const auto& pt = Nested(st, step, "pause", -1);
          CheckNode(pt, step.pause(), "node", -1, step.pause().node());
          CheckDuration(pt, step.pause(), "duration", step.pause().duration(), true);
          break;
        }
        case A::kCut: {
          const auto& ct = Nested(st, step, "cut", -1);
          CheckNode(ct, step.cut(), "node", -1, step.cut().node());
          for (int j = 0; j < step.cut().from_size(); ++j) {
            CheckNode(ct, step.cut(), "from", j, step.cut().from(j));
          }
          break;
        }
        case A::kSlow: {
          const auto& slt = Nested(st, step, "slow", -1);
          CheckNode(slt, step.slow(), "node", -1, step.slow().node());
          for (int j = 0; j < step.slow().to_size(); ++j) {
            CheckNode(slt, step.slow(), "to", j, step.slow().to(j));
          }
          CheckDuration(slt, step.slow(), "delay", step.slow().delay(), true);
          break;
        }
        case A::kCheck: {
          const auto parsed = ParseCheck(step.check());
          if (const auto* why = std::get_if<std::string>(&parsed))
            Error(st, step, "check", -1, *why);
          break;
        }
        case A::kElectPreferred:
          if (step.elect_preferred() != "all" && !ParsePartition(step.elect_preferred())) {
            Error(st, step, "elect_preferred", -1, "'all' or a partition like orders-0");
          }
          break;
        case A::kCommand:
          if (const auto why = KafkaShell::Check(step.command())) {
            Error(st, step, "command", -1, *why);
          }
          if (!step.on().empty()) CheckNode(st, step, "on", -1, step.on());
          break;
        case A::kSplit: {
          const auto& spt = Nested(st, step, "split", -1);
          if (step.split().groups_size() < 2) {
            Error(st, step, "split", -1, "a split needs at least two groups of nodes");
          }
          for (int g = 0; g < step.split().groups_size(); ++g) {
            const auto& group = step.split().groups(g);
            const auto& gt = Nested(spt, step.split(), "groups", g);
            for (int j = 0; j < group.nodes_size(); ++j) {
              CheckNode(gt, group, "nodes", j, group.nodes(j));
            }
          }
          break;
        }
        case A::kExpireSession:
          if (!step.expire_session().starts_with("broker-") &&
              step.expire_session() != "controller" &&
              !step.expire_session().starts_with("leader:")) {
            Error(st, step, "expire_session", -1,
                  "only a broker's session can be expired, e.g. broker-102");
          } else {
            CheckNode(st, step, "expire_session", -1, step.expire_session());
          }
          break;
        case A::kQuestion: {
          const auto& qt = Nested(st, step, "question", -1);
          const scenario::Question& q = step.question();
          if (const auto why = ValidateQuestion(q)) Error(st, step, "question", -1, *why);
          sim::Duration run_length = sim::Duration::Seconds(60);
          if (!s_.duration().empty()) sim::ParseDuration(s_.duration(), &run_length);
          if (at > run_length) {
            Error(st, step, "at", -1,
                  "a question after the run's end (" + sim::ToString(run_length) +
                      ") is never asked");
          }
          sim::Duration settle;
          if (!q.settle_at().empty()) {
            if (!sim::ParseDuration(q.settle_at(), &settle)) {
              Error(qt, q, "settle_at", -1, "'" + q.settle_at() + "' is not a time like 20s");
            } else if (settle < at) {
              Error(qt, q, "settle_at", -1,
                    "a question settles at or after its own time (" + step.at() + ")");
            } else if (settle > run_length) {
              Error(qt, q, "settle_at", -1,
                    "settle_at is after the run's end (" + sim::ToString(run_length) + ")");
            }
          }
          break;
        }
        case A::kNarrate:
          break;
        case A::ACTION_NOT_SET:
          Error(tree_, s_, "timeline", i, "a step needs an action (narrate, kill, restart, ...)");
          break;
      }
    }
  }

  const Scenario& s_;
  const pb::TextFormat::ParseInfoTree& tree_;
  std::string file_;
  std::vector<LoadError>* errors_;
  std::vector<std::string> topics_;
  std::map<std::string, int32_t> partitions_;
  std::vector<std::string> nodes_;
};

}  // namespace

std::string LoadError::ToString() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::optional<std::string> Nearest(const std::string& word,
                                   const std::vector<std::string>& choices) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : choices) {
    // Levenshtein distance.
    std::vector<size_t> row(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= word.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        const size_t up = row[j];
        row[j] =
            std::min({row[j] + 1, row[j - 1] + 1, diagonal + (word[i - 1] == c[j - 1] ? 0 : 1)});
        diagonal = up;
      }
    }
    if (row[c.size()] < best_distance) {
      best_distance = row[c.size()];
      best = c;
    }
  }
  return best;
}

Loaded LoadScenarioText(const std::string& text, const std::string& name) {
  Loaded out;
  Scenario s;
  pb::TextFormat::Parser parser;
  Collector collector(name, &out.errors);
  parser.RecordErrorsTo(&collector);
  pb::TextFormat::ParseInfoTree tree;
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &s)) return out;
  Checker(s, tree, name, &out.errors).Run();
  if (out.errors.empty()) out.scenario = std::move(s);
  return out;
}

Loaded LoadScenarioFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    Loaded out;
    out.errors.push_back({path, 0, 0, "cannot read the file"});
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  return LoadScenarioText(text.str(), path);
}

}  // namespace kafkasim::scenarios
