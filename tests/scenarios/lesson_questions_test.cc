// The library's questions, answered as a script would (tests/scenarios/lesson_answers.tsv): every
// lesson asks at least two and at least five replays ask some; the right answers score full marks
// against the simulation, a wrong set scores less, and neither changes the run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/loader.h"
#include "scenarios/runner.h"

namespace kafkasim::scenarios {
namespace {

struct Answers {
  std::string file, right, wrong;
};

std::vector<Answers> ReadAnswers() {
  std::vector<Answers> out;
  std::ifstream in(std::string(KAFKASIM_SOURCE_DIR) + "/tests/scenarios/lesson_answers.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Answers a;
    std::getline(fields, a.file, '\t');
    std::getline(fields, a.right, '\t');
    std::getline(fields, a.wrong, '\t');
    out.push_back(a);
  }
  return out;
}

int QuestionSteps(const scenario::Scenario& s) {
  int n = 0;
  for (const auto& step : s.timeline()) n += step.action_case() == scenario::Step::kQuestion;
  return n;
}

RunReport Answered(const scenario::Scenario& s, const std::vector<std::string>& answers) {
  RunOptions options;
  size_t next = 0;
  options.ask = [&](const QuestionRecord&) -> std::optional<std::string> {
    if (next >= answers.size()) return std::nullopt;
    return answers[next++];
  };
  return ScenarioRunner(s, options).Run();
}

std::string Missed(const RunReport& r) {
  std::string out;
  for (const QuestionRecord& q : r.questions) {
    if (!q.right) {
      out += "question " + std::to_string(q.number) + " (" + q.question.prompt() + "): answered " +
             q.answer.value_or("nothing") + ", found " + q.truth + " " + q.unreadable + "\n";
    }
  }
  return out;
}

TEST(LessonQuestions, EveryLessonAndFiveReplaysAskAndTheRightAnswersScoreFullMarks) {
  const std::string root = KAFKASIM_SOURCE_DIR;
  std::map<std::string, Answers> answers;
  for (const Answers& a : ReadAnswers()) answers[a.file] = a;
  for (const auto& entry : std::filesystem::directory_iterator(root + "/scenarios/lessons")) {
    const std::string file = "scenarios/lessons/" + entry.path().filename().string();
    EXPECT_TRUE(answers.contains(file)) << file << " has no scripted answers";
  }
  int replays = 0;
  for (const auto& [file, a] : answers) {
    SCOPED_TRACE(file);
    const Loaded loaded = LoadScenarioFile(root + "/" + file);
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().ToString();
    const int asked = QuestionSteps(*loaded.scenario);
    EXPECT_GE(asked, file.starts_with("scenarios/lessons/") ? 2 : 1);
    replays += file.starts_with("scenarios/replays/") && asked > 0;

    const RunReport right = Answered(*loaded.scenario, SplitAnswers(a.right));
    const Score full = ScoreOf(right.questions);
    EXPECT_EQ(full.asked, asked) << "every question is posed within the run";
    EXPECT_EQ(full.right, asked) << Missed(right);
    EXPECT_TRUE(right.passed());

    const RunReport wrong = Answered(*loaded.scenario, SplitAnswers(a.wrong));
    EXPECT_LT(ScoreOf(wrong.questions).right, asked);
    EXPECT_EQ(wrong.fingerprint, right.fingerprint) << "an answer changed the run";
  }
  EXPECT_GE(replays, 5);
}

}  // namespace
}  // namespace kafkasim::scenarios
