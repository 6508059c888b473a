// Questions: posed before anything at their time happens, settled after everything up to
// settle_at, judged against the simulation for a free answer, never changing the run (the same
// fingerprint with right, wrong or no answers, and without the question steps at all), stopping
// a run that waits for an answer, and refused with file:line:column when malformed.
#include "scenarios/questions.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {
namespace {

using namespace sim::literals;

scenario::Scenario Lesson() {
  const Loaded loaded = LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) +
                                         "/tests/scenarios/two-questions.textproto");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors.front().ToString());
  return loaded.ok() ? *loaded.scenario : scenario::Scenario{};
}

struct Played {
  RunReport report;
  std::vector<std::string> events;  // "pose 1 at 20s", "reveal 1 at 45s" in the order they came
};

Played Play(const scenario::Scenario& s, std::vector<std::string> answers) {
  Played out;
  RunOptions options;
  size_t next = 0;
  ScenarioRunner* runner = nullptr;
  options.ask = [&](const QuestionRecord& q) -> std::optional<std::string> {
    // Posed before anything at its time: 101 is still up when question 1 is asked.
    out.events.push_back("pose " + std::to_string(q.number) + " at " +
                         sim::ToString(runner->world().Now()));
    if (next >= answers.size()) return std::nullopt;
    return answers[next++];
  };
  options.revealed = [&](const QuestionRecord& q) {
    out.events.push_back("reveal " + std::to_string(q.number) + " at " +
                         sim::ToString(runner->world().Now()));
    return false;
  };
  ScenarioRunner r(s, options);
  runner = &r;
  out.report = r.Run();
  return out;
}

TEST(Questions, AFreeAnswerIsJudgedByTheSimulationAndAChoiceByItsNumber) {
  const Played right = Play(Lesson(), {"broker-102", "2"});
  ASSERT_EQ(right.report.questions.size(), 2u);
  const QuestionRecord& leader = right.report.questions[0];
  EXPECT_TRUE(leader.right);
  EXPECT_EQ(leader.truth, "leader of t-0 is 102");
  EXPECT_EQ(leader.evidence, std::vector<std::string>{"ISR of t-0 is [102,103]"});
  EXPECT_TRUE(right.report.questions[1].right);
  EXPECT_EQ(right.report.questions[1].truth, "2. About 18 s: the ZooKeeper session timeout");
  const Score score = ScoreOf(right.report.questions);
  EXPECT_EQ(score.right, 2);
  EXPECT_EQ(score.asked, 2);

  const Played wrong = Play(Lesson(), {"101", "About 18 s: the ZooKeeper session timeout"});
  EXPECT_FALSE(wrong.report.questions[0].right);
  EXPECT_EQ(wrong.report.questions[0].truth, "leader of t-0 is 102");
  EXPECT_TRUE(wrong.report.questions[1].right) << "a choice's text is as good as its number";

  const Played unreadable = Play(Lesson(), {"the second one", "7"});
  EXPECT_FALSE(unreadable.report.questions[0].right);
  EXPECT_NE(unreadable.report.questions[0].unreadable, "");
  EXPECT_EQ(unreadable.report.questions[0].truth, "leader of t-0 is 102");
  EXPECT_EQ(unreadable.report.questions[1].unreadable, "'7' is not one of the choices 1 to 3");
}

TEST(Questions, PosedBeforeTheirTimeAndSettledAfterTheirSettleTime) {
  const Played p = Play(Lesson(), {"102", "2"});
  // Question 1 comes before the kill at 20 s (the last event before it was earlier); question 2
  // settles with the next narration after it, at 40 s, after the narration itself.
  ASSERT_EQ(p.events.size(), 4u);
  EXPECT_TRUE(p.events[0].starts_with("pose 1 at 19.")) << p.events[0];
  EXPECT_TRUE(p.events[1].starts_with("pose 2 at 20.")) << p.events[1];
  EXPECT_EQ(p.events[2], "reveal 2 at 40.000s");
  EXPECT_TRUE(p.events[3].starts_with("reveal 1 at 44.") || p.events[3] == "reveal 1 at 45.000s")
      << p.events[3];
  EXPECT_EQ(p.report.questions[1].settle_at, sim::Time::Zero() + 40_s);
}

TEST(Questions, AnswersNeverChangeTheRun) {
  const scenario::Scenario s = Lesson();
  const uint64_t right = Play(s, {"102", "2"}).report.fingerprint;
  EXPECT_EQ(Play(s, {"103", "1"}).report.fingerprint, right);
  EXPECT_EQ(Play(s, {}).report.fingerprint, right);
  scenario::Scenario without = s;
  without.clear_timeline();
  for (const auto& step : s.timeline()) {
    if (step.action_case() != scenario::Step::kQuestion) *without.add_timeline() = step;
  }
  ScenarioRunner plain(without, {});
  EXPECT_EQ(plain.Run().fingerprint, right);
}

TEST(Questions, ARunThatWaitsForAnAnswerStopsAtTheQuestion) {
  RunOptions options;
  options.stop_at_unanswered = true;
  options.ask = [](const QuestionRecord&) { return std::nullopt; };
  ScenarioRunner runner(Lesson(), options);
  runner.Begin();
  runner.AdvanceTo(sim::Time::Zero() + 30_s);
  ASSERT_NE(runner.waiting_question(), nullptr);
  EXPECT_EQ(runner.waiting_question()->number, 1);
  EXPECT_LT(runner.world().Now(), sim::Time::Zero() + 20_s);
  EXPECT_TRUE(runner.cluster().IsUp(101)) << "nothing at 20 s has happened yet";
  EXPECT_FALSE(runner.StepOne());
  runner.Answer("102");
  runner.AdvanceTo(sim::Time::Zero() + 30_s);
  ASSERT_NE(runner.waiting_question(), nullptr);
  EXPECT_EQ(runner.waiting_question()->number, 2);
  runner.Answer("3");
  runner.AdvanceTo(sim::Time::Zero() + 60_s);
  EXPECT_EQ(runner.waiting_question(), nullptr);
  const RunReport report = runner.Finish();
  EXPECT_TRUE(report.questions[0].right);
  EXPECT_FALSE(report.questions[1].right);
}

TEST(Questions, ARevealCanStopTheRunWhereItSettled) {
  RunOptions options;
  options.ask = [](const QuestionRecord&) { return std::optional<std::string>("2"); };
  options.revealed = [](const QuestionRecord&) { return true; };
  ScenarioRunner runner(Lesson(), options);
  runner.Begin();
  runner.AdvanceTo(sim::Time::Zero() + 50_s);
  // Question 2 settles with the narration at 40 s: the run stops before anything later.
  EXPECT_LT(runner.world().Now(), sim::Time::Zero() + 40_s + 1_ms);
  EXPECT_GE(runner.world().Now(), sim::Time::Zero() + 40_s);
  runner.AdvanceTo(sim::Time::Zero() + 50_s);  // and then at 45 s, for question 1
  EXPECT_LT(runner.world().Now(), sim::Time::Zero() + 45_s + 1_ms);
  runner.AdvanceTo(sim::Time::Zero() + 50_s);
  EXPECT_EQ(runner.world().Now(), sim::Time::Zero() + 50_s);
}

TEST(Questions, AnswersSplitAtCommasOutsideBrackets) {
  EXPECT_EQ(SplitAnswers("2,[101,103],102"), (std::vector<std::string>{"2", "[101,103]", "102"}));
  EXPECT_EQ(SplitAnswers("1,,3"), (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(SplitAnswers("]1,2"), (std::vector<std::string>{"]1", "2"}));
}

TEST(Questions, FillAnswerReadsABrokerByItsId) {
  EXPECT_EQ(FillAnswer("leader of t-0 is {answer}", " broker-102 "), "leader of t-0 is 102");
  EXPECT_EQ(FillAnswer("ISR of t-0 is {answer}", "[101,103]"), "ISR of t-0 is [101,103]");
  EXPECT_EQ(FillAnswer("ISR of t-0 is {answer}", " [101, 103] "), "ISR of t-0 is [101,103]");
  EXPECT_EQ(FillAnswer("controller is {answer}", "broker-x"), "controller is broker-x");
}

TEST(Questions, MalformedQuestionsAreRefusedWithTheirPlace) {
  const auto error = [](const std::string& question) {
    const Loaded loaded = LoadScenarioText(
        "duration: \"60s\"\ntimeline {\n  at: \"10s\"\n" + question + "\n}\n", "q.textproto");
    return loaded.errors.empty() ? std::string("(loaded)") : loaded.errors.front().ToString();
  };
  EXPECT_EQ(error(R"(  question { prompt: "?" choices: ["a", "b"] answer: 3 })"),
            "q.textproto:4:3: answer is the right choice's number, 1 to 2");
  EXPECT_EQ(error(R"(  question { prompt: "?" check: "leader of t-0 is 102" })"),
            "q.textproto:4:3: the check needs {answer} where the learner's answer goes");
  EXPECT_EQ(error(R"(  question { prompt: "?" choices: ["a"] answer: 1 })"),
            "q.textproto:4:3: a multiple-choice question needs at least two choices");
  EXPECT_EQ(error(R"(  question { prompt: "" choices: ["a", "b"] answer: 1 })"),
            "q.textproto:4:3: a question needs a prompt");
  EXPECT_EQ(error(R"(  question { prompt: "?" choices: ["a", "b"] answer: 1 settle_at: "5s" })"),
            "q.textproto:4:56: a question settles at or after its own time (10s)");
  EXPECT_EQ(error(R"(  question { prompt: "?" choices: ["a", "b"] answer: 1 settle_at: "90s" })"),
            "q.textproto:4:56: settle_at is after the run's end (1m)");
  EXPECT_NE(error(R"(  question { prompt: "?" check: "leader of {answer} wins" })")
                .find("is not a check sentence with {answer} in it"),
            std::string::npos);
  EXPECT_NE(error(R"(  question { prompt: "?" choices: ["a", "b"] answer: 1 evidence: "x" })")
                .find("evidence 'x'"),
            std::string::npos);
}

}  // namespace
}  // namespace kafkasim::scenarios
