// See packets.h.
#include "viz/packets.h"

#include <algorithm>

namespace kafkasim::viz {

PacketKind InFlight::Classify(std::string_view k) {
  if (k == "kafka.ProduceRequest") return PacketKind::kProduce;
  if (k == "kafka.FetchRequest" || k == "kafka.FetchResponse") return PacketKind::kFetch;
  if (k == "kafka.ProduceResponse") return PacketKind::kAck;
  if (k == "kafka.LeaderAndIsrRequest" || k == "kafka.UpdateMetadataRequest" ||
      k == "kafka.StopReplicaRequest" || k == "kafka.AlterIsrRequest") {
    return PacketKind::kControl;
  }
  return PacketKind::kOther;
}

void InFlight::Observe(sim::World& world) {
  world.SetSendObserver([this](sim::NodeId from, sim::NodeId to, const sim::Message& message,
                               sim::Time sent, sim::Time arrival) {
    if (arrival <= keep_after_) return;
    packets_.push_back({from, to, Classify(message.kind().name), sent, arrival});
  });
}

void InFlight::Prune(sim::Time now) {
  std::erase_if(packets_, [now](const Packet& p) { return p.arrival <= now; });
}

}  // namespace kafkasim::viz
