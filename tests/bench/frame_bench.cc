// The view's frame for a large cluster, 100 brokers and 10,000 partitions (replication factor 3),
// run with every invariant checked after every event, as the window runs it, and built on the CPU
// as the window would build it (ImGui's NewFrame, every panel, Render; no GPU).
// The budget is 8 ms of CPU per frame. Its baseline, in the same run, is a loop that burns 8 ms
// of CPU time, so the printed ratio is budget / frame: at least 1 meets it. For scale, the same
// frame for lesson 2 (3 brokers, 10 partitions) is shown too.
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <ctime>
#include <memory>

#include "scenarios/loader.h"
#include "tests/bench/ratio_reporter.h"
#include "viz/frame.h"
#include "viz/live_run.h"

namespace {

using kafkasim::viz::LiveRun;
using kafkasim::viz::ViewState;

kafkasim::scenario::Scenario LargeCluster() {
  kafkasim::scenario::Scenario s;
  s.set_name("100 brokers, 10,000 partitions");
  s.set_duration("60s");
  for (int id = 1; id <= 100; ++id) s.mutable_cluster()->add_brokers()->set_id(id);
  for (int t = 0; t < 100; ++t) {
    auto* topic = s.add_topics();
    topic->set_name("topic-" + std::to_string(t));
    topic->set_partitions(100);
    topic->set_replication_factor(3);
  }
  return s;
}

LiveRun& Large() {
  static LiveRun* run = [] {
    auto* r = new LiveRun(LargeCluster(), std::nullopt, /*check_invariants=*/true);
    r->AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(8));  // topics created, leaders up
    return r;
  }();
  return *run;
}

LiveRun& Lesson() {
  static LiveRun* run = [] {
    const auto loaded = kafkasim::scenarios::LoadScenarioFile(
        std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/lessons/02-trucks-gps.textproto");
    auto* r = new LiveRun(*loaded.scenario);
    r->AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(30));
    return r;
  }();
  return *run;
}

void Frames(benchmark::State& state, LiveRun& run) {
  kafkasim::viz::ImGuiScope imgui;
  ViewState view;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1600, 1000);
  io.DeltaTime = 1.0f / 60;
  for (auto _ : state) {
    ImGui::NewFrame();
    kafkasim::viz::BuildFrame(run, view, 1600, 1000);
    ImGui::Render();
    benchmark::DoNotOptimize(ImGui::GetDrawData()->TotalVtxCount);
  }
  state.counters["partitions"] = static_cast<double>(view.partitions.size());
}

void BM_FrameLargeCluster(benchmark::State& state) { Frames(state, Large()); }
void BM_FrameLesson(benchmark::State& state) { Frames(state, Lesson()); }

// The budget: 8 ms of this thread's CPU time per iteration.
void BM_FrameBudget8ms(benchmark::State& state) {
  for (auto _ : state) {
    timespec start{}, now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    do {
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    } while ((now.tv_sec - start.tv_sec) * 1'000'000'000L + (now.tv_nsec - start.tv_nsec) <
             8'000'000L);
  }
}

BENCHMARK(BM_FrameLargeCluster)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameLesson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameBudget8ms)->Unit(benchmark::kMillisecond);

const bool registered = [] {
  bench::Comparisons().push_back({"view frame, 100 brokers / 10k partitions vs 8 ms budget",
                                  "BM_FrameLargeCluster", "BM_FrameBudget8ms", 1.0});
  bench::Comparisons().push_back(
      {"view frame, lesson 2 vs 8 ms budget", "BM_FrameLesson", "BM_FrameBudget8ms", 0});
  return true;
}();

}  // namespace
