// Text functions over UTF-8 strings; lengths and positions count characters.
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
