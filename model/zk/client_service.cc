// How a serving ZkServer treats its clients (ZooKeeperServer.processConnectRequest, the request
// processors, NIOServerCnxn): sessions are created through the leader as txns; a reconnecting
// session is revalidated by the leader; reads are answered from this server's applied state;
// writes go to the leader and are answered when this server applies them; each client's requests
// are answered in the order sent; watch events go out before the reply that follows them.
#include <string>

#include "model/zk/server.h"

namespace zk {
void ZkServer::OnConnect(sim::NodeId from, const ConnectRequest& m) {
  if (!serving_ || m.last_zxid_seen > tree_.last_processed_zxid()) {
    // Not serving, or behind what the client has already seen: it must try another server.
    ctx().Send(from, MakePacket(CloseConnection{}));
    return;
  }
  if (m.session.value == 0) {
    const SessionId session{
        static_cast<int64_t>((static_cast<uint64_t>(sid_) << 56) | ++log_.session_counter)};
    conns_[session] = ClientConn{from, false, {}, false};
    Txn txn;
    txn.kind = Txn::Kind::kCreateSession;
    txn.session = session;
    txn.session_timeout_ms = static_cast<int32_t>(config_.NegotiateSessionTimeoutMs(m.timeout_ms));
    if (state_ == ServerState::kLeading) {
      Propose(std::move(txn));
    } else {
      SendTo(leader_sid_,
             MakePacket(ForwardedRequest{txn.kind, txn.session, 0, {}, txn.session_timeout_ms}));
    }
    return;
  }
  conns_[m.session] = ClientConn{from, false, {}, false};
  if (state_ == ServerState::kLeading) {
    const auto timeout = tree_.sessions().find(m.session);
    OnRevalidateReply(RevalidateReply{m.session, sessions_.TouchIfAlive(m.session, NowMs()),
                                      timeout == tree_.sessions().end() ? 0 : timeout->second});
  } else {
    SendTo(leader_sid_, MakePacket(Revalidate{sid_, m.session}));
  }
}

void ZkServer::OnRevalidateReply(const RevalidateReply& m) {
  const auto it = conns_.find(m.session);
  if (it == conns_.end() || it->second.established) return;
  if (!m.valid || m.timeout_ms <= 0) {
    ctx().Send(it->second.node, MakePacket(ConnectResponse{0, m.session}));  // expired
    conns_.erase(it);
    return;
  }
  it->second.established = true;
  ctx().Send(it->second.node, MakePacket(ConnectResponse{m.timeout_ms, m.session}));
}

void ZkServer::TouchSession(SessionId session) {
  if (state_ == ServerState::kLeading) {
    sessions_.TouchIfAlive(session, NowMs());
  } else {
    touched_.insert(session);
  }
}

void ZkServer::OnClientRequest(sim::NodeId from, const ClientRequest& m) {
  const auto it = conns_.find(m.session);
  if (!serving_ || it == conns_.end() || it->second.node != from || !it->second.established) {
    ctx().Send(from, MakePacket(CloseConnection{}));
    return;
  }
  TouchSession(m.session);
  it->second.queue.push_back(m.request);
  ServeQueue(m.session);
}

void ZkServer::ServeQueue(SessionId session) {
  while (true) {
    // Looked up each round: answering may close the connection (a one-server ensemble commits,
    // and so closes a session, within SubmitWrite).
    const auto it = conns_.find(session);
    if (it == conns_.end()) return;
    ClientConn& conn = it->second;
    if (conn.queue.empty() || conn.head_in_flight) return;
    const Request r = conn.queue.front();
    if (r.type == Request::Type::kPing) {
      conn.queue.pop_front();
      ctx().Send(conn.node,
                 MakePacket(Reply{-2, tree_.last_processed_zxid(), Code::kOk, {}, {}, {}, {}}));
    } else if (r.type == Request::Type::kSetWatches) {
      conn.queue.pop_front();
      const sim::NodeId node = conn.node;
      DeliverWatchEvents(tree_.SetWatches(r.relative_zxid, r.data_watches, r.exist_watches,
                                          r.child_watches, session));
      ctx().Send(node,
                 MakePacket(Reply{-8, tree_.last_processed_zxid(), Code::kOk, {}, {}, {}, {}}));
    } else if (r.type == Request::Type::kSync) {
      conn.head_in_flight = true;
      if (state_ == ServerState::kLeading) {
        LeaderOnSync(ctx().self(), session, r.cxid);
      } else {
        SendTo(leader_sid_, MakePacket(SyncRequest{sid_, session, r.cxid}));
      }
    } else if (r.IsWrite()) {
      conn.head_in_flight = true;
      SubmitWrite(session, r);
    } else {
      conn.queue.pop_front();
      AnswerRead(conn, session, r);
    }
  }
}

void ZkServer::AnswerRead(ClientConn& conn, SessionId session, const Request& r) {
  Reply reply;
  reply.cxid = r.cxid;
  const std::optional<WatcherId> watch = r.watch ? std::optional<WatcherId>(session) : std::nullopt;
  switch (r.type) {
    case Request::Type::kGetData:
      reply.code = tree_.GetData(r.path, &reply.data, &reply.stat, watch);
      break;
    case Request::Type::kExists:
      reply.code = tree_.Exists(r.path, &reply.stat, watch);
      break;
    case Request::Type::kGetChildren:
      reply.code = tree_.GetChildren(r.path, &reply.children, &reply.stat, watch);
      break;
    default:
      reply.code = Code::kBadArguments;
  }
  reply.zxid = tree_.last_processed_zxid();
  ctx().Send(conn.node, MakePacket(std::move(reply)));
}

void ZkServer::SubmitWrite(SessionId session, const Request& r) {
  Txn txn;
  txn.kind = r.type == Request::Type::kMulti          ? Txn::Kind::kMulti
             : r.type == Request::Type::kCloseSession ? Txn::Kind::kCloseSession
                                                      : Txn::Kind::kOps;
  txn.session = session;
  txn.cxid = r.cxid;
  txn.ops = r.ops;
  if (state_ == ServerState::kLeading) {
    Propose(std::move(txn));
  } else {
    SendTo(leader_sid_, MakePacket(ForwardedRequest{txn.kind, session, r.cxid, txn.ops, 0}));
  }
}

void ZkServer::AnswerWrite(const Txn& txn, const ApplyResult& result) {
  const auto it = conns_.find(txn.session);
  if (it == conns_.end()) return;
  ClientConn& conn = it->second;
  if (txn.kind == Txn::Kind::kCreateSession) {
    if (!conn.established) {
      conn.established = true;
      ctx().Send(conn.node, MakePacket(ConnectResponse{txn.session_timeout_ms, txn.session}));
    }
    return;
  }
  const bool asked_here = conn.head_in_flight && !conn.queue.empty() &&
                          conn.queue.front().cxid == txn.cxid && conn.queue.front().IsWrite();
  if (asked_here) {
    Reply reply;
    reply.cxid = txn.cxid;
    reply.zxid = txn.zxid;
    reply.code = result.code;
    reply.results = result.results;
    if (!result.results.empty()) reply.stat = result.results[0].stat;
    ctx().Send(conn.node, MakePacket(std::move(reply)));
    conn.queue.pop_front();
    conn.head_in_flight = false;
  }
  if (txn.kind == Txn::Kind::kCloseSession) {
    // Closed by the client or expired by the leader: either way this connection is over.
    ctx().Send(conn.node, MakePacket(CloseConnection{}));
    CloseClient(txn.session);
    return;
  }
  ServeQueue(txn.session);
}

void ZkServer::OnSyncReply(const SyncReply& m) {
  const auto it = conns_.find(m.session);
  if (it == conns_.end()) return;
  ClientConn& conn = it->second;
  if (!conn.head_in_flight || conn.queue.empty() || conn.queue.front().cxid != m.cxid) return;
  Reply reply;
  reply.cxid = m.cxid;
  reply.zxid = tree_.last_processed_zxid();
  reply.code = Code::kOk;
  ctx().Send(conn.node, MakePacket(std::move(reply)));
  conn.queue.pop_front();
  conn.head_in_flight = false;
  ServeQueue(m.session);
}

void ZkServer::DeliverWatchEvents(const std::vector<WatchEvent>& events) {
  for (const WatchEvent& e : events) {
    const auto it = conns_.find(e.watcher);
    if (it != conns_.end() && it->second.established) {
      ctx().Send(it->second.node, MakePacket(WatcherNotification{e.type, e.path}));
    }
  }
}

void ZkServer::CloseClient(SessionId session) {
  tree_.RemoveWatches(session);
  conns_.erase(session);
}

void ZkServer::CloseAllClients() {
  for (const auto& [session, conn] : conns_) {
    ctx().Send(conn.node, MakePacket(CloseConnection{}));
    tree_.RemoveWatches(session);
  }
  conns_.clear();
}

}  // namespace zk
