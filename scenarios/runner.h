// ScenarioRunner: plays a loaded scenario on a Cluster. It builds the brokers and ZooKeeper
// servers, creates the topics through the controller as kafka-topics would, adds the producers
// and consumer groups, and at each step's time applies it as the world's power (kill, power loss,
// restart, stop, pause, cut, heal, session expiry), types a command into the shell, runs a check,
// or narrates. The replication invariants are
// checked after every event; the expectations at the end. A run is a pure function of the file
// and the seed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/check/delivery_checker.h"
#include "model/check/replication_monitor.h"
#include "model/client/request_client.h"
#include "model/cluster.h"
#include "scenarios/checks.h"
#include "scenarios/questions.h"
#include "scenarios/retention_log.h"
#include "scenarios/scenario.pb.h"
#include "scenarios/shell/shell.h"
#include "scenarios/verdicts.h"

namespace kafkasim::scenarios {

struct RunOptions {
  std::optional<uint64_t> seed;        // instead of the file's
  std::optional<sim::Duration> until;  // stop early
  // Called every 10,000 events with the simulated time reached (a progress display).
  std::function<void(sim::Time now, sim::Time end)> progress;
  // Called at every multiple of `sample_every` of simulated time with the state as it stands
  // then (between events: observing never schedules anything, so it cannot change the run).
  sim::Duration sample_every = sim::Duration::Zero();
  std::function<void(sim::Time at)> sample;
  // The replication invariants after every event (off only where a test or benchmark builds a
  // cluster too large to check event by event).
  bool check_invariants = true;
  // The scenario's questions (scenarios/questions.h): `ask` is called as each is posed, for the
  // answer if there is one yet; `revealed` as each settles (true stops the run there). With
  // `stop_at_unanswered`, the run stops at a question `ask` has no answer for until Answer()
  // gives one (the view); otherwise the question goes unanswered. Answers never reach the
  // simulation.
  QuestionBook::Ask ask;
  QuestionBook::Revealed revealed;
  bool stop_at_unanswered = false;
};

struct CheckRecord {
  sim::Time at;
  std::string check;
  bool passed = false;
  std::string actual;
  bool expectation = false;  // checked at the end
};

struct RunReport {
  std::string name;
  uint64_t seed = 0;
  sim::Duration duration;
  std::vector<CheckRecord> checks;
  std::vector<std::string> violations;           // replication invariants that broke
  std::vector<std::string> expected_violations;  // kinds the scenario expects to break
  int64_t sent = 0, acknowledged = 0, failed = 0, unknown = 0, consumed = 0;
  // Sends with no outcome yet when the run ended (in a producer's queue or in flight).
  int64_t pending() const { return sent - acknowledged - failed - unknown; }
  uint64_t events = 0;
  uint64_t fingerprint = 0;
  kafka::DeliveryReport delivery;         // Jepsen's anomaly classes over the client history
  std::vector<Verdict> guarantees;        // the course's four (scenarios/verdicts.h)
  std::vector<Verdict> groups;            // each group's claimed delivery semantics
  std::vector<QuestionRecord> questions;  // those posed, answered or not, and how they settled
  // Every check passed, every violation was expected, and every expected one happened.
  bool passed() const;
  std::vector<std::string> UnexpectedViolations() const;
  std::vector<std::string> MissingViolations() const;
};

class ScenarioRunner {
 public:
  ScenarioRunner(const scenario::Scenario& scenario, RunOptions options);

  kafka::Cluster& cluster() { return *cluster_; }
  // The terminal the scenario's commands are typed into (a live console types into it too).
  KafkaShell& shell() { return *shell_; }
  sim::World& world() { return cluster_->world(); }
  const sim::World& world() const { return cluster_->world(); }
  sim::Duration duration() const { return duration_; }
  // Runs the scenario to its end (or `until`): Begin, AdvanceTo the end, Finish.
  RunReport Run();

  // The same in pieces, for a live session (a console, a view):
  // starts the cluster and schedules the timeline; once.
  void Begin();
  // Runs every event up to `until` (also past the scenario's duration), checking the replication
  // invariants after each. Stops early at a question that waits for its answer.
  void AdvanceTo(sim::Time until);
  // Runs the next event alone (checking the invariants after it); false if none is left, or a
  // question waits for its answer.
  bool StepOne();
  // The question posed and waiting for its answer (RunOptions::stop_at_unanswered), if any; and
  // its answer, after which the run can go on.
  const QuestionRecord* waiting_question() const { return questions_.waiting(); }
  void Answer(const std::string& answer) { questions_.Answer(answer); }
  const std::vector<QuestionRecord>& questions() const { return questions_.records(); }
  // Applies a step at the current time, as if the timeline held it now (its `at` is ignored).
  void Apply(const scenario::Step& step);
  // Checks the expectations now and reports the run so far.
  RunReport Finish();
  // The node a step names ("broker-102", "zk-1", a client, "leader:orders-0", "controller"), or
  // nullopt if there is none right now.
  std::optional<sim::NodeId> Resolve(const std::string& node) const;

 private:
  void Schedule(const scenario::Step& step);
  void Cut(const scenario::Cut& cut);
  void Split(const scenario::Split& split);
  void Slow(const scenario::Slow& slow);
  std::vector<sim::NodeId> NamedOrOtherBrokers(
      const google::protobuf::RepeatedPtrField<std::string>& names, sim::NodeId self) const;
  void Heal(const std::string& node);
  void CreateTopics();
  // Samples (RunOptions::sample) every multiple of sample_every up to `t`.
  void SampleUpTo(sim::Time t);
  CheckRecord RunCheck(const std::string& text, bool expectation);

  scenario::Scenario scenario_;
  RunOptions options_;
  uint64_t seed_;
  sim::Duration duration_;
  RetentionLog retention_;  // a sink of the cluster's trace: declared first, destroyed last
  std::unique_ptr<kafka::Cluster> cluster_;
  sim::NodeId admin_;
  std::unique_ptr<KafkaShell> shell_;
  std::map<std::string, sim::NodeId> clients_;
  ScenarioGroups groups_;  // each group's members and topics, for the delivery checks
  std::set<std::string> idempotent_producers_;
  std::set<std::pair<uint32_t, uint32_t>> blocked_;  // (from, to) cut by steps
  std::set<std::pair<uint32_t, uint32_t>> slowed_;   // (from, to) slowed by steps
  kafka::ReplicationMonitor monitor_;
  QuestionBook questions_;
  std::vector<CheckRecord> checks_;
  bool begun_ = false;
  uint64_t steps_ = 0;
  sim::Time next_sample_ = sim::Time::Zero();
};

}  // namespace kafkasim::scenarios
