#include "iceberg/partition_spec.hpp"

#include <set>

#include "iceberg/json_reader.hpp"
#include "common/json_writer.hpp"

namespace tributary::iceberg {

std::string EscapePartitionValue(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '~' || c == '-') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::shared_ptr<const PartitionSpec> PartitionSpec::Unpartitioned(int32_t spec_id) {
  std::shared_ptr<PartitionSpec> s(new PartitionSpec());
  s->spec_id_ = spec_id;
  return s;
}

Result<std::shared_ptr<const PartitionSpec>> PartitionSpec::Make(const Schema& schema, int32_t spec_id,
                                                                 std::vector<PartitionField> fields) {
  std::set<std::string> names;
  std::set<int32_t> ids;
  for (const PartitionField& f : fields) {
    const SchemaField* source = schema.FindField(f.source_id);
    if (!source) return Status::Invalid("partition field '{}' refers to unknown field id {}", f.name, f.source_id);
    TRIB_RETURN_NOT_OK(f.transform.CheckSource(source->iceberg_type()).WithContext(fmt::format("partition field '{}'", f.name)));
    if (f.name.empty()) return Status::Invalid("partition field {} has an empty name", f.field_id);
    if (!names.insert(f.name).second) return Status::Invalid("partition field name '{}' appears twice", f.name);
    if (!ids.insert(f.field_id).second) return Status::Invalid("partition field id {} appears twice", f.field_id);
    if (f.field_id < kFirstPartitionFieldId) {
      return Status::Invalid("partition field '{}' has id {}; partition field ids start at {}", f.name, f.field_id,
                             kFirstPartitionFieldId);
    }
    // A partition name may equal its source column only for identity.
    const SchemaField* same_name = schema.FindField(f.name);
    if (same_name && !(f.transform.kind() == TransformKind::kIdentity && same_name->id == f.source_id)) {
      return Status::Invalid("partition field name '{}' collides with a column of another meaning", f.name);
    }
  }
  std::shared_ptr<PartitionSpec> s(new PartitionSpec());
  s->spec_id_ = spec_id;
  s->fields_ = std::move(fields);
  return std::shared_ptr<const PartitionSpec>(std::move(s));
}

PartitionSpec::Builder::Builder(std::shared_ptr<const Schema> schema, int32_t spec_id, int32_t first_field_id)
    : schema_(std::move(schema)), spec_id_(spec_id), next_field_id_(first_field_id) {}

PartitionSpec::Builder& PartitionSpec::Builder::Add(std::string_view column, Transform transform, std::string name) {
  if (!error_.ok()) return *this;
  const SchemaField* f = schema_->FindField(column);
  if (!f) {
    error_ = Status::Invalid("cannot partition by unknown column '{}'", column);
    return *this;
  }
  if (name.empty()) {
    name = f->name;
    if (transform.kind() != TransformKind::kIdentity) name += "_" + transform.NameSuffix();
  }
  fields_.push_back(PartitionField{f->id, next_field_id_++, std::move(name), transform});
  return *this;
}

Result<std::shared_ptr<const PartitionSpec>> PartitionSpec::Builder::Build() const {
  TRIB_RETURN_NOT_OK(error_);
  return PartitionSpec::Make(*schema_, spec_id_, fields_);
}

bool PartitionSpec::is_unpartitioned() const {
  for (const PartitionField& f : fields_) {
    if (f.transform.kind() != TransformKind::kVoid) return false;
  }
  return true;
}

int32_t PartitionSpec::LastFieldId() const {
  int32_t m = kFirstPartitionFieldId - 1;
  for (const PartitionField& f : fields_) m = std::max(m, f.field_id);
  return m;
}

Result<std::vector<IcebergType>> PartitionSpec::ResultTypes(const Schema& schema) const {
  std::vector<IcebergType> out;
  for (const PartitionField& f : fields_) {
    const SchemaField* source = schema.FindField(f.source_id);
    if (!source) return Status::Invalid("partition field '{}' refers to unknown field id {}", f.name, f.source_id);
    TRIB_ASSIGN_OR_RETURN(IcebergType t, f.transform.ResultType(source->iceberg_type()));
    out.push_back(t);
  }
  return out;
}

Result<std::vector<LogicalType>> PartitionSpec::ResultLogicalTypes(const Schema& schema) const {
  std::vector<LogicalType> out;
  for (const PartitionField& f : fields_) {
    const SchemaField* source = schema.FindField(f.source_id);
    if (!source) return Status::Invalid("partition field '{}' refers to unknown field id {}", f.name, f.source_id);
    TRIB_ASSIGN_OR_RETURN(LogicalType t, f.transform.ResultLogicalType(source->type));
    out.push_back(t);
  }
  return out;
}

Result<PartitionValues> PartitionSpec::PartitionFor(const Schema& schema, std::span<const Value> row) const {
  if (row.size() != schema.fields().size()) {
    return Status::Invalid("row has {} values but the schema has {} columns", row.size(), schema.fields().size());
  }
  PartitionValues out;
  for (const PartitionField& f : fields_) {
    int idx = schema.IndexOf(f.source_id);
    if (idx < 0) return Status::Invalid("partition field '{}' refers to unknown field id {}", f.name, f.source_id);
    const Value& v = row[static_cast<size_t>(idx)];
    if (v.is_null()) {
      TRIB_ASSIGN_OR_RETURN(LogicalType t, f.transform.ResultLogicalType(schema.fields()[idx].type));
      out.push_back(Value::Null(t));
      continue;
    }
    TRIB_ASSIGN_OR_RETURN(Value p, f.transform.Apply(v));
    out.push_back(std::move(p));
  }
  return out;
}

std::string PartitionSpec::PartitionPath(const PartitionValues& values) const {
  std::string out;
  for (size_t i = 0; i < fields_.size() && i < values.size(); i++) {
    if (i) out += '/';
    out += EscapePartitionValue(fields_[i].name) + "=" +
           EscapePartitionValue(fields_[i].transform.ToHumanString(values[i]));
  }
  return out;
}

std::vector<ColumnPredicate> PartitionSpec::Project(const std::vector<ColumnPredicate>& predicates) const {
  std::vector<ColumnPredicate> out;
  for (const ColumnPredicate& p : predicates) {
    for (const PartitionField& f : fields_) {
      if (f.source_id != p.column) continue;
      if (auto projected = f.transform.Project(p, f.field_id)) out.push_back(std::move(*projected));
    }
  }
  return out;
}

bool PartitionSpec::MayMatch(const std::vector<ColumnPredicate>& projected, const PartitionValues& values) const {
  for (const ColumnPredicate& p : projected) {
    for (size_t i = 0; i < fields_.size() && i < values.size(); i++) {
      if (fields_[i].field_id != p.column) continue;
      const Value& v = values[i];
      ColumnStatistics stats;
      stats.value_count = 1;
      stats.null_count = v.is_null() ? 1 : 0;
      if (!v.is_null()) {
        stats.min = v;
        stats.max = v;
      }
      if (!tributary::MayMatch(p, stats)) return false;
    }
  }
  return true;
}

std::string PartitionSpec::FieldsJson() const {
  JsonWriter w;
  w.BeginArray();
  for (const PartitionField& f : fields_) {
    w.BeginObject()
        .Key("name")
        .String(f.name)
        .Key("transform")
        .String(f.transform.ToString())
        .Key("source-id")
        .Int(f.source_id)
        .Key("field-id")
        .Int(f.field_id)
        .EndObject();
  }
  w.EndArray();
  return w.Take();
}

std::string PartitionSpec::ToJson() const {
  JsonWriter w;
  w.BeginObject().Key("spec-id").Int(spec_id_).Key("fields").Raw(FieldsJson()).EndObject();
  return w.Take();
}

Result<std::shared_ptr<const PartitionSpec>> PartitionSpec::FromJson(std::string_view text) {
  TRIB_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(text, "partition spec"));
  TRIB_ASSIGN_OR_RETURN(int64_t spec_id, json::Int(doc->root(), "spec-id"));
  TRIB_ASSIGN_OR_RETURN(auto fields_json, json::Array(doc->root(), "fields"));
  std::vector<PartitionField> fields;
  for (json::Element f : fields_json) {
    PartitionField field;
    TRIB_ASSIGN_OR_RETURN(field.name, json::String(f, "name"));
    TRIB_ASSIGN_OR_RETURN(std::string transform, json::String(f, "transform"));
    TRIB_ASSIGN_OR_RETURN(field.transform, Transform::Parse(transform));
    TRIB_ASSIGN_OR_RETURN(int64_t source_id, json::Int(f, "source-id"));
    TRIB_ASSIGN_OR_RETURN(int64_t field_id, json::Int(f, "field-id"));
    field.source_id = static_cast<int32_t>(source_id);
    field.field_id = static_cast<int32_t>(field_id);
    fields.push_back(std::move(field));
  }
  // Validation against a schema happens in TableMetadata::FromJson.
  std::shared_ptr<PartitionSpec> s(new PartitionSpec());
  s->spec_id_ = static_cast<int32_t>(spec_id);
  s->fields_ = std::move(fields);
  return std::shared_ptr<const PartitionSpec>(std::move(s));
}

}  // namespace tributary::iceberg
