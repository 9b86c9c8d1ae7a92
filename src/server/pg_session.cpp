#include "server/pg_session.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include <openssl/ssl.h>

#include "auth/scram.hpp"
#include "server/pg_server.hpp"

namespace tributary::server {

namespace {

using Clock = std::chrono::steady_clock;

/// Milliseconds left before `deadline` for poll(); -1 without one.
int PollTimeout(const std::optional<Clock::time_point>& deadline) {
  if (!deadline) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

}  // namespace

PgSession::PgSession(PgServer* server, int fd, std::string peer) : server_(server), fd_(fd), peer_(std::move(peer)) {}

PgSession::~PgSession() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);  // best effort: the socket is non-blocking
    SSL_free(ssl_);
  }
  if (pid_ != 0) server_->UnregisterCancel(pid_);
  if (admitted_) server_->ReleaseAuthenticated();
  if (fd_ >= 0) ::close(fd_);
}

void PgSession::Shutdown() { ::shutdown(fd_, SHUT_RDWR); }

void PgSession::CancelStatement() {
  if (connection_) connection_->Cancel();
}

Status PgSession::Wait(short events, Deadline deadline) {
  while (true) {
    pollfd p{fd_, events, 0};
    int ready = ::poll(&p, 1, PollTimeout(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return Status::Invalid("timed out waiting for the client");
    return Status::OK();
  }
}

Status PgSession::ReadExact(char* out, size_t n, Deadline deadline) {
  size_t done = 0;
  while (done < n) {
    if (ssl_ != nullptr) {
      int got = SSL_read(ssl_, out + done, static_cast<int>(std::min<size_t>(n - done, 1 << 30)));
      if (got > 0) {
        done += static_cast<size_t>(got);
        continue;
      }
      int error = SSL_get_error(ssl_, got);
      if (error == SSL_ERROR_WANT_READ) {
        TRIB_RETURN_NOT_OK(Wait(POLLIN, deadline));
      } else if (error == SSL_ERROR_WANT_WRITE) {
        TRIB_RETURN_NOT_OK(Wait(POLLOUT, deadline));
      } else {
        return Status::IOError("the client closed the TLS connection");
      }
      continue;
    }
    TRIB_RETURN_NOT_OK(Wait(POLLIN, deadline));
    ssize_t got = ::recv(fd_, out + done, n - done, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return Status::IOError("the client closed the connection");
    done += static_cast<size_t>(got);
  }
  return Status::OK();
}

Status PgSession::StartTls(Deadline deadline) {
  ssl_ = SSL_new(server_->tls_.get());
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return Status::Internal("cannot start TLS");
  // Non-blocking from here on, so every TLS read and write honours a deadline.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  while (true) {
    int r = SSL_accept(ssl_);
    if (r == 1) return Status::OK();
    int error = SSL_get_error(ssl_, r);
    if (error == SSL_ERROR_WANT_READ) {
      TRIB_RETURN_NOT_OK(Wait(POLLIN, deadline));
    } else if (error == SSL_ERROR_WANT_WRITE) {
      TRIB_RETURN_NOT_OK(Wait(POLLOUT, deadline));
    } else {
      return Status::IOError("TLS handshake failed");
    }
  }
}

Status PgSession::ReadMessage(char* type, std::string* body, uint32_t limit, Deadline deadline, char expect) {
  char header[5];
  TRIB_RETURN_NOT_OK(ReadExact(header, 5, deadline));
  *type = header[0];
  if (expect != 0 && *type != expect) return Status::OK();  // the caller rejects it before reading a body
  uint32_t length;
  std::memcpy(&length, header + 1, 4);
  length = ntohl(length);
  if (length < 4) return Status::Invalid("invalid message length {} for message type '{}'", length, *type);
  if (length - 4 > limit) {
    return Status::Invalid("message of type '{}' is {} bytes, over the limit of {}", *type, length - 4, limit);
  }
  body->resize(length - 4);
  return ReadExact(body->data(), body->size(), deadline);
}

Status PgSession::Flush() {
  const auto deadline = Clock::now() + std::chrono::milliseconds(server_->options_.write_timeout_ms);
  size_t done = 0;
  auto timed_out = [&] {
    return Status::Invalid("the client stopped reading for {} ms", server_->options_.write_timeout_ms);
  };
  while (done < pending_.size()) {
    if (ssl_ != nullptr) {
      int sent = SSL_write(ssl_, pending_.data() + done, static_cast<int>(std::min<size_t>(pending_.size() - done, 1 << 30)));
      if (sent > 0) {
        done += static_cast<size_t>(sent);
        continue;
      }
      int error = SSL_get_error(ssl_, sent);
      short events = error == SSL_ERROR_WANT_READ ? POLLIN : error == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
      if (events == 0) return Status::IOError("cannot write to the client over TLS");
      if (!Wait(events, deadline).ok()) return timed_out();
      continue;
    }
    if (!Wait(POLLOUT, deadline).ok()) return timed_out();
    // Never a blocking send: it would wait for the whole buffer, deadline or not.
    ssize_t sent = ::send(fd_, pending_.data() + done, pending_.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (sent <= 0) return Status::IOError("cannot write to the client: {}", std::strerror(errno));
    done += static_cast<size_t>(sent);
  }
  pending_.clear();
  return Status::OK();
}

void PgSession::Fatal(std::string_view sqlstate, std::string message) {
  QueryError error;
  error.sqlstate = std::string(sqlstate);
  error.message = std::move(message);
  Send(ErrorMessage(error, "FATAL"));
  (void)Flush();
}

bool PgSession::Startup() {
  const ServerOptions& options = server_->options_;
  const Deadline deadline = Clock::now() + std::chrono::milliseconds(options.auth_timeout_ms);
  // Each of SSLRequest and GSSENCRequest may come once (libpq tries GSS
  // encryption, then TLS, before its StartupMessage).
  bool ssl_asked = false, gss_asked = false;
  while (true) {
    char length_bytes[4];
    if (!ReadExact(length_bytes, 4, deadline).ok()) return false;
    uint32_t length;
    std::memcpy(&length, length_bytes, 4);
    length = ntohl(length);
    if (length < 8 || length > options.limits.max_startup_bytes) {
      Fatal("08P01", fmt::format("invalid length of startup packet: {}", length));
      return false;
    }
    std::string body(length - 4, '\0');
    if (!ReadExact(body.data(), body.size(), deadline).ok()) return false;
    Result<StartupPacket> packet = ParseStartupPacket(body);
    if (!packet.ok()) {
      Fatal(packet.status().code() == StatusCode::kNotSupported ? "0A000" : "08P01", packet.status().message());
      return false;
    }
    switch (packet->kind) {
      case StartupPacket::Kind::kCancel:
        server_->Cancel(packet->cancel_pid, packet->cancel_key);
        return false;  // a cancel connection gets no reply
      case StartupPacket::Kind::kSslRequest:
      case StartupPacket::Kind::kGssEncRequest: {
        const bool ssl = packet->kind == StartupPacket::Kind::kSslRequest;
        bool& asked = ssl ? ssl_asked : gss_asked;
        if (asked || (ssl_ != nullptr)) {
          Fatal("08P01", "unexpected second encryption request");
          return false;
        }
        asked = true;
        const bool tls = ssl && server_->tls_ != nullptr;
        if (tls) {
          // A client waits for our answer before its TLS handshake: bytes
          // already here were sent in plaintext and must never be read as
          // if they had come over TLS.
          char next;
          if (::recv(fd_, &next, 1, MSG_PEEK | MSG_DONTWAIT) > 0) {
            Fatal("08P01", "received unencrypted data after SSL request");
            return false;
          }
        }
        // Without TLS: 'N', and the client goes on in plaintext (or gives up).
        Send(tls ? "S" : "N");
        if (!Flush().ok()) return false;
        if (tls && !StartTls(deadline).ok()) return false;
        continue;
      }
      case StartupPacket::Kind::kStartup: break;
    }
    const std::string user = packet->params["user"];
    auto db = packet->params.find("database");
    const std::string database = db == packet->params.end() || db->second.empty() ? user : db->second;
    if (database != options.database_name) {
      Fatal("3D000", fmt::format("database \"{}\" does not exist", database));
      return false;
    }
    if (!Authenticate(user)) return false;
    if (!server_->AdmitAuthenticated(superuser_)) {
      Fatal("53300", superuser_ ? "sorry, too many clients already"
                                : "remaining connection slots are reserved for roles with the SUPERUSER attribute");
      return false;
    }
    admitted_ = true;
    ConnectionOptions connection_options;
    connection_options.user = user;
    connection_ = std::make_unique<Connection>(server_->database_, connection_options);
    connection_->SetCopyChannel(this);
    user_ = user;
    Send(MessageBuilder('R').Int32(0).Finish());  // AuthenticationOk
    const auto app = packet->params.find("application_name");
    const std::pair<const char*, std::string> statuses[] = {
        {"server_version", "15.0"},
        {"server_encoding", "UTF8"},
        {"client_encoding", "UTF8"},
        {"DateStyle", "ISO, MDY"},
        {"IntervalStyle", "postgres"},
        {"TimeZone", "UTC"},
        {"integer_datetimes", "on"},
        {"standard_conforming_strings", "on"},
        {"application_name", app == packet->params.end() ? "" : app->second},
        {"is_superuser", superuser_ ? "on" : "off"},
        {"session_authorization", user},
    };
    for (const auto& [name, value] : statuses) Send(ParameterStatusMessage(name, value));
    int32_t key = 0;
    pid_ = server_->RegisterCancel(this, &key);
    Send(MessageBuilder('K').Int32(pid_).Int32(key).Finish());
    Send(ReadyForQueryMessage(TransactionState::kIdle));
    return Flush().ok();
  }
}

bool PgSession::Authenticate(const std::string& user) {
  const ServerOptions& options = server_->options_;
  const Deadline deadline = Clock::now() + std::chrono::milliseconds(options.auth_timeout_ms);
  // An unknown role, one that may not log in or one without a password runs
  // the same exchange against a mock secret and fails the same way, so the
  // reply never tells which.
  std::optional<auth::ScramSecret> secret;
  bool may_login = false;
  Result<std::optional<LoginRole>> role = server_->roles_(user);
  if (role.ok() && *role && (*role)->scram_secret) {
    Result<auth::ScramSecret> parsed = auth::ParseScramSecret(*(*role)->scram_secret);
    if (parsed.ok()) secret = std::move(parsed).value();
    const LoginRole& info = **role;
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    const bool expired = info.valid_until_ms && *info.valid_until_ms < now_ms;
    may_login = info.can_login && !expired && secret.has_value();
    superuser_ = info.superuser;
  }
  auth::ScramServerExchange exchange(may_login ? secret : std::nullopt, user, server_->mock_key_);
  Send(MessageBuilder('R').Int32(10).CString("SCRAM-SHA-256").Byte(0).Finish());  // AuthenticationSASL
  if (!Flush().ok()) return false;
  auto fail = [&] {
    (void)server_->audit_(user, "login failed", peer_);
    Fatal("28P01", fmt::format("password authentication failed for user \"{}\"", user));
    return false;
  };
  char type;
  std::string body;
  if (!ReadMessage(&type, &body, options.limits.max_preauth_bytes, deadline, 'p').ok()) return false;
  if (type != 'p') {
    Fatal("08P01", fmt::format("expected SASL response, got message type {}", static_cast<int>(static_cast<uint8_t>(type))));
    return false;
  }
  Result<SaslInitialResponse> initial = ParseSaslInitialResponse(body);
  if (!initial.ok()) {
    Fatal("08P01", initial.status().message());
    return false;
  }
  if (initial->mechanism != "SCRAM-SHA-256") {
    Fatal("28000", "client selected an invalid SASL authentication mechanism");
    return false;
  }
  Result<std::string> first = exchange.First(initial->data);
  if (!first.ok()) {
    Fatal("08P01", "malformed SCRAM message: " + first.status().message());
    return false;
  }
  Send(MessageBuilder('R').Int32(11).Bytes(*first).Finish());  // AuthenticationSASLContinue
  if (!Flush().ok()) return false;
  if (!ReadMessage(&type, &body, options.limits.max_preauth_bytes, deadline, 'p').ok()) return false;
  if (type != 'p') {
    Fatal("08P01", fmt::format("expected SASL response, got message type {}", static_cast<int>(static_cast<uint8_t>(type))));
    return false;
  }
  Result<std::string> final_message = exchange.Final(body);
  if (!final_message.ok() || !exchange.authenticated()) return fail();
  Send(MessageBuilder('R').Int32(12).Bytes(*final_message).Finish());  // AuthenticationSASLFinal
  (void)server_->audit_(user, "login", peer_);
  authenticated_ = true;
  return true;
}

void PgSession::SimpleQuery(std::string_view sql) {
  prepared_.erase("");
  portals_.erase("");
  std::vector<QueryResult> results = connection_->QueryAll(sql);
  for (const QueryResult& result : results) {
    if (!result.ok()) {
      Send(ErrorMessage(result.error()));
      break;
    }
    if (!result.column_names().empty()) {
      Send(RowDescriptionMessage(result));
      AppendDataRows(result, &pending_);
      Send(CommandCompleteMessage(result.command_tag()));
    } else if (result.command_tag().empty()) {
      Send(MessageBuilder('I').Finish());  // EmptyQueryResponse
    } else {
      Send(CommandCompleteMessage(result.command_tag()));
    }
    if (pending_.size() > (1u << 20) && !Flush().ok()) return;
  }
  Send(ReadyForQueryMessage(connection_->transaction_state()));
}

namespace {

/// CopyInResponse ('G') or CopyOutResponse ('H'): text format, every column text.
std::string CopyResponse(char type, size_t columns) {
  MessageBuilder m(type);
  m.Byte(0).Int16(static_cast<int16_t>(columns));
  for (size_t c = 0; c < columns; c++) m.Int16(0);
  return m.Finish();
}

}  // namespace

Result<std::string> PgSession::Receive(size_t columns) {
  Send(CopyResponse('G', columns));
  TRIB_RETURN_NOT_OK(Flush());
  std::string data;
  const WireLimits& limits = server_->options_.limits;
  while (true) {
    char type;
    std::string body;
    TRIB_RETURN_NOT_OK(ReadMessage(&type, &body, limits.max_message_bytes, std::nullopt));
    switch (type) {
      case 'd':
        if (data.size() + body.size() > limits.max_copy_bytes) {
          return Status::Invalid("the data is over the limit of {} bytes", limits.max_copy_bytes);
        }
        data += body;
        break;
      case 'c': return data;  // CopyDone
      case 'f': {             // CopyFail
        MessageReader in(body, "CopyFail");
        Result<std::string> reason = in.CString();
        return Status::Invalid("{}", reason.ok() ? *reason : std::string("the client gave up"));
      }
      case 'H':
      case 'S': break;  // Flush and Sync are ignored during COPY, as in PostgreSQL
      default:
        return Status::Invalid("unexpected message type {} during COPY FROM STDIN",
                               static_cast<int>(static_cast<uint8_t>(type)));
    }
  }
}

Status PgSession::Send(std::string_view data, size_t columns) {
  Send(CopyResponse('H', columns));
  constexpr size_t kPiece = 64 << 10;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    Send(MessageBuilder('d').Bytes(data.substr(at, kPiece)).Finish());
    if (pending_.size() > (1u << 20)) TRIB_RETURN_NOT_OK(Flush());
  }
  Send(MessageBuilder('c').Finish());
  return Status::OK();
}

void PgSession::ExtendedError(const QueryError& error) {
  Send(ErrorMessage(error));
  skip_until_sync_ = true;
}

void PgSession::Extended(char type, std::string_view body) {
  auto violation = [&](const Status& st) {
    QueryError error;
    error.sqlstate = "08P01";
    error.message = st.message();
    ExtendedError(error);
  };
  auto error = [&](std::string sqlstate, std::string message) {
    QueryError e;
    e.sqlstate = std::move(sqlstate);
    e.message = std::move(message);
    ExtendedError(e);
  };
  switch (type) {
    case 'P': {
      Result<ParseMessage> m = ParseParseMessage(body);
      if (!m.ok()) return violation(m.status());
      if (!m->name.empty() && prepared_.count(m->name)) {
        return error("42P05", fmt::format("prepared statement \"{}\" already exists", m->name));
      }
      std::vector<std::string> type_names;
      for (int32_t oid : m->parameter_types) {
        std::optional<std::string> name = SqlTypeOfOid(oid);
        if (!name) return error("0A000", fmt::format("parameters of type OID {} are not supported", oid));
        type_names.push_back(*name);
      }
      int parameters = 0;
      QueryResult shape = connection_->Describe(m->query, type_names, &parameters);
      if (!shape.ok()) return ExtendedError(shape.error());
      Prepared prepared{m->query, m->parameter_types, shape.column_names(), shape.column_types()};
      prepared.parameter_oids.resize(static_cast<size_t>(parameters), 0);
      prepared_.insert_or_assign(m->name, std::move(prepared));
      Send(MessageBuilder('1').Finish());  // ParseComplete
      return;
    }
    case 'B': {
      Result<BindMessage> m = ParseBindMessage(body);
      if (!m.ok()) return violation(m.status());
      auto it = prepared_.find(m->statement);
      if (it == prepared_.end()) {
        return error("26000", fmt::format("prepared statement \"{}\" does not exist", m->statement));
      }
      const Prepared& prepared = it->second;
      if (m->parameters.size() != prepared.parameter_oids.size()) {
        return error("08P01", fmt::format("bind message supplies {} parameters, but prepared statement \"{}\" requires {}",
                                          m->parameters.size(), m->statement, prepared.parameter_oids.size()));
      }
      const size_t formats = m->parameter_formats.size();
      if (formats > 1 && formats != m->parameters.size()) {
        return error("08P01", fmt::format("bind message has {} parameter formats but {} parameters", formats,
                                          m->parameters.size()));
      }
      const std::vector<int16_t>& requested = m->result_formats;
      if (requested.size() > 1 && requested.size() != prepared.names.size()) {
        return error("08P01", fmt::format("bind message has {} result formats but query has {} columns",
                                          requested.size(), prepared.names.size()));
      }
      std::vector<int16_t> result_formats;
      for (size_t c = 0; c < prepared.names.size() && !requested.empty(); c++) {
        const int16_t f = requested[requested.size() == 1 ? 0 : c];
        if (f != 0 && f != 1) return error("08P01", fmt::format("invalid format code {} for column {}", f, c + 1));
        if (f == 1 && !BinaryFormatSupported(prepared.types[c])) {
          return error("0A000", fmt::format("binary format for {} columns is not supported: request text (format 0)",
                                            prepared.types[c].ToString()));
        }
        result_formats.push_back(f);
      }
      if (!m->portal.empty() && portals_.count(m->portal)) {
        return error("42P03", fmt::format("portal \"{}\" already exists", m->portal));
      }
      Portal portal;
      portal.sql = prepared.sql;
      portal.names = prepared.names;
      portal.types = prepared.types;
      portal.formats = std::move(result_formats);
      for (size_t i = 0; i < m->parameters.size(); i++) {
        const int32_t oid = prepared.parameter_oids[i];
        portal.parameters.types.push_back(SqlTypeOfOid(oid).value_or(""));
        std::optional<std::string>& value = m->parameters[i];
        const int16_t format = formats == 0 ? 0 : m->parameter_formats[formats == 1 ? 0 : i];
        if (value && format == 1) {
          Result<std::string> text = BinaryParameterText(oid, *value);
          if (!text.ok()) {
            return error(text.status().code() == StatusCode::kNotSupported ? "0A000" : "22P03",
                         fmt::format("parameter ${}: {}", i + 1, text.status().message()));
          }
          value = std::move(text).value();
        } else if (format != 0 && format != 1) {
          return error("08P01", fmt::format("invalid format code {} for parameter ${}", format, i + 1));
        }
        portal.parameters.values.push_back(std::move(value));
      }
      portals_.insert_or_assign(m->portal, std::move(portal));
      Send(MessageBuilder('2').Finish());  // BindComplete
      return;
    }
    case 'D': {
      Result<TargetMessage> m = ParseTargetMessage(body, "Describe");
      if (!m.ok()) return violation(m.status());
      const std::vector<std::string>* names = nullptr;
      const std::vector<LogicalType>* types = nullptr;
      const std::vector<int16_t>* formats = nullptr;  // a portal's; a statement's are not chosen yet
      if (m->kind == 'S') {
        auto it = prepared_.find(m->name);
        if (it == prepared_.end()) return error("26000", fmt::format("prepared statement \"{}\" does not exist", m->name));
        MessageBuilder description('t');  // ParameterDescription: declared types, text where none was
        description.Int16(static_cast<int16_t>(it->second.parameter_oids.size()));
        for (int32_t oid : it->second.parameter_oids) description.Int32(oid == 0 ? 25 : oid);
        Send(description.Finish());
        names = &it->second.names;
        types = &it->second.types;
      } else {
        auto it = portals_.find(m->name);
        if (it == portals_.end()) return error("34000", fmt::format("portal \"{}\" does not exist", m->name));
        names = &it->second.names;
        types = &it->second.types;
        formats = &it->second.formats;
      }
      Send(names->empty() ? MessageBuilder('n').Finish()
                          : RowDescriptionMessage(*names, *types, formats ? *formats : std::vector<int16_t>{}));
      return;
    }
    case 'E': {
      Result<ExecuteMessage> m = ParseExecuteMessage(body);
      if (!m.ok()) return violation(m.status());
      auto it = portals_.find(m->portal);
      if (it == portals_.end()) return error("34000", fmt::format("portal \"{}\" does not exist", m->portal));
      Portal& portal = it->second;
      if (!portal.result) {
        portal.result = portal.parameters.values.empty() ? connection_->Query(portal.sql)
                                                         : connection_->Query(portal.sql, portal.parameters);
        if (!portal.result->ok()) {
          QueryError e = portal.result->error();
          portals_.erase(it);
          return ExtendedError(e);
        }
      }
      const QueryResult& result = *portal.result;
      if (result.column_names().empty()) {
        Send(result.command_tag().empty() ? MessageBuilder('I').Finish() : CommandCompleteMessage(result.command_tag()));
        return;
      }
      const size_t total = result.row_count();
      const size_t end = m->max_rows > 0 ? std::min(total, portal.sent + static_cast<size_t>(m->max_rows)) : total;
      AppendDataRows(result, portal.sent, end, &pending_, portal.formats);
      portal.sent = end;
      Send(end < total ? MessageBuilder('s').Finish()  // PortalSuspended
                       : CommandCompleteMessage(result.command_tag()));
      return;
    }
    case 'C': {
      Result<TargetMessage> m = ParseTargetMessage(body, "Close");
      if (!m.ok()) return violation(m.status());
      if (m->kind == 'S') {
        prepared_.erase(m->name);
      } else {
        portals_.erase(m->name);
      }
      Send(MessageBuilder('3').Finish());  // CloseComplete
      return;
    }
  }
}

void PgSession::Run() {
  if (!Startup()) return;
  const WireLimits& limits = server_->options_.limits;
  while (true) {
    char type;
    std::string body;
    Status read = ReadMessage(&type, &body, limits.max_message_bytes, std::nullopt);
    if (!read.ok()) {
      if (read.code() == StatusCode::kInvalidArgument) Fatal("08P01", read.message());
      return;
    }
    switch (type) {
      case 'Q': {
        Result<std::string> sql = ParseQuery(body);
        if (!sql.ok()) {
          Fatal("08P01", sql.status().message());
          return;
        }
        SimpleQuery(*sql);
        break;
      }
      case 'X': return;  // Terminate
      case 'P':
      case 'B':
      case 'D':
      case 'E':
      case 'C':
        if (!skip_until_sync_) Extended(type, body);
        break;
      case 'S':  // Sync: the end of an extended query; the unnamed portal goes
        skip_until_sync_ = false;
        portals_.erase("");
        Send(ReadyForQueryMessage(connection_->transaction_state()));
        break;
      case 'H': break;  // Flush: the loop flushes after every message
      case 'd':
      case 'c':
      case 'f': break;  // COPY messages outside COPY are ignored, as PostgreSQL does
      default:
        Fatal("08P01", fmt::format("invalid frontend message type {}", static_cast<int>(static_cast<uint8_t>(type))));
        return;
    }
    // Extended-query replies wait for Sync or Flush (clients pipeline
    // Parse/Bind/Describe/Execute), unless they pile up.
    const bool flush = type == 'Q' || type == 'S' || type == 'H' || pending_.size() > (64u << 10);
    if (flush && !Flush().ok()) return;
  }
}

}  // namespace tributary::server
