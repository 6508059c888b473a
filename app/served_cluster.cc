// See served_cluster.h.
#include "app/served_cluster.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <sstream>

#include "model/check/delivery_checker.h"

namespace kafkasim::app {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

// One scenario step in text format; the parser's first complaint, if any, instead of a log line.
bool ParseStep(const std::string& text, scenario::Step* step, std::string* complaint) {
  class FirstError : public google::protobuf::io::ErrorCollector {
   public:
    explicit FirstError(std::string* out) : out_(out) {}
    void AddError(int, int column, const std::string& message) override {
      if (out_->empty()) *out_ = "column " + std::to_string(column + 1) + ": " + message;
    }
    void AddWarning(int, int, const std::string&) override {}

   private:
    std::string* out_;
  } errors(complaint);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  return parser.ParseFromString(text, step);
}

}  // namespace

std::vector<int32_t> ServedBrokers(const scenario::Scenario& scenario) {
  std::vector<int32_t> brokers;
  for (const auto& b : scenario.cluster().brokers()) brokers.push_back(b.id());
  if (brokers.empty()) brokers = {101, 102, 103};
  std::sort(brokers.begin(), brokers.end());
  return brokers;
}

ServedCluster::ServedCluster(const scenario::Scenario& scenario, scenarios::RunOptions options,
                             scenarios::ConsoleSession::Print print, Listeners listeners,
                             std::ostream* record)
    : session_(std::make_unique<scenarios::ConsoleSession>(scenario, options, std::move(print))),
      runner_(&session_->runner()),
      record_(record) {
  Serve(options.seed, std::move(listeners));
}

ServedCluster::ServedCluster(scenarios::ScenarioRunner& runner, std::optional<uint64_t> seed,
                             scenarios::ConsoleSession::Print print, Listeners listeners,
                             std::ostream* record)
    : session_(std::make_unique<scenarios::ConsoleSession>(runner, std::move(print))),
      runner_(&runner),
      record_(record) {
  Serve(seed, std::move(listeners));
}

void ServedCluster::Serve(std::optional<uint64_t> seed, Listeners listeners) {
  if (record_) {
    *record_ << "kafkasim-session 1\n";
    if (seed) *record_ << "seed " << *seed << "\n";
    for (const auto& [broker, l] : listeners) {
      *record_ << "listener " << broker << " " << l.host << " " << l.port << "\n";
    }
  }
  auto gateway =
      std::make_unique<kafka::wire::Gateway>(cluster().hosts(), std::move(listeners), "kafkasim");
  gateway_ = gateway.get();
  gateway_->SetHistory(cluster().history());
  cluster().AddClient("real-clients", std::move(gateway));
}

std::vector<std::string> ServedCluster::DeliveryReport() {
  const kafka::DeliveryReport d = kafka::CheckDelivery(*cluster().history());
  if (d.ok()) {
    return {"anomalies  none (lost 0, duplicates 0, unseen 0)"};
  }
  std::string counts;
  for (const auto& [kind, n] : d.counts) {
    counts += (counts.empty() ? "" : ", ") + kind + " " + std::to_string(n);
  }
  std::vector<std::string> lines = {"anomalies  " + counts + " (lost " + std::to_string(d.lost) +
                                    ", duplicates " + std::to_string(d.duplicates) + ", unseen " +
                                    std::to_string(d.unseen) + ")"};
  for (size_t i = 0; i < d.anomalies.size() && i < 5; ++i) {
    lines.push_back("           " + d.anomalies[i].Describe());
  }
  return lines;
}

void ServedCluster::Note(const std::string& what) {
  if (record_) *record_ << world().Now().SinceZero().nanos() << " " << what << "\n";
}

void ServedCluster::AdvanceTo(sim::Time t) {
  if (t > world().Now()) runner_->AdvanceTo(t);
}

void ServedCluster::Now(const std::function<void()>& action) {
  world().At(world().Now(), action);
  runner_->AdvanceTo(world().Now());
}

void ServedCluster::Open(uint64_t connection, int32_t broker) {
  Note("open " + std::to_string(connection) + " " + std::to_string(broker));
  Now([this, connection, broker] { gateway_->Open(connection, broker); });
}

void ServedCluster::Arrive(uint64_t connection, const std::string& bytes) {
  Note("data " + std::to_string(connection) + " " + Hex(bytes));
  Now([this, connection, bytes] { gateway_->Arrive(connection, bytes); });
}

void ServedCluster::Closed(uint64_t connection) {
  Note("closed " + std::to_string(connection));
  Now([this, connection] { gateway_->Closed(connection); });
}

bool ServedCluster::Type(const std::string& line) {
  Note("type " + line);
  return session_->Handle(line);
}

void ServedCluster::Apply(const scenario::Step& step) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  scenario::Step now = step;
  now.clear_at();  // the line's own time says when
  std::string text;
  printer.PrintToString(now, &text);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  Note("step " + text);
  runner_->Apply(step);
}

void ServedCluster::EndOfInput() {
  Note("eof");
  session_->EndOfInput();
}

std::vector<std::string> ServedCluster::End(const std::string& file,
                                            const std::string& record_path) {
  Note("end");
  if (record_) record_->flush();
  std::vector<std::string> lines = {"[" + sim::ToString(world().Now()) + "] serving stops"};
  for (std::string& line : DeliveryReport()) lines.push_back(std::move(line));
  lines.push_back("fingerprint " + sim::FingerprintHex(fingerprint()));
  if (!record_path.empty()) {
    lines.push_back("replay with: kafkasim run " + (file.empty() ? std::string("FILE") : file) +
                    " --replay " + record_path);
  }
  return lines;
}

std::optional<std::string> ServedCluster::Replay(std::istream& in,
                                                 const scenario::Scenario& scenario,
                                                 scenarios::RunOptions options,
                                                 scenarios::ConsoleSession::Print print,
                                                 std::unique_ptr<ServedCluster>* out) {
  std::string line;
  int number = 0;
  const auto error = [&](const std::string& what) { return std::to_string(number) + ": " + what; };
  if (!std::getline(in, line) || (++number, line != "kafkasim-session 1")) {
    return "1: not a kafkasim session (expected 'kafkasim-session 1')";
  }
  Listeners listeners;
  std::unique_ptr<ServedCluster>& served = *out;
  while (std::getline(in, line)) {
    ++number;
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (!served && first == "seed") {
      uint64_t seed = 0;
      if (!(words >> seed)) return error("a seed must be a number");
      options.seed = seed;
      continue;
    }
    if (!served && first == "listener") {
      int32_t broker = 0;
      kafka::wire::Gateway::Listener l;
      if (!(words >> broker >> l.host >> l.port)) return error("listener BROKER HOST PORT");
      listeners[broker] = l;
      continue;
    }
    if (!served) served = std::make_unique<ServedCluster>(scenario, options, print, listeners);
    int64_t t_ns = 0;
    try {
      t_ns = std::stoll(first);
    } catch (...) {
      return error("expected a time in nanoseconds, found '" + first + "'");
    }
    const sim::Time at = sim::Time::Zero() + sim::Duration::Nanos(t_ns);
    if (at < served->world().Now()) return error("time goes backwards");
    served->AdvanceTo(at);
    std::string verb;
    words >> verb;
    uint64_t connection = 0;
    if (verb == "open") {
      int32_t broker = 0;
      if (!(words >> connection >> broker)) return error("open CONNECTION BROKER");
      served->Open(connection, broker);
    } else if (verb == "data") {
      std::string hex;
      if (!(words >> connection >> hex)) return error("data CONNECTION HEX");
      const auto bytes = Unhex(hex);
      if (!bytes) return error("bytes are not hexadecimal");
      served->Arrive(connection, *bytes);
    } else if (verb == "closed") {
      if (!(words >> connection)) return error("closed CONNECTION");
      served->Closed(connection);
    } else if (verb == "type") {
      const size_t at_text = line.find(" type ");
      served->Type(at_text == std::string::npos ? "" : line.substr(at_text + 6));
    } else if (verb == "step") {
      const size_t at_text = line.find(" step ");
      scenario::Step step;
      std::string complaint;
      if (!ParseStep(line.substr(at_text + 6), &step, &complaint)) {
        return error("not a scenario step: " + complaint);
      }
      served->Apply(step);
    } else if (verb == "eof") {
      served->EndOfInput();
    } else if (verb == "end") {
      return std::nullopt;
    } else {
      return error("unknown step '" + verb + "'");
    }
  }
  if (!served) served = std::make_unique<ServedCluster>(scenario, options, print, listeners);
  return std::nullopt;
}

}  // namespace kafkasim::app
