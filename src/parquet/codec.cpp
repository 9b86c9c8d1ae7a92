#include <memory>
#include "parquet/codec.hpp"

#include <lz4.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace tributary::parquet {

namespace {

Status CompressGzip(int level, const uint8_t* data, size_t size, std::string* out) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper, as parquet-format requires for GZIP.
  if (deflateInit2(&z, std::clamp(level, 1, 9), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("zlib deflateInit2 failed");
  }
  size_t base = out->size();
  size_t bound = deflateBound(&z, static_cast<uLong>(size));
  out->resize(base + bound);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = reinterpret_cast<Bytef*>(out->data() + base);
  z.avail_out = static_cast<uInt>(bound);
  int rc = deflate(&z, Z_FINISH);
  size_t written = bound - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Internal("zlib deflate failed ({})", rc);
  out->resize(base + written);
  return Status::OK();
}

Status DecompressGzip(const uint8_t* data, size_t size, uint8_t* out, size_t out_size) {
  z_stream z{};
  // 15 + 32: accept gzip or zlib headers (older writers used zlib).
  if (inflateInit2(&z, 15 + 32) != Z_OK) return Status::Internal("zlib inflateInit2 failed");
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out;
  z.avail_out = static_cast<uInt>(out_size);
  int rc = inflate(&z, Z_FINISH);
  size_t produced = out_size - z.avail_out;
  inflateEnd(&z);
  if (rc == Z_BUF_ERROR && z.avail_out == 0) {
    return Status::Corruption("GZIP data expands beyond the declared {} bytes", out_size);
  }
  if (rc != Z_STREAM_END) return Status::Corruption("GZIP data is corrupt (zlib error {})", rc);
  if (produced != out_size) {
    return Status::Corruption("GZIP data expands to {} bytes but the page declares {}", produced, out_size);
  }
  return Status::OK();
}

}  // namespace

namespace {

// A per-thread buffer compressors write into before the result is appended:
// growing `out` to the worst-case bound for every page would zero-fill it
// every time.
char* CompressScratch(size_t bytes) {
  thread_local std::unique_ptr<char[]> buffer;
  thread_local size_t capacity = 0;
  if (capacity < bytes) {
    buffer = std::make_unique_for_overwrite<char[]>(bytes);
    capacity = bytes;
  }
  return buffer.get();
}

}  // namespace

Status Compress(Codec codec, int level, const uint8_t* data, size_t size, std::string* out) {
  switch (codec) {
    case Codec::kUncompressed: out->append(reinterpret_cast<const char*>(data), size); return Status::OK();
    case Codec::kSnappy: {
      size_t bound = snappy_max_compressed_length(size);
      char* scratch = CompressScratch(bound);
      size_t n = bound;
      if (snappy_compress(reinterpret_cast<const char*>(data), size, scratch, &n) != SNAPPY_OK) {
        return Status::Internal("snappy_compress failed");
      }
      out->append(scratch, n);
      return Status::OK();
    }
    case Codec::kGzip: return CompressGzip(level, data, size, out);
    case Codec::kZstd: {
      // One compression context per thread: ZSTD_compress would allocate and
      // zero a fresh one (its hash tables) for every page.
      thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
      if (!cctx) return Status::Internal("cannot allocate a ZSTD compression context");
      size_t bound = ZSTD_compressBound(size);
      char* scratch = CompressScratch(bound);
      size_t n = ZSTD_compressCCtx(cctx.get(), scratch, bound, data, size, level);
      if (ZSTD_isError(n)) return Status::Internal("ZSTD_compress failed: {}", ZSTD_getErrorName(n));
      out->append(scratch, n);
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      if (size > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) return Status::Invalid("page too large for LZ4");
      int bound = LZ4_compressBound(static_cast<int>(size));
      char* scratch = CompressScratch(static_cast<size_t>(bound));
      int n = LZ4_compress_default(reinterpret_cast<const char*>(data), scratch, static_cast<int>(size), bound);
      if (n <= 0 && size > 0) return Status::Internal("LZ4_compress_default failed");
      out->append(scratch, static_cast<size_t>(n));
      return Status::OK();
    }
  }
  return Status::NotSupported("cannot compress with codec {}", static_cast<int>(codec));
}

size_t MaxDecompressedSize(Codec codec, size_t compressed_size) {
  // Worst-case expansion ratios of each format (with slack), so a claimed
  // size beyond them is provably false.
  size_t ratio;
  switch (codec) {
    case Codec::kUncompressed: return compressed_size;
    case Codec::kSnappy: ratio = 32; break;
    case Codec::kLz4Raw: ratio = 256; break;
    case Codec::kGzip: ratio = 1040; break;
    case Codec::kZstd: ratio = 32768; break;
    default: ratio = 1; break;
  }
  size_t bound = compressed_size > kMaxPageBytes / ratio ? kMaxPageBytes : compressed_size * ratio + 64;
  return std::min(bound, kMaxPageBytes);
}

Status Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out, size_t out_size) {
  switch (codec) {
    case Codec::kUncompressed:
      if (size != out_size) {
        return Status::Corruption("uncompressed page holds {} bytes but declares {}", size, out_size);
      }
      if (size) std::memcpy(out, data, size);
      return Status::OK();
    case Codec::kSnappy: {
      size_t declared = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(data), size, &declared) != SNAPPY_OK) {
        return Status::Corruption("SNAPPY header is corrupt");
      }
      if (declared != out_size) {
        return Status::Corruption("SNAPPY data declares {} bytes but the page declares {}", declared, out_size);
      }
      size_t n = out_size;
      if (snappy_uncompress(reinterpret_cast<const char*>(data), size, reinterpret_cast<char*>(out), &n) !=
              SNAPPY_OK ||
          n != out_size) {
        return Status::Corruption("SNAPPY data is corrupt");
      }
      return Status::OK();
    }
    case Codec::kGzip: return DecompressGzip(data, size, out, out_size);
    case Codec::kZstd: {
      unsigned long long declared = ZSTD_getFrameContentSize(data, size);
      if (declared == ZSTD_CONTENTSIZE_ERROR) return Status::Corruption("ZSTD frame header is corrupt");
      if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != out_size) {
        return Status::Corruption("ZSTD frame declares {} bytes but the page declares {}", declared, out_size);
      }
      // One decompression context per thread: ZSTD_decompress would create
      // and free a fresh one (with its window buffers) for every page.
      thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
      if (!dctx) return Status::Internal("cannot allocate a ZSTD decompression context");
      size_t n = ZSTD_decompressDCtx(dctx.get(), out, out_size, data, size);
      if (ZSTD_isError(n)) return Status::Corruption("ZSTD data is corrupt: {}", ZSTD_getErrorName(n));
      if (n != out_size) return Status::Corruption("ZSTD data expands to {} bytes but the page declares {}", n, out_size);
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      if (size > static_cast<size_t>(INT_MAX) || out_size > static_cast<size_t>(INT_MAX)) {
        return Status::Corruption("LZ4_RAW page too large");
      }
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data), reinterpret_cast<char*>(out),
                                  static_cast<int>(size), static_cast<int>(out_size));
      if (n < 0) return Status::Corruption("LZ4_RAW data is corrupt");
      if (static_cast<size_t>(n) != out_size) {
        return Status::Corruption("LZ4_RAW data expands to {} bytes but the page declares {}", n, out_size);
      }
      return Status::OK();
    }
  }
  return Status::NotSupported("compression codec {} is not supported", static_cast<int>(codec));
}

}  // namespace tributary::parquet
