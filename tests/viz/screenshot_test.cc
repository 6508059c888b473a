// The view rendered by OpenGL off screen (run under xvfb-run by ctest): every lesson at two
// moments gives a picture that is not blank and whose replica colours match the model (leader
// chips wherever a partition has a leader, follower chips wherever one has an in-sync follower),
// and killing a broker changes the picture. The frames are kept in build/tests/view-shots/.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "scenarios/loader.h"
#include "viz/live_run.h"
#include "viz/palette.h"
#include "viz/panels/panel_util.h"
#include "viz/window.h"

namespace kafkasim::viz {
namespace {

constexpr int kWidth = 1280, kHeight = 800;
// The legend shows each colour once as an 11 by 11 square; more means chips or bars.
constexpr size_t kLegendPixels = 121;

struct Picture {
  std::vector<uint8_t> rgba;
  size_t Count(uint32_t colour) const {
    const palette::Rgb c = palette::ToRgb(colour);
    size_t n = 0;
    for (size_t i = 0; i + 3 < rgba.size(); i += 4) {
      n += rgba[i] == c.r && rgba[i + 1] == c.g && rgba[i + 2] == c.b;
    }
    return n;
  }
  size_t DistinctColours() const {
    std::set<uint32_t> seen;
    for (size_t i = 0; i + 3 < rgba.size() && seen.size() < 1000; i += 4 * 7) {
      seen.insert(uint32_t{rgba[i]} << 16 | uint32_t{rgba[i + 1]} << 8 | rgba[i + 2]);
    }
    return seen.size();
  }
};

class Screens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    renderer_ = OffscreenRenderer::Create(kWidth, kHeight, &error).release();
    ASSERT_NE(renderer_, nullptr) << error;
    std::filesystem::create_directories("view-shots");
  }
  static void TearDownTestSuite() {
    delete renderer_;
    renderer_ = nullptr;
  }
  Picture Render(LiveRun& run, const std::string& save_as) {
    ViewState view;
    Picture p{renderer_->Render(run, view)};
    std::string error;
    EXPECT_TRUE(WritePng("view-shots/" + save_as + ".png", kWidth, kHeight, p.rgba, &error))
        << error;
    return p;
  }
  static OffscreenRenderer* renderer_;
};
OffscreenRenderer* Screens::renderer_ = nullptr;

// What the model says the chips must show (topics other than the internal ones).
struct Roles {
  bool leader = false, follower = false;
};
Roles ModelRoles(const kafka::Cluster& cluster) {
  Roles r;
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic.starts_with("__")) continue;
    const int32_t leader = cluster.Leader(tp);
    if (leader >= 0 && cluster.IsUp(leader)) r.leader = true;
    for (int32_t b : cluster.Isr(tp)) {
      if (b != leader && cluster.IsUp(b)) r.follower = true;
    }
  }
  return r;
}

TEST_F(Screens, EveryLessonShowsItsReplicasAtTwoMoments) {
  const std::filesystem::path dir =
      std::filesystem::path(KAFKASIM_SOURCE_DIR) / "scenarios/lessons";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 12u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const auto loaded = scenarios::LoadScenarioFile(file.string());
    ASSERT_TRUE(loaded.ok());
    LiveRun run(*loaded.scenario);
    bool saw_leader = false;
    for (const double fraction : {0.45, 0.9}) {
      const sim::Time at =
          sim::Time::Zero() + sim::Duration::Millis(static_cast<int64_t>(
                                  static_cast<double>(run.end().SinceZero().millis()) * fraction));
      run.SeekTo(at);
      const Picture p =
          Render(run, file.stem().string() + "-" + std::to_string(at.SinceZero().seconds()) + "s");
      EXPECT_GT(p.DistinctColours(), 40u) << "a blank picture";
      const Roles roles = ModelRoles(run.cluster());
      saw_leader = saw_leader || roles.leader;
      if (roles.leader) {
        EXPECT_GT(p.Count(palette::kLeader), kLegendPixels);
      }
      if (roles.follower) {
        EXPECT_GT(p.Count(palette::kInSyncFollower), kLegendPixels);
      }
      EXPECT_GE(p.Count(palette::kLeader), kLegendPixels);  // the legend at least
    }
    EXPECT_TRUE(saw_leader) << "no partition had a leader at either moment";
  }
}

TEST_F(Screens, KillingABrokerChangesThePicture) {
  const auto loaded = scenarios::LoadScenarioFile(
      std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/lessons/04-replication-leaders-isr.textproto");
  ASSERT_TRUE(loaded.ok());
  LiveRun run(*loaded.scenario);
  run.AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(12));
  const Picture before = Render(run, "kill-before");
  run.Act(KillStep("broker-102"));
  const Picture after = Render(run, "kill-after");
  EXPECT_NE(before.rgba, after.rgba);
  // broker-102's three replica chips (13 by 13) turn to the offline colour, and its row bars too.
  EXPECT_GE(after.Count(palette::kOffline), before.Count(palette::kOffline) + 3 * 169);
  EXPECT_GT(after.Count(palette::kNodeDown), before.Count(palette::kNodeDown));
}

}  // namespace
}  // namespace kafkasim::viz

namespace kafkasim::viz {
namespace {

// The Kafka metrics tab, clicked open through ImGui's input after a broker was killed: a
// different picture from the partitions tab, kept as view-shots/metrics-tab.png.
TEST_F(Screens, TheMetricsTabOpensOnAClick) {
  const auto loaded = scenarios::LoadScenarioFile(
      std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/lessons/04-replication-leaders-isr.textproto");
  ASSERT_TRUE(loaded.ok());
  LiveRun run(*loaded.scenario);
  run.SeekTo(sim::Time::Zero() + sim::Duration::Seconds(60));
  const Picture partitions = Render(run, "partitions-tab");
  ViewState view;
  const auto click = [&](int frame) {
    ImGuiIO& io = ImGui::GetIO();
    const ViewState::HitBox* tab = view.FindHitBox("tab:Kafka metrics");
    if (tab != nullptr) io.MousePos = ImVec2(tab->cx(), tab->cy());
    io.MouseDown[0] = frame == 2;
  };
  Picture metrics{renderer_->Render(run, view, 6, click)};
  std::string error;
  EXPECT_TRUE(WritePng("view-shots/metrics-tab.png", kWidth, kHeight, metrics.rgba, &error));
  ASSERT_NE(view.FindHitBox("tab:Kafka metrics"), nullptr);
  size_t differing = 0;
  for (size_t i = 0; i < metrics.rgba.size(); i += 4) {
    differing +=
        metrics.rgba[i] != partitions.rgba[i] || metrics.rgba[i + 1] != partitions.rgba[i + 1];
  }
  EXPECT_GT(differing, 10'000u) << "the tab did not change the picture";
}

// A question stops the run; its answer is typed and clicked through ImGui's input; the run plays on
// to the moment that settles it, and the reveal (with its evidence) waits for Continue. The frames
// are kept as view-shots/question-ask.png and question-reveal.png.
TEST_F(Screens, AQuestionIsAnsweredThroughTheDialogAndThenRevealed) {
  const auto loaded = scenarios::LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) +
                                                  "/tests/scenarios/two-questions.textproto");
  ASSERT_TRUE(loaded.ok());
  LiveRun run(*loaded.scenario);
  run.AskQuestions();
  run.SeekTo(sim::Time::Zero() + sim::Duration::Seconds(30));
  ASSERT_NE(run.waiting_question(), nullptr);
  EXPECT_LT(run.now(), sim::Time::Zero() + sim::Duration::Seconds(20));

  // Click into the box, type 102, click Answer.
  ViewState view;
  const auto click = [&](const std::string& box, int frame, int at_frame) {
    ImGuiIO& io = ImGui::GetIO();
    if (const ViewState::HitBox* h = view.FindHitBox(box)) io.MousePos = ImVec2(h->cx(), h->cy());
    io.MouseDown[0] = frame == at_frame;
  };
  const auto type_and_answer = [&](int frame) {
    if (frame < 4) click("question:input", frame, 2);
    if (frame == 4) {
      for (const char c : std::string("102")) ImGui::GetIO().AddInputCharacter(c);
    }
    if (frame >= 6) click("question:answer", frame, 7);
  };
  const std::vector<uint8_t> ask = renderer_->Render(run, view, 6, type_and_answer);
  std::string error;
  EXPECT_TRUE(WritePng("view-shots/question-ask.png", kWidth, kHeight, ask, &error)) << error;
  EXPECT_STREQ(view.answer_input, "102");
  renderer_->Render(run, view, 4, [&](int f) { type_and_answer(f + 6); });
  ASSERT_EQ(run.waiting_question(), nullptr) << "the answer was not taken";
  EXPECT_TRUE(view.playing) << "answering plays on to the answer";

  // The second question (a choice, at 21 s) stops the run again; it settles first, at 40 s.
  run.AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(46));
  ASSERT_NE(run.waiting_question(), nullptr);
  EXPECT_EQ(run.waiting_question()->number, 2);
  run.Answer("2");
  // On to the moment that settles each: the run stops there, with the cluster of that moment.
  run.AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(46));
  ASSERT_NE(run.reveal(), nullptr);
  EXPECT_EQ(run.reveal()->number, 2);
  EXPECT_LT(run.now(), sim::Time::Zero() + sim::Duration::Millis(40'001));
  run.DismissReveal();
  run.AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(46));
  ASSERT_NE(run.reveal(), nullptr);
  EXPECT_LT(run.now(), sim::Time::Zero() + sim::Duration::Millis(45'001));
  EXPECT_TRUE(run.reveal()->right);
  EXPECT_EQ(run.reveal()->truth, "leader of t-0 is 102");
  const std::vector<uint8_t> reveal = renderer_->Render(run, view, 2);
  EXPECT_TRUE(WritePng("view-shots/question-reveal.png", kWidth, kHeight, reveal, &error));
  EXPECT_FALSE(view.playing);
  ASSERT_NE(view.FindHitBox("question:continue"), nullptr);
  renderer_->Render(run, view, 4, [&](int f) { click("question:continue", f, 2); });
  EXPECT_EQ(run.reveal(), nullptr) << "Continue dismisses the reveal";

  // Seeking back replays with the answer kept: no question stops the run again.
  const int starts = run.starts();
  run.SeekTo(sim::Time::Zero() + sim::Duration::Seconds(5));
  run.SeekTo(sim::Time::Zero() + sim::Duration::Seconds(50));
  EXPECT_GT(run.starts(), starts);
  EXPECT_EQ(run.now(), sim::Time::Zero() + sim::Duration::Seconds(50));
  EXPECT_EQ(run.waiting_question(), nullptr);
  EXPECT_EQ(run.reveal(), nullptr) << "a reveal already seen is not shown again";
}

}  // namespace
}  // namespace kafkasim::viz
