// Text functions over UTF-8 strings; lengths and positions count characters
// (PostgreSQL in a UTF-8 database with the C locale).
#include <algorithm>
#include <cctype>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Byte offset of character `n` (0-based) in `s`, or s.size().
size_t ByteOffsetOfChar(std::string_view s, int64_t n) {
  size_t i = 0;
  for (int64_t c = 0; c < n && i < s.size(); c++) {
    i++;
    while (i < s.size() && IsContinuation(s[i])) i++;
  }
  return i;
}

template <typename Fn>
void MapText(const Vector& in, size_t count, Vector* out, Fn fn) {
  const StringRef* src = in.data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (in.IsNull(i)) continue;
    buffer.assign(src[i].data, src[i].size);
    fn(&buffer);
    out->SetString(i, buffer);
  }
}

void Substring(const std::vector<Vector>& args, size_t count, Vector* out, bool has_count) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* from = args[1].data<int32_t>();
  const int32_t* len = has_count ? args[2].data<int32_t>() : nullptr;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    // SQL's substring: characters [from, from + count), clipped to the string.
    int64_t start = from[i];
    int64_t end = INT64_MAX;
    if (has_count) {
      if (len[i] < 0) throw SqlError("negative substring length not allowed", "22011");
      end = start + len[i];
    }
    start = std::max<int64_t>(start, 1);
    std::string_view s = text[i].view();
    if (end <= start) {
      out->SetString(i, "");
      continue;
    }
    size_t b = ByteOffsetOfChar(s, start - 1);
    size_t e = end == INT64_MAX ? s.size() : ByteOffsetOfChar(s, end - 1);
    out->SetString(i, s.substr(b, e - b));
  }
}

}  // namespace

void LowerKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapText(args[0], count, out, [](std::string* s) {
    for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
}

void UpperKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  MapText(args[0], count, out, [](std::string* s) {
    for (char& c : *s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
}

void LengthKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* src = args[0].data<StringRef>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    int32_t n = 0;
    for (uint32_t b = 0; b < src[i].size; b++) n += IsContinuation(src[i].data[b]) ? 0 : 1;
    dst[i] = n;
  }
}

void SubstringKernel(const std::vector<Vector>& args, size_t count, Vector* out) { Substring(args, count, out, true); }
void SubstringFromKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  Substring(args, count, out, false);
}

}  // namespace tributary::sql

namespace tributary::sql {

namespace {

size_t CountChars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return n;
}

}  // namespace

void ReplaceKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* from = args[1].data<StringRef>();
  const StringRef* to = args[2].data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view(), f = from[i].view(), t = to[i].view();
    if (f.empty()) {
      out->SetString(i, s);
      continue;
    }
    buffer.clear();
    size_t pos = 0;
    for (size_t hit; (hit = s.find(f, pos)) != std::string_view::npos; pos = hit + f.size()) {
      buffer.append(s.substr(pos, hit - pos));
      buffer.append(t);
    }
    buffer.append(s.substr(pos));
    out->SetString(i, buffer);
  }
}

void StrposKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* needle = args[1].data<StringRef>();
  int32_t* dst = out->data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    size_t hit = text[i].view().find(needle[i].view());
    dst[i] = hit == std::string_view::npos ? 0 : static_cast<int32_t>(CountChars(text[i].view().substr(0, hit)) + 1);
  }
}

namespace {

template <bool kLeft, bool kRight>
void TrimSpaces(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    if (kLeft) {
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    }
    if (kRight) {
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    }
    out->SetString(i, s);
  }
}

/// btrim/ltrim/rtrim(text, characters): strips any of the (UTF-8) characters
/// in the second argument from the chosen ends.
template <bool kLeft, bool kRight>
void TrimChars(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* set = args[1].data<StringRef>();
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    std::string_view cs = set[i].view();
    chars.clear();
    for (size_t b = 0; b < cs.size();) {
      size_t e = b + 1;
      while (e < cs.size() && (static_cast<unsigned char>(cs[e]) & 0xC0) == 0x80) e++;
      chars.push_back(cs.substr(b, e - b));
      b = e;
    }
    auto strip = [&](bool front) {
      for (bool again = true; again && !s.empty();) {
        again = false;
        for (std::string_view c : chars) {
          if (s.size() >= c.size() && (front ? s.substr(0, c.size()) == c : s.substr(s.size() - c.size()) == c)) {
            if (front) s.remove_prefix(c.size()); else s.remove_suffix(c.size());
            again = true;
            break;
          }
        }
      }
    };
    if (kLeft) strip(true);
    if (kRight) strip(false);
    out->SetString(i, s);
  }
}

}  // namespace

void BtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args.size() == 2) return TrimChars<true, true>(args, count, out);
  TrimSpaces<true, true>(args, count, out);
}
void LtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args.size() == 2) return TrimChars<true, false>(args, count, out);
  TrimSpaces<true, false>(args, count, out);
}
void RtrimKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  if (args.size() == 2) return TrimChars<false, true>(args, count, out);
  TrimSpaces<false, true>(args, count, out);
}

}  // namespace tributary::sql

// split_part, concat/concat_ws, left/right, lpad/rpad, repeat, reverse,
// initcap, starts_with, ascii, chr.
namespace tributary::sql {

namespace {

/// Byte offsets where each character of `s` starts, plus s.size() at the end.
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); i++) {
    if (!IsContinuation(s[i])) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
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
    const auto have = static_cast<int64_t>(CountChars(s));
    if (want <= have || f.empty()) {
      // Too long (or nothing to pad with): cut to `want` characters.
      out->SetString(i, s.substr(0, ByteOffsetOfChar(s, std::max<int64_t>(want, 0))));
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
    int64_t keep = n[i] >= 0 ? n[i] : std::max<int64_t>(0, static_cast<int64_t>(CountChars(s)) + n[i]);
    out->SetString(i, s.substr(0, ByteOffsetOfChar(s, keep)));
  }
}

void RightKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const int32_t* n = args[1].data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) continue;
    std::string_view s = text[i].view();
    const auto chars = static_cast<int64_t>(CountChars(s));
    // right(s, -k) is all but the first k characters.
    int64_t drop = n[i] >= 0 ? std::max<int64_t>(0, chars - n[i]) : std::min<int64_t>(chars, -int64_t{n[i]});
    out->SetString(i, s.substr(ByteOffsetOfChar(s, drop)));
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
