#include "iceberg/sort_order.hpp"

#include "iceberg/json_reader.hpp"
#include "common/json_writer.hpp"

namespace tributary::iceberg {

std::shared_ptr<const SortOrder> SortOrder::Unsorted() {
  static const std::shared_ptr<const SortOrder> kUnsorted(new SortOrder());
  return kUnsorted;
}

Result<std::shared_ptr<const SortOrder>> SortOrder::Make(const Schema& schema, int32_t order_id,
                                                         std::vector<SortField> fields) {
  if ((order_id == 0) != fields.empty()) {
    return Status::Invalid("sort order id 0 is reserved for the unsorted order (got id {} with {} fields)", order_id,
                           fields.size());
  }
  for (const SortField& f : fields) {
    const SchemaField* source = schema.FindField(f.source_id);
    if (!source) return Status::Invalid("sort field refers to unknown field id {}", f.source_id);
    TRIB_RETURN_NOT_OK(f.transform.CheckSource(source->iceberg_type()).WithContext("sort field " + source->name));
  }
  std::shared_ptr<SortOrder> s(new SortOrder());
  s->order_id_ = order_id;
  s->fields_ = std::move(fields);
  return std::shared_ptr<const SortOrder>(std::move(s));
}

std::string SortOrder::ToJson() const {
  JsonWriter w;
  w.BeginObject().Key("order-id").Int(order_id_).Key("fields").BeginArray();
  for (const SortField& f : fields_) {
    w.BeginObject()
        .Key("transform")
        .String(f.transform.ToString())
        .Key("source-id")
        .Int(f.source_id)
        .Key("direction")
        .String(f.direction == SortDirection::kAsc ? "asc" : "desc")
        .Key("null-order")
        .String(f.null_order == NullOrder::kNullsFirst ? "nulls-first" : "nulls-last")
        .EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

Result<std::shared_ptr<const SortOrder>> SortOrder::FromJson(std::string_view text) {
  TRIB_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(text, "sort order"));
  TRIB_ASSIGN_OR_RETURN(int64_t order_id, json::Int(doc->root(), "order-id"));
  TRIB_ASSIGN_OR_RETURN(auto fields_json, json::Array(doc->root(), "fields"));
  std::vector<SortField> fields;
  for (json::Element f : fields_json) {
    SortField field;
    TRIB_ASSIGN_OR_RETURN(std::string transform, json::String(f, "transform"));
    TRIB_ASSIGN_OR_RETURN(field.transform, Transform::Parse(transform));
    TRIB_ASSIGN_OR_RETURN(int64_t source_id, json::Int(f, "source-id"));
    field.source_id = static_cast<int32_t>(source_id);
    TRIB_ASSIGN_OR_RETURN(std::string direction, json::String(f, "direction"));
    if (direction != "asc" && direction != "desc") return Status::Corruption("sort direction '{}' is invalid", direction);
    field.direction = direction == "asc" ? SortDirection::kAsc : SortDirection::kDesc;
    TRIB_ASSIGN_OR_RETURN(std::string null_order, json::String(f, "null-order"));
    if (null_order != "nulls-first" && null_order != "nulls-last") {
      return Status::Corruption("sort null-order '{}' is invalid", null_order);
    }
    field.null_order = null_order == "nulls-first" ? NullOrder::kNullsFirst : NullOrder::kNullsLast;
    fields.push_back(field);
  }
  std::shared_ptr<SortOrder> s(new SortOrder());
  s->order_id_ = static_cast<int32_t>(order_id);
  s->fields_ = std::move(fields);
  return std::shared_ptr<const SortOrder>(std::move(s));
}

}  // namespace tributary::iceberg
