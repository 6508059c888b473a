// The view's frame built headless (no window, no GPU), driven through ImGui's own input: a
// right-click on a broker opens its fault menu, and choosing "Kill" kills it in the model.
#include "viz/frame.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "scenarios/loader.h"

namespace kafkasim::viz {
namespace {

class HeadlessView {
 public:
  explicit HeadlessView(const std::string& file)
      : run_(*scenarios::LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/" + file)
                  .scenario) {}

  // One frame with the mouse at (x, y) and the given buttons held.
  void Frame(float x = -1, float y = -1, bool left = false, bool right = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60;
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    ImGui::NewFrame();
    BuildFrame(run_, view_, 1600, 1000);
    ImGui::Render();
  }
  // Presses and releases a button on the named hit box, over three frames.
  void Click(const std::string& name, bool right) {
    const ViewState::HitBox* box = view_.FindHitBox(name);
    ASSERT_NE(box, nullptr) << name;
    const float x = box->cx(), y = box->cy();
    Frame(x, y);
    Frame(x, y, !right, right);
    Frame(x, y);
  }
  LiveRun& run() { return run_; }
  ViewState& view() { return view_; }

 private:
  ImGuiScope imgui_;
  LiveRun run_;
  ViewState view_;
};

TEST(ViewFrame, RightClickKillOnABrokerKillsItInTheModel) {
  HeadlessView v("lessons/04-replication-leaders-isr.textproto");
  v.run().AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(12));
  v.Frame();
  const sim::NodeId broker = *v.run().runner().Resolve("broker-103");
  ASSERT_EQ(v.run().runner().world().state(broker), sim::NodeState::kUp);
  v.Click("broker-103", /*right=*/true);
  ASSERT_NE(v.view().FindHitBox("menu:Kill the process (kill -9)"), nullptr)
      << "the fault menu did not open";
  v.Click("menu:Kill the process (kill -9)", /*right=*/false);
  EXPECT_EQ(v.run().runner().world().state(*v.run().runner().Resolve("broker-103")),
            sim::NodeState::kDown);
  ASSERT_EQ(v.run().recorded().size(), 1u);
  EXPECT_EQ(v.run().recorded()[0].kill(), "broker-103");
}

TEST(ViewFrame, ThePanelsShowTheClusterAndTheTimelineControlsWork) {
  HeadlessView v("lessons/04-replication-leaders-isr.textproto");
  v.Frame();
  for (const char* name : {"broker-101", "broker-102", "broker-103", "zk-1", "timeline:play",
                           "timeline:step", "console:input", "lesson:next"}) {
    EXPECT_NE(v.view().FindHitBox(name), nullptr) << name;
  }
  v.Click("lesson:next", false);  // to the first narration step
  EXPECT_EQ(v.run().now(), v.run().lesson_steps()[0].first);
  v.Click("timeline:play", false);
  EXPECT_TRUE(v.view().playing);
  const sim::Time before = v.run().now();
  AdvancePlayback(v.run(), v.view(), 0.05);  // 50 ms of wall time at 1x
  EXPECT_EQ(v.run().now() - before, sim::Duration::Millis(50));
  v.view().speed = 10;
  AdvancePlayback(v.run(), v.view(), 3.0);  // a stalled frame counts as a tenth of a second
  EXPECT_EQ(v.run().now() - before, sim::Duration::Millis(1050));
}

}  // namespace
}  // namespace kafkasim::viz

namespace kafkasim::viz {
namespace {

// Keys for ImGui 1.86's legacy key map: any indices work when the test sets the map itself.
constexpr int kEnter = 13, kUp = 38, kDown = 40;

void Press(HeadlessView& v, int key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = true;
  v.Frame();
  io.KeysDown[key] = false;
  v.Frame();
}

TEST(ViewFrame, UpAndDownRecallTheCommandsTyped) {
  HeadlessView v("lessons/02-trucks-gps.textproto");
  v.Frame();
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Enter] = kEnter;
  io.KeyMap[ImGuiKey_UpArrow] = kUp;
  io.KeyMap[ImGuiKey_DownArrow] = kDown;
  v.Click("console:input", /*right=*/false);
  const std::string first = "kafka-topics --bootstrap-server localhost:9092 --list";
  const std::string second = "kafka-topics --bootstrap-server localhost:9092 --describe";
  for (const std::string& line : {first, second}) {
    io.AddInputCharactersUTF8(line.c_str());
    v.Frame();
    Press(v, kEnter);
  }
  ASSERT_EQ(v.view().console_history, (std::vector<std::string>{first, second}));
  EXPECT_STREQ(v.view().console_input, "");
  Press(v, kUp);
  EXPECT_EQ(std::string(v.view().console_input), second);
  Press(v, kUp);
  EXPECT_EQ(std::string(v.view().console_input), first);
  Press(v, kUp);  // the oldest stays
  EXPECT_EQ(std::string(v.view().console_input), first);
  Press(v, kDown);
  EXPECT_EQ(std::string(v.view().console_input), second);
  Press(v, kDown);  // past the newest: an empty line again
  EXPECT_STREQ(v.view().console_input, "");
}

TEST(ViewFrame, TheEventLogHidesTimersUntilAskedFor) {
  HeadlessView v("lessons/04-replication-leaders-isr.textproto");
  v.run().AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(12));
  v.Frame();
  const EventLog& log = v.run().events();
  size_t timers = 0;
  for (size_t i = 0; i < log.size(); ++i) timers += log.at(i).kind == "timer" ? 1 : 0;
  ASSERT_GT(timers, 0u);
  EXPECT_EQ(v.view().filtered_events.size(), log.size() - timers);
  for (const size_t i : v.view().filtered_events) EXPECT_NE(log.at(i).kind, "timer");
  v.Click("events:timers", /*right=*/false);
  EXPECT_TRUE(v.view().show_timers);
}

}  // namespace
}  // namespace kafkasim::viz
