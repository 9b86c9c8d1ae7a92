#include "iceberg/avro_container.hpp"

#include <cstring>
#include <random>

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

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

AvroContainerWriter::AvroContainerWriter(WritableFile file, avro_schema_t schema, avro_value_iface_t* iface)
    : file_(std::move(file)), schema_(schema), iface_(iface) {}

AvroContainerWriter::~AvroContainerWriter() {
  if (record_valid_) avro_value_decref(&record_);
  if (iface_) avro_value_iface_decref(iface_);
  if (schema_) avro_schema_decref(schema_);
}

Result<std::unique_ptr<AvroContainerWriter>> AvroContainerWriter::Open(
    const std::string& path, const std::string& schema_json,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  avro_schema_t schema = nullptr;
  if (avro_schema_from_json_length(schema_json.data(), schema_json.size(), &schema) != 0) {
    return Status::Internal("libavro rejected the schema for '{}': {}", path, avro_strerror());
  }
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  if (!iface) {
    avro_schema_decref(schema);
    return AvroError("cannot build an Avro datum class for", path);
  }
  auto file = WritableFile::Create(path);
  if (!file.ok()) {
    avro_value_iface_decref(iface);
    avro_schema_decref(schema);
    return file.status();
  }
  std::unique_ptr<AvroContainerWriter> w(new AvroContainerWriter(std::move(file).value(), schema, iface));
  if (avro_generic_value_new(iface, &w->record_) != 0) return AvroError("cannot allocate an Avro datum for", path);
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
  {
    // libavro reports a missing file with an unhelpful message; check first.
    TRIB_ASSIGN_OR_RETURN(auto probe, RandomAccessFile::Open(path));
    (void)probe;
  }
  avro_file_reader_t reader = nullptr;
  if (avro_file_reader(path.c_str(), &reader) != 0) return Status::Corruption("'{}' is not an Avro file: {}", path, avro_strerror());
  avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  if (!iface) {
    avro_file_reader_close(reader);
    return AvroError("cannot build an Avro datum class for", path);
  }
  avro_value_t value;
  if (avro_generic_value_new(iface, &value) != 0) {
    avro_value_iface_decref(iface);
    avro_file_reader_close(reader);
    return AvroError("cannot allocate an Avro datum for", path);
  }
  Status st;
  int rc = 0;
  while ((rc = avro_file_reader_read_value(reader, &value)) == 0) {
    st = visit(value);
    if (!st.ok()) break;
    avro_value_reset(&value);
  }
  if (st.ok() && rc != EOF) st = Status::Corruption("cannot decode Avro file '{}': {}", path, avro_strerror());
  avro_value_decref(&value);
  avro_value_iface_decref(iface);
  avro_file_reader_close(reader);
  return st;
}

Result<std::map<std::string, std::string>> ReadAvroFileMetadata(const std::string& path) {
  TRIB_ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  // The header is small; read a bounded prefix.
  const uint64_t n = std::min<uint64_t>(file.size(), 4 << 20);
  std::string data(n, '\0');
  TRIB_RETURN_NOT_OK(file.ReadAt(0, n, reinterpret_cast<uint8_t*>(data.data())));
  ByteReader r(data);
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

}  // namespace tributary::iceberg
