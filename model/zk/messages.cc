// See messages.h.
#include "model/zk/messages.h"

#include <type_traits>

namespace zk {

const char* ToString(ServerState state) {
  switch (state) {
    case ServerState::kLooking:
      return "LOOKING";
    case ServerState::kFollowing:
      return "FOLLOWING";
    case ServerState::kLeading:
      return "LEADING";
  }
  return "?";
}

int64_t Packet::SizeBytes() const {
  int64_t bytes = 64;
  std::visit(
      [&bytes](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, Proposal>)
          bytes += 64 * static_cast<int64_t>(b.txn.ops.size());
        if constexpr (std::is_same_v<T, SyncAndNewLeader>) {
          bytes += 128 * static_cast<int64_t>(b.diff.size() + b.proposals.size());
        }
        if constexpr (std::is_same_v<T, Reply>) bytes += static_cast<int64_t>(b.data.size());
      },
      body_);
  return bytes;
}

}  // namespace zk
