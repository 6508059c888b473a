// The view's colours, one name per meaning, shared by every panel and by the screenshot tests
// (which look for the leader and follower colours in a frame). Packed as ImGui's IM_COL32
// (0xAABBGGRR); `Rgb` gives the same colour as bytes, as a PNG holds it.
#pragma once

#include <cstdint>

namespace kafkasim::viz::palette {

constexpr uint32_t Rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{g} << 8) | r;
}
struct Rgb {
  uint8_t r, g, b;
};
constexpr Rgb ToRgb(uint32_t c) {
  return {static_cast<uint8_t>(c & 0xff), static_cast<uint8_t>((c >> 8) & 0xff),
          static_cast<uint8_t>((c >> 16) & 0xff)};
}

// Replica roles.
constexpr uint32_t kLeader = Rgba(46, 160, 67);           // green
constexpr uint32_t kInSyncFollower = Rgba(56, 132, 230);  // blue
constexpr uint32_t kOutOfSync = Rgba(232, 160, 32);       // amber
constexpr uint32_t kOffline = Rgba(200, 52, 52);          // red
// Nodes.
constexpr uint32_t kNodeUp = Rgba(52, 58, 70);
constexpr uint32_t kNodeDown = Rgba(90, 40, 40);
constexpr uint32_t kNodePaused = Rgba(90, 80, 40);
constexpr uint32_t kNodeBorder = Rgba(150, 156, 168);
constexpr uint32_t kController = Rgba(196, 120, 230);  // violet ring
constexpr uint32_t kZkLeading = Rgba(46, 160, 67);
constexpr uint32_t kZkFollowing = Rgba(56, 132, 230);
constexpr uint32_t kZkLooking = Rgba(232, 160, 32);
constexpr uint32_t kClient = Rgba(70, 80, 96);
// Links and packets.
constexpr uint32_t kLink = Rgba(80, 86, 98);
constexpr uint32_t kLinkCut = Rgba(200, 52, 52);
constexpr uint32_t kProduce = Rgba(240, 200, 80);
constexpr uint32_t kFetch = Rgba(120, 200, 240);
constexpr uint32_t kAck = Rgba(120, 230, 140);
constexpr uint32_t kControl = Rgba(196, 120, 230);
constexpr uint32_t kOtherPacket = Rgba(160, 160, 160);
constexpr uint32_t kText = Rgba(225, 228, 235);
constexpr uint32_t kDimText = Rgba(150, 156, 168);

}  // namespace kafkasim::viz::palette
