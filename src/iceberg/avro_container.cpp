#include "iceberg/avro_container.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <random>

#include <zlib.h>

namespace tributary::iceberg {

namespace {

constexpr char kMagic[4] = {'O', 'b', 'j', '\1'};
constexpr size_t kSyncSize = 16;
constexpr size_t kBlockBytes = 256 * 1024;

void PutLong(std::string& out, int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);  // zigzag
  while (z & ~0x7FULL) {
    out += static_cast<char>((z & 0x7F) | 0x80);
    z >>= 7;
  }
  out += static_cast<char>(z);
}

void PutBytes(std::string& out, std::string_view s) {
  PutLong(out, static_cast<int64_t>(s.size()));
  out += s;
}

Status AvroError(std::string_view what, const std::string& path) {
  return Status::IOError("{} '{}': {}", what, path, avro_strerror());
}

/// Bounded reader over a byte string, for the container header.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  Result<int64_t> Long() {
    uint64_t z = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Status::Corruption("truncated Avro header");
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      z |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    return Status::Corruption("overlong varint in Avro header");
  }
  Result<std::string> Bytes() {
    TRIB_ASSIGN_OR_RETURN(int64_t n, Long());
    if (n < 0 || static_cast<uint64_t>(n) > data_.size() - pos_) return Status::Corruption("bad length in Avro header");
    std::string out(data_.substr(pos_, static_cast<size_t>(n)));
    pos_ += static_cast<size_t>(n);
    return out;
  }
  Result<std::string_view> Take(size_t n) {
    if (n > data_.size() - pos_) return Status::Corruption("truncated Avro header");
    auto out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  bool done() const { return pos_ >= data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Magic and metadata map of a container header; leaves `r` at the sync marker.
Result<std::map<std::string, std::string>> ParseHeader(ByteReader& r, const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(std::string_view magic, r.Take(4));
  if (magic != std::string_view(kMagic, 4)) return Status::Corruption("'{}' is not an Avro container file", path);
  std::map<std::string, std::string> out;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(int64_t count, r.Long());
    if (count == 0) break;
    if (count < 0) {
      count = -count;
      TRIB_RETURN_NOT_OK(r.Long().status());  // block byte size
    }
    for (int64_t i = 0; i < count; i++) {
      TRIB_ASSIGN_OR_RETURN(std::string key, r.Bytes());
      TRIB_ASSIGN_OR_RETURN(std::string value, r.Bytes());
      out[std::move(key)] = std::move(value);
    }
  }
  return out;
}

// libavro leaks a schema reference for every datum class built from it
// (measured: ~32 KB per manifest read with avro_file_reader, growing with
// every read). Classes are therefore built once per distinct schema text and
// kept for the life of the process: a handful of manifest schemas, bounded.
struct DatumClass {
  avro_schema_t schema = nullptr;
  avro_value_iface_t* iface = nullptr;
};

Result<DatumClass> ClassForSchema(const std::string& schema_json, const std::string& path) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, DatumClass>();  // never freed, see above
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(schema_json);
  if (it != cache->end()) return it->second;
  DatumClass c;
  if (avro_schema_from_json_length(schema_json.data(), schema_json.size(), &c.schema) != 0) {
    return Status::Corruption("'{}': libavro rejected the schema: {}", path, avro_strerror());
  }
  c.iface = avro_generic_class_from_schema(c.schema);
  if (!c.iface) {
    avro_schema_decref(c.schema);
    return AvroError("cannot build an Avro datum class for", path);
  }
  cache->emplace(schema_json, c);
  return c;
}

// Inflates a raw-deflate block (Avro's "deflate" codec), bounded.
Result<std::string> Inflate(std::string_view in, const std::string& path) {
  constexpr size_t kMaxBlock = 1ull << 30;
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return Status::Internal("zlib inflateInit2 failed");
  std::string out;
  out.resize(std::max<size_t>(in.size() * 4, 1024));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.total_out == out.size()) {
      if (out.size() >= kMaxBlock) break;
      out.resize(std::min(out.size() * 2, kMaxBlock));
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
    z.avail_out = static_cast<uInt>(out.size() - z.total_out);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
  }
  size_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Corruption("'{}': corrupt deflate block in Avro file", path);
  out.resize(produced);
  return out;
}

}  // namespace

AvroContainerWriter::AvroContainerWriter(WritableFile file, avro_schema_t schema, avro_value_iface_t* iface)
    : file_(std::move(file)), schema_(schema), iface_(iface) {}

AvroContainerWriter::~AvroContainerWriter() {
  // The datum class and schema belong to the process-wide cache.
  if (record_valid_) avro_value_decref(&record_);
}

Result<std::unique_ptr<AvroContainerWriter>> AvroContainerWriter::Open(
    const std::string& path, const std::string& schema_json,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  TRIB_ASSIGN_OR_RETURN(DatumClass cls, ClassForSchema(schema_json, path));
  TRIB_ASSIGN_OR_RETURN(WritableFile file, WritableFile::Create(path));
  std::unique_ptr<AvroContainerWriter> w(new AvroContainerWriter(std::move(file), cls.schema, cls.iface));
  if (avro_generic_value_new(cls.iface, &w->record_) != 0) return AvroError("cannot allocate an Avro datum for", path);
  w->record_valid_ = true;

  thread_local std::mt19937_64 rng{std::random_device{}()};
  w->sync_.resize(kSyncSize);
  for (size_t i = 0; i < kSyncSize; i += 8) {
    uint64_t r = rng();
    std::memcpy(w->sync_.data() + i, &r, 8);
  }

  std::string header(kMagic, sizeof(kMagic));
  PutLong(header, static_cast<int64_t>(metadata.size() + 2));
  PutBytes(header, "avro.schema");
  PutBytes(header, schema_json);
  PutBytes(header, "avro.codec");
  PutBytes(header, "null");
  for (const auto& [k, v] : metadata) {
    if (k == "avro.schema" || k == "avro.codec") return Status::Invalid("metadata key '{}' is reserved", k);
    PutBytes(header, k);
    PutBytes(header, v);
  }
  PutLong(header, 0);
  header += w->sync_;
  TRIB_RETURN_NOT_OK(w->file_.Append(header));
  return w;
}

avro_value_t* AvroContainerWriter::NewRecord() {
  avro_value_reset(&record_);
  return &record_;
}

Status AvroContainerWriter::Append() {
  size_t size = 0;
  if (avro_value_sizeof(&record_, &size) != 0) return AvroError("cannot size a record for", file_.path());
  scratch_.resize(size);
  avro_writer_t writer = avro_writer_memory(scratch_.data(), static_cast<int64_t>(size));
  int rc = avro_value_write(writer, &record_);
  avro_writer_free(writer);
  if (rc != 0) return AvroError("cannot encode a record for", file_.path());
  block_ += scratch_;
  block_count_++;
  if (block_.size() >= kBlockBytes) return FlushBlock();
  return Status::OK();
}

Status AvroContainerWriter::FlushBlock() {
  if (block_count_ == 0) return Status::OK();
  std::string framing;
  PutLong(framing, block_count_);
  PutLong(framing, static_cast<int64_t>(block_.size()));
  TRIB_RETURN_NOT_OK(file_.Append(framing));
  TRIB_RETURN_NOT_OK(file_.Append(block_));
  TRIB_RETURN_NOT_OK(file_.Append(sync_));
  block_.clear();
  block_count_ = 0;
  return Status::OK();
}

Result<int64_t> AvroContainerWriter::Close() {
  TRIB_RETURN_NOT_OK(FlushBlock());
  int64_t length = static_cast<int64_t>(file_.position());
  TRIB_RETURN_NOT_OK(file_.Close());
  return length;
}

Status ReadAvroRecords(const std::string& path, const std::function<Status(avro_value_t&)>& visit) {
  TRIB_ASSIGN_OR_RETURN(std::string data, ReadFile(path));
  ByteReader r(data);
  TRIB_ASSIGN_OR_RETURN(auto metadata, ParseHeader(r, path));
  TRIB_ASSIGN_OR_RETURN(std::string_view sync, r.Take(kSyncSize));
  auto schema = metadata.find("avro.schema");
  if (schema == metadata.end()) return Status::Corruption("'{}': Avro header has no avro.schema", path);
  std::string codec = metadata.count("avro.codec") ? metadata["avro.codec"] : "null";
  if (codec != "null" && codec != "deflate") {
    return Status::NotSupported("'{}': Avro codec '{}' is not supported (null, deflate)", path, codec);
  }
  TRIB_ASSIGN_OR_RETURN(DatumClass cls, ClassForSchema(schema->second, path));
  avro_value_t value;
  if (avro_generic_value_new(cls.iface, &value) != 0) return AvroError("cannot allocate an Avro datum for", path);
  Status st;
  while (st.ok() && !r.done()) {
    auto block = [&]() -> Status {
      TRIB_ASSIGN_OR_RETURN(int64_t count, r.Long());
      TRIB_ASSIGN_OR_RETURN(int64_t size, r.Long());
      if (count < 0 || size < 0) return Status::Corruption("'{}': negative Avro block count or size", path);
      TRIB_ASSIGN_OR_RETURN(std::string_view bytes, r.Take(static_cast<size_t>(size)));
      std::string inflated;
      if (codec == "deflate") {
        TRIB_ASSIGN_OR_RETURN(inflated, Inflate(bytes, path));
        bytes = inflated;
      }
      // Every record takes at least one byte unless the schema is empty.
      if (static_cast<uint64_t>(count) > bytes.size() + 1) {
        return Status::Corruption("'{}': Avro block claims {} records in {} bytes", path, count, bytes.size());
      }
      avro_reader_t reader = avro_reader_memory(bytes.data(), static_cast<int64_t>(bytes.size()));
      Status block_status;
      for (int64_t i = 0; i < count && block_status.ok(); i++) {
        avro_value_reset(&value);
        if (avro_value_read(reader, &value) != 0) {
          block_status = Status::Corruption("cannot decode Avro file '{}': {}", path, avro_strerror());
          break;
        }
        block_status = visit(value);
      }
      avro_reader_free(reader);
      TRIB_RETURN_NOT_OK(block_status);
      TRIB_ASSIGN_OR_RETURN(std::string_view marker, r.Take(kSyncSize));
      if (marker != sync) return Status::Corruption("'{}': Avro block is not followed by the file's sync marker", path);
      return Status::OK();
    };
    st = block();
  }
  avro_value_decref(&value);
  return st;
}

Result<std::map<std::string, std::string>> ReadAvroFileMetadata(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  // The header is small; read a bounded prefix.
  const uint64_t n = std::min<uint64_t>(file.size(), 4 << 20);
  std::string data(n, '\0');
  TRIB_RETURN_NOT_OK(file.ReadAt(0, n, reinterpret_cast<uint8_t*>(data.data())));
  ByteReader r(data);
  return ParseHeader(r, path);
}

}  // namespace tributary::iceberg
