#include "parquet/column_writer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "parquet/codec.hpp"
#include "parquet/rle_bitpacking.hpp"
#include "parquet/schema_mapping.hpp"
#include "types/decimal.hpp"

namespace tributary::parquet {

namespace {

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

template <typename T>
void AppendRaw(T v, std::string* out) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

// ---------------------------------------------------------------------------
// Per-type behaviour: how a vector value becomes a Parquet value, how that is
// PLAIN-encoded, hashed for the dictionary and ordered for statistics.

template <typename S, typename PT, Type kPhysical>
struct FixedTraits {
  using Source = S;
  using P = PT;
  using Owned = PT;
  static constexpr Type kType = kPhysical;
  static constexpr bool kLegacyStats = true;
  /// PLAIN is the value's little-endian bytes, so a run appends with one memcpy.
  static constexpr bool kRawPlain = true;
  bool Convert(S s, P* out) const {
    *out = static_cast<P>(s);
    return true;
  }
  void PlainAppend(P v, std::string* out) const { AppendRaw(v, out); }
  size_t PlainSize(P) const { return sizeof(P); }
  bool Less(P a, P b) const { return a < b; }
  bool Ignore(P) const { return false; }
  std::string StatBytes(P v) const { return std::string(reinterpret_cast<const char*>(&v), sizeof(P)); }
  uint64_t Hash(P v) const {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(P));
    return Mix(bits);
  }
  bool Equal(P a, P b) const { return std::memcmp(&a, &b, sizeof(P)) == 0; }
  Owned ToOwned(P v) const { return v; }
  P View(const Owned& v) const { return v; }
  void FinishPlain(std::string*, size_t) const {}
};

struct BoolTraits : FixedTraits<uint8_t, uint8_t, Type::kBoolean> {
  bool Convert(uint8_t s, uint8_t* out) const {
    *out = s ? 1 : 0;
    return true;
  }
  void PlainAppend(uint8_t v, std::string* out) const { out->push_back(static_cast<char>(v)); }
  // PLAIN booleans are bit-packed, LSB first: repack the one-byte-per-value
  // buffer in place.
  void FinishPlain(std::string* plain, size_t count) const {
    std::string packed((count + 7) / 8, '\0');
    for (size_t i = 0; i < count; i++) {
      if ((*plain)[i]) packed[i / 8] = static_cast<char>(packed[i / 8] | (1 << (i % 8)));
    }
    *plain = std::move(packed);
  }
};

template <typename S, typename PT, Type kPhysical>
struct FloatTraits : FixedTraits<S, PT, kPhysical> {
  // NaN never enters min/max (parquet-format's rule); -0 and +0 compare equal.
  bool Ignore(PT v) const { return std::isnan(v); }
};

template <typename PT, Type kPhysical>
struct NarrowDecimalTraits : FixedTraits<int128_t, PT, kPhysical> {
  bool Convert(int128_t s, PT* out) const {
    if (s < std::numeric_limits<PT>::min() || s > std::numeric_limits<PT>::max()) return false;
    *out = static_cast<PT>(s);
    return true;
  }
};

struct FixedDecimalTraits : FixedTraits<int128_t, int128_t, Type::kFixedLenByteArray> {
  static constexpr bool kLegacyStats = false;  // legacy signed byte order is wrong for two's complement
  static constexpr bool kRawPlain = false;     // big-endian, `width` bytes
  int width = 16;
  void PlainAppend(int128_t v, std::string* out) const {
    uint8_t buf[16];
    decimal::ToBigEndian(v, width, buf);
    out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(width));
  }
  size_t PlainSize(int128_t) const { return static_cast<size_t>(width); }
  std::string StatBytes(int128_t v) const {
    std::string s;
    PlainAppend(v, &s);
    return s;
  }
  uint64_t Hash(int128_t v) const {
    auto u = static_cast<unsigned __int128>(v);
    return Mix(static_cast<uint64_t>(u) ^ Mix(static_cast<uint64_t>(u >> 64)));
  }
};

struct StringTraits {
  using Source = StringRef;
  using P = std::string_view;
  using Owned = std::string;
  static constexpr Type kType = Type::kByteArray;
  static constexpr bool kLegacyStats = false;  // legacy signed byte order differs from UTF-8 order
  static constexpr bool kRawPlain = false;     // length-prefixed
  bool Convert(StringRef s, P* out) const {
    *out = s.view();
    return true;
  }
  void PlainAppend(P v, std::string* out) const {
    AppendRaw(static_cast<uint32_t>(v.size()), out);
    out->append(v);
  }
  size_t PlainSize(P v) const { return 4 + v.size(); }
  bool Less(P a, P b) const { return a < b; }  // char_traits<char> compares as unsigned char
  bool Ignore(P) const { return false; }
  std::string StatBytes(P v) const { return std::string(v); }
  uint64_t Hash(P v) const { return XXH3_64bits(v.data(), v.size()); }
  bool Equal(P a, P b) const { return a == b; }
  Owned ToOwned(P v) const { return std::string(v); }
  P View(const Owned& v) const { return v; }
  void FinishPlain(std::string*, size_t) const {}
};

// ---------------------------------------------------------------------------
// Dictionary: distinct values in insertion order plus an open-addressing
// index. Its PLAIN encoding is the dictionary page.

template <typename Traits>
class Dictionary {
 public:
  using P = typename Traits::P;
  explicit Dictionary(const Traits* traits) : traits_(traits) {}

  /// Index of `v`, or -1.
  int64_t Find(P v, uint64_t hash) const {
    if (slots_.empty()) return -1;
    size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
      int32_t e = slots_[s];
      if (e < 0) return -1;
      if (hashes_[static_cast<size_t>(e)] == hash && traits_->Equal(Get(static_cast<size_t>(e)), v)) return e;
    }
  }
  uint32_t Insert(P v, uint64_t hash) {
    if ((size() + 1) * 2 > slots_.size()) Grow();
    auto index = static_cast<uint32_t>(size());
    if constexpr (std::is_same_v<P, std::string_view>) {
      offsets_.push_back({static_cast<uint32_t>(data_.size()), static_cast<uint32_t>(v.size())});
      data_.append(v);
    } else {
      values_.push_back(v);
    }
    hashes_.push_back(hash);
    Place(index, hash);
    plain_bytes_ += traits_->PlainSize(v);
    return index;
  }
  P Get(size_t i) const {
    if constexpr (std::is_same_v<P, std::string_view>) {
      return std::string_view(data_).substr(offsets_[i].first, offsets_[i].second);
    } else {
      return values_[i];
    }
  }
  size_t size() const { return hashes_.size(); }
  size_t plain_bytes() const { return plain_bytes_; }
  void WritePlain(std::string* out) const {
    for (size_t i = 0; i < size(); i++) traits_->PlainAppend(Get(i), out);
    traits_->FinishPlain(out, size());
  }
  void Clear() {
    slots_.clear();
    hashes_.clear();
    values_.clear();
    offsets_.clear();
    data_.clear();
    plain_bytes_ = 0;
  }

 private:
  void Place(uint32_t index, uint64_t hash) {
    size_t mask = slots_.size() - 1;
    size_t s = hash & mask;
    while (slots_[s] >= 0) s = (s + 1) & mask;
    slots_[s] = static_cast<int32_t>(index);
  }
  void Grow() {
    size_t cap = std::max<size_t>(1024, slots_.size() * 2);
    slots_.assign(cap, -1);
    for (size_t i = 0; i < hashes_.size(); i++) Place(static_cast<uint32_t>(i), hashes_[i]);
  }

  const Traits* traits_;
  std::vector<int32_t> slots_;
  std::vector<uint64_t> hashes_;
  std::vector<P> values_;  // fixed-width types
  std::vector<std::pair<uint32_t, uint32_t>> offsets_;  // strings: (offset, size) in data_
  std::string data_;
  size_t plain_bytes_ = 0;
};

template <typename Traits>
struct MinMax {
  std::optional<typename Traits::Owned> min, max;

  void Update(const Traits& t, typename Traits::P v) {
    if (t.Ignore(v)) return;
    if (!min || t.Less(v, t.View(*min))) min = t.ToOwned(v);
    if (!max || t.Less(t.View(*max), v)) max = t.ToOwned(v);
  }
  void Merge(const Traits& t, const MinMax& o) {
    if (o.min) Update(t, t.View(*o.min));
    if (o.max) Update(t, t.View(*o.max));
  }
};

template <typename Traits>
class TypedColumnWriter final : public ColumnWriter {
 public:
  using P = typename Traits::P;
  using Source = typename Traits::Source;

  TypedColumnWriter(const ColumnSpec& spec, const WriterOptions& options, Traits traits)
      : spec_(spec), options_(options), traits_(traits), dictionary_(&traits_) {
    ResetChunk();
  }

  Status Append(const Vector& vector, const uint32_t* sel, size_t begin, size_t end) override {
    const Vector* values = &vector;
    const uint32_t* dict_index = nullptr;
    if (vector.encoding() == VectorEncoding::kDictionary) {
      values = &vector.dictionary();
      dict_index = vector.indices();
    }
    const Source* data = values->template data<Source>();
    const bool constant = vector.encoding() == VectorEncoding::kConstant;
    const bool simple = !constant && !dict_index && vector.validity().AllValid();
    // Values are converted into runs of up to kRun non-null values, appended
    // a run at a time (one memcpy for PLAIN, one stats update).
    constexpr size_t kRun = 256;
    P run[kRun];
    size_t n = 0;
    for (size_t i = begin; i < end; i++) {
      size_t row = sel ? sel[i] : i;
      if (!simple && vector.IsNull(row)) {
        if (!spec_.nullable) return Status::Invalid("column '{}' is NOT NULL but row {} is NULL", spec_.name, row);
        TRIB_RETURN_NOT_OK(AppendValues(run, n));
        n = 0;
        AppendNull();
        continue;
      }
      size_t at = constant ? 0 : dict_index ? dict_index[row] : row;
      if (!traits_.Convert(data[at], &run[n])) {
        return Status::Invalid("column '{}': value at row {} does not fit {}", spec_.name, row,
                               spec_.type.ToString());
      }
      if (++n == kRun) {
        TRIB_RETURN_NOT_OK(AppendValues(run, n));
        n = 0;
      }
    }
    return AppendValues(run, n);
  }

  Status Finish(EncodedChunk* out) override {
    if (page_rows_ > 0 || chunk_pages_ == 0) TRIB_RETURN_NOT_OK(FlushPage());
    out->bytes.clear();
    ColumnMetaData& m = out->meta;
    m = ColumnMetaData{};
    m.type = Traits::kType;
    m.path_in_schema = {spec_.name};
    m.codec = options_.codec;
    m.num_values = chunk_rows_;
    int64_t uncompressed = chunk_uncompressed_;
    if (dict_pages_ > 0) {
      std::string body;
      dictionary_.WritePlain(&body);
      PageHeader h;
      h.type = PageType::kDictionaryPage;
      h.dictionary_page_header = DictionaryPageHeader{static_cast<int32_t>(dictionary_.size()), Encoding::kPlain, {}};
      TRIB_RETURN_NOT_OK(EmitPage(&h, body, &out->bytes, &uncompressed));
      m.dictionary_page_offset = 0;
    }
    m.data_page_offset = static_cast<int64_t>(out->bytes.size());
    out->bytes += chunk_;
    m.total_compressed_size = static_cast<int64_t>(out->bytes.size());
    m.total_uncompressed_size = uncompressed;
    if (dict_pages_ > 0 || plain_pages_ > 0) m.encodings.push_back(Encoding::kPlain);
    if (spec_.nullable) m.encodings.push_back(Encoding::kRle);
    if (dict_pages_ > 0) m.encodings.push_back(Encoding::kRleDictionary);
    m.statistics = MakeStatistics(chunk_stats_, chunk_nulls_);

    total_values_ += chunk_rows_;
    total_nulls_ += chunk_nulls_;
    total_stats_.Merge(traits_, chunk_stats_);
    if (total_stats_.min) total_min_ = traits_.StatBytes(traits_.View(*total_stats_.min));
    if (total_stats_.max) total_max_ = traits_.StatBytes(traits_.View(*total_stats_.max));
    ResetChunk();
    return Status::OK();
  }

  int64_t buffered_bytes() const override {
    return static_cast<int64_t>(chunk_.size() + plain_.size() + indices_.size() + dictionary_.plain_bytes());
  }
  int64_t total_nulls() const override { return total_nulls_; }
  int64_t total_values() const override { return total_values_; }
  const std::optional<std::string>& total_min() const override { return total_min_; }
  const std::optional<std::string>& total_max() const override { return total_max_; }

 private:
  void AppendNull() {
    def_levels_.push_back(0);
    page_rows_++;
    page_nulls_++;
  }

  /// Appends `n` non-null values. A dictionary that fills up part-way
  /// switches the chunk to PLAIN at that value, after flushing the page so
  /// far (so no page mixes the two encodings).
  Status AppendValues(const P* v, size_t n) {
    size_t i = 0;
    while (i < n) {
      const size_t start = i;
      const size_t stop = i + std::min(n - i, ValuesUntilPageFull());
      bool dictionary_full = false;
      if (dict_mode_) {
        for (; i < stop; i++) {
          // Runs of one value (a clustered key, a load's lineage columns)
          // reuse the previous index without hashing.
          if (i > 0 && !indices_.empty() && traits_.Equal(v[i], v[i - 1])) {
            indices_.push_back(indices_.back());
            continue;
          }
          uint64_t h = traits_.Hash(v[i]);
          int64_t index = dictionary_.Find(v[i], h);
          if (index < 0) {
            if (static_cast<int64_t>(dictionary_.plain_bytes() + traits_.PlainSize(v[i])) >
                options_.dictionary_page_bytes) {
              dictionary_full = true;
              break;
            }
            index = dictionary_.Insert(v[i], h);
          }
          indices_.push_back(static_cast<uint32_t>(index));
        }
        // PLAIN bytes are kept until the first page decides whether the
        // dictionary pays.
        if (dict_pages_ == 0) PlainAppendRun(v + start, i - start);
      } else {
        i = stop;
        PlainAppendRun(v + start, stop - start);
      }
      AccountValues(v + start, i - start);
      if (dictionary_full) {
        // The dictionary is full: this chunk continues in PLAIN.
        if (page_rows_ > 0) TRIB_RETURN_NOT_OK(FlushPage());
        dict_mode_ = false;
        if (dictionary_.size() == 0 || dict_pages_ == 0) dictionary_.Clear();
      }
      if (PageFull()) TRIB_RETURN_NOT_OK(FlushPage());
    }
    return Status::OK();
  }

  void PlainAppendRun(const P* v, size_t n) {
    if constexpr (Traits::kRawPlain) {
      plain_.append(reinterpret_cast<const char*>(v), n * sizeof(P));
    } else {
      for (size_t k = 0; k < n; k++) traits_.PlainAppend(v[k], &plain_);
    }
  }

  // Statistics, definition levels and counters for `n` appended values.
  void AccountValues(const P* v, size_t n) {
    if (n == 0) return;
    const P* lo = nullptr;
    const P* hi = nullptr;
    for (size_t k = 0; k < n; k++) {
      if (traits_.Ignore(v[k])) continue;
      if (!lo) {
        lo = hi = &v[k];
        continue;
      }
      if (traits_.Less(v[k], *lo)) lo = &v[k];
      if (traits_.Less(*hi, v[k])) hi = &v[k];
    }
    if (lo) {
      page_stats_.Update(traits_, *lo);
      page_stats_.Update(traits_, *hi);
    }
    if (spec_.nullable) def_levels_.insert(def_levels_.end(), n, 1);
    page_rows_ += static_cast<int64_t>(n);
    page_values_ += static_cast<int64_t>(n);
  }

  /// How many more values the current page takes before PageFull(), at
  /// least one (so a page ends at most one value past page_bytes, as when
  /// values were checked one by one).
  size_t ValuesUntilPageFull() const {
    size_t bytes = def_levels_.size() / 8;
    size_t bits_per_value;  // a lower bound on what one more value adds
    if (dict_mode_) {
      bytes += indices_.size() * static_cast<size_t>(std::max(1, BitWidthFor(dictionary_.size()))) / 8;
      bits_per_value = static_cast<size_t>(std::max(1, BitWidthFor(dictionary_.size() + 1)));
    } else {
      bytes += plain_.size();
      if constexpr (Traits::kRawPlain) {
        bits_per_value = 8 * sizeof(P);
      } else if constexpr (std::is_same_v<P, std::string_view>) {
        bits_per_value = 8 * 4;  // the length prefix
      } else {
        bits_per_value = 8 * traits_.PlainSize(P{});
      }
    }
    if (spec_.nullable) bits_per_value += 1;
    const auto limit = static_cast<size_t>(options_.page_bytes);
    if (bytes >= limit) return 1;
    return (limit - bytes) * 8 / bits_per_value + 1;
  }

  bool PageFull() const {
    size_t bytes = def_levels_.size() / 8;
    if (dict_mode_) {
      int width = std::max(1, BitWidthFor(dictionary_.size()));
      bytes += indices_.size() * static_cast<size_t>(width) / 8;
    } else {
      bytes += plain_.size();
    }
    return static_cast<int64_t>(bytes) >= options_.page_bytes;
  }

  std::optional<Statistics> MakeStatistics(const MinMax<Traits>& mm, int64_t nulls) const {
    Statistics s;
    s.null_count = nulls;
    if (mm.min && mm.max) {
      P lo = traits_.View(*mm.min), hi = traits_.View(*mm.max);
      std::string lo_bytes = traits_.StatBytes(lo), hi_bytes = traits_.StatBytes(hi);
      if constexpr (std::is_floating_point_v<P>) {
        // parquet-format: a zero minimum is written as -0, a zero maximum as +0.
        if (lo == 0) lo_bytes = traits_.StatBytes(-P{0});
        if (hi == 0) hi_bytes = traits_.StatBytes(P{0});
      }
      s.min_value = lo_bytes;
      s.max_value = hi_bytes;
      if (Traits::kLegacyStats) {
        s.min = lo_bytes;
        s.max = hi_bytes;
      }
    }
    return s;
  }

  // Encodes, compresses and buffers the open page.
  Status FlushPage() {
    std::string body;
    if (spec_.nullable) {
      std::string levels;
      EncodeRleBitPacked(def_levels_.data(), def_levels_.size(), 1, &levels);
      AppendRaw(static_cast<uint32_t>(levels.size()), &body);
      body += levels;
    }
    Encoding encoding = Encoding::kPlain;
    bool use_dictionary = dict_mode_;
    if (use_dictionary && dict_pages_ == 0) {
      // First page: keep the dictionary only if it beats PLAIN.
      size_t width = static_cast<size_t>(std::max(1, BitWidthFor(dictionary_.size())));
      size_t dict_cost = dictionary_.plain_bytes() + indices_.size() * width / 8 + 1;
      // PLAIN compresses better than the dictionary's index stream, so the
      // dictionary must win clearly before compression to win after it.
      if (dict_cost * 4 >= plain_.size() * 3 && page_values_ > 0) {
        use_dictionary = false;
        dict_mode_ = false;
        dictionary_.Clear();
      }
    }
    if (use_dictionary) {
      int width = std::max(1, BitWidthFor(dictionary_.size() > 0 ? dictionary_.size() - 1 : 0));
      body.push_back(static_cast<char>(width));
      EncodeRleBitPacked(indices_.data(), indices_.size(), width, &body);
      encoding = Encoding::kRleDictionary;
      dict_pages_++;
    } else {
      traits_.FinishPlain(&plain_, page_values_);
      body += plain_;
      plain_pages_++;
    }
    PageHeader h;
    h.type = PageType::kDataPage;
    DataPageHeader d;
    d.num_values = static_cast<int32_t>(page_rows_);
    d.encoding = encoding;
    d.definition_level_encoding = Encoding::kRle;
    d.repetition_level_encoding = Encoding::kRle;
    if (options_.page_statistics) d.statistics = MakeStatistics(page_stats_, page_nulls_);
    h.data_page_header = std::move(d);
    TRIB_RETURN_NOT_OK(EmitPage(&h, body, &chunk_, &chunk_uncompressed_));
    chunk_pages_++;
    chunk_rows_ += page_rows_;
    chunk_nulls_ += page_nulls_;
    chunk_stats_.Merge(traits_, page_stats_);
    ResetPage();
    return Status::OK();
  }

  Status EmitPage(PageHeader* h, const std::string& body, std::string* out, int64_t* uncompressed_total) {
    if (body.size() > static_cast<size_t>(INT32_MAX)) {
      return Status::Invalid("column '{}': page of {} bytes is too large", spec_.name, body.size());
    }
    compressed_.clear();
    TRIB_RETURN_NOT_OK(Compress(options_.codec, options_.compression_level,
                                reinterpret_cast<const uint8_t*>(body.data()), body.size(), &compressed_));
    h->uncompressed_page_size = static_cast<int32_t>(body.size());
    h->compressed_page_size = static_cast<int32_t>(compressed_.size());
    size_t header_start = out->size();
    SerializePageHeader(*h, out);
    size_t header_bytes = out->size() - header_start;
    out->append(compressed_);
    *uncompressed_total += static_cast<int64_t>(header_bytes + body.size());
    return Status::OK();
  }

  void ResetPage() {
    def_levels_.clear();
    indices_.clear();
    plain_.clear();
    page_rows_ = page_values_ = page_nulls_ = 0;
    page_stats_ = {};
  }

  void ResetChunk() {
    ResetPage();
    chunk_.clear();
    dictionary_.Clear();
    // Booleans stay PLAIN: a bit per value already, and common readers
    // reject boolean dictionaries.
    dict_mode_ = options_.enable_dictionary && Traits::kType != Type::kBoolean;
    dict_pages_ = plain_pages_ = chunk_pages_ = 0;
    chunk_rows_ = chunk_nulls_ = chunk_uncompressed_ = 0;
    chunk_stats_ = {};
  }

  ColumnSpec spec_;
  WriterOptions options_;
  Traits traits_;
  Dictionary<Traits> dictionary_;
  std::string compressed_;

  // The open page.
  std::vector<uint32_t> def_levels_;
  std::vector<uint32_t> indices_;
  std::string plain_;
  int64_t page_rows_ = 0, page_values_ = 0, page_nulls_ = 0;
  MinMax<Traits> page_stats_;

  // The current chunk.
  std::string chunk_;
  bool dict_mode_ = true;
  int64_t dict_pages_ = 0, plain_pages_ = 0, chunk_pages_ = 0;
  int64_t chunk_rows_ = 0, chunk_nulls_ = 0, chunk_uncompressed_ = 0;
  MinMax<Traits> chunk_stats_;

  // The file so far.
  int64_t total_values_ = 0, total_nulls_ = 0;
  MinMax<Traits> total_stats_;
  std::optional<std::string> total_min_, total_max_;
};

template <typename Traits>
std::unique_ptr<ColumnWriter> MakeTyped(const ColumnSpec& spec, const WriterOptions& options, Traits traits = {}) {
  return std::make_unique<TypedColumnWriter<Traits>>(spec, options, traits);
}

}  // namespace

Result<std::unique_ptr<ColumnWriter>> ColumnWriter::Make(const ColumnSpec& spec, const WriterOptions& options) {
  TRIB_ASSIGN_OR_RETURN(SchemaElement element, ToSchemaElement(spec));
  switch (spec.type.id()) {
    case TypeId::kBoolean: return MakeTyped<BoolTraits>(spec, options);
    case TypeId::kSmallInt: return MakeTyped<FixedTraits<int16_t, int32_t, Type::kInt32>>(spec, options);
    case TypeId::kInteger:
    case TypeId::kDate: return MakeTyped<FixedTraits<int32_t, int32_t, Type::kInt32>>(spec, options);
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return MakeTyped<FixedTraits<int64_t, int64_t, Type::kInt64>>(spec, options);
    case TypeId::kReal: return MakeTyped<FloatTraits<float, float, Type::kFloat>>(spec, options);
    case TypeId::kDouble: return MakeTyped<FloatTraits<double, double, Type::kDouble>>(spec, options);
    case TypeId::kNumeric:
      if (*element.type == Type::kInt32) return MakeTyped<NarrowDecimalTraits<int32_t, Type::kInt32>>(spec, options);
      if (*element.type == Type::kInt64) return MakeTyped<NarrowDecimalTraits<int64_t, Type::kInt64>>(spec, options);
      {
        FixedDecimalTraits t;
        t.width = *element.type_length;
        return MakeTyped<FixedDecimalTraits>(spec, options, t);
      }
    case TypeId::kVarchar: return MakeTyped<StringTraits>(spec, options);
    case TypeId::kNull:
    case TypeId::kInterval: break;
  }
  return Status::NotSupported("column '{}': type {} cannot be written to Parquet", spec.name, spec.type.ToString());
}

}  // namespace tributary::parquet
