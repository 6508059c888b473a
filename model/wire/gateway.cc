// See gateway.h.
#include "model/wire/gateway.h"

#include <algorithm>
#include <set>

#include "model/wire/admin_codec.h"
#include "model/wire/api_keys.h"
#include "model/wire/api_versions_codec.h"
#include "model/wire/fetch_codec.h"
#include "model/wire/group_codec.h"
#include "model/wire/list_offsets_codec.h"
#include "model/wire/metadata_codec.h"
#include "model/wire/offset_codec.h"
#include "model/wire/produce_codec.h"

namespace kafka::wire {
namespace {

constexpr int64_t kBrokerTimeoutMs = 30'000;  // request.timeout.ms of a client's broker call

}  // namespace

void Gateway::Open(uint64_t connection, int32_t broker_id) {
  connections_[connection] = Connection{broker_id, {}, {}, 0};
  ctx().Trace(sim::Kind{"gateway.open"}, {{"connection", connection}, {"broker", broker_id}});
}

void Gateway::Closed(uint64_t connection) {
  if (connections_.erase(connection) > 0) {
    ctx().Trace(sim::Kind{"gateway.closed"}, {{"connection", connection}});
  }
}

void Gateway::Close(uint64_t id, const std::string& reason) {
  if (connections_.erase(id) == 0) return;
  ctx().Trace(sim::Kind{"gateway.close"}, {{"connection", id}, {"reason", reason}});
  if (outlet_.close) outlet_.close(id, reason);
}

void Gateway::Arrive(uint64_t connection, const std::string& bytes) {
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  it->second.buffer += bytes;
  // Frames are handled one by one, from a read position (the buffer is cut once, at the end,
  // so many small frames in one arrival cost linear time); a frame's handling may close the
  // connection.
  size_t at = 0;
  while (true) {
    it = connections_.find(connection);
    if (it == connections_.end()) return;
    Connection& c = it->second;
    if (c.buffer.size() - at < 4) break;
    WireReader size_reader(std::string_view(c.buffer).substr(at, 4));
    const int32_t size = size_reader.Int32();
    if (size < 0 || size > kMaxFrameBytes) {
      Close(connection, "frame of " + std::to_string(size) +
                            " bytes is outside 0 to socket.request.max.bytes (" +
                            std::to_string(kMaxFrameBytes) + ")");
      return;
    }
    if (c.buffer.size() - at < 4 + static_cast<size_t>(size)) break;
    const std::string frame = c.buffer.substr(at + 4, static_cast<size_t>(size));
    at += 4 + static_cast<size_t>(size);
    HandleFrame(connection, c, frame);
  }
  it->second.buffer.erase(0, at);
}

uint64_t Gateway::Reserve(Connection& c) {
  c.answers.emplace_back();
  return c.first_answer + c.answers.size() - 1;
}

void Gateway::Answer(uint64_t id, uint64_t place, const RequestHeader& header,
                     const std::string& body) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  if (place < c.first_answer || place - c.first_answer >= c.answers.size()) return;
  WireWriter w;
  EncodeResponseHeader(w, header);
  w.Raw(body);
  c.answers[place - c.first_answer] = Frame(w.bytes());
  while (!c.answers.empty() && c.answers.front()) {
    if (outlet_.send) outlet_.send(id, std::move(*c.answers.front()));
    c.answers.pop_front();
    ++c.first_answer;
  }
}

void Gateway::HandleFrame(uint64_t id, Connection& c, std::string_view frame) {
  WireReader in(frame);
  const RequestHeader header = DecodeRequestHeader(in);
  if (!in.ok()) {
    Close(id, "request header: " + in.error());
    return;
  }
  const auto api = FindApi(header.api_key);
  if (!api) {
    Close(id, "unknown API key " + std::to_string(header.api_key));
    return;
  }
  const bool version_ok =
      header.api_version >= api->min_version && header.api_version <= api->max_version;
  if (api->key == ApiKey::kApiVersions) {
    // Any version is answered: one this gateway does not speak gets v0 and UNSUPPORTED_VERSION.
    if (version_ok) DecodeApiVersionsRequest(in, header.api_version);
    Answer(id, Reserve(c), header, EncodeApiVersionsResponse(header.api_version));
    return;
  }
  if (!version_ok) {
    Close(id, std::string(api->name) + " v" + std::to_string(header.api_version) +
                  " is not spoken (" + std::to_string(api->min_version) + " to " +
                  std::to_string(api->max_version) + ")");
    return;
  }
  const auto parsed = [&]() {
    if (in.ok() && in.AtEnd()) return true;
    Close(id, std::string(api->name) + " v" + std::to_string(header.api_version) + ": " +
                  (in.ok() ? std::to_string(in.remaining()) + " bytes left over" : in.error()));
    return false;
  };
  switch (api->key) {
    case ApiKey::kMetadata: {
      MetadataRequest request = DecodeMetadataRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<MetadataResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                [this, header](const MetadataResponse& response) {
                                  MetadataResponse advertised = response;
                                  for (BrokerEndpoint& b : advertised.brokers) {
                                    const auto it = listeners_.find(b.id);
                                    if (it == listeners_.end()) continue;
                                    b.host = it->second.host;
                                    b.port = it->second.port;
                                  }
                                  return EncodeMetadataResponse(advertised, header.api_version,
                                                                cluster_id_);
                                });
      return;
    }
    case ApiKey::kListOffsets: {
      ListOffsetsRequest request = DecodeListOffsetsRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<ListOffsetsResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                   [header](const ListOffsetsResponse& response) {
                                     return EncodeListOffsetsResponse(response, header.api_version);
                                   });
      return;
    }
    case ApiKey::kFetch: {
      FetchRequest request = DecodeFetchRequest(in, header.api_version);
      if (!parsed()) return;
      const int8_t isolation = request.isolation_level;
      const int64_t timeout_ms = kBrokerTimeoutMs + std::max(request.max_wait_ms, 0);
      Forward<FetchResponse>(id, Reserve(c), header, request, timeout_ms,
                             [this, header, isolation, request](const FetchResponse& response) {
                               NotePolls(header, request, response);
                               return EncodeFetchResponse(response, header.api_version, isolation,
                                                          store_);
                             });
      return;
    }
    case ApiKey::kProduce:
      HandleProduce(id, c, header, in);  // acks=0 is never answered: it takes a place if answered
      return;
    case ApiKey::kFindCoordinator: {
      FindCoordinatorRequest request = DecodeFindCoordinatorRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<FindCoordinatorResponse>(
          id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
          [this, header](const FindCoordinatorResponse& response) {
            FindCoordinatorResponse advertised = response;
            int32_t port = -1;
            if (const auto it = listeners_.find(response.node_id); it != listeners_.end()) {
              advertised.host = it->second.host;
              port = it->second.port;
            }
            return EncodeFindCoordinatorResponse(advertised, port, header.api_version);
          });
      return;
    }
    case ApiKey::kJoinGroup: {
      DecodedJoinGroup decoded = DecodeJoinGroupRequest(in, header.api_version);
      if (!parsed()) return;
      if (!decoded.error.empty()) {
        Close(id, "JoinGroup: " + decoded.error);
        return;
      }
      if (decoded.protocol_type != "consumer") {
        JoinGroupResponse refused;
        refused.error = ErrorCode::kInconsistentGroupProtocol;
        Answer(id, Reserve(c), header, EncodeJoinGroupResponse(refused, header.api_version));
        return;
      }
      decoded.request.client_id = header.client_id.value_or("");
      group_of_client_["real:" + decoded.request.client_id] = decoded.request.group_id;
      const int64_t timeout_ms =
          kBrokerTimeoutMs + std::max(decoded.request.rebalance_timeout_ms, 0);
      Forward<JoinGroupResponse>(id, Reserve(c), header, std::move(decoded.request), timeout_ms,
                                 [header](const JoinGroupResponse& response) {
                                   return EncodeJoinGroupResponse(response, header.api_version);
                                 });
      return;
    }
    case ApiKey::kSyncGroup: {
      DecodedSyncGroup decoded = DecodeSyncGroupRequest(in, header.api_version);
      if (!parsed()) return;
      if (!decoded.error.empty()) {
        Close(id, "SyncGroup: " + decoded.error);
        return;
      }
      Forward<SyncGroupResponse>(id, Reserve(c), header, std::move(decoded.request),
                                 kBrokerTimeoutMs + 300'000,  // waits for the leader's assignment
                                 [this, header](const SyncGroupResponse& response) {
                                   if (response.error == ErrorCode::kNone) {
                                     NoteAssignment(header, response.assignment);
                                   }
                                   return EncodeSyncGroupResponse(response, header.api_version);
                                 });
      return;
    }
    case ApiKey::kHeartbeat: {
      HeartbeatRequest request = DecodeHeartbeatRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<HeartbeatResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                 [header](const HeartbeatResponse& response) {
                                   return EncodeErrorOnlyResponse(response.error,
                                                                  header.api_version, 1);
                                 });
      return;
    }
    case ApiKey::kLeaveGroup: {
      LeaveGroupRequest request = DecodeLeaveGroupRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<LeaveGroupResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                  [header](const LeaveGroupResponse& response) {
                                    return EncodeErrorOnlyResponse(response.error,
                                                                   header.api_version, 1);
                                  });
      return;
    }
    case ApiKey::kOffsetCommit: {
      OffsetCommitRequest request = DecodeOffsetCommitRequest(in, header.api_version);
      if (!parsed()) return;
      const std::map<TopicPartition, Offset> offsets = request.offsets;
      Forward<OffsetCommitResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                    [this, header, offsets](const OffsetCommitResponse& response) {
                                      for (const auto& [tp, error] : response.errors) {
                                        const auto it = offsets.find(tp);
                                        if (error != ErrorCode::kNone || it == offsets.end()) {
                                          continue;
                                        }
                                        Note(header, HistoryType::kCommit, tp, it->second);
                                      }
                                      return EncodeOffsetCommitResponse(response,
                                                                        header.api_version);
                                    });
      return;
    }
    case ApiKey::kOffsetFetch: {
      DecodedOffsetFetch decoded = DecodeOffsetFetchRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<OffsetFetchResponse>(
          id, Reserve(c), header, std::move(decoded.request), kBrokerTimeoutMs,
          [header, asked = std::move(decoded.asked)](const OffsetFetchResponse& response) {
            return EncodeOffsetFetchResponse(response, asked, header.api_version);
          });
      return;
    }
    case ApiKey::kCreateTopics: {
      CreateTopicsRequest request = DecodeCreateTopicsRequest(in, header.api_version);
      if (!parsed()) return;
      const int64_t timeout_ms = kBrokerTimeoutMs + std::max(request.timeout_ms, 0);
      Forward<CreateTopicsResponse>(id, Reserve(c), header, std::move(request), timeout_ms,
                                    [header](const CreateTopicsResponse& response) {
                                      return EncodeCreateTopicsResponse(response,
                                                                        header.api_version);
                                    });
      return;
    }
    case ApiKey::kDeleteTopics: {
      DeleteTopicsRequest request = DecodeDeleteTopicsRequest(in, header.api_version);
      if (!parsed()) return;
      const int64_t timeout_ms = kBrokerTimeoutMs + std::max(request.timeout_ms, 0);
      Forward<DeleteTopicsResponse>(id, Reserve(c), header, std::move(request), timeout_ms,
                                    [header](const DeleteTopicsResponse& response) {
                                      return EncodeDeleteTopicsResponse(response,
                                                                        header.api_version);
                                    });
      return;
    }
    case ApiKey::kInitProducerId: {
      InitProducerIdRequest request = DecodeInitProducerIdRequest(in, header.api_version);
      if (!parsed()) return;
      Forward<InitProducerIdResponse>(id, Reserve(c), header, std::move(request), kBrokerTimeoutMs,
                                      [header](const InitProducerIdResponse& response) {
                                        return EncodeInitProducerIdResponse(response,
                                                                            header.api_version);
                                      });
      return;
    }
    default:
      Close(id, std::string(api->name) + " has no handler");
      return;
  }
}

void Gateway::HandleProduce(uint64_t id, Connection& c, const RequestHeader& header,
                            WireReader& in) {
  DecodedProduce decoded = DecodeProduceRequest(in, header.api_version, store_);
  if (!in.ok() || !in.AtEnd()) {
    Close(id, "Produce v" + std::to_string(header.api_version) + ": " +
                  (in.ok() ? std::to_string(in.remaining()) + " bytes left over" : in.error()));
    return;
  }
  for (const std::string& why : decoded.reasons) {
    ctx().Trace(sim::Kind{"gateway.refused"}, {{"connection", id}, {"why", why}});
  }
  const bool answered = decoded.request.acks != 0;
  const uint64_t place = answered ? Reserve(c) : 0;
  if (decoded.request.entries.empty()) {
    if (answered) {
      Answer(id, place, header, EncodeProduceResponse(decoded.refused, header.api_version));
    }
    return;
  }
  // What was sent, for the history: each record's send, then its outcome.
  std::map<TopicPartition, std::vector<Record>> sent;
  for (const ProduceRequest::Entry& e : decoded.request.entries) {
    for (const Record& r : e.batch.records)
      Note(header, HistoryType::kInvoke, e.tp, -1, r.value_id, r.key);
    sent[e.tp] = e.batch.records;
  }
  const auto outcome = [this, header, sent](const TopicPartition& tp, HistoryType type, Offset base,
                                            ErrorCode error) {
    const auto it = sent.find(tp);
    if (it == sent.end()) return;
    for (size_t i = 0; i < it->second.size(); ++i) {
      const Offset offset =
          type == HistoryType::kOk && base >= 0 ? base + static_cast<Offset>(i) : -1;
      Note(header, type, tp, offset, it->second[i].value_id, it->second[i].key, error);
    }
  };
  if (!answered) {
    for (const auto& [tp, records] : sent) outcome(tp, HistoryType::kOk, -1, ErrorCode::kNone);
    Send(c.broker_id, std::move(decoded.request), kBrokerTimeoutMs, nullptr);
    return;
  }
  const int64_t timeout_ms = kBrokerTimeoutMs + std::max(decoded.request.timeout_ms, 0);
  Forward<ProduceResponse>(
      id, place, header, std::move(decoded.request), timeout_ms,
      [header, outcome, refused = std::move(decoded.refused)](const ProduceResponse& response) {
        for (const ProduceResponse::Entry& e : response.entries) {
          // Appended but not acknowledged (the ISR fell short, or the wait ran out): unknown.
          const bool unknown = e.error == ErrorCode::kNotEnoughReplicasAfterAppend ||
                               e.error == ErrorCode::kRequestTimedOut;
          outcome(e.tp,
                  e.error == ErrorCode::kNone ? HistoryType::kOk
                  : unknown                   ? HistoryType::kInfo
                                              : HistoryType::kFail,
                  e.base_offset, e.error);
        }
        std::vector<ProduceResponse::Entry> entries = response.entries;
        entries.insert(entries.end(), refused.begin(), refused.end());
        return EncodeProduceResponse(entries, header.api_version);
      },
      [outcome, sent] {
        for (const auto& [tp, records] : sent) {
          outcome(tp, HistoryType::kInfo, -1, ErrorCode::kNetworkException);
        }
      });
}

void Gateway::Note(const RequestHeader& header, HistoryType type, const TopicPartition& tp,
                   Offset offset, int64_t value, std::optional<std::string> key, ErrorCode error) {
  if (!history_) return;
  history_->Add({ctx().Now(), "real:" + header.client_id.value_or(""), type, tp, offset, value,
                 std::move(key), error});
}

void Gateway::NotePolls(const RequestHeader& header, const FetchRequest& request,
                        const FetchResponse& response) {
  if (!history_) return;
  std::map<TopicPartition, Offset> from;
  for (const FetchRequest::Entry& e : request.entries) from[e.tp] = e.fetch_offset;
  for (const FetchResponse::Entry& e : response.entries) {
    if (e.error != ErrorCode::kNone) continue;
    std::set<int64_t> aborted;  // read_committed: the client drops aborted transactions' batches
    for (const auto& a : e.aborted_transactions) aborted.insert(a.producer_id);
    for (const BatchPtr& batch : e.batches) {
      if (batch->is_control() || (batch->transactional && aborted.contains(batch->producer_id))) {
        continue;
      }
      for (size_t i = 0; i < batch->records.size(); ++i) {
        const Offset offset = batch->base_offset + static_cast<Offset>(i);
        if (offset < from[e.tp]) continue;
        Note(header, HistoryType::kPoll, e.tp, offset, batch->records[i].value_id,
             batch->records[i].key);
      }
    }
  }
}

void Gateway::NoteAssignment(const RequestHeader& header,
                             const std::vector<TopicPartition>& assigned) {
  if (!history_) return;
  std::vector<TopicPartition>& had = assigned_["real:" + header.client_id.value_or("")];
  for (const TopicPartition& tp : had) Note(header, HistoryType::kRevoke, tp);
  for (const TopicPartition& tp : assigned) Note(header, HistoryType::kAssign, tp);
  had = assigned;
}

template <typename Response>
void Gateway::Forward(uint64_t id, uint64_t place, const RequestHeader& header, PacketBody request,
                      int64_t timeout_ms, std::function<std::string(const Response&)> encode,
                      std::function<void()> unanswered) {
  const int32_t broker = connections_.at(id).broker_id;
  Send(broker, std::move(request), timeout_ms,
       [this, id, place, header, broker, encode = std::move(encode),
        unanswered = std::move(unanswered)](const PacketBody* body) {
         const auto* response = body ? std::get_if<Response>(body) : nullptr;
         if (!response) {
           if (unanswered) unanswered();
           Close(id, "broker " + std::to_string(broker) + " did not answer (down or unreachable)");
           return;
         }
         Answer(id, place, header, encode(*response));
       });
}

void Gateway::OnCrash(sim::CrashKind kind) {
  RequestClient::OnCrash(kind);
  while (!connections_.empty()) Close(connections_.begin()->first, "the gateway crashed");
}

}  // namespace kafka::wire
