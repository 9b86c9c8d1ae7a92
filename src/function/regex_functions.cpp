// POSIX-style regular expression matching (~, ~*, !~, !~*, regexp_like) with
// std::regex's ECMAScript grammar, which agrees with PostgreSQL's advanced
// regular expressions on anchors, classes, groups, alternation and
// quantifiers. A pattern is compiled once per run of equal patterns.
#include <regex>

#include "function/builtin_kernels.hpp"
#include "parser/sql_error.hpp"

namespace tributary::sql {

namespace {

class PatternCache {
 public:
  const std::regex& Get(std::string_view pattern, bool case_insensitive) {
    if (!compiled_ || pattern != pattern_ || case_insensitive != case_insensitive_) {
      auto flags = std::regex::ECMAScript;
      if (case_insensitive) flags |= std::regex::icase;
      try {
        regex_ = std::regex(pattern.begin(), pattern.end(), flags);
      } catch (const std::regex_error& e) {
        throw SqlError("invalid regular expression: " + std::string(e.what()), "2201B");
      }
      pattern_.assign(pattern);
      case_insensitive_ = case_insensitive;
      compiled_ = true;
    }
    return regex_;
  }

 private:
  bool compiled_ = false;
  std::string pattern_;
  bool case_insensitive_ = false;
  std::regex regex_;
};

bool FlagsCaseInsensitive(std::string_view flags) {
  bool icase = false;
  for (char f : flags) {
    if (f == 'i') icase = true;
    else if (f == 'c') icase = false;
    else throw SqlError("invalid regular expression option: \"" + std::string(1, f) + "\"", "22023");
  }
  return icase;
}

}  // namespace

void RegexpLikeKernel(const std::vector<Vector>& args, size_t count, Vector* out) {
  const StringRef* text = args[0].data<StringRef>();
  const StringRef* pattern = args[1].data<StringRef>();
  const StringRef* flags = args.size() > 2 ? args[2].data<StringRef>() : nullptr;
  uint8_t* dst = out->data<uint8_t>();
  PatternCache cache;
  for (size_t i = 0; i < count; i++) {
    if (out->IsNull(i)) {
      dst[i] = 0;
      continue;
    }
    bool icase = flags != nullptr && FlagsCaseInsensitive(flags[i].view());
    const std::regex& re = cache.Get(pattern[i].view(), icase);
    std::string_view s = text[i].view();
    dst[i] = std::regex_search(s.begin(), s.end(), re) ? 1 : 0;
  }
}

}  // namespace tributary::sql
