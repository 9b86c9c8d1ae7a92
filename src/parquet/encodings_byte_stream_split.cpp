// BYTE_STREAM_SPLIT (parquet-format Encodings.md): byte k of every value is
// stored in stream k; the K streams follow each other.

#include <cstring>
#include <string>

#include "parquet/encodings.hpp"

namespace tributary::parquet {

namespace {

/// Gathers fixed-width values from W streams of `count` bytes each.
template <size_t W>
void Gather(const uint8_t* data, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; i++) {
    uint8_t value[W];
    for (size_t k = 0; k < W; k++) value[k] = data[k * count + i];
    std::memcpy(out + i * W, value, W);
  }
}

template <size_t W>
void Scatter(const uint8_t* values, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; i++) {
    for (size_t k = 0; k < W; k++) out[k * count + i] = values[i * W + k];
  }
}

}  // namespace

Status DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t count, size_t width, uint8_t* out) {
  if (width == 0) return Status::Corruption("BYTE_STREAM_SPLIT: value width is 0");
  if (count > size / width || count * width != size) {
    return Status::Corruption("BYTE_STREAM_SPLIT: {} bytes do not hold exactly {} values of {} bytes", size, count,
                              width);
  }
  switch (width) {
    case 2: Gather<2>(data, count, out); break;
    case 4: Gather<4>(data, count, out); break;
    case 8: Gather<8>(data, count, out); break;
    case 16: Gather<16>(data, count, out); break;
    default:
      for (size_t k = 0; k < width; k++) {
        const uint8_t* stream = data + k * count;
        for (size_t i = 0; i < count; i++) out[i * width + k] = stream[i];
      }
  }
  return Status::OK();
}

void EncodeByteStreamSplit(const uint8_t* values, size_t count, size_t width, std::string* out) {
  const size_t at = out->size();
  out->resize(at + count * width);
  auto* dst = reinterpret_cast<uint8_t*>(out->data() + at);
  switch (width) {
    case 4: Scatter<4>(values, count, dst); break;
    case 8: Scatter<8>(values, count, dst); break;
    default:
      for (size_t i = 0; i < count; i++) {
        for (size_t k = 0; k < width; k++) dst[k * count + i] = values[i * width + k];
      }
  }
}

}  // namespace tributary::parquet
