// Fuzz target for the wire codec: any bytes in as a request frame's payload (header, then body) and
// as a Produce request's records. Never a crash, never a read out of bounds (the reader refuses),
// and any record batches that decode encode back to batches that decode the same.
// Built with libFuzzer by `make fuzz`; the test suite drives it with wire_fuzz_smoke.cc.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/wire/admin_codec.h"
#include "model/wire/api_keys.h"
#include "model/wire/api_versions_codec.h"
#include "model/wire/fetch_codec.h"
#include "model/wire/group_codec.h"
#include "model/wire/list_offsets_codec.h"
#include "model/wire/metadata_codec.h"
#include "model/wire/offset_codec.h"
#include "model/wire/produce_codec.h"
#include "model/wire/record_batch_codec.h"
#include "model/wire/request_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kafka::wire;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  WireReader in(bytes);
  const RequestHeader header = DecodeRequestHeader(in);
  if (in.ok()) {
    switch (static_cast<ApiKey>(header.api_key)) {
      case ApiKey::kApiVersions:
        DecodeApiVersionsRequest(in, header.api_version);
        break;
      case ApiKey::kMetadata:
        DecodeMetadataRequest(in, header.api_version);
        break;
      case ApiKey::kProduce: {
        RecordStore store;
        DecodeProduceRequest(in, header.api_version, store);
        break;
      }
      case ApiKey::kFetch:
        DecodeFetchRequest(in, header.api_version);
        break;
      case ApiKey::kListOffsets:
        DecodeListOffsetsRequest(in, header.api_version);
        break;
      case ApiKey::kFindCoordinator:
        DecodeFindCoordinatorRequest(in, header.api_version);
        break;
      case ApiKey::kJoinGroup:
        DecodeJoinGroupRequest(in, header.api_version);
        break;
      case ApiKey::kSyncGroup:
        DecodeSyncGroupRequest(in, header.api_version);
        break;
      case ApiKey::kHeartbeat:
        DecodeHeartbeatRequest(in, header.api_version);
        break;
      case ApiKey::kLeaveGroup:
        DecodeLeaveGroupRequest(in, header.api_version);
        break;
      case ApiKey::kOffsetCommit:
        DecodeOffsetCommitRequest(in, header.api_version);
        break;
      case ApiKey::kOffsetFetch:
        DecodeOffsetFetchRequest(in, header.api_version);
        break;
      case ApiKey::kCreateTopics:
        DecodeCreateTopicsRequest(in, header.api_version);
        break;
      case ApiKey::kDeleteTopics:
        DecodeDeleteTopicsRequest(in, header.api_version);
        break;
      case ApiKey::kInitProducerId:
        DecodeInitProducerIdRequest(in, header.api_version);
        break;
      default:
        break;
    }
  }
  if (!in.ok() && in.error().empty()) __builtin_trap();  // a failure always says why

  const DecodedBatches decoded = DecodeRecordBatches(bytes);
  if (decoded.ok()) {
    std::string again;
    for (const WireRecordBatch& b : decoded.batches) EncodeRecordBatch(b, again);
    const DecodedBatches round = DecodeRecordBatches(again);
    if (!round.ok() || round.batches != decoded.batches) __builtin_trap();
  } else if (decoded.error.empty()) {
    __builtin_trap();
  }
  return 0;
}
