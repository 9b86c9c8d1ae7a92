#include "server/pg_wire.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace tributary::server {

namespace {

Status Violation(std::string_view what, std::string_view detail) {
  return Status::Invalid("invalid {} message: {}", what, detail);
}

}  // namespace

Status MessageReader::Short(std::string_view field) const {
  return Violation(what_, fmt::format("it ends before its {} (at byte {} of {})", field, pos_, body_.size()));
}

Result<int32_t> MessageReader::Int32() {
  if (remaining() < 4) return Short("32-bit integer");
  uint32_t v;
  std::memcpy(&v, body_.data() + pos_, 4);
  pos_ += 4;
  return static_cast<int32_t>(ntohl(v));
}

Result<int16_t> MessageReader::Int16() {
  if (remaining() < 2) return Short("16-bit integer");
  uint16_t v;
  std::memcpy(&v, body_.data() + pos_, 2);
  pos_ += 2;
  return static_cast<int16_t>(ntohs(v));
}

Result<uint8_t> MessageReader::Byte() {
  if (remaining() < 1) return Short("byte");
  return static_cast<uint8_t>(body_[pos_++]);
}

Result<std::string> MessageReader::CString() {
  size_t end = body_.find('\0', pos_);
  if (end == std::string_view::npos) return Violation(what_, "a string is not terminated");
  std::string out(body_.substr(pos_, end - pos_));
  pos_ = end + 1;
  return out;
}

Result<std::string_view> MessageReader::Bytes(size_t n) {
  if (remaining() < n) return Short(fmt::format("{} bytes of data", n));
  std::string_view out = body_.substr(pos_, n);
  pos_ += n;
  return out;
}

Status MessageReader::ExpectEnd() const {
  if (remaining() != 0) return Violation(what_, fmt::format("{} bytes follow its last field", remaining()));
  return Status::OK();
}

MessageBuilder::MessageBuilder(char type) {
  out_.push_back(type);
  out_.append(4, '\0');
}

MessageBuilder& MessageBuilder::Int32(int32_t v) {
  uint32_t n = htonl(static_cast<uint32_t>(v));
  out_.append(reinterpret_cast<const char*>(&n), 4);
  return *this;
}

MessageBuilder& MessageBuilder::Int16(int16_t v) {
  uint16_t n = htons(static_cast<uint16_t>(v));
  out_.append(reinterpret_cast<const char*>(&n), 2);
  return *this;
}

MessageBuilder& MessageBuilder::Byte(uint8_t v) {
  out_.push_back(static_cast<char>(v));
  return *this;
}

MessageBuilder& MessageBuilder::CString(std::string_view s) {
  out_.append(s);
  out_.push_back('\0');
  return *this;
}

MessageBuilder& MessageBuilder::Bytes(std::string_view s) {
  out_.append(s);
  return *this;
}

std::string MessageBuilder::Finish() {
  uint32_t n = htonl(static_cast<uint32_t>(out_.size() - 1));
  std::memcpy(out_.data() + 1, &n, 4);
  return std::move(out_);
}

Result<StartupPacket> ParseStartupPacket(std::string_view body) {
  MessageReader in(body, "startup");
  StartupPacket out;
  TRIB_ASSIGN_OR_RETURN(int32_t code, in.Int32());
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    TRIB_RETURN_NOT_OK(in.ExpectEnd());
    out.kind = code == kSslRequestCode ? StartupPacket::Kind::kSslRequest : StartupPacket::Kind::kGssEncRequest;
    return out;
  }
  if (code == kCancelRequestCode) {
    out.kind = StartupPacket::Kind::kCancel;
    TRIB_ASSIGN_OR_RETURN(out.cancel_pid, in.Int32());
    TRIB_ASSIGN_OR_RETURN(out.cancel_key, in.Int32());
    TRIB_RETURN_NOT_OK(in.ExpectEnd());
    return out;
  }
  out.protocol = code;
  if ((code >> 16) != 3) {
    return Status::NotSupported("unsupported frontend protocol {}.{}: server supports 3.0", code >> 16, code & 0xffff);
  }
  // Name/value pairs, then an empty name.
  while (true) {
    TRIB_ASSIGN_OR_RETURN(std::string name, in.CString());
    if (name.empty()) break;
    TRIB_ASSIGN_OR_RETURN(std::string value, in.CString());
    out.params[name] = value;
  }
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  if (!out.params.count("user") || out.params["user"].empty()) {
    return Status::Invalid("no PostgreSQL user name specified in startup packet");
  }
  return out;
}

Result<SaslInitialResponse> ParseSaslInitialResponse(std::string_view body) {
  MessageReader in(body, "SASLInitialResponse");
  SaslInitialResponse out;
  TRIB_ASSIGN_OR_RETURN(out.mechanism, in.CString());
  TRIB_ASSIGN_OR_RETURN(int32_t length, in.Int32());
  // -1: no initial response; SCRAM always sends one.
  if (length < 0 || static_cast<size_t>(length) != in.remaining()) {
    return Violation("SASLInitialResponse", fmt::format("its data length {} does not match the {} bytes that follow",
                                                        length, in.remaining()));
  }
  TRIB_ASSIGN_OR_RETURN(std::string_view data, in.Bytes(static_cast<size_t>(length)));
  out.data = std::string(data);
  return out;
}

Result<std::string> ParseQuery(std::string_view body) {
  MessageReader in(body, "Query");
  TRIB_ASSIGN_OR_RETURN(std::string sql, in.CString());
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  return sql;
}

PgTypeInfo PgTypeOf(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return {16, 1, -1};
    case TypeId::kSmallInt: return {21, 2, -1};
    case TypeId::kInteger: return {23, 4, -1};
    case TypeId::kBigInt: return {20, 8, -1};
    case TypeId::kReal: return {700, 4, -1};
    case TypeId::kDouble: return {701, 8, -1};
    case TypeId::kNumeric: return {1700, -1, ((type.precision() << 16) | type.scale()) + 4};
    case TypeId::kVarchar:
      return type.max_length() >= 0 ? PgTypeInfo{1043, -1, type.max_length() + 4} : PgTypeInfo{25, -1, -1};
    case TypeId::kDate: return {1082, 4, -1};
    case TypeId::kTimestamp: return {1114, 8, -1};
    case TypeId::kTimestampTz: return {1184, 8, -1};
    case TypeId::kInterval: return {1186, 16, -1};
    case TypeId::kNull: return {25, -1, -1};  // an untyped NULL column reads as text, as in PostgreSQL
  }
  return {25, -1, -1};
}

std::optional<std::string> SqlTypeOfOid(int32_t oid) {
  switch (oid) {
    case 0: return std::string();
    case 16: return std::string("boolean");
    case 20: return std::string("bigint");
    case 21: return std::string("smallint");
    case 23: return std::string("integer");
    case 25: return std::string("text");
    case 700: return std::string("real");
    case 701: return std::string("double precision");
    case 705: return std::string();  // unknown
    case 1043: return std::string("varchar");
    case 1082: return std::string("date");
    case 1114: return std::string("timestamp");
    case 1184: return std::string("timestamptz");
    case 1186: return std::string("interval");
    case 1700: return std::string("numeric");
    default: return std::nullopt;
  }
}

namespace {

/// PostgreSQL's binary NUMERIC (ndigits, weight, sign, dscale, then base-10000
/// digits, the first worth 10000^weight) as text.
Result<std::string> NumericBinaryText(std::string_view bytes) {
  MessageReader in(bytes, "binary numeric parameter");
  TRIB_ASSIGN_OR_RETURN(int16_t ndigits, in.Int16());
  TRIB_ASSIGN_OR_RETURN(int16_t weight, in.Int16());
  TRIB_ASSIGN_OR_RETURN(int16_t sign, in.Int16());
  TRIB_ASSIGN_OR_RETURN(int16_t dscale, in.Int16());
  if (ndigits < 0 || dscale < 0 || dscale > 1000) return Status::Invalid("binary numeric has a bad header");
  if (static_cast<uint16_t>(sign) == 0xC000) return std::string("NaN");
  if (sign != 0 && sign != 0x4000) return Status::Invalid("binary numeric has sign {}", sign);
  std::vector<int> digits;
  for (int16_t i = 0; i < ndigits; i++) {
    TRIB_ASSIGN_OR_RETURN(int16_t d, in.Int16());
    if (d < 0 || d > 9999) return Status::Invalid("binary numeric digit {} is out of range", d);
    digits.push_back(d);
  }
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  auto digit = [&](int position) { return position >= 0 && position < ndigits ? digits[position] : 0; };
  std::string out = sign == 0x4000 ? "-" : "";
  if (weight < 0) {
    out += "0";
  } else {
    out += std::to_string(digit(0));
    for (int i = 1; i <= weight; i++) out += fmt::format("{:04d}", digit(i));
  }
  if (dscale > 0) {
    std::string fraction;
    for (int i = weight + 1; static_cast<int>(fraction.size()) < dscale; i++) fraction += fmt::format("{:04d}", digit(i));
    out += "." + fraction.substr(0, static_cast<size_t>(dscale));
  }
  return out;
}

}  // namespace

Result<std::string> BinaryParameterText(int32_t oid, std::string_view bytes) {
  auto big_endian = [&](size_t width) -> Result<uint64_t> {
    if (bytes.size() != width) {
      return Status::Invalid("binary parameter of type {} has {} bytes, not {}", oid, bytes.size(), width);
    }
    uint64_t v = 0;
    for (char c : bytes) v = v << 8 | static_cast<uint8_t>(c);
    return v;
  };
  switch (oid) {
    case 16: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(1));
      return std::string(v ? "true" : "false");
    }
    case 21: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(2));
      return std::to_string(static_cast<int16_t>(v));
    }
    case 23: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(4));
      return std::to_string(static_cast<int32_t>(v));
    }
    case 20: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(8));
      return std::to_string(static_cast<int64_t>(v));
    }
    case 700: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(4));
      uint32_t bits = static_cast<uint32_t>(v);
      float f;
      std::memcpy(&f, &bits, 4);
      return fmt::format("{}", f);
    }
    case 701: {
      TRIB_ASSIGN_OR_RETURN(uint64_t v, big_endian(8));
      double d;
      std::memcpy(&d, &v, 8);
      return fmt::format("{}", d);
    }
    case 1700: return NumericBinaryText(bytes);
    case 25:
    case 1043:
    case 0: return std::string(bytes);
    default: return Status::NotSupported("binary format for parameters of type {} is not supported: send text", oid);
  }
}

std::string ErrorMessage(const QueryError& error, std::string_view severity, bool notice) {
  MessageBuilder m(notice ? 'N' : 'E');
  m.Byte('S').CString(severity).Byte('V').CString(severity);
  m.Byte('C').CString(error.sqlstate.empty() ? "XX000" : error.sqlstate);
  m.Byte('M').CString(error.message);
  if (!error.hint.empty()) m.Byte('H').CString(error.hint);
  if (error.position > 0) m.Byte('P').CString(std::to_string(error.position));
  m.Byte(0);
  return m.Finish();
}

std::string ParameterStatusMessage(std::string_view name, std::string_view value) {
  return MessageBuilder('S').CString(name).CString(value).Finish();
}

std::string ReadyForQueryMessage(TransactionState state) {
  return MessageBuilder('Z').Byte(static_cast<uint8_t>(state)).Finish();
}

std::string CommandCompleteMessage(std::string_view tag) { return MessageBuilder('C').CString(tag).Finish(); }

bool BinaryFormatSupported(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kReal:
    case TypeId::kDouble:
    case TypeId::kVarchar:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return true;
    default: return false;
  }
}

std::string RowDescriptionMessage(const std::vector<std::string>& names, const std::vector<LogicalType>& types,
                                  const std::vector<int16_t>& formats) {
  MessageBuilder m('T');
  m.Int16(static_cast<int16_t>(names.size()));
  for (size_t c = 0; c < names.size(); c++) {
    PgTypeInfo t = PgTypeOf(types[c]);
    m.CString(names[c]).Int32(0).Int16(0).Int32(t.oid).Int16(t.size).Int32(t.modifier);
    m.Int16(formats.empty() ? 0 : formats[c]);
  }
  return m.Finish();
}

namespace {

/// PostgreSQL's binary epoch is 2000-01-01; ours is 1970-01-01.
constexpr int32_t kDaysTo2000 = 10957;
constexpr int64_t kMicrosTo2000 = int64_t{kDaysTo2000} * 86'400'000'000;

void AppendInt64(MessageBuilder* m, uint64_t u) {
  m->Int32(static_cast<int32_t>(u >> 32)).Int32(static_cast<int32_t>(u & 0xffffffffu));
}

/// One non-NULL value in binary format (BinaryFormatSupported types).
void AppendBinaryValue(const Vector& v, size_t row, MessageBuilder* m) {
  switch (v.type().id()) {
    case TypeId::kBoolean: m->Int32(1).Byte(v.data<uint8_t>()[row] ? 1 : 0); return;
    case TypeId::kSmallInt: m->Int32(2).Int16(v.data<int16_t>()[row]); return;
    case TypeId::kInteger: m->Int32(4).Int32(v.data<int32_t>()[row]); return;
    case TypeId::kDate: m->Int32(4).Int32(v.data<int32_t>()[row] - kDaysTo2000); return;
    case TypeId::kBigInt: m->Int32(8), AppendInt64(m, static_cast<uint64_t>(v.data<int64_t>()[row])); return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      m->Int32(8), AppendInt64(m, static_cast<uint64_t>(v.data<int64_t>()[row] - kMicrosTo2000));
      return;
    case TypeId::kReal: {
      uint32_t bits;
      std::memcpy(&bits, &v.data<float>()[row], 4);
      m->Int32(4).Int32(static_cast<int32_t>(bits));
      return;
    }
    case TypeId::kDouble: {
      uint64_t bits;
      std::memcpy(&bits, &v.data<double>()[row], 8);
      m->Int32(8), AppendInt64(m, bits);
      return;
    }
    default: {
      std::string_view s = v.data<StringRef>()[row].view();
      m->Int32(static_cast<int32_t>(s.size())).Bytes(s);
      return;
    }
  }
}

}  // namespace

void AppendDataRows(const QueryResult& result, size_t begin, size_t end, std::string* out,
                    const std::vector<int16_t>& formats) {
  const size_t columns = result.column_names().size();
  size_t first = 0;  // of the batch
  for (const ColumnBatch& batch : result.batches()) {
    const size_t n = batch.num_rows();
    for (size_t r = begin > first ? begin - first : 0; r < n && first + r < end; r++) {
      MessageBuilder m('D');
      m.Int16(static_cast<int16_t>(columns));
      for (size_t c = 0; c < columns; c++) {
        const Vector& v = batch.column(c);
        if (v.IsNull(r)) {
          m.Int32(-1);
          continue;
        }
        if (!formats.empty() && formats[c] == 1) {
          AppendBinaryValue(v, r, &m);
          continue;
        }
        std::string text = v.GetValue(r).ToString();
        m.Int32(static_cast<int32_t>(text.size())).Bytes(text);
      }
      out->append(m.Finish());
    }
    first += n;
    if (first >= end) break;
  }
}

Result<ParseMessage> ParseParseMessage(std::string_view body) {
  MessageReader in(body, "Parse");
  ParseMessage out;
  TRIB_ASSIGN_OR_RETURN(out.name, in.CString());
  TRIB_ASSIGN_OR_RETURN(out.query, in.CString());
  TRIB_ASSIGN_OR_RETURN(int16_t n, in.Int16());
  if (n < 0) return Violation("Parse", "negative parameter count");
  for (int16_t i = 0; i < n; i++) {
    TRIB_ASSIGN_OR_RETURN(int32_t oid, in.Int32());
    out.parameter_types.push_back(oid);
  }
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  return out;
}

Result<BindMessage> ParseBindMessage(std::string_view body) {
  MessageReader in(body, "Bind");
  BindMessage out;
  TRIB_ASSIGN_OR_RETURN(out.portal, in.CString());
  TRIB_ASSIGN_OR_RETURN(out.statement, in.CString());
  TRIB_ASSIGN_OR_RETURN(int16_t formats, in.Int16());
  if (formats < 0) return Violation("Bind", "negative parameter format count");
  for (int16_t i = 0; i < formats; i++) {
    TRIB_ASSIGN_OR_RETURN(int16_t f, in.Int16());
    out.parameter_formats.push_back(f);
  }
  TRIB_ASSIGN_OR_RETURN(int16_t n, in.Int16());
  if (n < 0) return Violation("Bind", "negative parameter count");
  for (int16_t i = 0; i < n; i++) {
    TRIB_ASSIGN_OR_RETURN(int32_t length, in.Int32());
    if (length == -1) {
      out.parameters.emplace_back(std::nullopt);
      continue;
    }
    if (length < 0) return Violation("Bind", fmt::format("parameter {} has length {}", i + 1, length));
    TRIB_ASSIGN_OR_RETURN(std::string_view value, in.Bytes(static_cast<size_t>(length)));
    out.parameters.emplace_back(std::string(value));
  }
  TRIB_ASSIGN_OR_RETURN(int16_t results, in.Int16());
  if (results < 0) return Violation("Bind", "negative result format count");
  for (int16_t i = 0; i < results; i++) {
    TRIB_ASSIGN_OR_RETURN(int16_t f, in.Int16());
    out.result_formats.push_back(f);
  }
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  return out;
}

Result<TargetMessage> ParseTargetMessage(std::string_view body, std::string_view what) {
  MessageReader in(body, what);
  TargetMessage out;
  TRIB_ASSIGN_OR_RETURN(uint8_t kind, in.Byte());
  if (kind != 'S' && kind != 'P') return Violation(what, fmt::format("invalid target type '{}'", static_cast<char>(kind)));
  out.kind = static_cast<char>(kind);
  TRIB_ASSIGN_OR_RETURN(out.name, in.CString());
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  return out;
}

Result<ExecuteMessage> ParseExecuteMessage(std::string_view body) {
  MessageReader in(body, "Execute");
  ExecuteMessage out;
  TRIB_ASSIGN_OR_RETURN(out.portal, in.CString());
  TRIB_ASSIGN_OR_RETURN(out.max_rows, in.Int32());
  TRIB_RETURN_NOT_OK(in.ExpectEnd());
  return out;
}

}  // namespace tributary::server
