#include "iceberg/json_reader.hpp"

namespace tributary::iceberg {

Result<std::unique_ptr<JsonDocument>> JsonDocument::Parse(std::string_view json, std::string what) {
  std::unique_ptr<JsonDocument> doc(new JsonDocument());
  doc->what_ = std::move(what);
  simdjson::padded_string padded(json);
  auto err = doc->parser_.parse(padded).get(doc->root_);
  if (err) return Status::Corruption("{} is not valid JSON: {}", doc->what_, simdjson::error_message(err));
  return doc;
}

namespace json {

Result<Element> Member(Element object, std::string_view key) {
  if (!object.is_object()) return Status::Corruption("expected a JSON object holding '{}'", key);
  Element out;
  auto err = object.get_object()[key].get(out);
  if (err) return Status::Corruption("required field '{}' is missing", key);
  return out;
}

Result<int64_t> AsInt(Element e, std::string_view what) {
  int64_t v = 0;
  if (e.get_int64().get(v)) {
    uint64_t u = 0;
    if (!e.get_uint64().get(u) && u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
    return Status::Corruption("field '{}' must be an integer", what);
  }
  return v;
}

Result<std::string> AsString(Element e, std::string_view what) {
  std::string_view v;
  if (e.get_string().get(v)) return Status::Corruption("field '{}' must be a string", what);
  return std::string(v);
}

Result<int64_t> Int(Element object, std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(Element e, Member(object, key));
  return AsInt(e, key);
}

Result<std::string> String(Element object, std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(Element e, Member(object, key));
  return AsString(e, key);
}

Result<bool> Bool(Element object, std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(Element e, Member(object, key));
  bool v = false;
  if (e.get_bool().get(v)) return Status::Corruption("field '{}' must be a boolean", key);
  return v;
}

Result<simdjson::dom::array> Array(Element object, std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(Element e, Member(object, key));
  simdjson::dom::array a;
  if (e.get_array().get(a)) return Status::Corruption("field '{}' must be an array", key);
  return a;
}

Result<simdjson::dom::object> Object(Element object, std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(Element e, Member(object, key));
  simdjson::dom::object o;
  if (e.get_object().get(o)) return Status::Corruption("field '{}' must be an object", key);
  return o;
}

Result<std::optional<int64_t>> OptionalInt(Element object, std::string_view key) {
  Element e;
  if (!object.is_object() || object.get_object()[key].get(e) || e.is_null()) return std::optional<int64_t>();
  TRIB_ASSIGN_OR_RETURN(int64_t v, AsInt(e, key));
  return std::optional<int64_t>(v);
}

Result<std::optional<std::string>> OptionalString(Element object, std::string_view key) {
  Element e;
  if (!object.is_object() || object.get_object()[key].get(e) || e.is_null()) return std::optional<std::string>();
  TRIB_ASSIGN_OR_RETURN(std::string v, AsString(e, key));
  return std::optional<std::string>(std::move(v));
}

std::string ToJson(Element e) { return simdjson::minify(e); }

}  // namespace json
}  // namespace tributary::iceberg
