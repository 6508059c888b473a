// The view's panels, one file each. Each draws one ImGui window on its area of the display,
// reading the model from the LiveRun as it is this frame; user actions go through LiveRun::Act.
#pragma once

#include "viz/live_run.h"
#include "viz/panels/panel_util.h"
#include "viz/view_state.h"

namespace kafkasim::viz {

// Play, pause, step, next mark, speed, scrub, save.
void DrawTimelinePanel(LiveRun& run, ViewState& view, const Area& area);
// Brokers, ZooKeeper servers, clients and the links between them, replicas by role, packets.
void DrawClusterPanel(LiveRun& run, ViewState& view, const Area& area);
// Summary cards and a row per partition: leader, replicas, ISR, LEO and HW.
void DrawPartitionsPanel(LiveRun& run, ViewState& view, const Area& area);
// The Kafka metrics tab of the partitions panel: each metric now, its move since the last fault,
// and its plot over time.
void DrawMetricsTab(LiveRun& run, ViewState& view);
// Each group: state, generation, coordinator, members, lag per partition (Burrow), lag plot.
void DrawGroupsPanel(LiveRun& run, ViewState& view, const Area& area);
// The lesson's current step, with previous and next.
void DrawLessonPanel(LiveRun& run, ViewState& view, const Area& area);
// The narrated run and a prompt for Kafka's tools.
void DrawConsolePanel(LiveRun& run, ViewState& view, const Area& area);
// Over the panels: the question the run waits at, or the answer to one just settled.
void DrawQuestionDialog(LiveRun& run, ViewState& view);
// Every trace event, filtered by node and kind.
void DrawEventLogPanel(LiveRun& run, ViewState& view, const Area& area);

}  // namespace kafkasim::viz
