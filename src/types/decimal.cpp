#include "types/decimal.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cctype>

namespace tributary::decimal {

namespace {

constexpr std::array<int128_t, 39> MakePowers() {
  std::array<int128_t, 39> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); i++) p[i] = p[i - 1] * 10;
  return p;
}
constexpr std::array<int128_t, 39> kPowers = MakePowers();

}  // namespace

int128_t PowerOfTen(int n) { return kPowers[static_cast<size_t>(n)]; }

bool FitsPrecision(int128_t v, int precision) {
  int128_t limit = kPowers[static_cast<size_t>(precision)];
  return v < limit && v > -limit;
}

std::string ToString(int128_t v, int scale) {
  bool negative = v < 0;
  // |INT128_MIN| is never a valid NUMERIC(38) value, so negation is safe.
  unsigned __int128 u = negative ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
  char buf[64];
  int pos = 63;
  buf[pos] = '\0';
  int digits = 0;
  do {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
    digits++;
    if (digits == scale) buf[--pos] = '.';
  } while (u != 0 || digits < scale);
  if (scale > 0 && buf[pos] == '.') buf[--pos] = '0';
  if (negative) buf[--pos] = '-';
  return std::string(buf + pos);
}

Result<int128_t> Parse(std::string_view text, int precision, int scale) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  auto invalid = [&] { return Status::Invalid("invalid input syntax for type numeric: \"{}\"", text); };
  if (s.empty()) return invalid();
  bool negative = false;
  if (s.front() == '+' || s.front() == '-') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  // Collect significant digits and the decimal exponent.
  std::string digits;
  int exponent = 0;
  bool seen_point = false, seen_digit = false;
  size_t i = 0;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (seen_point) exponent--;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return invalid();
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return invalid();
    i++;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    if (i >= s.size()) return invalid();
    int e = 0;
    for (; i < s.size(); i++) {
      if (s[i] < '0' || s[i] > '9') return invalid();
      e = std::min(e * 10 + (s[i] - '0'), 100000);
    }
    exponent += exp_negative ? -e : e;
  }
  // value = digits * 10^exponent; we want digits * 10^(exponent + scale).
  int shift = exponent + scale;
  auto overflow = [&] {
    return Status::OutOfRange("numeric field overflow: \"{}\" does not fit numeric({},{})", text, precision, scale);
  };
  if (digits.empty()) return int128_t{0};
  int kept = static_cast<int>(digits.size()) + std::min(shift, 0);
  if (kept <= 0) {
    // Everything is past the scale; round on the first dropped digit.
    bool round_up = kept == 0 && digits[0] >= '5';
    int128_t v = round_up ? 1 : 0;
    return negative ? -v : v;
  }
  if (kept + std::max(shift, 0) > 38) return overflow();
  int128_t v = 0;
  for (int d = 0; d < kept; d++) v = v * 10 + (digits[static_cast<size_t>(d)] - '0');
  if (kept < static_cast<int>(digits.size()) && digits[static_cast<size_t>(kept)] >= '5') v += 1;
  if (shift > 0) v *= kPowers[static_cast<size_t>(shift)];
  if (!FitsPrecision(v, precision)) return overflow();
  return negative ? -v : v;
}

Result<int128_t> Rescale(int128_t v, int from_scale, int to_scale) {
  if (to_scale == from_scale) return v;
  if (to_scale > from_scale) {
    int128_t factor = kPowers[static_cast<size_t>(to_scale - from_scale)];
    int128_t limit = kPowers[38] / factor;
    if (v >= limit || v <= -limit) {
      return Status::OutOfRange("numeric value {} overflows 38 digits at scale {}", ToString(v, from_scale), to_scale);
    }
    return v * factor;
  }
  int128_t factor = kPowers[static_cast<size_t>(from_scale - to_scale)];
  int128_t q = v / factor, r = v % factor;
  if (r < 0) r = -r;
  if (r * 2 >= factor) q += v < 0 ? -1 : 1;
  return q;
}

double ToDouble(int128_t v, int scale) {
  // Both operands exact (a 53-bit mantissa, 10^22 at most): one correctly
  // rounded division. Otherwise v itself would round first, so parse the
  // decimal text, which rounds once.
  constexpr int128_t kExact = int128_t{1} << 53;
  if (v > -kExact && v < kExact && scale <= 22) {
    return static_cast<double>(v) / static_cast<double>(kPowers[static_cast<size_t>(scale)]);
  }
  return std::strtod(ToString(v, scale).c_str(), nullptr);
}

void ToBigEndian(int128_t v, int width, uint8_t* out) {
  auto u = static_cast<unsigned __int128>(v);
  for (int i = width - 1; i >= 0; i--) {
    out[i] = static_cast<uint8_t>(u & 0xff);
    u >>= 8;
  }
}

int128_t FromBigEndian(const uint8_t* in, int width) {
  unsigned __int128 u = (in[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (int i = 0; i < width; i++) u = (u << 8) | in[i];
  return static_cast<int128_t>(u);
}

int BytesForPrecision(int precision) {
  // Smallest n with 2^(8n-1) > 10^precision.
  for (int n = 1; n <= 16; n++) {
    int bits = 8 * n - 1;
    if (bits >= 127) return 16;
    if ((static_cast<int128_t>(1) << bits) > kPowers[static_cast<size_t>(precision)]) return n;
  }
  return 16;
}

}  // namespace tributary::decimal
