#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace tributary::iceberg {

/// A parsed JSON document (simdjson DOM) with typed, error-naming access to
/// members, for the metadata documents. Failures are Corruption naming the
/// member and what was expected.
class JsonDocument {
 public:
  using Element = simdjson::dom::element;

  /// `what` names the document in errors ("metadata file '…'").
  static Result<std::unique_ptr<JsonDocument>> Parse(std::string_view json, std::string what);
  Element root() const { return root_; }
  const std::string& what() const { return what_; }

 private:
  JsonDocument() = default;
  simdjson::dom::parser parser_;
  Element root_;
  std::string what_;
};

namespace json {

using Element = simdjson::dom::element;

/// Required members; Corruption naming `key` when missing or mistyped.
Result<Element> Member(Element object, std::string_view key);
Result<int64_t> Int(Element object, std::string_view key);
Result<std::string> String(Element object, std::string_view key);
Result<bool> Bool(Element object, std::string_view key);
Result<simdjson::dom::array> Array(Element object, std::string_view key);
Result<simdjson::dom::object> Object(Element object, std::string_view key);
/// Optional members: nullopt when absent or null, Corruption when mistyped.
Result<std::optional<int64_t>> OptionalInt(Element object, std::string_view key);
Result<std::optional<std::string>> OptionalString(Element object, std::string_view key);
/// Element conversions.
Result<int64_t> AsInt(Element e, std::string_view what);
Result<std::string> AsString(Element e, std::string_view what);
/// Re-serializes an element (minified), to hand a sub-document to a FromJson.
std::string ToJson(Element e);

}  // namespace json
}  // namespace tributary::iceberg
