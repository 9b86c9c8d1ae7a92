#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "main/connection.hpp"

namespace tributary::server {

/// PostgreSQL protocol v3 framing (https://www.postgresql.org/docs/15/protocol-message-formats.html):
/// a reader over one frontend message body with bounds checks, a builder of
/// backend messages, and the startup packet decoder. Every malformed input is
/// a Status naming the message and what was wrong; nothing reads past a body.

/// What a client may send before and after authentication.
struct WireLimits {
  /// A startup packet (StartupMessage, SSLRequest, CancelRequest) at most
  /// this long: PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
  uint32_t max_startup_bytes = 10000;
  /// Any message before authentication completes (SASL responses).
  uint32_t max_preauth_bytes = 10000;
  /// Any message after it (a query text, a COPY data chunk).
  uint32_t max_message_bytes = 64u << 20;
  /// All of one COPY FROM STDIN's data, held in memory until CopyDone.
  size_t max_copy_bytes = size_t{1} << 30;
};

/// Reads the fields of one message body in order.
class MessageReader {
 public:
  MessageReader(std::string_view body, std::string_view what) : body_(body), what_(what) {}
  Result<int32_t> Int32();
  Result<int16_t> Int16();
  Result<uint8_t> Byte();
  /// A NUL-terminated string.
  Result<std::string> CString();
  Result<std::string_view> Bytes(size_t n);
  size_t remaining() const { return body_.size() - pos_; }
  /// Fails unless the whole body was read.
  Status ExpectEnd() const;

 private:
  Status Short(std::string_view field) const;
  std::string_view body_;
  std::string_view what_;
  size_t pos_ = 0;
};

/// Builds one backend message: a type byte, the length, the fields.
class MessageBuilder {
 public:
  explicit MessageBuilder(char type);
  MessageBuilder& Int32(int32_t v);
  MessageBuilder& Int16(int16_t v);
  MessageBuilder& Byte(uint8_t v);
  MessageBuilder& CString(std::string_view s);
  MessageBuilder& Bytes(std::string_view s);
  /// The message, its length filled in (the builder is spent).
  std::string Finish();

 private:
  std::string out_;
};

/// The first packet of a connection.
struct StartupPacket {
  enum class Kind : uint8_t { kStartup, kSslRequest, kGssEncRequest, kCancel };
  Kind kind = Kind::kStartup;
  int32_t protocol = 0;                       // kStartup: major << 16 | minor
  std::map<std::string, std::string> params;  // kStartup: user, database, options...
  int32_t cancel_pid = 0;                     // kCancel
  int32_t cancel_key = 0;
};

inline constexpr int32_t kProtocolV3 = 3 << 16;
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kCancelRequestCode = 80877102;
inline constexpr int32_t kGssEncRequestCode = 80877104;

/// Decodes a startup packet's body (what follows its length word).
Result<StartupPacket> ParseStartupPacket(std::string_view body);

/// A SASLInitialResponse ('p' during SASL): the chosen mechanism and the
/// client's first message.
struct SaslInitialResponse {
  std::string mechanism;
  std::string data;
};
Result<SaslInitialResponse> ParseSaslInitialResponse(std::string_view body);
/// The statement text of a Query ('Q') message.
Result<std::string> ParseQuery(std::string_view body);

/// PostgreSQL's type OID, length and modifier for a column of `type` (for
/// RowDescription).
struct PgTypeInfo {
  int32_t oid;
  int16_t size;
  int32_t modifier;
};
PgTypeInfo PgTypeOf(const LogicalType& type);
/// The SQL type name of a parameter type OID a client declares ("" for 0,
/// unspecified); nullopt for a type Tributary does not have.
std::optional<std::string> SqlTypeOfOid(int32_t oid);
/// A parameter sent in binary format (Bind format 1) as the text the same
/// value has in text format, for the common types (bool, int2/4/8,
/// float4/8, numeric, text/varchar); an error for others or a wrong length.
Result<std::string> BinaryParameterText(int32_t oid, std::string_view bytes);

/// ErrorResponse (or NoticeResponse with `notice`) carrying `error`'s
/// SQLSTATE, message, position and hint; `severity` is ERROR or FATAL.
std::string ErrorMessage(const QueryError& error, std::string_view severity = "ERROR", bool notice = false);
std::string ParameterStatusMessage(std::string_view name, std::string_view value);
std::string ReadyForQueryMessage(TransactionState state);
std::string CommandCompleteMessage(std::string_view tag);
/// Whether values of `type` can be sent in binary format (bool, integers,
/// floats, text, date, timestamps); the rest go as text only.
bool BinaryFormatSupported(const LogicalType& type);
/// RowDescription for columns `names` of `types`; `formats` gives each
/// column's format code (empty: all text).
std::string RowDescriptionMessage(const std::vector<std::string>& names, const std::vector<LogicalType>& types,
                                  const std::vector<int16_t>& formats = {});
inline std::string RowDescriptionMessage(const QueryResult& result) {
  return RowDescriptionMessage(result.column_names(), result.column_types());
}
/// One DataRow per result row in [begin, end), appended to `out`; each
/// column in its `formats` code (empty: all text).
void AppendDataRows(const QueryResult& result, size_t begin, size_t end, std::string* out,
                    const std::vector<int16_t>& formats = {});
inline void AppendDataRows(const QueryResult& result, std::string* out) {
  AppendDataRows(result, 0, result.row_count(), out);
}

/// Parse ('P'): a statement name, its text and the parameter types the
/// client declares.
struct ParseMessage {
  std::string name;
  std::string query;
  std::vector<int32_t> parameter_types;
};
Result<ParseMessage> ParseParseMessage(std::string_view body);
/// Bind ('B'): a portal over a prepared statement with parameter values
/// (nullopt for NULL) and result column formats (0 text, 1 binary).
struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> parameter_formats;
  std::vector<std::optional<std::string>> parameters;
  std::vector<int16_t> result_formats;
};
Result<BindMessage> ParseBindMessage(std::string_view body);
/// Describe ('D') and Close ('C'): 'S' (statement) or 'P' (portal), and a name.
struct TargetMessage {
  char kind = 'S';
  std::string name;
};
Result<TargetMessage> ParseTargetMessage(std::string_view body, std::string_view what);
/// Execute ('E'): a portal and the most rows to return (0: all).
struct ExecuteMessage {
  std::string portal;
  int32_t max_rows = 0;
};
Result<ExecuteMessage> ParseExecuteMessage(std::string_view body);

}  // namespace tributary::server
