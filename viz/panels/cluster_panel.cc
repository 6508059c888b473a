// The cluster panel: ZooKeeper servers on top (leading, following, looking), brokers in the
// middle (id, rack, state, a violet ring on the controller, and a chip per replica coloured by
// role), producers and consumers below; the links between brokers, and to ZooKeeper, with cut
// links drawn red; packets moving along them as simulated time runs. Right-click a node or a
// link for its faults.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "model/wire/gateway.h"
#include "viz/panels/fault_menu.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

struct NodeBox {
  sim::NodeId id;
  std::string name;
  NodeRole role;
  int32_t broker_id = -1;  // brokers only
  ImVec2 min, max;
  ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

uint32_t StateFill(sim::NodeState state) {
  switch (state) {
    case sim::NodeState::kUp:
      return palette::kNodeUp;
    case sim::NodeState::kPaused:
      return palette::kNodePaused;
    case sim::NodeState::kDown:
      return palette::kNodeDown;
  }
  return palette::kNodeUp;
}

uint32_t PacketColour(PacketKind kind) {
  switch (kind) {
    case PacketKind::kProduce:
      return palette::kProduce;
    case PacketKind::kFetch:
      return palette::kFetch;
    case PacketKind::kAck:
      return palette::kAck;
    case PacketKind::kControl:
      return palette::kControl;
    case PacketKind::kOther:
      return palette::kOtherPacket;
  }
  return palette::kOtherPacket;
}

// Lays `count` boxes of at most `max_w` wide in rows across [x0, x0 + w), from y.
void LayRow(std::vector<NodeBox*>& boxes, float x0, float w, float y, float max_w, float h) {
  if (boxes.empty()) return;
  const float gap = 10;
  const size_t per_row = std::max<size_t>(1, static_cast<size_t>((w + gap) / (60 + gap)));
  const size_t cols = std::min(boxes.size(), per_row);
  const float bw = std::min(max_w, (w - gap * static_cast<float>(cols - 1)) / cols);
  const float used = bw * cols + gap * static_cast<float>(cols - 1);
  for (size_t i = 0; i < boxes.size(); ++i) {
    const float x = x0 + (w - used) / 2 + static_cast<float>(i % cols) * (bw + gap);
    const float yy = y + static_cast<float>(i / cols) * (h + gap);
    boxes[i]->min = ImVec2(x, yy);
    boxes[i]->max = ImVec2(x + bw, yy + h);
  }
}

bool LinkCut(const sim::World& world, sim::NodeId a, sim::NodeId b) {
  const sim::Network& n = world.network();
  return n.IsBlocked(a, b) || n.IsBlocked(b, a) || !n.IsLinkDirectionUp(a, b) ||
         !n.IsLinkDirectionUp(b, a);
}

float DistanceToSegment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

}  // namespace

void DrawClusterPanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Cluster", area)) {
    ImGui::End();
    return;
  }
  kafka::Cluster& cluster = run.cluster();
  sim::World& world = cluster.world();
  const int32_t controller_id = cluster.ControllerId();

  // The nodes by role: brokers by id from the cluster, the others by their kind.
  std::vector<NodeBox> nodes;
  nodes.reserve(world.node_count());
  for (int32_t broker_id : cluster.broker_ids()) {
    const sim::NodeId id = cluster.BrokerNode(broker_id);
    nodes.push_back({id, world.name(id), NodeRole::kBroker, broker_id, {}, {}});
  }
  for (size_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{static_cast<uint32_t>(i)};
    const sim::Node& n = world.node(id);
    if (dynamic_cast<const zk::ZkServer*>(&n)) {
      nodes.push_back({id, world.name(id), NodeRole::kZooKeeper, -1, {}, {}});
    } else if (dynamic_cast<const kafka::Producer*>(&n) ||
               dynamic_cast<const kafka::Consumer*>(&n) ||
               dynamic_cast<const kafka::wire::Gateway*>(&n)) {  // real clients, served
      nodes.push_back({id, world.name(id), NodeRole::kClient, -1, {}, {}});
    }
  }
  // Each node's box by node id, for the packets.
  std::vector<const NodeBox*> box_of(world.node_count(), nullptr);
  for (const NodeBox& b : nodes) box_of[b.id.value] = &b;
  std::vector<NodeBox*> zks, brokers, clients;
  for (NodeBox& b : nodes) {
    (b.role == NodeRole::kBroker      ? brokers
     : b.role == NodeRole::kZooKeeper ? zks
                                      : clients)
        .push_back(&b);
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail(std::max(ImGui::GetContentRegionAvail().x, 80.0f),
                     std::max(ImGui::GetContentRegionAvail().y, 160.0f));
  const float small_h = 34;
  const size_t broker_cols =
      std::max<size_t>(1, std::min(brokers.size(), static_cast<size_t>((avail.x + 10) / 70)));
  const size_t broker_rows = brokers.empty() ? 1 : (brokers.size() + broker_cols - 1) / broker_cols;
  const float broker_h = std::clamp(
      (avail.y - 2 * small_h - 60) / static_cast<float>(broker_rows) - 10, 40.0f, 150.0f);
  LayRow(zks, origin.x, avail.x, origin.y, 120, small_h);
  LayRow(brokers, origin.x, avail.x, origin.y + small_h + 30, 220, broker_h);
  LayRow(clients, origin.x, avail.x, origin.y + avail.y - small_h, 150, small_h);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;

  // Links: between brokers, between ZooKeeper servers and from each broker to each ZooKeeper
  // server (with a few brokers only), and a client's link only when it is cut. Links between
  // non-neighbours in a row arc above it, so that no box hides them; cut links are red with a
  // cross at their middle.
  const bool inside_a_box = std::any_of(nodes.begin(), nodes.end(), [&](const NodeBox& n) {
    return mouse.x >= n.min.x && mouse.x <= n.max.x && mouse.y >= n.min.y && mouse.y <= n.max.y;
  });
  std::vector<ImVec2> cut_marks;
  bool link_clicked = false;
  auto link = [&](const NodeBox& a, const NodeBox& b, float thickness, bool arc, bool only_cut) {
    const bool cut = LinkCut(world, a.id, b.id);
    if (only_cut && !cut) return;
    const ImVec2 p = a.centre(), q = b.centre();
    const float length = std::hypot(q.x - p.x, q.y - p.y);
    const ImVec2 control((p.x + q.x) / 2, (p.y + q.y) / 2 - (arc ? 0.45f * length : 0));
    const uint32_t colour = cut ? palette::kLinkCut : palette::kLink;
    draw->AddBezierQuadratic(p, control, q, colour, cut ? 2.5f : thickness);
    const ImVec2 mid(0.25f * p.x + 0.5f * control.x + 0.25f * q.x,
                     0.25f * p.y + 0.5f * control.y + 0.25f * q.y);
    if (cut) cut_marks.push_back(mid);
    if (link_clicked || inside_a_box || !ImGui::IsWindowHovered() ||
        !ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
      return;
    }
    ImVec2 previous = p;
    for (int i = 1; i <= 16; ++i) {
      const float t = static_cast<float>(i) / 16, u = 1 - t;
      const ImVec2 point(u * u * p.x + 2 * u * t * control.x + t * t * q.x,
                         u * u * p.y + 2 * u * t * control.y + t * t * q.y);
      if (DistanceToSegment(mouse, previous, point) < 5) {
        view.link_a = a.name;
        view.link_b = b.name;
        link_clicked = true;
        ImGui::OpenPopup("link menu");
        return;
      }
      previous = point;
    }
  };
  // Neighbours in the same row are joined straight; others arc.
  auto arcs = [](const std::vector<NodeBox*>& row, size_t i, size_t j) {
    return j != i + 1 || std::abs(row[i]->min.y - row[j]->min.y) > 1;
  };
  for (size_t i = 0; i < zks.size(); ++i) {
    for (size_t j = i + 1; j < zks.size(); ++j)
      link(*zks[i], *zks[j], 1.0f, arcs(zks, i, j), false);
  }
  if (brokers.size() <= 12) {
    for (size_t i = 0; i < brokers.size(); ++i) {
      for (size_t j = i + 1; j < brokers.size(); ++j) {
        link(*brokers[i], *brokers[j], 1.5f, arcs(brokers, i, j), false);
      }
      for (const NodeBox* z : zks) link(*brokers[i], *z, 1.0f, false, false);
    }
  }
  for (const NodeBox* c : clients) {
    for (const NodeBox* b : brokers) link(*c, *b, 1.0f, false, true);
  }

  // Packets in flight, along the line from sender to receiver.
  const sim::Time now = run.now();
  for (const Packet& p : run.packets().packets()) {
    if (p.from.value >= box_of.size() || p.to.value >= box_of.size()) continue;
    const NodeBox* a = box_of[p.from.value];
    const NodeBox* b = box_of[p.to.value];
    if (!a || !b || p.arrival <= p.sent || now < p.sent) continue;
    // In flight: along the line. Arrived in the last moments: at the receiver, fading, so that
    // at normal speed (a link takes a millisecond) the traffic still shows.
    const float t = std::min(1.0f, static_cast<float>((now - p.sent).nanos()) /
                                       static_cast<float>((p.arrival - p.sent).nanos()));
    const float fade =
        now <= p.arrival
            ? 1.0f
            : std::max(0.15f, 1.0f - static_cast<float>((now - p.arrival).nanos()) /
                                         static_cast<float>(InFlight::kHorizon.nanos()));
    const uint32_t alpha = static_cast<uint32_t>(fade * 255) << 24;
    const ImVec2 pos(a->centre().x + (b->centre().x - a->centre().x) * t,
                     a->centre().y + (b->centre().y - a->centre().y) * t);
    if (t < 1) {
      draw->AddLine(a->centre(), b->centre(), (PacketColour(p.kind) & 0x00ffffffu) | 0x30000000u);
    }
    draw->AddCircleFilled(pos, 4.5f, (PacketColour(p.kind) & 0x00ffffffu) | alpha);
  }

  // Replicas per broker, from the controller's view of the partitions (scratch reused).
  view.chips_by_broker.resize(brokers.size());
  for (auto& chips : view.chips_by_broker) chips.clear();
  view.broker_index.clear();
  for (size_t i = 0; i < brokers.size(); ++i) {
    view.broker_index.emplace_back(brokers[i]->broker_id, i);
  }
  std::sort(view.broker_index.begin(), view.broker_index.end());
  for (const ViewState::PartitionRow& row : view.partitions) {
    if (row.tp->topic.starts_with("__")) continue;
    for (int32_t replica : *row.replicas) {
      const auto it = std::lower_bound(view.broker_index.begin(), view.broker_index.end(),
                                       std::pair<int32_t, size_t>{replica, 0});
      if (it == view.broker_index.end() || it->first != replica) continue;
      view.chips_by_broker[it->second].push_back(
          {row.tp, ReplicaColour(cluster, row.leader, *row.isr, replica)});
    }
  }

  // The nodes themselves.
  auto draw_node = [&](NodeBox& box, size_t broker_index) {
    const sim::NodeState state = world.state(box.id);
    uint32_t fill = StateFill(state);
    if (box.role == NodeRole::kClient && state == sim::NodeState::kUp) fill = palette::kClient;
    draw->AddRectFilled(box.min, box.max, fill, 6);
    draw->AddRect(box.min, box.max, palette::kNodeBorder, 6, 0, 1.0f);
    std::string title = box.name;
    if (box.role == NodeRole::kZooKeeper) {
      const auto& zk = world.node_as<zk::ZkServer>(box.id);
      uint32_t role_colour =
          state == sim::NodeState::kDown ? palette::kNodeBorder : palette::kZkLooking;
      if (state != sim::NodeState::kDown) {
        if (zk.state() == zk::ServerState::kLeading) role_colour = palette::kZkLeading;
        if (zk.state() == zk::ServerState::kFollowing) role_colour = palette::kZkFollowing;
        title += std::string(" ") + zk::ToString(zk.state());
      }
      draw->AddRectFilled(box.min, ImVec2(box.min.x + 6, box.max.y), role_colour, 6,
                          ImDrawFlags_RoundCornersLeft);
    }
    if (box.role == NodeRole::kBroker) {
      const int32_t id = box.broker_id;
      if (id == controller_id) {
        draw->AddRect(ImVec2(box.min.x - 3, box.min.y - 3), ImVec2(box.max.x + 3, box.max.y + 3),
                      palette::kController, 8, 0, 3.0f);
        title += " (controller)";
      }
      const auto& rack = cluster.broker(id).config().rack;
      if (rack) title += " rack " + *rack;
    }
    if (state != sim::NodeState::kUp) title += std::string(" ") + sim::ToString(state);
    draw->PushClipRect(box.min, box.max, true);
    draw->AddText(ImVec2(box.min.x + 10, box.min.y + 4), palette::kText, title.c_str());
    if (box.role == NodeRole::kBroker && broker_index < view.chips_by_broker.size()) {
      const auto& chips = view.chips_by_broker[broker_index];
      const float chip = 13, gap = 3;
      float x = box.min.x + 8, y = box.min.y + 24;
      for (size_t i = 0; i < chips.size(); ++i) {
        if (y + chip > box.max.y - 4) {
          const std::string more = "+" + std::to_string(chips.size() - i);
          draw->AddText(ImVec2(box.max.x - 34, box.max.y - 16), palette::kDimText, more.c_str());
          break;
        }
        draw->AddRectFilled(ImVec2(x, y), ImVec2(x + chip, y + chip), chips[i].colour, 2);
        x += chip + gap;
        if (x + chip > box.max.x - 6) {
          x = box.min.x + 8;
          y += chip + gap;
        }
      }
    }
    draw->PopClipRect();
    // Interaction: an invisible button over the box; right-click opens its fault menu.
    ImGui::SetCursorScreenPos(box.min);
    ImGui::InvisibleButton(box.name.c_str(), ImVec2(box.max.x - box.min.x, box.max.y - box.min.y));
    RecordHitBox(view, box.name);
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      // Selecting a node shows its events in the event log (a second click clears it).
      const bool again = view.selected_node == box.name;
      view.selected_node = again ? "" : box.name;
      std::snprintf(view.node_filter, sizeof view.node_filter, "%s", view.selected_node.c_str());
      view.node_filter_exact = !again;
    }
    if (view.selected_node == box.name) {
      draw->AddRect(ImVec2(box.min.x - 1, box.min.y - 1), ImVec2(box.max.x + 1, box.max.y + 1),
                    palette::kText, 6, 0, 2.0f);
    }
    if (ImGui::BeginPopupContextItem(box.name.c_str())) {
      DrawFaultMenu(run, view, box.name, box.role);
      ImGui::EndPopup();
    }
    if (ImGui::IsItemHovered() && box.role == NodeRole::kBroker) {
      ImGui::SetTooltip("%s: %zu replicas. Right-click for faults.", box.name.c_str(),
                        broker_index < view.chips_by_broker.size()
                            ? view.chips_by_broker[broker_index].size()
                            : size_t{0});
    }
  };
  for (NodeBox* z : zks) draw_node(*z, SIZE_MAX);
  for (size_t i = 0; i < brokers.size(); ++i) draw_node(*brokers[i], i);
  for (NodeBox* c : clients) draw_node(*c, SIZE_MAX);

  for (const ImVec2& m : cut_marks) {
    draw->AddLine(ImVec2(m.x - 6, m.y - 6), ImVec2(m.x + 6, m.y + 6), palette::kLinkCut, 2.5f);
    draw->AddLine(ImVec2(m.x - 6, m.y + 6), ImVec2(m.x + 6, m.y - 6), palette::kLinkCut, 2.5f);
  }
  if (ImGui::BeginPopup("link menu")) {
    DrawLinkMenu(run, view);
    ImGui::EndPopup();
  }

  // The legend, bottom right above the clients.
  const ImVec2 legend(origin.x + 4, origin.y + avail.y - small_h - 22);
  float lx = legend.x;
  auto key = [&](uint32_t colour, const char* label) {
    draw->AddRectFilled(ImVec2(lx, legend.y + 3), ImVec2(lx + 11, legend.y + 14), colour, 2);
    draw->AddText(ImVec2(lx + 15, legend.y), palette::kDimText, label);
    lx += 22 + ImGui::CalcTextSize(label).x;
  };
  key(palette::kLeader, "leader");
  key(palette::kInSyncFollower, "in-sync follower");
  key(palette::kOutOfSync, "out-of-sync follower");
  key(palette::kOffline, "offline");
  key(palette::kProduce, "produce");
  key(palette::kFetch, "fetch");
  key(palette::kAck, "ack");
  ImGui::End();
}

}  // namespace kafkasim::viz
