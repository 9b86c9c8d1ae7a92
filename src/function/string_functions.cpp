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
