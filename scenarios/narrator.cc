// See narrator.h.
#include "scenarios/narrator.h"

#include <cstdio>

#include "model/common/trace_kinds.h"
#include "model/zk/server.h"
#include "sim/world.h"

namespace kafkasim::scenarios {
namespace {

std::string Text(const sim::EventView& e, std::string_view key) {
  for (const sim::Field& f : e.fields) {
    if (f.key == key) return std::string(f.text);
  }
  return {};
}

int64_t Number(const sim::EventView& e, std::string_view key) {
  for (const sim::Field& f : e.fields) {
    if (f.key == key) return f.number;
  }
  return 0;
}

std::string N(int64_t n) { return std::to_string(n); }

}  // namespace

void Narrator::OnEvent(const sim::EventView& e) {
  namespace k = kafka::kinds;
  const std::string_view kind = e.kind.name;
  const std::string node(e.node_name);
  std::string line;
  if (kind == sim::kinds::kCrash.name) {
    line = node + (Text(e, "how") == "power_loss" ? " loses power" : " is killed");
  } else if (kind == sim::kinds::kExit.name) {
    // After a controlled shutdown that gave up, Kafka goes on with an unclean shutdown: its
    // partitions were not moved first.
    line = unclean_shutdowns_.erase(node) > 0
               ? node + " has shut down uncleanly (its controlled shutdown failed)"
               : node + " has shut down cleanly";
  } else if (kind == k::kBrokerControlledShutdownFailed.name) {
    unclean_shutdowns_.insert(node);
    line = node + ": controlled shutdown failed; it proceeds to an unclean shutdown";
  } else if (kind == k::kBrokerIsrWritten.name) {
    line = Text(e, "partition") + ": ISR " + Text(e, "isr") + " (leader " + N(Number(e, "leader")) +
           " wrote it to ZooKeeper)";
  } else if (kind == sim::kinds::kRestart.name) {
    line = node + " starts again";
  } else if (kind == sim::kinds::kStart.name) {
    if (e.time == sim::Time::Zero() || node.starts_with("console-")) return;
    line = node + " starts";  // a server started by hand
  } else if (kind == sim::kinds::kPause.name) {
    line = node + " pauses for " + sim::ToString(sim::Duration::Nanos(Number(e, "for_ns")));
  } else if (kind == zk::kinds::kEstablished.name) {
    line = node + " leads the ZooKeeper ensemble (epoch " + N(Number(e, "epoch")) + ")";
  } else if (kind == k::kBrokerRegistered.name) {
    line = "broker " + N(Number(e, "broker")) + " registered in ZooKeeper (broker epoch " +
           N(Number(e, "epoch")) + ")";
  } else if (kind == k::kBrokerZkSessionExpired.name) {
    line = node + ": its ZooKeeper session expired";
  } else if (kind == k::kControllerElected.name) {
    line = node + " is the controller (controller epoch " + N(Number(e, "epoch")) + ")";
  } else if (kind == k::kControllerTopicCreated.name) {
    line =
        "topic " + Text(e, "topic") + " created with " + N(Number(e, "partitions")) + " partitions";
  } else if (kind == k::kControllerPartitionCreated.name) {
    if (Text(e, "partition").starts_with("__")) return;  // internal topics stay quiet
    line = Text(e, "partition") + ": leader " + N(Number(e, "leader")) + ", ISR " + Text(e, "isr");
  } else if (kind == k::kControllerBrokerFailure.name) {
    line = "controller: broker " + Text(e, "brokers") + " is gone (its ZooKeeper session ended)";
  } else if (kind == k::kControllerBrokerStartup.name) {
    line = "controller: broker " + Text(e, "brokers") + " is up";
  } else if (kind == k::kControllerLeaderElected.name) {
    if (Text(e, "partition").starts_with("__")) return;
    line = Text(e, "partition") + ": leader " + N(Number(e, "leader")) + " (leader epoch " +
           N(Number(e, "leader_epoch")) + ", ISR " + Text(e, "isr") + ", " + Text(e, "election") +
           " election" + (Number(e, "unclean") ? ", UNCLEAN: committed records may be lost" : "") +
           ")";
  } else if (kind == k::kControllerIsrChanged.name || kind == k::kControllerReplicaOffline.name) {
    if (Text(e, "partition").starts_with("__")) return;
    line = Text(e, "partition") + ": ISR " + Text(e, "isr");
  } else if (kind == k::kControllerNoLeader.name) {
    if (Text(e, "partition").starts_with("__")) return;
    line = Text(e, "partition") + ": no replica may lead; the partition is offline";
  } else if (kind == k::kClientMetadata.name) {
    // A client's first answer shows bootstrap discovery; later refreshes stay quiet.
    if (Text(e, "brokers") == "[]" || !clients_with_metadata_.insert(node).second) return;
    line = node + " asked broker " + N(Number(e, "from")) + " for metadata and learned brokers " +
           Text(e, "brokers") + " and the partition leaders (" + Text(e, "leaders") + ")";
  } else if (kind == k::kProducerSendFailed.name) {
    // One line per producer and error every 10 s: a failure storm stays readable.
    const std::string key = node + " " + Text(e, "error");
    const auto last = send_failures_.find(key);
    if (last != send_failures_.end() && e.time - last->second < sim::Duration::Seconds(10)) return;
    send_failures_[key] = e.time;
    line = node + ": " + N(Number(e, "records")) + " records to " + Text(e, "partition") +
           (Text(e, "outcome") == "unknown" ? " have an unknown outcome (" : " failed (") +
           Text(e, "error") + ")";
  } else if (kind == k::kCoordinatorLoaded.name) {
    // A coordinator taking over groups from a moved __consumer_offsets partition.
    if (Number(e, "groups") == 0) return;
    line = node + " loaded " + N(Number(e, "groups")) + " group(s) from " + Text(e, "partition") +
           " and coordinates them now";
  } else if (kind == k::kConsumerOffsetOutOfRange.name) {
    line = node + ": fetch offset " + N(Number(e, "position")) + " is out of range for " +
           Text(e, "partition") + "; auto.offset.reset=" + Text(e, "reset") + " moves it";
  } else if (kind == k::kConsumerTruncationDetected.name) {
    const int64_t to = Number(e, "to");
    line = node + ": truncation detected on " + Text(e, "partition") + " at offset " +
           N(Number(e, "position")) +
           (to >= 0 ? ", resetting to the first offset known to diverge, " + N(to)
                    : "; the leader lost that epoch, so auto.offset.reset decides");
  } else if (kind == k::kTxnTimedOut.name) {
    line = node + ": transaction of " + Text(e, "transactional_id") + " (producer " +
           N(Number(e, "producer_id")) +
           ") outlived transaction.timeout.ms=" + N(Number(e, "timeout_ms")) +
           "; the coordinator fences the producer and aborts it";
  } else if (kind == k::kTxnFenced.name) {
    line = node + ": a new instance of " + Text(e, "transactional_id") +
           " fences the old one: epoch " + N(Number(e, "epoch")) +
           ", and its open transaction is aborted";
  } else if (kind == k::kTxnProduceUnverified.name) {
    line = node + " refused a transactional produce to " + Text(e, "partition") + " by producer " +
           N(Number(e, "producer_id")) + " (epoch " + N(Number(e, "epoch")) +
           "): its coordinator does not count that partition in an ongoing transaction (" +
           Text(e, "error") + ")";
  } else if (kind == k::kTxnLoaded.name) {
    if (Number(e, "transactions") == 0) return;
    line = node + " loaded " + N(Number(e, "transactions")) + " transactional id(s) from " +
           Text(e, "partition") + " and coordinates them now";
  } else if (kind == k::kGroupState.name) {
    line = "group " + Text(e, "group") + ": " + Text(e, "to") + " (generation " +
           N(Number(e, "generation")) + ")";
  } else if (kind == kinds::kNarrate.name) {
    line = "# " + Text(e, "text");
  } else if (kind == kinds::kCommandOutput.name) {
    // A command's answer, each line indented under the command; a running console client's
    // lines carry the time and the client's name.
    const std::string output = Text(e, "output");
    const std::string from = Text(e, "from");
    std::string prefix(11, ' ');
    if (!from.empty()) {
      char time[32];
      std::snprintf(time, sizeof time, "%9s", sim::ToString(e.time).c_str());
      prefix = std::string(time) + "  " + from + " |";
    }
    size_t start = 0;
    while (start < output.size()) {
      const size_t end = output.find('\n', start);
      const std::string text = output.substr(start, end == std::string::npos ? end : end - start);
      print_(prefix + "  " + text);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return;
  } else if (kind == kinds::kStep.name) {
    const std::string step = Text(e, "step");
    // A typed command ("$ ..." or "host$ ..."), or a fault.
    line = step.find("$ ") != std::string::npos ? step : "> " + step;
  } else if (kind == kinds::kCheck.name) {
    line = std::string(Number(e, "passed") ? "check passed: " : "CHECK FAILED: ") +
           Text(e, "check") + (Number(e, "passed") ? "" : " (found: " + Text(e, "actual") + ")");
  } else {
    return;
  }
  char time[32];
  std::snprintf(time, sizeof time, "%9s", sim::ToString(e.time).c_str());
  print_(std::string(time) + "  " + line);
}

}  // namespace kafkasim::scenarios
