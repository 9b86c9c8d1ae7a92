#include "iceberg/schema.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "iceberg/json_reader.hpp"
#include "common/json_writer.hpp"

namespace tributary::iceberg {

namespace {

bool ParseDecimalArgs(std::string_view text, int* precision, int* scale) {
  // "decimal(P, S)" or "decimal(P,S)"
  if (!text.starts_with("decimal(") || !text.ends_with(")")) return false;
  std::string_view inner = text.substr(8, text.size() - 9);
  size_t comma = inner.find(',');
  if (comma == std::string_view::npos) return false;
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  std::string_view p = trim(inner.substr(0, comma)), s = trim(inner.substr(comma + 1));
  auto rp = std::from_chars(p.data(), p.data() + p.size(), *precision);
  auto rs = std::from_chars(s.data(), s.data() + s.size(), *scale);
  return rp.ec == std::errc() && rp.ptr == p.data() + p.size() && rs.ec == std::errc() &&
         rs.ptr == s.data() + s.size();
}

}  // namespace

std::string IcebergType::ToString() const {
  switch (id) {
    case IcebergTypeId::kBoolean: return "boolean";
    case IcebergTypeId::kInt: return "int";
    case IcebergTypeId::kLong: return "long";
    case IcebergTypeId::kFloat: return "float";
    case IcebergTypeId::kDouble: return "double";
    case IcebergTypeId::kDecimal: return fmt::format("decimal({}, {})", precision, scale);
    case IcebergTypeId::kDate: return "date";
    case IcebergTypeId::kTimestamp: return "timestamp";
    case IcebergTypeId::kTimestampTz: return "timestamptz";
    case IcebergTypeId::kString: return "string";
  }
  return "?";
}

Result<IcebergType> IcebergType::Parse(std::string_view name) {
  static const std::pair<const char*, IcebergTypeId> kSimple[] = {
      {"boolean", IcebergTypeId::kBoolean},     {"int", IcebergTypeId::kInt},
      {"long", IcebergTypeId::kLong},           {"float", IcebergTypeId::kFloat},
      {"double", IcebergTypeId::kDouble},       {"date", IcebergTypeId::kDate},
      {"timestamp", IcebergTypeId::kTimestamp}, {"timestamptz", IcebergTypeId::kTimestampTz},
      {"string", IcebergTypeId::kString},
  };
  for (const auto& [n, id] : kSimple) {
    if (name == n) return IcebergType{id, 0, 0};
  }
  int p = 0, s = 0;
  if (ParseDecimalArgs(name, &p, &s)) {
    if (p < 1 || p > 38 || s < 0 || s > p) return Status::Invalid("Iceberg type '{}' has an invalid precision/scale", name);
    return IcebergType{IcebergTypeId::kDecimal, p, s};
  }
  return Status::NotSupported("Iceberg type '{}' is not supported (Tributary tables are flat and use "
                              "boolean, int, long, float, double, decimal, date, timestamp[tz], string)",
                              name);
}

Result<IcebergType> ToIcebergType(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return IcebergType{IcebergTypeId::kBoolean};
    case TypeId::kSmallInt:
    case TypeId::kInteger: return IcebergType{IcebergTypeId::kInt};
    case TypeId::kBigInt: return IcebergType{IcebergTypeId::kLong};
    case TypeId::kReal: return IcebergType{IcebergTypeId::kFloat};
    case TypeId::kDouble: return IcebergType{IcebergTypeId::kDouble};
    case TypeId::kNumeric: return IcebergType{IcebergTypeId::kDecimal, type.precision(), type.scale()};
    case TypeId::kVarchar: return IcebergType{IcebergTypeId::kString};
    case TypeId::kDate: return IcebergType{IcebergTypeId::kDate};
    case TypeId::kTimestamp: return IcebergType{IcebergTypeId::kTimestamp};
    case TypeId::kTimestampTz: return IcebergType{IcebergTypeId::kTimestampTz};
    case TypeId::kNull:
    case TypeId::kInterval: break;
  }
  return Status::Invalid("SQL type '{}' has no Iceberg type", type.ToString());
}

LogicalType DefaultLogicalType(const IcebergType& type) {
  switch (type.id) {
    case IcebergTypeId::kBoolean: return LogicalType::Boolean();
    case IcebergTypeId::kInt: return LogicalType::Integer();
    case IcebergTypeId::kLong: return LogicalType::BigInt();
    case IcebergTypeId::kFloat: return LogicalType::Real();
    case IcebergTypeId::kDouble: return LogicalType::Double();
    case IcebergTypeId::kDecimal: return LogicalType::NumericUnchecked(type.precision, type.scale);
    case IcebergTypeId::kDate: return LogicalType::Date();
    case IcebergTypeId::kTimestamp: return LogicalType::Timestamp();
    case IcebergTypeId::kTimestampTz: return LogicalType::TimestampTz();
    case IcebergTypeId::kString: return LogicalType::Varchar();
  }
  return LogicalType::Null();
}

bool IsAllowedPromotion(const IcebergType& from, const IcebergType& to) {
  if (from == to) return true;
  if (from.id == IcebergTypeId::kInt && to.id == IcebergTypeId::kLong) return true;
  if (from.id == IcebergTypeId::kFloat && to.id == IcebergTypeId::kDouble) return true;
  return from.id == IcebergTypeId::kDecimal && to.id == IcebergTypeId::kDecimal && from.scale == to.scale &&
         to.precision > from.precision;
}

std::string SqlTypePropertyKey(int32_t field_id) { return fmt::format("tributary.sql-type.{}", field_id); }

IcebergType SchemaField::iceberg_type() const {
  auto t = ToIcebergType(type);
  return t.ok() ? *t : IcebergType{};
}

Result<std::shared_ptr<const Schema>> Schema::Make(int32_t schema_id, std::vector<SchemaField> fields,
                                                   std::vector<int32_t> identifier_field_ids) {
  std::set<int32_t> ids;
  std::set<std::string> names;
  for (const SchemaField& f : fields) {
    if (f.id < 1) return Status::Invalid("field '{}' has id {}; ids start at 1", f.name, f.id);
    if (f.name.empty()) return Status::Invalid("field {} has an empty name", f.id);
    if (!ids.insert(f.id).second) return Status::Invalid("field id {} appears twice in the schema", f.id);
    if (!names.insert(f.name).second) return Status::Invalid("column name '{}' appears twice in the schema", f.name);
    TRIB_RETURN_NOT_OK(ToIcebergType(f.type).status().WithContext(f.name));
  }
  for (int32_t id : identifier_field_ids) {
    if (!ids.count(id)) return Status::Invalid("identifier field id {} is not in the schema", id);
  }
  std::shared_ptr<Schema> s(new Schema());
  s->schema_id_ = schema_id;
  s->fields_ = std::move(fields);
  s->identifier_field_ids_ = std::move(identifier_field_ids);
  return std::shared_ptr<const Schema>(std::move(s));
}

Result<std::shared_ptr<const Schema>> Schema::FromColumns(
    const std::vector<std::pair<std::string, LogicalType>>& columns) {
  std::vector<SchemaField> fields;
  int32_t id = 1;
  for (const auto& [name, type] : columns) fields.push_back(SchemaField{id++, name, type, false, ""});
  return Make(0, std::move(fields));
}

const SchemaField* Schema::FindField(int32_t id) const {
  for (const SchemaField& f : fields_) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

const SchemaField* Schema::FindField(std::string_view name) const {
  for (const SchemaField& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

int Schema::IndexOf(int32_t id) const {
  for (size_t i = 0; i < fields_.size(); i++) {
    if (fields_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int32_t Schema::HighestFieldId() const {
  int32_t m = 0;
  for (const SchemaField& f : fields_) m = std::max(m, f.id);
  return m;
}

std::vector<parquet::ColumnSpec> Schema::ToColumnSpecs() const {
  std::vector<parquet::ColumnSpec> out;
  for (const SchemaField& f : fields_) out.push_back(parquet::ColumnSpec{f.name, f.type, !f.required, f.id});
  return out;
}

std::string Schema::ToJson() const {
  JsonWriter w;
  w.BeginObject().Key("type").String("struct").Key("schema-id").Int(schema_id_);
  if (!identifier_field_ids_.empty()) {
    w.Key("identifier-field-ids").BeginArray();
    for (int32_t id : identifier_field_ids_) w.Int(id);
    w.EndArray();
  }
  w.Key("fields").BeginArray();
  for (const SchemaField& f : fields_) {
    w.BeginObject().Key("id").Int(f.id).Key("name").String(f.name).Key("required").Bool(f.required);
    w.Key("type").String(f.iceberg_type().ToString());
    if (!f.doc.empty()) w.Key("doc").String(f.doc);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

Result<std::shared_ptr<const Schema>> Schema::FromJson(std::string_view text) {
  TRIB_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(text, "schema"));
  json::Element root = doc->root();
  TRIB_ASSIGN_OR_RETURN(std::string type, json::String(root, "type"));
  if (type != "struct") return Status::Corruption("schema type must be 'struct', not '{}'", type);
  TRIB_ASSIGN_OR_RETURN(auto schema_id, json::OptionalInt(root, "schema-id"));
  std::vector<int32_t> identifiers;
  json::Element ids;
  if (!root.get_object()["identifier-field-ids"].get(ids) && ids.is_array()) {
    for (json::Element e : ids.get_array()) {
      TRIB_ASSIGN_OR_RETURN(int64_t id, json::AsInt(e, "identifier-field-ids"));
      identifiers.push_back(static_cast<int32_t>(id));
    }
  }
  TRIB_ASSIGN_OR_RETURN(auto fields_json, json::Array(root, "fields"));
  std::vector<SchemaField> fields;
  for (json::Element f : fields_json) {
    SchemaField field;
    TRIB_ASSIGN_OR_RETURN(int64_t id, json::Int(f, "id"));
    field.id = static_cast<int32_t>(id);
    TRIB_ASSIGN_OR_RETURN(field.name, json::String(f, "name"));
    TRIB_ASSIGN_OR_RETURN(field.required, json::Bool(f, "required"));
    TRIB_ASSIGN_OR_RETURN(json::Element type_el, json::Member(f, "type"));
    if (!type_el.is_string()) {
      return Status::NotSupported("column '{}' has a nested type; Tributary tables are flat", field.name);
    }
    TRIB_ASSIGN_OR_RETURN(std::string type_name, json::AsString(type_el, "type"));
    TRIB_ASSIGN_OR_RETURN(IcebergType itype, IcebergType::Parse(type_name));
    field.type = DefaultLogicalType(itype);
    TRIB_ASSIGN_OR_RETURN(auto doc_text, json::OptionalString(f, "doc"));
    if (doc_text) field.doc = *doc_text;
    fields.push_back(std::move(field));
  }
  return Make(static_cast<int32_t>(schema_id.value_or(0)), std::move(fields), std::move(identifiers));
}

bool Schema::SameFields(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); i++) {
    const SchemaField &a = fields_[i], &b = other.fields_[i];
    if (a.id != b.id || a.name != b.name || !(a.type == b.type) || a.required != b.required || a.doc != b.doc) {
      return false;
    }
  }
  return identifier_field_ids_ == other.identifier_field_ids_;
}

}  // namespace tributary::iceberg
