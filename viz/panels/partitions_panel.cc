// The partitions panel: summary cards in the words of the Kafka UIs (Online X of Y partitions,
// under-replicated, in-sync replicas X of Y, the controller, open transactions), each
// transactional producer's state as its client sees it, then a row per partition with its leader,
// replicas, ISR, high watermark, last stable offset (amber when an open transaction holds
// read_committed readers below the HW), the transaction markers in its log, each replica's log
// end offset as a bar, and under-replicated or offline rows highlighted. Rows are clipped: only
// visible ones are read. A second tab, Kafka metrics, shows the brokers' metrics under their JMX
// names (metrics_tab.cc).
#include <algorithm>
#include <string>

#include "model/broker/broker.h"
#include "model/broker/partition.h"
#include "model/client/consumer.h"
#include "model/client/producer.h"
#include "model/txn/transaction_coordinator.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

void Card(const char* title, const std::string& value, bool alarm) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", title);
  if (alarm) {
    ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.25f, 1), "%s", value.c_str());
  } else {
    ImGui::Text("%s", value.c_str());
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, 28);
}

// The transactions the coordinators of the brokers that are up hold open (Ongoing or Prepare*),
// one line each: "id: state (producer P, epoch E)".
std::vector<std::string> OpenTransactions(const kafka::Cluster& cluster) {
  std::vector<std::string> open;
  for (const int32_t b : cluster.broker_ids()) {
    if (!cluster.IsUp(b)) continue;
    const kafka::TransactionCoordinator* c = cluster.broker(b).txn_coordinator();
    if (c == nullptr) continue;
    for (const auto& [id, t] : c->transactions()) {
      if (t.state != kafka::TxnState::kOngoing && t.state != kafka::TxnState::kPrepareCommit &&
          t.state != kafka::TxnState::kPrepareAbort) {
        continue;
      }
      open.push_back(id + ": " + kafka::ToString(t.state) + " (producer " +
                     std::to_string(t.producer_id) + ", epoch " + std::to_string(t.producer_epoch) +
                     ", coordinator " + std::to_string(b) + ")");
    }
  }
  return open;
}

// Each transactional producer (a plain one, or a read-process-write member's) as its client sees
// itself: the transactional.id, the client's state machine, producer id and epoch, and how many
// partitions its current transaction holds.
struct TransactionalClient {
  std::string client;
  const kafka::TransactionManager* txn;
};

std::vector<TransactionalClient> TransactionalClients(const sim::World& world) {
  std::vector<TransactionalClient> out;
  for (size_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{static_cast<uint32_t>(i)};
    const sim::Node& n = world.node(id);
    const kafka::Producer* producer = dynamic_cast<const kafka::Producer*>(&n);
    if (const auto* consumer = dynamic_cast<const kafka::Consumer*>(&n)) {
      producer = consumer->output_producer();
    }
    if (producer != nullptr && producer->transactions() != nullptr) {
      out.push_back({world.name(id), producer->transactions()});
    }
  }
  return out;
}

void DrawTransactionalClients(const sim::World& world) {
  const std::vector<TransactionalClient> clients = TransactionalClients(world);
  if (clients.empty()) return;
  const std::string title = "Transactional producers (" + std::to_string(clients.size()) + ")";
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("transactional", 5, flags)) return;
  ImGui::TableSetupColumn("Client");
  ImGui::TableSetupColumn("transactional.id");
  ImGui::TableSetupColumn("State");
  ImGui::TableSetupColumn("Producer id / epoch");
  ImGui::TableSetupColumn("Partitions");
  ImGui::TableHeadersRow();
  using S = kafka::TransactionManager::State;
  for (const TransactionalClient& c : clients) {
    const kafka::TransactionManager& t = *c.txn;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.client.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.transactional_id().c_str());
    ImGui::TableNextColumn();
    const bool bad = t.state() == S::kAbortableError || t.state() == S::kFatalError;
    const bool busy =
        t.state() == S::kCommitting || t.state() == S::kAborting || t.state() == S::kInitializing;
    const ImVec4 colour = bad    ? ImVec4(0.85f, 0.25f, 0.25f, 1)
                          : busy ? ImVec4(0.95f, 0.7f, 0.2f, 1)
                                 : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::TextColored(colour, "%s", kafka::ToString(t.state()));
    ImGui::TableNextColumn();
    if (t.has_producer_id()) {
      ImGui::Text("%lld / %d", static_cast<long long>(t.producer_id()), t.epoch());
    } else {
      ImGui::TextDisabled("none yet");
    }
    ImGui::TableNextColumn();
    ImGui::Text("%zu", t.partitions_in_transaction());
  }
  ImGui::EndTable();
}

std::string IdList(const std::vector<int32_t>& ids) {
  std::string out;
  for (int32_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

namespace {

void DrawPartitionsTab(LiveRun& run, ViewState& view) {
  const kafka::Cluster& cluster = run.cluster();
  // The summary over every partition; the rows without internal topics unless asked.
  view.partition_rows.clear();
  int online = 0, total = 0, under_replicated = 0, in_sync = 0, replicas = 0;
  for (size_t i = 0; i < view.partitions.size(); ++i) {
    const ViewState::PartitionRow& p = view.partitions[i];
    ++total;
    if (p.leader >= 0 && cluster.IsUp(p.leader)) ++online;
    if (p.isr->size() < p.replicas->size()) ++under_replicated;
    in_sync += static_cast<int>(p.isr->size());
    replicas += static_cast<int>(p.replicas->size());
    if (view.show_internal_topics || !p.tp->topic.starts_with("__")) {
      view.partition_rows.push_back(i);
    }
  }
  const int32_t controller_id = cluster.ControllerId();
  Card("Online", std::to_string(online) + " of " + std::to_string(total), online < total);
  Card("Under-replicated", std::to_string(under_replicated), under_replicated > 0);
  Card("In-sync replicas", std::to_string(in_sync) + " of " + std::to_string(replicas),
       in_sync < replicas);
  Card("Controller", controller_id < 0 ? "No Active Controller" : std::to_string(controller_id),
       controller_id < 0);
  const std::vector<std::string> open = OpenTransactions(cluster);
  Card("Open transactions", std::to_string(open.size()), false);
  if (!open.empty() && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    for (const std::string& line : open) ImGui::TextUnformatted(line.c_str());
    ImGui::EndTooltip();
  }
  ImGui::NewLine();
  DrawTransactionalClients(cluster.world());
  ImGui::Checkbox("internal topics", &view.show_internal_topics);
  ImGui::SameLine();
  ImGui::TextDisabled("as %s has them", view.partitions_source.c_str());

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("partitions", 8, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Partition");
    ImGui::TableSetupColumn("Leader");
    ImGui::TableSetupColumn("Replicas");
    ImGui::TableSetupColumn("ISR");
    ImGui::TableSetupColumn("HW");
    ImGui::TableSetupColumn("LSO");
    ImGui::TableSetupColumn("Markers");
    ImGui::TableSetupColumn("Log end offset per replica", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view.partition_rows.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const ViewState::PartitionRow& p =
            view.partitions[view.partition_rows[static_cast<size_t>(row)]];
        const kafka::TopicPartition& tp = *p.tp;
        const std::vector<int32_t>& assigned = *p.replicas;
        const bool offline = p.leader < 0 || !cluster.IsUp(p.leader);
        const bool urp = p.isr->size() < assigned.size();
        ImGui::TableNextRow();
        if (offline || urp) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, offline
                                                                ? palette::Rgba(120, 30, 30, 160)
                                                                : palette::Rgba(120, 90, 20, 140));
        }
        ImGui::TableNextColumn();
        ImGui::Text("%s-%d", tp.topic.c_str(), tp.partition);
        ImGui::TableNextColumn();
        if (p.leader < 0) {
          ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.25f, 1), "none");
        } else if (offline) {
          // The controller still names a dead broker: it has not noticed yet.
          ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.25f, 1), "%d (down)", p.leader);
        } else {
          ImGui::Text("%d", p.leader);
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(IdList(assigned).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(IdList(*p.isr).c_str());
        const kafka::Offset hw = offline ? -1 : cluster.HighWatermark(p.leader, tp);
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(hw));
        ImGui::TableNextColumn();
        const kafka::Partition* leader = offline ? nullptr : cluster.Replica(p.leader, tp);
        const kafka::Offset lso = leader != nullptr ? leader->last_stable_offset() : -1;
        if (leader != nullptr && lso < hw) {
          ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1), "%lld", static_cast<long long>(lso));
          if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(
                "an open transaction starts at %lld: read_committed consumers stop "
                "here until its marker is replicated",
                static_cast<long long>(lso));
          }
        } else {
          ImGui::Text("%lld", static_cast<long long>(lso));
        }
        ImGui::TableNextColumn();
        // Transaction markers (control batches) in the leader's log, and how many were aborts.
        if (leader != nullptr && leader->producer_state().markers() > 0) {
          const size_t aborts = leader->producer_state().aborted_index().size();
          ImGui::Text("%llu", static_cast<unsigned long long>(leader->producer_state().markers()));
          if (aborts > 0) {
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("(%zu abort%s)", aborts, aborts == 1 ? "" : "s");
          }
          if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(
                "COMMIT and ABORT markers the transaction coordinators wrote to this partition; "
                "read_committed consumers skip them, and skip the records of aborted transactions");
          }
        }
        ImGui::TableNextColumn();
        // A bar per replica: its log end offset against the largest, in its role's colour.
        kafka::Offset most = 1;
        for (int32_t b : assigned) most = std::max(most, cluster.LogEndOffset(b, tp));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        for (int32_t b : assigned) {
          const kafka::Offset leo = cluster.LogEndOffset(b, tp);
          const ImVec2 at = ImGui::GetCursorScreenPos();
          const float width = 70;
          const float filled = width * static_cast<float>(std::max<kafka::Offset>(leo, 0)) /
                               static_cast<float>(most);
          draw->AddRectFilled(at, ImVec2(at.x + width, at.y + 13), palette::Rgba(50, 54, 62), 2);
          draw->AddRectFilled(at, ImVec2(at.x + filled, at.y + 13),
                              ReplicaColour(cluster, p.leader, *p.isr, b), 2);
          ImGui::Dummy(ImVec2(width, 13));
          ImGui::SameLine();
          ImGui::Text("%d: %lld", b, static_cast<long long>(leo));
          ImGui::SameLine();
        }
        ImGui::NewLine();
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace

void DrawPartitionsPanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Partitions", area)) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTabBar("##partitions or metrics")) {
    if (ImGui::BeginTabItem("Partitions")) {
      DrawPartitionsTab(run, view);
      ImGui::EndTabItem();
    }
    RecordHitBox(view, "tab:Partitions");
    if (ImGui::BeginTabItem("Kafka metrics")) {
      DrawMetricsTab(run, view);
      ImGui::EndTabItem();
    }
    RecordHitBox(view, "tab:Kafka metrics");
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace kafkasim::viz
