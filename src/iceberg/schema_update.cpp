#include "iceberg/schema_update.hpp"

namespace tributary::iceberg {

namespace {

/// SQL-level widening on top of Iceberg's promotions: smallint→integer
/// (both int), varchar(n)→varchar(m ≥ n)/text (both string).
bool IsAllowedWidening(const LogicalType& from, const LogicalType& to) {
  if (from == to) return true;
  auto a = ToIcebergType(from), b = ToIcebergType(to);
  if (!a.ok() || !b.ok() || !IsAllowedPromotion(*a, *b)) return false;
  if (from.id() == TypeId::kVarchar && to.id() == TypeId::kVarchar) {
    return to.max_length() < 0 || (from.max_length() >= 0 && to.max_length() >= from.max_length());
  }
  auto rank = [](TypeId id) {
    switch (id) {
      case TypeId::kSmallInt: return 1;
      case TypeId::kInteger: return 2;
      case TypeId::kBigInt: return 3;
      default: return 0;
    }
  };
  if (rank(from.id()) && rank(to.id())) return rank(to.id()) > rank(from.id());
  return from.id() == to.id() || (from.id() == TypeId::kReal && to.id() == TypeId::kDouble);
}

}  // namespace

SchemaChange SchemaChange::AddColumn(std::string name, LogicalType type, std::string doc) {
  SchemaChange c;
  c.kind = Kind::kAddColumn;
  c.name = std::move(name);
  c.type = type;
  c.doc = std::move(doc);
  return c;
}

SchemaChange SchemaChange::RenameColumn(std::string name, std::string new_name) {
  SchemaChange c;
  c.kind = Kind::kRenameColumn;
  c.name = std::move(name);
  c.new_name = std::move(new_name);
  return c;
}

SchemaChange SchemaChange::DropColumn(std::string name) {
  SchemaChange c;
  c.kind = Kind::kDropColumn;
  c.name = std::move(name);
  return c;
}

SchemaChange SchemaChange::WidenColumn(std::string name, LogicalType new_type) {
  SchemaChange c;
  c.kind = Kind::kWidenColumn;
  c.name = std::move(name);
  c.type = new_type;
  return c;
}

Result<TableMetadata> ApplySchemaChanges(const TableMetadata& base, const std::vector<SchemaChange>& changes) {
  TableMetadata next = base;
  std::vector<SchemaField> fields = base.current_schema()->fields();
  std::vector<int32_t> identifiers = base.current_schema()->identifier_field_ids();
  auto find = [&](const std::string& name) -> SchemaField* {
    for (SchemaField& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  for (const SchemaChange& c : changes) {
    switch (c.kind) {
      case SchemaChange::Kind::kAddColumn: {
        if (find(c.name)) return Status::AlreadyExists("column '{}' already exists", c.name);
        TRIB_RETURN_NOT_OK(ToIcebergType(c.type).status().WithContext(c.name));
        SchemaField f{++next.last_column_id, c.name, c.type, false, c.doc};
        next.properties[SqlTypePropertyKey(f.id)] = f.type.ToString();
        fields.push_back(std::move(f));
        break;
      }
      case SchemaChange::Kind::kRenameColumn: {
        SchemaField* f = find(c.name);
        if (!f) return Status::NotFound("cannot rename column '{}': no such column", c.name);
        if (find(c.new_name)) return Status::AlreadyExists("cannot rename '{}' to '{}': name taken", c.name, c.new_name);
        f->name = c.new_name;
        break;
      }
      case SchemaChange::Kind::kDropColumn: {
        SchemaField* f = find(c.name);
        if (!f) return Status::NotFound("cannot drop column '{}': no such column", c.name);
        const int32_t id = f->id;
        for (const PartitionField& pf : base.default_spec()->fields()) {
          if (pf.source_id == id) {
            return Status::Invalid("cannot drop column '{}': partition field '{}' uses it", c.name, pf.name);
          }
        }
        for (const SortField& sf : base.default_sort_order()->fields()) {
          if (sf.source_id == id) return Status::Invalid("cannot drop column '{}': the sort order uses it", c.name);
        }
        std::erase_if(identifiers, [&](int32_t i) { return i == id; });
        std::erase_if(fields, [&](const SchemaField& x) { return x.id == id; });
        break;
      }
      case SchemaChange::Kind::kWidenColumn: {
        SchemaField* f = find(c.name);
        if (!f) return Status::NotFound("cannot change the type of column '{}': no such column", c.name);
        if (!IsAllowedWidening(f->type, c.type)) {
          return Status::Invalid("cannot change column '{}' from {} to {}: only widening is allowed", c.name,
                                 f->type.ToString(), c.type.ToString());
        }
        f->type = c.type;
        next.properties[SqlTypePropertyKey(f->id)] = f->type.ToString();
        break;
      }
    }
  }
  // Reuse an identical earlier schema (e.g. a change undone), else add one.
  int32_t max_id = -1;
  for (const auto& s : base.schemas) {
    TRIB_ASSIGN_OR_RETURN(auto candidate, Schema::Make(s->schema_id(), fields, identifiers));
    if (s->SameFields(*candidate)) {
      next.current_schema_id = s->schema_id();
      return next;
    }
    max_id = std::max(max_id, s->schema_id());
  }
  TRIB_ASSIGN_OR_RETURN(auto schema, Schema::Make(max_id + 1, std::move(fields), std::move(identifiers)));
  next.schemas.push_back(schema);
  next.current_schema_id = schema->schema_id();
  return next;
}

}  // namespace tributary::iceberg
