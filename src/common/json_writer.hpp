#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tributary {

/// Appends `value` as a JSON string literal (quoted, escaped) to `out`.
void AppendJsonQuoted(std::string_view value, std::string* out);
std::string JsonQuoted(std::string_view value);

/// Streaming JSON writer (metadata documents, CLI output). Inserts commas and escapes
/// strings; the caller is responsible for balanced Begin/End calls and for
/// calling Key() before every member of an object.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  /// Inserts an already-serialized JSON value (e.g. a schema document).
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void AppendQuoted(std::string_view value);
  std::string out_;
  // One entry per open container: true once it holds an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace tributary
