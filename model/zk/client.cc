// See client.h.
#include "model/zk/client.h"

#include <type_traits>

namespace zk {

const char* ToString(SessionEvent event) {
  switch (event) {
    case SessionEvent::kSyncConnected:
      return "SyncConnected";
    case SessionEvent::kDisconnected:
      return "Disconnected";
    case SessionEvent::kExpired:
      return "Expired";
  }
  return "?";
}

namespace {
constexpr sim::Kind kSessionEventKind{"zk.client.session"};
}  // namespace

ZkClient::ZkClient(sim::Context& ctx, ZkClientConfig config)
    : ctx_(ctx), config_(std::move(config)) {
  order_ = config_.servers;
  if (config_.shuffle) ctx_.rng().Shuffle(order_);  // as StaticHostProvider does
}

void ZkClient::Reset() {
  ++era_;
  state_ = State::kIdle;
  session_ = SessionId{};
  timeout_ms_ = 0;
  last_zxid_ = Zxid{};
  pending_.clear();
  sent_count_ = 0;
  data_watches_.clear();
  exist_watches_.clear();
  child_watches_.clear();
  current_ = sim::NodeId{};
}

void ZkClient::Connect() {
  Reset();
  state_ = State::kConnecting;
  timeout_ms_ = config_.session_timeout_ms;
  attempts_in_cycle_ = 0;
  TryNextServer();
}

void ZkClient::TryNextServer() {
  ++era_;
  state_ = State::kConnecting;
  current_ = order_[next_server_];
  next_server_ = (next_server_ + 1) % order_.size();
  ++attempts_in_cycle_;
  ctx_.Send(current_, MakePacket(ConnectRequest{config_.session_timeout_ms, last_zxid_, session_}));
  const int64_t connect_timeout_ms = timeout_ms_ / static_cast<int64_t>(order_.size());
  ctx_.ScheduleAfter(sim::Duration::Millis(connect_timeout_ms), Tag(kConnectTimer));
}

// Waits a random moment (up to 1 s, as ClientCnxn does) and tries the next server; after a full
// cycle of servers, waits a whole second (StaticHostProvider's spin delay).
void ZkClient::ConnectionLost(const char* why) {
  const bool was_connected = state_ == State::kConnected;
  const uint64_t era = ++era_;
  state_ = State::kConnecting;
  ctx_.Trace(kSessionEventKind,
             {{"event", "Disconnected"}, {"why", why}, {"session", session_.value}});
  FailAll(Code::kConnectionLoss);  // a pending close fails too, which ends the handle
  if (era_ != era || state_ != State::kConnecting) return;  // a callback closed or reset it
  if (was_connected && on_session_event) on_session_event(SessionEvent::kDisconnected);
  if (era_ != era || state_ != State::kConnecting) return;
  sim::Duration wait = ctx_.rng().Uniform(sim::Duration::Zero(), sim::Duration::Millis(1000));
  if (attempts_in_cycle_ >= order_.size()) {
    attempts_in_cycle_ = 0;
    wait = sim::Duration::Millis(1000);
  }
  ctx_.ScheduleAfter(wait, Tag(kReconnectTimer));
}

void ZkClient::FailAll(Code code) {
  // ClientCnxn.cleanup: everything sent or queued fails. Copy first: a callback may submit more.
  std::deque<Pending> failed;
  failed.swap(pending_);
  sent_count_ = 0;
  for (Pending& p : failed) {
    if (p.done) p.done(ZkResult{code, {}, {}, {}, {}, {}});
  }
}

bool ZkClient::HandleTimer(uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) != ZkClientConfig::kTagBase) return false;
  if (((tag >> 8) & 0xffffffffffULL) != (era_ & 0xffffffffffULL)) return true;  // stale
  switch (static_cast<Timer>(tag & 0xff)) {
    case kConnectTimer:
      if (state_ == State::kConnecting) ConnectionLost("connect timed out");
      break;
    case kReconnectTimer:
      if (state_ == State::kConnecting) TryNextServer();
      break;
    case kPingTimer: {
      if (state_ != State::kConnected) break;
      const sim::Time now = ctx_.Now();
      if (now - last_heard_ >= ReadTimeout()) {
        ConnectionLost("Client session timed out, have not heard from server");
        break;
      }
      if (now - last_sent_ >= ReadTimeout() / 2) Send(Request::Of(Request::Type::kPing, -2));
      SchedulePingCheck();
      break;
    }
  }
  return true;
}

bool ZkClient::HandleMessage(sim::NodeId from, const sim::MessagePtr& message) {
  const auto* packet = dynamic_cast<const Packet*>(message.get());
  if (!packet) return false;
  if (from != current_ || state_ == State::kIdle || state_ == State::kExpired ||
      state_ == State::kClosed) {
    return true;  // an old connection's traffic
  }
  last_heard_ = ctx_.Now();
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, ConnectResponse>) OnConnectResponse(m);
        if constexpr (std::is_same_v<T, Reply>) OnReply(m);
        if constexpr (std::is_same_v<T, WatcherNotification>) OnWatch(m);
        if constexpr (std::is_same_v<T, CloseConnection>) {
          if (state_ == State::kConnected || state_ == State::kConnecting) {
            ConnectionLost("the server closed the connection");
          }
        }
      },
      packet->body());
  return true;
}

void ZkClient::HandleConnectionReset(sim::NodeId peer) {
  // While connecting, the answer comes on a new connection anyway: only a live one can break.
  if (peer == current_ && state_ == State::kConnected) ConnectionLost("connection reset");
}

void ZkClient::OnConnectResponse(const ConnectResponse& m) {
  if (state_ != State::kConnecting) return;
  ++era_;
  if (m.timeout_ms <= 0) {
    state_ = State::kExpired;
    ctx_.Trace(kSessionEventKind, {{"event", "Expired"}, {"session", session_.value}});
    FailAll(Code::kSessionExpired);
    if (on_session_event) on_session_event(SessionEvent::kExpired);
    return;
  }
  state_ = State::kConnected;
  attempts_in_cycle_ = 0;
  session_ = m.session;
  timeout_ms_ = m.timeout_ms;
  last_sent_ = ctx_.Now();
  ctx_.Trace(
      kSessionEventKind,
      {{"event", "SyncConnected"}, {"session", session_.value}, {"timeout_ms", timeout_ms_}});
  SchedulePingCheck();
  if (!data_watches_.empty() || !exist_watches_.empty() || !child_watches_.empty()) {
    Request r = Request::Of(Request::Type::kSetWatches, -8);
    r.relative_zxid = last_zxid_;
    r.data_watches.assign(data_watches_.begin(), data_watches_.end());
    r.exist_watches.assign(exist_watches_.begin(), exist_watches_.end());
    r.child_watches.assign(child_watches_.begin(), child_watches_.end());
    Send(std::move(r));
  }
  if (on_session_event) on_session_event(SessionEvent::kSyncConnected);
  SendQueued();
}

void ZkClient::Send(Request request) {
  last_sent_ = ctx_.Now();
  ctx_.Send(current_, MakePacket(ClientRequest{session_, std::move(request)}));
}

void ZkClient::SendQueued() {
  if (state_ != State::kConnected) return;
  // Requests go out in order, so the sent ones are a prefix: send what follows it.
  for (; sent_count_ < pending_.size(); ++sent_count_) Send(pending_[sent_count_].request);
}

void ZkClient::Submit(Request request, Done done) {
  if (state_ == State::kExpired || state_ == State::kClosed || state_ == State::kIdle) {
    if (done) {
      done(ZkResult{state_ == State::kExpired ? Code::kSessionExpired : Code::kConnectionLoss,
                    {},
                    {},
                    {},
                    {},
                    {}});
    }
    return;
  }
  request.cxid = next_cxid_++;
  pending_.push_back({std::move(request), std::move(done)});
  SendQueued();
}

void ZkClient::OnReply(const Reply& m) {
  if (m.zxid > last_zxid_) last_zxid_ = m.zxid;
  if (m.cxid < 0) return;  // ping (-2) or SetWatches (-8)
  if (sent_count_ == 0 || pending_.front().request.cxid != m.cxid) return;
  Pending p = std::move(pending_.front());
  pending_.pop_front();
  --sent_count_;
  const Request& r = p.request;
  // Watches are recorded on the client only when the server set them (ZKWatchManager).
  if (r.watch) {
    if (r.type == Request::Type::kGetData && m.code == Code::kOk) data_watches_.insert(r.path);
    if (r.type == Request::Type::kExists) {
      (m.code == Code::kOk ? data_watches_ : exist_watches_).insert(r.path);
    }
    if (r.type == Request::Type::kGetChildren && m.code == Code::kOk) child_watches_.insert(r.path);
  }
  ZkResult result{m.code, {}, m.data, m.stat, m.children, m.results};
  if (!m.results.empty()) result.path = m.results[0].path;
  if (r.type == Request::Type::kCloseSession) {
    state_ = State::kClosed;
    ++era_;
  }
  if (p.done) p.done(result);
}

void ZkClient::OnWatch(const WatcherNotification& m) {
  switch (m.type) {
    case EventType::kNodeCreated:
    case EventType::kNodeDataChanged:
      data_watches_.erase(m.path);
      exist_watches_.erase(m.path);
      break;
    case EventType::kNodeDeleted:
      data_watches_.erase(m.path);
      exist_watches_.erase(m.path);
      child_watches_.erase(m.path);
      break;
    case EventType::kNodeChildrenChanged:
      child_watches_.erase(m.path);
      break;
    case EventType::kNone:
      break;
  }
  if (on_watch) on_watch(m.type, m.path);
}

// ClientCnxn.close: the handle ends whatever happens to the request; if it never reaches the
// leader, the session simply expires.
void ZkClient::Close(Done done) {
  if (state_ != State::kConnected && state_ != State::kConnecting) {
    if (done) done(ZkResult{Code::kOk, {}, {}, {}, {}, {}});
    return;
  }
  Submit(Request::Of(Request::Type::kCloseSession, 0), [this, done](const ZkResult& r) {
    state_ = State::kClosed;
    ++era_;
    if (done) done(r);
  });
}

// The next moment something is due: a ping after half the read timeout of quiet, or giving up
// after the whole read timeout of silence.
void ZkClient::SchedulePingCheck() {
  const sim::Time due = std::min(last_heard_ + ReadTimeout(), last_sent_ + ReadTimeout() / 2);
  const sim::Duration wait = std::max(due - ctx_.Now(), sim::Duration::Millis(1));
  ctx_.ScheduleAfter(wait, Tag(kPingTimer));
}

void ZkClient::SubmitWrite(Request::Type type, std::vector<Op> ops, Done done) {
  Request r = Request::Of(type);
  r.ops = std::move(ops);
  Submit(std::move(r), std::move(done));
}

void ZkClient::SubmitRead(Request::Type type, const std::string& path, bool watch, Done done) {
  Request r = Request::Of(type);
  r.path = path;
  r.watch = watch;
  Submit(std::move(r), std::move(done));
}

void ZkClient::Create(const std::string& path, const std::string& data, CreateMode mode,
                      Done done) {
  SubmitWrite(Request::Type::kCreate, {Op::Create(path, data, mode)}, std::move(done));
}
void ZkClient::Delete(const std::string& path, int32_t version, Done done) {
  SubmitWrite(Request::Type::kDelete, {Op::Delete(path, version)}, std::move(done));
}
void ZkClient::SetData(const std::string& path, const std::string& data, int32_t version,
                       Done done) {
  SubmitWrite(Request::Type::kSetData, {Op::SetData(path, data, version)}, std::move(done));
}
void ZkClient::Multi(std::vector<Op> ops, Done done) {
  SubmitWrite(Request::Type::kMulti, std::move(ops), std::move(done));
}
void ZkClient::GetData(const std::string& path, bool watch, Done done) {
  SubmitRead(Request::Type::kGetData, path, watch, std::move(done));
}
void ZkClient::Exists(const std::string& path, bool watch, Done done) {
  SubmitRead(Request::Type::kExists, path, watch, std::move(done));
}
void ZkClient::GetChildren(const std::string& path, bool watch, Done done) {
  SubmitRead(Request::Type::kGetChildren, path, watch, std::move(done));
}
void ZkClient::Sync(const std::string& path, Done done) {
  SubmitRead(Request::Type::kSync, path, false, std::move(done));
}
}  // namespace zk
