#include "cli/describe.hpp"

#include <cstdio>

#include "cli/table_argument.hpp"
#include "cli/text_table.hpp"
#include "main/layout_clause.hpp"

namespace tributary::cli {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n;");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n;");
  return s.substr(b, e - b + 1);
}

bool Fail(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "ERROR:  %s\n", message.c_str());
  return false;
}

bool ListSchemas(catalog::Catalog& catalog) {
  auto namespaces = catalog.ListNamespaces();
  if (!namespaces.ok()) return Fail(namespaces.status().message());
  TextTable out({"Name"});
  for (const auto& ns : *namespaces) out.AddRow({ns});
  std::printf("List of schemas\n%s\n", out.Render().c_str());
  return true;
}

bool ListTables(catalog::Catalog& catalog) {
  auto namespaces = catalog.ListNamespaces();
  if (!namespaces.ok()) return Fail(namespaces.status().message());
  TextTable out({"Schema", "Name", "Type", "Rows", "Files", "Layout"});
  for (const auto& ns : *namespaces) {
    auto tables = catalog.ListTables(ns);
    if (!tables.ok()) return Fail(tables.status().message());
    for (const auto& id : *tables) {
      auto table = catalog.LoadTable(id);
      if (!table.ok()) return Fail(table.status().message());
      auto metadata = (*table)->metadata();
      auto snap = metadata->current_snapshot();
      out.AddRow({ns, id.name, "table", std::to_string(snap ? snap->SummaryInt(iceberg::summary::kTotalRecords) : 0),
                  std::to_string(snap ? snap->SummaryInt(iceberg::summary::kTotalDataFiles) : 0),
                  sql::LayoutClause(*metadata)});
    }
  }
  if (out.num_rows() == 0) {
    std::printf("Did not find any relations.\n");
    return true;
  }
  std::printf("List of relations\n%s\n", out.Render().c_str());
  return true;
}

bool DescribeTable(catalog::Catalog& catalog, const std::string& name) {
  std::string qualified = name.find('.') == std::string::npos ? "public." + name : name;
  auto id = ParseTableArgument(qualified);
  if (!id.ok()) return Fail(id.status().message());
  auto table = catalog.LoadTable(*id);
  if (!table.ok()) return Fail("Did not find any relation named \"" + name + "\".");
  auto metadata = (*table)->metadata();
  const iceberg::Schema& schema = *metadata->current_schema();
  TextTable columns({"Column", "Type", "Nullable"});
  for (const auto& f : schema.fields()) columns.AddRow({f.name, f.type.ToString(), f.required ? "not null" : ""});
  std::string text = "Table \"" + id->ToString() + "\"\n" + columns.Render();
  std::string key;
  for (int32_t field_id : schema.identifier_field_ids()) {
    const iceberg::SchemaField* f = schema.FindField(field_id);
    key += (key.empty() ? "" : ", ") + (f ? f->name : "#" + std::to_string(field_id));
  }
  if (!key.empty()) text += "Primary key: (" + key + ")\n";
  std::string layout = sql::LayoutClause(*metadata);
  text += "Layout: " + (layout.empty() ? std::string("unpartitioned, unclustered") : layout) + "\n";
  std::fputs(text.c_str(), stdout);
  return true;
}

}  // namespace

bool IsMetaCommand(const std::string& text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  return b != std::string::npos && text[b] == '\\';
}

bool RunMetaCommand(const std::string& warehouse, const std::string& line) {
  std::string text = Trim(line);
  size_t space = text.find_first_of(" \t");
  std::string command = text.substr(0, space);
  std::string argument = space == std::string::npos ? "" : Trim(text.substr(space));
  if (command != "\\d" && command != "\\dt" && command != "\\dn") {
    return Fail("invalid command " + command + "; try \\d, \\dt, \\d NAME, \\dn or \\q");
  }
  auto catalog = OpenExistingWarehouse(warehouse);
  if (!catalog.ok()) return Fail(catalog.status().message());
  if (command == "\\dn") return ListSchemas(**catalog);
  if (argument.empty()) return ListTables(**catalog);
  return DescribeTable(**catalog, argument);
}

}  // namespace tributary::cli
