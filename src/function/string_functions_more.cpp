// More text functions: split_part, concat/concat_ws, left/right, lpad/rpad,
// repeat, reverse, initcap, starts_with, ascii, chr. Lengths and positions
// count UTF-8 characters, as PostgreSQL does in a UTF-8 database.
#include <cctype>
#include <string>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Byte offsets where each character of `s` starts, plus s.size() at the end.
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); i++) {
    if (!IsContinuation(s[i])) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

/// The first `n` characters of `s` (all of it when shorter).
std::string_view FirstChars(std::string_view s, int64_t n) {
  size_t i = 0;
  for (int64_t c = 0; c < n && i < s.size(); c++) {
    i++;
    while (i < s.size() && IsContinuation(s[i])) i++;
  }
  return s.substr(0, i);
}

int64_t CountChars(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return n;
}

void Pad(const std::vector<Vector>& args, size_t count, Vector* out, bool left) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* length = args[1].data<int32_t>();
  const StringRef* fill = args.size() > 2 ? args[2].data<StringRef>() : nullptr;
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    std::string_view f = fill ? fill[i].view() : std::string_view(" ");
    const int64_t want = length[i];
    const int64_t have = CountChars(s);
    if (want <= have || f.empty()) {
      // Too long (or nothing to pad with): cut to `want` characters.
      out->SetString(i, FirstChars(s, std::max<int64_t>(want, 0)));
      continue;
    }
    std::string padding;
    std::vector<size_t> fill_chars = CharStarts(f);
    const int64_t fill_count = static_cast<int64_t>(fill_chars.size()) - 1;
    for (int64_t c = 0; c < want - have; c++) {
      int64_t k = c % fill_count;
      padding.append(f.substr(fill_chars[k], fill_chars[k + 1] - fill_chars[k]));
    }
    buffer.clear();
    if (left) buffer.append(padding).append(s);
    else buffer.append(s).append(padding);
    out->SetString(i, buffer);
  }
}

/// Appends row i of `v` as its type's text output (PostgreSQL's, e.g. t for true).
void AppendText(const Vector& v, size_t i, std::string* out) {
  if (v.type().id() == TypeId::kVarchar) {
    out->append(v.data<StringRef>()[i].view());
  } else {
    out->append(v.GetValue(i).ToString());
  }
}

}  // namespace

void SplitPartKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* delimiter = args[1].data<StringRef>();
  const int32_t* field = args[2].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    if (field[i] == 0) throw SqlError("field position must not be zero", "22023");
    std::string_view s = text[i].view(), d = delimiter[i].view();
    std::vector<std::string_view> parts;
    if (d.empty()) {
      parts.push_back(s);
    } else {
      size_t begin = 0;
      while (true) {
        size_t at = s.find(d, begin);
        if (at == std::string_view::npos) {
          parts.push_back(s.substr(begin));
          break;
        }
        parts.push_back(s.substr(begin, at - begin));
        begin = at + d.size();
      }
    }
    // A negative position counts from the end.
    int64_t n = field[i] > 0 ? field[i] - 1 : static_cast<int64_t>(parts.size()) + field[i];
    if (s.empty() || n < 0 || n >= static_cast<int64_t>(parts.size())) {
      out->SetString(i, "");
    } else {
      out->SetString(i, parts[static_cast<size_t>(n)]);
    }
  }
}


void ConcatKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    buffer.clear();
    for (const Vector& a : args) {
      if (!a.IsNull(i)) AppendText(a, i, &buffer);
    }
    out->SetNull(i, false);
    out->SetString(i, buffer);
  }
}

void ConcatWsKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (args[0].IsNull(i)) {
      out->SetNull(i);
      continue;
    }
    std::string_view separator = args[0].data<StringRef>()[i].view();
    buffer.clear();
    bool first = true;
    for (size_t a = 1; a < args.size(); a++) {
      if (args[a].IsNull(i)) continue;
      if (!first) buffer.append(separator);
      AppendText(args[a], i, &buffer);
      first = false;
    }
    out->SetNull(i, false);
    out->SetString(i, buffer);
  }
}

void LeftKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* n = args[1].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    // left(s, -k) is all but the last k characters.
    int64_t keep = n[i] >= 0 ? n[i] : std::max<int64_t>(0, CountChars(s) + n[i]);
    out->SetString(i, FirstChars(s, keep));
  }
}

void RightKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* n = args[1].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    const int64_t chars = CountChars(s);
    // right(s, -k) is all but the first k characters.
    int64_t drop = n[i] >= 0 ? std::max<int64_t>(0, chars - n[i]) : std::min<int64_t>(chars, -int64_t{n[i]});
    out->SetString(i, s.substr(FirstChars(s, drop).size()));
  }
}

void LpadKernel(const std::vector<Vector>& args, size_t count, Vector* out) { Pad(args, count, out, true); }
void RpadKernel(const std::vector<Vector>& args, size_t count, Vector* out) { Pad(args, count, out, false); }

void RepeatKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* n = args[1].data<int32_t>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    if (n[i] > 0 && s.size() * static_cast<size_t>(n[i]) > (size_t{1} << 30)) {
      throw SqlError("requested length too large", "54000");
    }
    buffer.clear();
    for (int32_t k = 0; k < n[i]; k++) buffer.append(s);
    out->SetString(i, buffer);
  }
}

void ReverseKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    std::vector<size_t> starts = CharStarts(s);
    buffer.clear();
    for (size_t c = starts.size() - 1; c-- > 0;) buffer.append(s.substr(starts[c], starts[c + 1] - starts[c]));
    out->SetString(i, buffer);
  }
}

void InitcapKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    buffer.assign(text[i].data, text[i].size);
    // Upper-case the first letter of each run of ASCII letters and digits,
    // lower the rest (PostgreSQL in the C locale).
    bool in_word = false;
    for (char& c : buffer) {
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x80) {
        // Not a letter or digit in the C locale: the next letter starts a word.
        in_word = false;
        continue;
      }
      c = static_cast<char>(in_word ? std::tolower(u) : std::toupper(u));
      in_word = std::isalnum(u) != 0;
    }
    out->SetString(i, buffer);
  }
}

void StartsWithKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* prefix = args[1].data<StringRef>();
  uint8_t* dst = out->data<uint8_t>();
  for (size_t i = 0; i < count; i++) {
    // A NULL row's operands are not strings: write a defined false.
    dst[i] = !out->IsNull(i) && text[i].view().starts_with(prefix[i].view()) ? 1 : 0;
  }
}

void AsciiKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    if (s.empty()) {
      dst[i] = 0;
      continue;
    }
    // The code point of the first character.
    auto b = static_cast<unsigned char>(s[0]);
    int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    int32_t cp = len == 1 ? b : b & (0xFF >> (len + 1));
    for (int k = 1; k < len && k < static_cast<int>(s.size()); k++) cp = (cp << 6) | (s[k] & 0x3F);
    dst[i] = cp;
  }
}

void ChrKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const int32_t* code = args[0].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    int32_t cp = code[i];
    if (cp == 0) throw SqlError("null character not permitted", "54000");
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw SqlError("requested character too large for encoding: " + std::to_string(cp), "54000");
    }
    char buf[4];
    size_t n;
    if (cp < 0x80) {
      buf[0] = static_cast<char>(cp);
      n = 1;
    } else if (cp < 0x800) {
      buf[0] = static_cast<char>(0xC0 | (cp >> 6));
      buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
      n = 2;
    } else if (cp < 0x10000) {
      buf[0] = static_cast<char>(0xE0 | (cp >> 12));
      buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
      n = 3;
    } else {
      buf[0] = static_cast<char>(0xF0 | (cp >> 18));
      buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
      n = 4;
    }
    out->SetString(i, std::string_view(buf, n));
  }
}

}  // namespace tributary::sql
