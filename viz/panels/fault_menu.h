// The right-click menus of the cluster panel: the faults a node or a link can suffer, each made
// a timeline step at the current time (LiveRun::Act), so the session stays a scenario.
#pragma once

#include <string>

#include "viz/live_run.h"
#include "viz/view_state.h"

namespace kafkasim::viz {

enum class NodeRole { kBroker, kZooKeeper, kClient };

// The menu's items for `node`; call between BeginPopup... and EndPopup.
void DrawFaultMenu(LiveRun& run, ViewState& view, const std::string& node, NodeRole role);
// The menu for the link between view.link_a and view.link_b.
void DrawLinkMenu(LiveRun& run, ViewState& view);

}  // namespace kafkasim::viz
