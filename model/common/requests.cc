// See requests.h.
#include "model/common/requests.h"

namespace kafka {
namespace {

constexpr int64_t kHeaderBytes = 64;

int64_t BatchBytes(const std::vector<BatchPtr>& batches) {
  int64_t bytes = 0;
  for (const BatchPtr& b : batches) bytes += b->size_bytes();
  return bytes;
}

}  // namespace

int64_t Packet::SizeBytes() const {
  if (const auto* produce = std::get_if<ProduceRequest>(&body_)) {
    int64_t bytes = kHeaderBytes;
    for (const auto& e : produce->entries) bytes += e.batch.size_bytes();
    return bytes;
  }
  if (const auto* fetch = std::get_if<FetchResponse>(&body_)) {
    int64_t bytes = kHeaderBytes;
    for (const auto& e : fetch->entries) bytes += 32 + BatchBytes(e.batches);
    return bytes;
  }
  return kHeaderBytes;
}

}  // namespace kafka
