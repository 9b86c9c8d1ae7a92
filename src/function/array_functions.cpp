// Arrays in PostgreSQL's text form ({a,b,"c d",NULL}): the system catalogs'
// array columns (relacl, polroles, ...) and ARRAY(subquery) are text values
// written this way, and these kernels read and write it. One dimension only.
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

/// The elements of a one-dimensional array's text form; nullopt entries are NULL.
std::vector<std::optional<std::string>> ParseArray(std::string_view text) {
  auto malformed = [&]() {
    throw SqlError("malformed array literal: \"" + std::string(text) + "\"", "22P02");
  };
  std::vector<std::optional<std::string>> out;
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  if (i >= text.size() || text[i] != '{') malformed();
  i++;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  if (i < text.size() && text[i] == '}') return out;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
    if (i >= text.size()) malformed();
    std::string element;
    bool quoted = false;
    if (text[i] == '"') {
      quoted = true;
      for (i++; i < text.size() && text[i] != '"'; i++) {
        if (text[i] == '\\' && i + 1 < text.size()) i++;
        element += text[i];
      }
      if (i >= text.size()) malformed();
      i++;
    } else {
      for (; i < text.size() && text[i] != ',' && text[i] != '}'; i++) {
        if (text[i] == '{' || text[i] == '"') malformed();
        if (text[i] == '\\' && i + 1 < text.size()) i++;
        element += text[i];
      }
      while (!element.empty() && std::isspace(static_cast<unsigned char>(element.back()))) element.pop_back();
    }
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
    if (!quoted && (element == "NULL" || element == "null")) out.emplace_back(std::nullopt);
    else out.emplace_back(std::move(element));
    if (i >= text.size()) malformed();
    if (text[i] == '}') break;
    if (text[i] != ',') malformed();
    i++;
  }
  for (i++; i < text.size(); i++) {
    if (!std::isspace(static_cast<unsigned char>(text[i]))) malformed();
  }
  return out;
}

}  // namespace

void CheckArrayText(std::string_view text) { ParseArray(text); }

std::string ArrayElementText(std::string_view s) {
  bool quote = s.empty() || s == "NULL" || s == "null";
  for (char c : s) {
    quote |= c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || std::isspace(static_cast<unsigned char>(c));
  }
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void ArrayElementTextKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  for (size_t i = 0; i < count; i++) {
    out->SetNull(i, false);
    if (args[0].IsNull(i)) {
      out->SetString(i, "NULL");
      continue;
    }
    if (args[0].type().id() == TypeId::kVarchar) {
      out->SetString(i, ArrayElementText(args[0].data<StringRef>()[i].view()));
    } else {
      out->SetString(i, ArrayElementText(args[0].GetValue(i).ToString()));
    }
  }
}

void ArrayToStringKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* arrays = args[0].data<StringRef>();
  const StringRef* separators = args[1].data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    buffer.clear();
    bool first = true;
    for (const auto& element : ParseArray(arrays[i].view())) {
      if (!element) continue;  // NULL elements are skipped
      if (!first) buffer.append(separators[i].view());
      buffer.append(*element);
      first = false;
    }
    out->SetString(i, buffer);
  }
}

void ArraySubscriptKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* arrays = args[0].data<StringRef>();
  const int32_t* subscripts = args[1].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    auto elements = ParseArray(arrays[i].view());
    int32_t n = subscripts[i];
    // Out of range is NULL, as in PostgreSQL.
    if (n < 1 || static_cast<size_t>(n) > elements.size() || !elements[static_cast<size_t>(n - 1)]) {
      out->SetNull(i);
      continue;
    }
    out->SetString(i, *elements[static_cast<size_t>(n - 1)]);
  }
}

void ArrayPositionKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* arrays = args[0].data<StringRef>();
  const StringRef* wanted = args[1].data<StringRef>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    auto elements = ParseArray(arrays[i].view());
    out->SetNull(i);
    for (size_t e = 0; e < elements.size(); e++) {
      if (elements[e] && *elements[e] == wanted[i].view()) {
        out->SetNull(i, false);
        dst[i] = static_cast<int32_t>(e + 1);
        break;
      }
    }
  }
}

namespace {

void ArrayDimensionKernel(const std::vector<Vector>& args, size_t count, Vector* out, char which) {
  // array_upper / array_lower / array_length (array, dimension): one
  // dimension, lower bound 1; NULL for an empty array or another dimension.
  const StringRef* arrays = args[0].data<StringRef>();
  const int32_t* dimensions = args[1].data<int32_t>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    size_t n = ParseArray(arrays[i].view()).size();
    if (n == 0 || dimensions[i] != 1) {
      out->SetNull(i);
      continue;
    }
    dst[i] = which == 'l' ? 1 : static_cast<int32_t>(n);
  }
}

}  // namespace

void ArrayUpperKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  ArrayDimensionKernel(args, count, out, 'u');
}

void ArrayLowerKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  ArrayDimensionKernel(args, count, out, 'l');
}

void CardinalityKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* arrays = args[0].data<StringRef>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (!out->IsNull(i)) dst[i] = static_cast<int32_t>(ParseArray(arrays[i].view()).size());
  }
}

}  // namespace tributary::sql
