#include "parquet/column_reader.hpp"

#include <algorithm>
#include <cstring>

#include "parquet/codec.hpp"
#include "parquet/encodings.hpp"
#include "types/decimal.hpp"

namespace tributary::parquet {

namespace {

uint32_t LoadU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Size in bytes of one PLAIN value of a fixed-width physical type; 0 for
// BOOLEAN (bits) and BYTE_ARRAY (variable).
size_t PlainWidth(const LeafColumn& c) {
  switch (c.physical) {
    case Type::kInt32:
    case Type::kFloat: return 4;
    case Type::kInt64:
    case Type::kDouble: return 8;
    case Type::kFixedLenByteArray: return static_cast<size_t>(c.type_length);
    default: return 0;
  }
}

template <typename Src, typename Dst, typename F>
void ConvertLoop(const uint8_t* in, size_t count, Dst* out, F&& f) {
  for (size_t i = 0; i < count; i++) {
    Src v;
    std::memcpy(&v, in + i * sizeof(Src), sizeof(Src));
    out[i] = f(v);
  }
}

// Largest index, with eight independent lanes so the loop vectorises.
uint32_t MaxIndex(const uint32_t* idx, size_t count) {
  uint32_t lane[8] = {};
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    for (size_t j = 0; j < 8; j++) lane[j] = lane[j] > idx[i + j] ? lane[j] : idx[i + j];
  }
  uint32_t m = 0;
  for (size_t j = 0; j < 8; j++) m = std::max(m, lane[j]);
  for (; i < count; i++) m = std::max(m, idx[i]);
  return m;
}

template <typename T>
void Gather(const T* dict, const uint32_t* idx, size_t count, T* out) {
  for (size_t i = 0; i < count; i++) out[i] = dict[idx[i]];
}

// Spreads `non_null` values of type T packed at the front of [at, at+rows)
// to the rows whose level is 1, back to front so it works in place; null
// rows are zeroed and marked invalid.
template <typename T>
void ScatterTyped(Vector* out, size_t at, size_t rows, size_t non_null, const uint8_t* levels) {
  T* base = reinterpret_cast<T*>(out->raw_data()) + at;
  uint64_t* validity = out->validity().mutable_words(out->capacity());
  size_t j = non_null;
  for (size_t i = rows; i-- > 0;) {
    if (levels[i]) {
      base[i] = base[--j];
    } else {
      base[i] = T{};
      size_t row = at + i;
      validity[row >> 6] &= ~(uint64_t{1} << (row & 63));
    }
  }
}

struct Bytes16 {
  uint64_t lo, hi;
};
static_assert(sizeof(StringRef) == 16 && sizeof(int128_t) == 16);

void Scatter(Vector* out, size_t at, size_t rows, size_t non_null, const uint8_t* levels, size_t width) {
  switch (width) {
    case 1: return ScatterTyped<uint8_t>(out, at, rows, non_null, levels);
    case 2: return ScatterTyped<uint16_t>(out, at, rows, non_null, levels);
    case 4: return ScatterTyped<uint32_t>(out, at, rows, non_null, levels);
    case 8: return ScatterTyped<uint64_t>(out, at, rows, non_null, levels);
    default: return ScatterTyped<Bytes16>(out, at, rows, non_null, levels);  // strings and int128
  }
}

// Big-endian two's complement of `width` bytes; the common 16-byte case is
// one byte swap.
int128_t LoadBigEndian(const uint8_t* in, int width) {
  if (width == 16) {
    // Two 64-bit swaps: clang before 15 has no __builtin_bswap128.
    uint64_t hi, lo;
    std::memcpy(&hi, in, 8);
    std::memcpy(&lo, in + 8, 8);
    const auto v = (static_cast<unsigned __int128>(__builtin_bswap64(hi)) << 64) | __builtin_bswap64(lo);
    return static_cast<int128_t>(v);
  }
  return decimal::FromBigEndian(in, width);
}

}  // namespace

ColumnChunkReader::ColumnChunkReader(const LeafColumn& column, Codec codec, std::unique_ptr<char[]> chunk,
                                     size_t chunk_size, int64_t num_rows, std::string context)
    : column_(column), codec_(codec), context_(std::move(context)), chunk_size_(chunk_size), rows_left_(num_rows) {
  chunk_heap_ = std::make_shared<StringHeap>();
  chunk_ = reinterpret_cast<const uint8_t*>(chunk_heap_->Adopt(std::move(chunk)));
}

Status ColumnChunkReader::Fail(std::string_view what) const {
  return Status::Corruption("{}: {}", context_, what);
}

Status ColumnChunkReader::Decompress(const uint8_t* data, size_t size, size_t uncompressed, const uint8_t** out) {
  if (codec_ == Codec::kUncompressed) {
    if (size != uncompressed) {
      return Fail(fmt::format("uncompressed page holds {} bytes but its header declares {}", size, uncompressed));
    }
    *out = data;
    return Status::OK();
  }
  if (uncompressed > MaxDecompressedSize(codec_, size)) {
    return Fail(fmt::format("page of {} compressed bytes claims {} uncompressed bytes, more than {} can produce",
                            size, uncompressed, CodecName(codec_)));
  }
  uint8_t* target;
  if (column_.physical == Type::kByteArray) {
    // Strings will point into this buffer: it lives as long as any vector
    // holding them.
    auto buffer = std::make_unique_for_overwrite<char[]>(std::max<size_t>(uncompressed, 1));
    target = reinterpret_cast<uint8_t*>(buffer.get());
    page_heap_->Adopt(std::move(buffer));
  } else {
    if (page_buffer_size_ < uncompressed || !page_buffer_) {
      page_buffer_ = std::make_unique_for_overwrite<uint8_t[]>(std::max<size_t>(uncompressed, 1));
      page_buffer_size_ = std::max<size_t>(uncompressed, 1);
    }
    target = page_buffer_.get();
  }
  Status st = parquet::Decompress(codec_, data, size, target, uncompressed);
  if (!st.ok()) return Fail(st.message());
  *out = target;
  return Status::OK();
}

Status ColumnChunkReader::LoadDictionary(const PageHeader& h, const uint8_t* data, size_t size) {
  if (!h.dictionary_page_header) return Fail("dictionary page has no dictionary_page_header");
  if (dictionary_) return Fail("chunk has a second dictionary page");
  if (seen_data_page_) return Fail("dictionary page follows a data page");
  const auto& d = *h.dictionary_page_header;
  if (d.encoding != Encoding::kPlain && d.encoding != Encoding::kPlainDictionary) {
    return Status::NotSupported("{}: dictionary page encoding {} is not supported", context_, EncodingName(d.encoding));
  }
  if (column_.physical == Type::kBoolean) {
    return Status::NotSupported("{}: dictionary-encoded BOOLEAN is not supported", context_);
  }
  auto uncompressed = static_cast<size_t>(h.uncompressed_page_size);
  size_t width = PlainWidth(column_);
  size_t min_bytes = width ? width : 4;
  if (d.num_values < 0 || static_cast<size_t>(d.num_values) > uncompressed / min_bytes) {
    return Fail(fmt::format("dictionary page claims {} values but holds only {} bytes", d.num_values, uncompressed));
  }
  // The dictionary keeps its own page buffer alive (strings point into it).
  page_heap_ = std::make_shared<StringHeap>();
  page_heap_->KeepAlive(chunk_heap_);
  const uint8_t* body;
  TRIB_RETURN_NOT_OK(Decompress(data, size, uncompressed, &body));
  auto n = static_cast<size_t>(d.num_values);
  auto dict = std::make_shared<Vector>(column_.spec.type, std::max<size_t>(n, 1));
  const uint8_t* pos = body;
  Status st = DecodePlain(n, dict.get(), 0, &pos, body + uncompressed, page_heap_);
  if (!st.ok()) return st.code() == StatusCode::kCorruption ? Fail("dictionary page: " + st.message()) : st;
  dictionary_ = std::move(dict);
  dictionary_size_ = n;
  return Status::OK();
}

Status ColumnChunkReader::CountNonNull(size_t rows, size_t* non_null) const {
  if (!has_levels_) {
    *non_null = rows;
    return Status::OK();
  }
  RleBitPackedDecoder copy = levels_;
  uint8_t buf[1024];
  size_t n = 0;
  while (rows > 0) {
    size_t k = std::min(rows, sizeof(buf));
    Status st = copy.Decode(buf, k);
    if (!st.ok()) return Fail("definition levels: " + st.message());
    for (size_t i = 0; i < k; i++) n += buf[i];
    rows -= k;
  }
  *non_null = n;
  return Status::OK();
}

Status ColumnChunkReader::StartValues(Encoding encoding, const uint8_t* data, size_t size, size_t page_rows,
                                      size_t known_non_null) {
  values_ = data;
  values_end_ = data + size;
  bool_bit_ = 0;
  values_owner_ = &page_heap_;
  auto need_non_null = [&](size_t* n) -> Status {
    if (known_non_null != SIZE_MAX) {
      *n = known_non_null;
      return Status::OK();
    }
    return CountNonNull(page_rows, n);
  };
  // Encoded forms are at least one bit per 256 values; more claimed values
  // than that are a lie, refused before allocating for them.
  auto check_plausible = [&](size_t n) -> Status {
    if (n > (size + 64) * 256) {
      return Fail(fmt::format("page claims {} values but its {} value bytes cannot hold them", n, size));
    }
    return Status::OK();
  };
  switch (encoding) {
    case Encoding::kPlain: mode_ = Mode::kPlain; return Status::OK();
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (!dictionary_) return Fail("dictionary-encoded page but the chunk has no dictionary page");
      if (size < 1) return Fail("dictionary-encoded page has no bit width");
      int width = data[0];
      if (width > 32) return Fail(fmt::format("dictionary index bit width {} exceeds 32", width));
      value_decoder_ = RleBitPackedDecoder(data + 1, size - 1, width);
      mode_ = Mode::kDictionary;
      return Status::OK();
    }
    case Encoding::kRle: {
      if (column_.physical != Type::kBoolean) {
        return Status::NotSupported("{}: RLE encoding of {} values is not supported", context_,
                                    TypeName(column_.physical));
      }
      if (size < 4) return Fail("RLE boolean page is missing its length prefix");
      uint32_t len = LoadU32(data);
      if (len > size - 4) return Fail(fmt::format("RLE boolean run length {} exceeds the page's {} bytes", len, size - 4));
      value_decoder_ = RleBitPackedDecoder(data + 4, len, 1);
      mode_ = Mode::kRleBoolean;
      return Status::OK();
    }
    case Encoding::kDeltaBinaryPacked: {
      if (column_.physical != Type::kInt32 && column_.physical != Type::kInt64) break;
      size_t n;
      TRIB_RETURN_NOT_OK(need_non_null(&n));
      TRIB_RETURN_NOT_OK(check_plausible(n));
      size_t width = PlainWidth(column_);
      decoded_.resize(n * width);
      size_t consumed = 0;
      Status st = column_.physical == Type::kInt32
                      ? DecodeDeltaBinaryPacked32(data, size, n, reinterpret_cast<int32_t*>(decoded_.data()), &consumed)
                      : DecodeDeltaBinaryPacked64(data, size, n, reinterpret_cast<int64_t*>(decoded_.data()), &consumed);
      if (!st.ok()) return Fail(st.message());
      values_ = decoded_.data();
      values_end_ = decoded_.data() + decoded_.size();
      mode_ = Mode::kPlain;
      return Status::OK();
    }
    case Encoding::kDeltaLengthByteArray:
    case Encoding::kDeltaByteArray: {
      if (column_.physical != Type::kByteArray) break;
      size_t n;
      TRIB_RETURN_NOT_OK(need_non_null(&n));
      TRIB_RETURN_NOT_OK(check_plausible(n));
      decoded_strings_.resize(n);
      size_t consumed = 0;
      Status st = encoding == Encoding::kDeltaLengthByteArray
                      ? DecodeDeltaLengthByteArray(data, size, n, decoded_strings_.data(), &consumed)
                      : DecodeDeltaByteArray(data, size, n, decoded_strings_.data(), page_heap_.get(), &consumed);
      if (!st.ok()) return Fail(st.message());
      decoded_string_pos_ = 0;
      mode_ = Mode::kStrings;
      return Status::OK();
    }
    case Encoding::kByteStreamSplit: {
      size_t width = PlainWidth(column_);
      if (width == 0) break;
      size_t n;
      TRIB_RETURN_NOT_OK(need_non_null(&n));
      if (n * width != size) {
        return Fail(fmt::format("BYTE_STREAM_SPLIT page holds {} bytes for {} values of {} bytes", size, n, width));
      }
      decoded_.resize(size);
      Status st = DecodeByteStreamSplit(data, size, n, width, decoded_.data());
      if (!st.ok()) return Fail(st.message());
      values_ = decoded_.data();
      values_end_ = decoded_.data() + decoded_.size();
      mode_ = Mode::kPlain;
      return Status::OK();
    }
    default: break;
  }
  return Status::NotSupported("{}: encoding {} of {} values is not supported", context_, EncodingName(encoding),
                              TypeName(column_.physical));
}

Status ColumnChunkReader::NextDataPage() {
  for (;;) {
    if (pos_ >= chunk_size_) {
      return Fail(fmt::format("chunk ends with {} of its rows not found in any page", rows_left_));
    }
    PageHeader h;
    size_t consumed = 0;
    Status st = ParsePageHeader(chunk_ + pos_, chunk_size_ - pos_, &h, &consumed);
    if (!st.ok()) return Fail(fmt::format("page header at chunk offset {}: {}", pos_, st.message()));
    pos_ += consumed;
    if (h.compressed_page_size < 0 || static_cast<size_t>(h.compressed_page_size) > chunk_size_ - pos_) {
      return Fail(fmt::format("page claims {} compressed bytes but the chunk has {} left", h.compressed_page_size,
                              chunk_size_ - pos_));
    }
    if (h.uncompressed_page_size < 0) {
      return Fail(fmt::format("page claims {} uncompressed bytes", h.uncompressed_page_size));
    }
    const uint8_t* data = chunk_ + pos_;
    auto size = static_cast<size_t>(h.compressed_page_size);
    auto uncompressed = static_cast<size_t>(h.uncompressed_page_size);
    pos_ += size;

    if (h.type == PageType::kDictionaryPage) {
      TRIB_RETURN_NOT_OK(LoadDictionary(h, data, size));
      continue;
    }
    if (h.type != PageType::kDataPage && h.type != PageType::kDataPageV2) continue;  // index pages and newer kinds
    seen_data_page_ = true;
    page_heap_ = std::make_shared<StringHeap>();
    page_heap_->KeepAlive(chunk_heap_);

    if (h.type == PageType::kDataPage) {
      if (!h.data_page_header) return Fail("DATA_PAGE has no data_page_header");
      const auto& d = *h.data_page_header;
      if (d.num_values < 0 || d.num_values > rows_left_) {
        return Fail(fmt::format("page header claims {} values but the chunk has {}", d.num_values, rows_left_));
      }
      const uint8_t* body;
      TRIB_RETURN_NOT_OK(Decompress(data, size, uncompressed, &body));
      const uint8_t* end = body + uncompressed;
      has_levels_ = column_.spec.nullable;
      if (has_levels_) {
        if (d.definition_level_encoding != Encoding::kRle) {
          return Status::NotSupported("{}: definition level encoding {} is not supported", context_,
                                      EncodingName(d.definition_level_encoding));
        }
        if (uncompressed < 4) return Fail("page is too short for its definition levels");
        uint32_t len = LoadU32(body);
        if (len > uncompressed - 4) {
          return Fail(fmt::format("definition levels claim {} bytes but the page has {}", len, uncompressed - 4));
        }
        levels_ = RleBitPackedDecoder(body + 4, len, 1);
        body += 4 + len;
      }
      rows_left_ -= d.num_values;
      page_rows_left_ = static_cast<size_t>(d.num_values);
      TRIB_RETURN_NOT_OK(
          StartValues(d.encoding, body, static_cast<size_t>(end - body), page_rows_left_, has_levels_ ? SIZE_MAX : page_rows_left_));
    } else {
      if (!h.data_page_header_v2) return Fail("DATA_PAGE_V2 has no data_page_header_v2");
      const auto& d = *h.data_page_header_v2;
      if (d.num_values < 0 || d.num_values > rows_left_) {
        return Fail(fmt::format("page header claims {} values but the chunk has {}", d.num_values, rows_left_));
      }
      if (d.num_nulls < 0 || d.num_nulls > d.num_values) {
        return Fail(fmt::format("page header claims {} nulls among {} values", d.num_nulls, d.num_values));
      }
      if (!column_.spec.nullable && d.num_nulls > 0) return Fail("REQUIRED column page has nulls");
      int64_t rep = d.repetition_levels_byte_length, def = d.definition_levels_byte_length;
      if (rep < 0 || def < 0 || static_cast<size_t>(rep + def) > size || static_cast<size_t>(rep + def) > uncompressed) {
        return Fail(fmt::format("level lengths {} + {} exceed the page", rep, def));
      }
      auto levels_bytes = static_cast<size_t>(rep + def);
      has_levels_ = column_.spec.nullable;
      if (has_levels_) levels_ = RleBitPackedDecoder(data + rep, static_cast<size_t>(def), 1);
      const uint8_t* body;
      size_t body_size = uncompressed - levels_bytes;
      if (d.is_compressed && codec_ != Codec::kUncompressed) {
        TRIB_RETURN_NOT_OK(Decompress(data + levels_bytes, size - levels_bytes, body_size, &body));
      } else {
        if (size != uncompressed) {
          return Fail(fmt::format("uncompressed page holds {} bytes but its header declares {}", size, uncompressed));
        }
        body = data + levels_bytes;
      }
      rows_left_ -= d.num_values;
      page_rows_left_ = static_cast<size_t>(d.num_values);
      TRIB_RETURN_NOT_OK(StartValues(d.encoding, body, body_size, page_rows_left_,
                                     static_cast<size_t>(d.num_values - d.num_nulls)));
    }
    if (page_rows_left_ > 0) return Status::OK();
  }
}

Status ColumnChunkReader::DecodePlain(size_t count, Vector* out, size_t at, const uint8_t** pos, const uint8_t* end,
                                      const std::shared_ptr<StringHeap>& owner) {
  const uint8_t* in = *pos;
  const size_t avail = static_cast<size_t>(end - in);
  auto short_of = [&](size_t need) {
    return Status::Corruption("page holds {} value bytes but {} values need {}", avail, count, need);
  };
  const size_t width = PlainWidth(column_);
  if (width > 0) {
    if (count > avail / width) return short_of(count * width);
    *pos = in + count * width;
  }
  switch (column_.conversion) {
    case Conversion::kNone:
      if (column_.physical == Type::kBoolean) {
        size_t bits_needed = bool_bit_ + count;
        if ((bits_needed + 7) / 8 > avail) return short_of((count + 7) / 8);
        uint8_t* dst = out->data<uint8_t>() + at;
        for (size_t i = 0; i < count; i++) {
          size_t b = bool_bit_ + i;
          dst[i] = (in[b >> 3] >> (b & 7)) & 1;
        }
        bool_bit_ += count;
        return Status::OK();
      }
      if (count > 0) std::memcpy(out->raw_data() + at * width, in, count * width);  // `in` is null for an empty page
      return Status::OK();
    case Conversion::kInt32ToInt16:
      ConvertLoop<int32_t>(in, count, out->data<int16_t>() + at, [](int32_t v) { return static_cast<int16_t>(v); });
      return Status::OK();
    case Conversion::kUInt32ToInt64:
      ConvertLoop<uint32_t>(in, count, out->data<int64_t>() + at, [](uint32_t v) { return int64_t{v}; });
      return Status::OK();
    case Conversion::kInt32ToInt128:
      ConvertLoop<int32_t>(in, count, out->data<int128_t>() + at, [](int32_t v) { return int128_t{v}; });
      return Status::OK();
    case Conversion::kInt64ToInt128:
      ConvertLoop<int64_t>(in, count, out->data<int128_t>() + at, [](int64_t v) { return int128_t{v}; });
      return Status::OK();
    case Conversion::kUInt64ToInt128:
      ConvertLoop<uint64_t>(in, count, out->data<int128_t>() + at, [](uint64_t v) { return static_cast<int128_t>(v); });
      return Status::OK();
    case Conversion::kMillisToMicros: {
      int64_t* dst = out->data<int64_t>() + at;
      ConvertLoop<int64_t>(in, count, dst, [](int64_t v) { return static_cast<int64_t>(static_cast<uint64_t>(v) * 1000); });
      for (size_t i = 0; i < count; i++) {
        int64_t v;
        std::memcpy(&v, in + i * 8, 8);
        if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000) {
          return Status::Corruption("timestamp of {} milliseconds is out of range", v);
        }
      }
      return Status::OK();
    }
    case Conversion::kNanosToMicros:
      ConvertLoop<int64_t>(in, count, out->data<int64_t>() + at,
                           [](int64_t v) { return v / 1000 - (v % 1000 < 0 ? 1 : 0); });
      return Status::OK();
    case Conversion::kFixedToInt128: {
      int128_t* dst = out->data<int128_t>() + at;
      const int w = column_.type_length;
      for (size_t i = 0; i < count; i++) dst[i] = LoadBigEndian(in + i * width, w);
      return Status::OK();
    }
    case Conversion::kBinaryToInt128:
    case Conversion::kString: {
      const uint8_t* p = in;
      const bool strings = column_.conversion == Conversion::kString;
      for (size_t i = 0; i < count; i++) {
        if (static_cast<size_t>(end - p) < 4) return Status::Corruption("string {} of {} is truncated", i, count);
        uint32_t len = LoadU32(p);
        p += 4;
        if (len > static_cast<size_t>(end - p)) {
          return Status::Corruption("string {} claims {} bytes but the page has {} left", i, len, end - p);
        }
        if (strings) {
          out->data<StringRef>()[at + i] = StringRef{reinterpret_cast<const char*>(p), len};
        } else {
          if (len > 16) return Status::Corruption("decimal of {} bytes exceeds 16", len);
          out->data<int128_t>()[at + i] = len == 0 ? 0 : decimal::FromBigEndian(p, static_cast<int>(len));
        }
        p += len;
      }
      *pos = p;
      if (strings && count > 0) out->heap().KeepAlive(owner);
      return Status::OK();
    }
  }
  return Status::Internal("unhandled conversion");
}

Status ColumnChunkReader::DecodeValues(size_t count, Vector* out, size_t at, bool* as_dictionary) {
  const bool strings = column_.conversion == Conversion::kString;
  if (mode_ == Mode::kDictionary) {
    if (index_scratch_.size() < count) index_scratch_.resize(count);
    if (strings && at == 0 && !*as_dictionary) {
      out->MakeDictionary(dictionary_);
      *as_dictionary = true;
    }
    const bool direct = *as_dictionary && out->shared_dictionary() == dictionary_;
    if (*as_dictionary && !direct) {
      out->Flatten(at);
      *as_dictionary = false;
    }
    uint32_t* idx = direct ? out->indices() + at : index_scratch_.data();
    Status st = value_decoder_.Decode(idx, count);
    if (!st.ok()) return Fail("dictionary indices: " + st.message());
    const uint32_t max_index = MaxIndex(idx, count);
    if (count > 0 && max_index >= dictionary_size_) {
      return Fail(fmt::format("dictionary index {} is out of range for a dictionary of {} values", max_index,
                              dictionary_size_));
    }
    if (direct) return Status::OK();
    switch (column_.spec.type.value_size()) {
      case 2: Gather(dictionary_->data<int16_t>(), idx, count, out->data<int16_t>() + at); break;
      case 4: Gather(dictionary_->data<int32_t>(), idx, count, out->data<int32_t>() + at); break;
      case 8: Gather(dictionary_->data<int64_t>(), idx, count, out->data<int64_t>() + at); break;
      case 16:
        if (strings) {
          Gather(dictionary_->data<StringRef>(), idx, count, out->data<StringRef>() + at);
          out->heap().KeepAlive(dictionary_->shared_heap());
        } else {
          Gather(dictionary_->data<int128_t>(), idx, count, out->data<int128_t>() + at);
        }
        break;
      default: Gather(dictionary_->data<uint8_t>(), idx, count, out->data<uint8_t>() + at); break;
    }
    return Status::OK();
  }
  if (*as_dictionary) {
    out->Flatten(at);
    *as_dictionary = false;
  }
  switch (mode_) {
    case Mode::kRleBoolean: {
      Status st = value_decoder_.Decode(out->data<uint8_t>() + at, count);
      if (!st.ok()) return Fail("RLE booleans: " + st.message());
      return Status::OK();
    }
    case Mode::kStrings: {
      if (count > decoded_strings_.size() - decoded_string_pos_) {
        return Fail(fmt::format("page has fewer values than its definition levels require ({})", count));
      }
      const StringRef* src = decoded_strings_.data() + decoded_string_pos_;
      decoded_string_pos_ += count;
      if (strings) {
        if (count > 0) {  // `src` may be null when no strings were decoded
          std::memcpy(out->data<StringRef>() + at, src, count * sizeof(StringRef));
          out->heap().KeepAlive(page_heap_);
        }
      } else {
        int128_t* dst = out->data<int128_t>() + at;
        for (size_t i = 0; i < count; i++) {
          if (src[i].size > 16) return Fail(fmt::format("decimal of {} bytes exceeds 16", src[i].size));
          dst[i] = src[i].size == 0
                       ? 0
                       : decimal::FromBigEndian(reinterpret_cast<const uint8_t*>(src[i].data), static_cast<int>(src[i].size));
        }
      }
      return Status::OK();
    }
    default: {
      Status st = DecodePlain(count, out, at, &values_, values_end_, page_heap_);
      if (!st.ok()) return st.code() == StatusCode::kCorruption ? Fail(st.message()) : st;
      return Status::OK();
    }
  }
}

Status ColumnChunkReader::Read(size_t count, Vector* out) {
  if (level_scratch_.size() < count) level_scratch_.resize(count);
  size_t done = 0;
  bool as_dictionary = false;
  while (done < count) {
    if (page_rows_left_ == 0) TRIB_RETURN_NOT_OK(NextDataPage());
    size_t n = std::min(count - done, page_rows_left_);
    size_t non_null = n;
    uint8_t* levels = level_scratch_.data();
    if (has_levels_) {
      Status st = levels_.Decode(levels, n);
      if (!st.ok()) return Fail("definition levels: " + st.message());
      non_null = 0;
      for (size_t i = 0; i < n; i++) non_null += levels[i];
    }
    TRIB_RETURN_NOT_OK(DecodeValues(non_null, out, done, &as_dictionary));
    if (non_null < n) {
      size_t width = as_dictionary ? sizeof(uint32_t) : column_.spec.type.value_size();
      Scatter(out, done, n, non_null, levels, width);
    }
    page_rows_left_ -= n;
    done += n;
  }
  return Status::OK();
}

}  // namespace tributary::parquet
