// The csv, ndjson and parquet file-drop sources over temporary directories.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xxhash.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ingest/source.hpp"
#include "ingest/source_kinds.hpp"
#include "parquet/parquet_writer.hpp"

namespace tributary::ingest {
namespace {

namespace fs = std::filesystem;

#define ASSERT_OK(expr)                                            \
  do {                                                             \
    ::tributary::Status _st = (expr);                              \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString();      \
  } while (false)

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                                          \
  auto TRIB_CONCAT(_res_, __LINE__) = (rexpr);                                                    \
  ASSERT_TRUE(TRIB_CONCAT(_res_, __LINE__).ok()) << #rexpr << ": "                                \
                                                 << TRIB_CONCAT(_res_, __LINE__).status().ToString(); \
  lhs = std::move(TRIB_CONCAT(_res_, __LINE__)).value()

/// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "trib-ingest-files-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

void AppendFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << content;
}

/// Sets a file's mtime `seconds` into the past, so it counts as stable.
void Age(const std::string& path, int seconds = 3600) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(seconds));
}

SourceSettings Settings(const std::string& kind, const std::string& directory,
                        std::map<std::string, std::string> extra = {}) {
  SourceSettings s;
  s.region = "EMEA";
  s.values = std::move(extra);
  s.values["kind"] = kind;
  s.values["directory"] = directory;
  if (!s.values.count("stable_seconds")) s.values["stable_seconds"] = "0";
  return s;
}

std::unique_ptr<Source> MakeSource(const SourceSettings& settings) {
  auto source = OpenSource(settings);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? std::move(source).value() : nullptr;
}

/// A file as the pipeline passes it: path only, no listing facts.
ExtractRequest FilesRequest(const std::vector<std::string>& paths) {
  ExtractRequest r;
  for (const auto& p : paths) r.files.push_back(SourceFile{p, 0, 0, ""});
  return r;
}

std::string Cell(const ColumnBatch& batch, size_t column, size_t row) {
  const Vector& v = batch.column(column);
  return v.IsNull(row) ? "<null>" : v.GetValue(row).ToString();
}

struct ReadResult {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> origins;  // per batch
  std::vector<size_t> batch_rows;
  ExtractStats stats;
  std::vector<SourceColumn> schema;
};

Result<ReadResult> ReadAll(Source* source, const ExtractRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto extract, source->Open(request));
  ReadResult out;
  out.schema = extract->schema();
  ColumnBatch batch;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(bool more, extract->Next(&batch));
    if (!more) break;
    if (batch.num_columns() != out.schema.size()) return Status::Internal("batch width differs from the schema");
    out.origins.push_back(extract->current_origin());
    out.batch_rows.push_back(batch.num_rows());
    for (size_t r = 0; r < batch.num_rows(); r++) {
      std::vector<std::string> row;
      for (size_t c = 0; c < batch.num_columns(); c++) row.push_back(Cell(batch, c, r));
      out.rows.push_back(std::move(row));
    }
  }
  out.stats = extract->stats();
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

std::vector<std::string> Names(const std::vector<SourceColumn>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(c.name);
  return out;
}

// ---------------------------------------------------------------------------
// CSV

TEST(FileSourceCsv, SemicolonDelimiterWithHeader) {
  TempDir dir;
  WriteFile(dir / "a.csv", "id;name;amount\n1;Ann;10.5\n2;Bob;-3\n");
  auto source = MakeSource(Settings("csv", dir.path(), {{"delimiter", ";"}}));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Describe(), "csv " + dir.path());
  auto request = FilesRequest({dir / "a.csv"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  ASSERT_EQ(Names(columns), (std::vector<std::string>{"id", "name", "amount"}));
  for (const auto& c : columns) {
    EXPECT_EQ(c.type, LogicalType::Varchar());
    EXPECT_EQ(c.source_type, "csv");
  }
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  EXPECT_EQ(read.rows, (Rows{{"1", "Ann", "10.5"}, {"2", "Bob", "-3"}}));
  EXPECT_EQ(read.stats.rows, 2);
  EXPECT_EQ(read.stats.bytes, static_cast<int64_t>(fs::file_size(dir / "a.csv")));
  EXPECT_EQ(read.origins, (std::vector<std::string>{dir / "a.csv"}));
}

TEST(FileSourceCsv, QuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes) {
  TempDir dir;
  WriteFile(dir / "q.csv",
            "id,text,note\n"
            "1,\"a,b\",plain\n"
            "2,\"line one\nline two\",\"say \"\"hi\"\"\"\n"
            "3,\"\",\n"
            "4,\"x\"\"\",\"\"\"\"\n");
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "q.csv"})));
  EXPECT_EQ(read.rows, (Rows{{"1", "a,b", "plain"},
                             {"2", "line one\nline two", "say \"hi\""},
                             {"3", "", "<null>"},  // quoted empty is '', unquoted empty is NULL
                             {"4", "x\"", "\""}}));
}

TEST(FileSourceCsv, NullString) {
  TempDir dir;
  WriteFile(dir / "n.csv", "a,b\nNA,\"NA\"\n,x\n");
  auto source = MakeSource(Settings("csv", dir.path(), {{"null", "NA"}}));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "n.csv"})));
  // Only an unquoted NA is NULL; with a null string set, an empty field is ''.
  EXPECT_EQ(read.rows, (Rows{{"<null>", "NA"}, {"", "x"}}));
}

TEST(FileSourceCsv, NoHeaderTakesNamesFromColumnsSetting) {
  TempDir dir;
  WriteFile(dir / "h.csv", "1,Ann\n2,Bob\n");
  auto source = MakeSource(Settings("csv", dir.path(), {{"header", "false"}, {"columns", "id, name"}}));
  auto request = FilesRequest({dir / "h.csv"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "name"}));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  EXPECT_EQ(read.rows, (Rows{{"1", "Ann"}, {"2", "Bob"}}));

  // Without `columns`, the columns are numbered.
  auto numbered = MakeSource(Settings("csv", dir.path(), {{"header", "false"}}));
  ASSERT_OK_AND_ASSIGN(auto generated, numbered->Columns(request));
  EXPECT_EQ(Names(generated), (std::vector<std::string>{"column1", "column2"}));

  // A record with another field count names its line.
  WriteFile(dir / "h2.csv", "3,Cy\n4\n");
  auto short_row = ReadAll(source.get(), FilesRequest({dir / "h2.csv"}));
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("file h2.csv line 2: missing data for column \"name\""),
            std::string::npos)
      << short_row.status().message();

  // columns with header: true is a contradiction.
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"columns", "a,b"}})).ok());
}

TEST(FileSourceCsv, Latin1IsConvertedToUtf8) {
  TempDir dir;
  WriteFile(dir / "l.csv", "name,city\nRen\xE9,Z\xFCrich\n");
  auto source = MakeSource(Settings("csv", dir.path(), {{"encoding", "latin1"}}));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "l.csv"})));
  EXPECT_EQ(read.rows, (Rows{{"Ren\xC3\xA9", "Z\xC3\xBCrich"}}));
  auto iso = MakeSource(Settings("csv", dir.path(), {{"encoding", "ISO-8859-1"}}));
  ASSERT_OK_AND_ASSIGN(auto read_iso, ReadAll(iso.get(), FilesRequest({dir / "l.csv"})));
  EXPECT_EQ(read_iso.rows, read.rows);
}

TEST(FileSourceCsv, InvalidUtf8NamesFileLineAndByteOffset) {
  TempDir dir;
  const std::string text = "name,city\nAnn,Paris\nRen\xE9,Lyon\n";
  WriteFile(dir / "bad.csv", text);
  auto source = MakeSource(Settings("csv", dir.path()));
  auto read = ReadAll(source.get(), FilesRequest({dir / "bad.csv"}));
  ASSERT_FALSE(read.ok());
  const std::string expected = fmt::format("region EMEA: csv {}: file bad.csv line 3: invalid UTF-8 at byte offset {}",
                                           dir.path(), text.find('\xE9'));
  EXPECT_NE(read.status().message().find(expected), std::string::npos) << read.status().message();
  // The same with one-byte reads: the error does not depend on chunking.
  auto tiny = MakeSource(Settings("csv", dir.path(), {{"read_chunk_bytes", "1"}}));
  auto tiny_read = ReadAll(tiny.get(), FilesRequest({dir / "bad.csv"}));
  ASSERT_FALSE(tiny_read.ok());
  EXPECT_NE(tiny_read.status().message().find(expected), std::string::npos) << tiny_read.status().message();
  // A multi-byte character split across chunks is fine; a truncated one at
  // the end of the file is not.
  WriteFile(dir / "good.csv", "a\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n");
  ASSERT_OK_AND_ASSIGN(auto good, ReadAll(tiny.get(), FilesRequest({dir / "good.csv"})));
  EXPECT_EQ(good.rows, (Rows{{"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"}}));
  WriteFile(dir / "cut.csv", "a\nx\xE2\x82");
  auto cut = ReadAll(tiny.get(), FilesRequest({dir / "cut.csv"}));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("line 2: invalid UTF-8 at byte offset 3"), std::string::npos)
      << cut.status().message();
}

TEST(FileSourceCsv, CrlfLineEndingsAndByteOrderMark) {
  TempDir dir;
  WriteFile(dir / "w.csv", "\xEF\xBB\xBFid,name\r\n1,\"two\r\nlines\"\r\n2,Bob\r\n");
  auto source = MakeSource(Settings("csv", dir.path()));
  auto request = FilesRequest({dir / "w.csv"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "name"}));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  // Line breaks inside quotes are data and stay as they are.
  EXPECT_EQ(read.rows, (Rows{{"1", "two\r\nlines"}, {"2", "Bob"}}));
}

TEST(FileSourceCsv, BigFileIsStreamedInBatches) {
  TempDir dir;
  constexpr int kRows = 300'000;
  {
    std::ofstream out(dir / "big.csv", std::ios::binary);
    out << "id,name,amount\n";
    for (int i = 0; i < kRows; i++) out << i << ",name " << i << "," << i % 1000 << ".25\n";
  }
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto extract, source->Open(FilesRequest({dir / "big.csv"})));
  ColumnBatch batch;
  int64_t rows = 0;
  int batches = 0;
  int64_t id_sum = 0;
  std::string last;
  while (true) {
    ASSERT_OK_AND_ASSIGN(bool more, extract->Next(&batch));
    if (!more) break;
    batches++;
    ASSERT_LE(batch.num_rows(), kBatchSize);
    for (size_t r = 0; r < batch.num_rows(); r++) id_sum += std::stoll(Cell(batch, 0, r));
    rows += static_cast<int64_t>(batch.num_rows());
    last = Cell(batch, 1, batch.num_rows() - 1);
  }
  EXPECT_EQ(rows, kRows);
  EXPECT_GT(batches, 1);
  EXPECT_EQ(batches, (kRows + static_cast<int>(kBatchSize) - 1) / static_cast<int>(kBatchSize));
  EXPECT_EQ(id_sum, int64_t{kRows} * (kRows - 1) / 2);
  EXPECT_EQ(last, "name 299999");
  EXPECT_EQ(extract->stats().rows, kRows);
  EXPECT_EQ(extract->stats().bytes, static_cast<int64_t>(fs::file_size(dir / "big.csv")));
}

TEST(FileSourceCsv, QuotedFieldsAcrossChunkBoundaries) {
  TempDir dir;
  // Every record has a quoted field with a delimiter, a doubled quote, a
  // CRLF and a newline; read with chunks of every small size, each boundary
  // falls somewhere new.
  std::string text = "id,body,tail\r\n";
  Rows expected;
  for (int i = 0; i < 40; i++) {
    std::string body = fmt::format("v{}, \"q\"\nnext\r\n{}", i, std::string(static_cast<size_t>(i), 'x'));
    std::string quoted;
    for (char c : body) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    text += fmt::format("{},\"{}\",\"\xC3\xA9{}\"\r\n", i, quoted, i);
    expected.push_back({std::to_string(i), body, fmt::format("\xC3\xA9{}", i)});
  }
  WriteFile(dir / "c.csv", text);
  for (int chunk : {1, 2, 3, 5, 7, 16, 61, 4096}) {
    SCOPED_TRACE(chunk);
    auto source = MakeSource(Settings("csv", dir.path(), {{"read_chunk_bytes", std::to_string(chunk)}}));
    ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "c.csv"})));
    EXPECT_EQ(read.rows, expected);
  }

  // With the default 1 MiB chunk: one quoted field straddles the boundary.
  const size_t kChunk = 1 << 20;
  std::string big = "id,body\n";
  big += "1," + std::string(kChunk - big.size() - 2 - 10, 'a') + "\n";  // ends 10 bytes short of 1 MiB
  const std::string straddler = "before\n\"\"quote\"\" and, comma" + std::string(100, 'z');
  big += "2,\"";
  for (char c : straddler) big += c;
  big += "\"\n3,end\n";
  std::string expected_body = "before\n\"quote\" and, comma" + std::string(100, 'z');
  // The field text (in the file) starts before and ends after byte 1 MiB.
  ASSERT_LT(big.find("2,\""), kChunk);
  ASSERT_GT(big.find("3,end"), kChunk);
  WriteFile(dir / "big.csv", big);
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "big.csv"})));
  ASSERT_EQ(read.rows.size(), 3u);
  EXPECT_EQ(read.rows[1][1], expected_body);
  EXPECT_EQ(read.rows[2], (std::vector<std::string>{"3", "end"}));
}

TEST(FileSourceCsv, UnterminatedQuoteNamesRegionSourceFileAndLine) {
  TempDir dir;
  std::string text = "id,name\n";
  for (int i = 2; i < 17; i++) text += fmt::format("{},n{}\n", i, i);
  text += "17,\"never closed\n18,x\n";
  WriteFile(dir / "deals_2026-11-20.csv", text);
  auto source = MakeSource(Settings("csv", dir.path()));
  auto read = ReadAll(source.get(), FilesRequest({dir / "deals_2026-11-20.csv"}));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            fmt::format("region EMEA: csv {}: file deals_2026-11-20.csv line 17: unterminated quoted field", dir.path()));
}

TEST(FileSourceCsv, LineNumbersCountLinesInsideQuotedFields) {
  TempDir dir;
  WriteFile(dir / "m.csv", "a,b\n1,\"x\ny\nz\"\n2\n");
  auto source = MakeSource(Settings("csv", dir.path()));
  auto read = ReadAll(source.get(), FilesRequest({dir / "m.csv"}));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("file m.csv line 5: missing data for column \"b\""), std::string::npos)
      << read.status().message();
  WriteFile(dir / "e.csv", "a,b\n1,2,3\n");
  auto extra = ReadAll(source.get(), FilesRequest({dir / "e.csv"}));
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("file e.csv line 2: extra data after last expected column"),
            std::string::npos)
      << extra.status().message();
}

TEST(FileSourceCsv, EmptyFilesYieldNoRows) {
  TempDir dir;
  WriteFile(dir / "0-empty.csv", "");
  WriteFile(dir / "1-header.csv", "id,name\n");
  WriteFile(dir / "2-data.csv", "id,name\n1,Ann\n\n2,Bob");  // a blank line; no newline at the end
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto none, ReadAll(source.get(), FilesRequest({dir / "0-empty.csv", dir / "1-header.csv"})));
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(Names(none.schema), (std::vector<std::string>{"id", "name"}));
  ASSERT_OK_AND_ASSIGN(auto nothing, ReadAll(source.get(), FilesRequest({dir / "0-empty.csv"})));
  EXPECT_TRUE(nothing.rows.empty());
  EXPECT_TRUE(nothing.schema.empty());
  // An empty first file declares no columns: the next one does.
  auto request = FilesRequest({dir / "0-empty.csv", dir / "1-header.csv", dir / "2-data.csv"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "name"}));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  EXPECT_EQ(read.rows, (Rows{{"1", "Ann"}, {"2", "Bob"}}));
  EXPECT_EQ(read.origins, (std::vector<std::string>{dir / "2-data.csv"}));
}

TEST(FileSourceCsv, LaterFilesMatchByNameMissingColumnsAreNull) {
  TempDir dir;
  WriteFile(dir / "a.csv", "id,name,city\n1,Ann,Oslo\n");
  WriteFile(dir / "b.csv", "city,id\nRome,2\n");
  WriteFile(dir / "c.csv", "id,name,region\n3,Cy,South\n");
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), FilesRequest({dir / "a.csv", dir / "b.csv"})));
  EXPECT_EQ(read.rows, (Rows{{"1", "Ann", "Oslo"}, {"2", "<null>", "Rome"}}));
  // A batch never spans two files, and current_origin names each one.
  EXPECT_EQ(read.origins, (std::vector<std::string>{dir / "a.csv", dir / "b.csv"}));

  auto extra = ReadAll(source.get(), FilesRequest({dir / "a.csv", dir / "c.csv"}));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.status().message(),
            fmt::format("region EMEA: csv {}: file c.csv has column \"region\" that the first file (a.csv) does not",
                        dir.path()));

  // Only the requested columns, in the requested order.
  auto request = FilesRequest({dir / "a.csv", dir / "b.csv"});
  request.columns = {"city", "id"};
  ASSERT_OK_AND_ASSIGN(auto projected, ReadAll(source.get(), request));
  EXPECT_EQ(Names(projected.schema), (std::vector<std::string>{"city", "id"}));
  EXPECT_EQ(projected.rows, (Rows{{"Oslo", "1"}, {"Rome", "2"}}));
  request.columns = {"nope"};
  EXPECT_FALSE(source->Open(request).ok());
}

TEST(FileSourceCsv, DuplicateHeaderNamesAreAnError) {
  TempDir dir;
  WriteFile(dir / "d.csv", "id,id\n1,2\n");
  auto source = MakeSource(Settings("csv", dir.path()));
  auto columns = source->Columns(FilesRequest({dir / "d.csv"}));
  ASSERT_FALSE(columns.ok());
  EXPECT_NE(columns.status().message().find("names column \"id\" twice"), std::string::npos);
}

// ---------------------------------------------------------------------------
// NDJSON

TEST(FileSourceNdjson, InfersTypesAndMissingKeysAreNull) {
  TempDir dir;
  WriteFile(dir / "a.ndjson",
            "{\"id\": 1, \"amount\": 2, \"ok\": true, \"name\": \"Ann\", \"tags\": [1, 2]}\n"
            "\n"
            "{\"id\": 2, \"amount\": 2.5, \"ok\": false, \"extra\": {\"k\": \"v\"}}\r\n"
            "{\"id\": 3, \"amount\": null, \"name\": 7, \"mixed\": 1}\n"
            "{\"id\": 4, \"mixed\": \"one\"}");
  WriteFile(dir / "b.ndjson", "{\"id\": 5, \"ok\": true}\n");
  auto source = MakeSource(Settings("ndjson", dir.path()));
  auto request = FilesRequest({dir / "a.ndjson", dir / "b.ndjson"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  ASSERT_EQ(Names(columns), (std::vector<std::string>{"id", "amount", "ok", "name", "tags", "extra", "mixed"}));
  EXPECT_EQ(columns[0].type, LogicalType::BigInt());
  EXPECT_EQ(columns[1].type, LogicalType::Double());
  EXPECT_EQ(columns[2].type, LogicalType::Boolean());
  EXPECT_EQ(columns[3].type, LogicalType::Varchar());  // a string and a number
  EXPECT_EQ(columns[4].type, LogicalType::Varchar());
  EXPECT_EQ(columns[5].type, LogicalType::Varchar());
  EXPECT_EQ(columns[6].type, LogicalType::Varchar());
  EXPECT_EQ(columns[0].source_type, "json integer");
  EXPECT_EQ(columns[6].source_type, "json mixed");
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  EXPECT_EQ(read.rows, (Rows{{"1", "2", "t", "Ann", "[1,2]", "<null>", "<null>"},
                             {"2", "2.5", "f", "<null>", "<null>", "{\"k\":\"v\"}", "<null>"},
                             {"3", "<null>", "<null>", "7", "<null>", "<null>", "1"},
                             {"4", "<null>", "<null>", "<null>", "<null>", "<null>", "one"},
                             {"5", "<null>", "t", "<null>", "<null>", "<null>", "<null>"}}));
  EXPECT_EQ(read.origins, (std::vector<std::string>{dir / "a.ndjson", dir / "b.ndjson"}));
  EXPECT_EQ(read.stats.bytes,
            static_cast<int64_t>(fs::file_size(dir / "a.ndjson") + fs::file_size(dir / "b.ndjson")));
}

TEST(FileSourceNdjson, BadLinesNameTheLine) {
  TempDir dir;
  WriteFile(dir / "bad.ndjson", "{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": 3}\n{\"a\": oops}\n");
  WriteFile(dir / "array.ndjson", "{\"a\": 1}\n[1, 2]\n");
  auto source = MakeSource(Settings("ndjson", dir.path()));
  auto read = ReadAll(source.get(), FilesRequest({dir / "bad.ndjson"}));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find(fmt::format("region EMEA: ndjson {}: file bad.ndjson line 5: not a JSON object",
                                                     dir.path())),
            std::string::npos)
      << read.status().message();
  auto array = ReadAll(source.get(), FilesRequest({dir / "array.ndjson"}));
  ASSERT_FALSE(array.ok());
  EXPECT_NE(array.status().message().find("file array.ndjson line 2: not a JSON object: [1, 2]"), std::string::npos)
      << array.status().message();
}

TEST(FileSourceNdjson, ValuesThatDoNotFitTheInferredTypeNameColumnAndValue) {
  TempDir dir;
  WriteFile(dir / "a.ndjson", "{\"id\": 1}\n");
  WriteFile(dir / "b.ndjson", "{\"id\": \"12\"}\n{\"id\": \"twelve\"}\n");
  WriteFile(dir / "c.ndjson", "{\"id\": 3, \"more\": 1}\n");
  auto source = MakeSource(Settings("ndjson", dir.path()));
  auto read = ReadAll(source.get(), FilesRequest({dir / "a.ndjson", dir / "b.ndjson"}));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("file b.ndjson line 2: column \"id\": value \"twelve\" is not a bigint"),
            std::string::npos)
      << read.status().message();
  auto extra = ReadAll(source.get(), FilesRequest({dir / "a.ndjson", dir / "c.ndjson"}));
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("file c.ndjson has column \"more\" that the first file (a.ndjson) does not"),
            std::string::npos)
      << extra.status().message();
}

TEST(FileSourceNdjson, InfersFromTheFirstThousandObjects) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 1000; i++) text += fmt::format("{{\"id\": {}}}\n", i);
  text += "{\"id\": 1000, \"late\": 1}\n";
  WriteFile(dir / "a.ndjson", text);
  auto source = MakeSource(Settings("ndjson", dir.path()));
  auto request = FilesRequest({dir / "a.ndjson"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id"}));
  auto read = ReadAll(source.get(), request);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("line 1001: key \"late\""), std::string::npos) << read.status().message();
}

// ---------------------------------------------------------------------------
// Parquet

void WriteParquet(const std::string& path, const std::vector<parquet::ColumnSpec>& schema, int rows, int first_id) {
  fs::create_directories(fs::path(path).parent_path());
  parquet::WriterOptions options;
  options.row_group_rows = 1000;
  auto writer = parquet::FileWriter::Open(path, schema, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  std::vector<LogicalType> types;
  for (const auto& c : schema) types.push_back(c.type);
  ColumnBatch batch(types, static_cast<size_t>(rows));
  for (size_t c = 0; c < schema.size(); c++) {
    for (int r = 0; r < rows; r++) {
      const int id = first_id + r;
      const auto row = static_cast<size_t>(r);
      if (schema[c].name == "id") {
        batch.column(c).SetValue(row, schema[c].type == LogicalType::Integer() ? Value::Integer(id) : Value::BigInt(id));
      } else if (schema[c].name == "name") {
        batch.column(c).SetValue(row, Value::Varchar(fmt::format("n{}", id % 7)));  // dictionary-encoded
      } else if (id % 10 == 0) {
        batch.column(c).SetNull(row);
      } else {
        batch.column(c).SetValue(row, Value::Double(id * 0.5));
      }
    }
  }
  batch.set_num_rows(static_cast<size_t>(rows));
  ASSERT_OK((*writer)->Write(batch));
  ASSERT_TRUE((*writer)->Close().ok());
}

TEST(FileSourceParquet, ReadsFilesWrittenByOurWriter) {
  TempDir dir;
  WriteParquet(dir / "a.parquet",
               {{"id", LogicalType::BigInt(), false}, {"name", LogicalType::Varchar()}, {"amount", LogicalType::Double()}},
               5000, 0);
  // A later file without `amount`, and `id` as integer: cast to bigint.
  WriteParquet(dir / "b.parquet", {{"name", LogicalType::Varchar()}, {"id", LogicalType::Integer()}}, 10, 5000);
  auto source = MakeSource(Settings("parquet", dir.path()));
  auto request = FilesRequest({dir / "a.parquet", dir / "b.parquet"});
  ASSERT_OK_AND_ASSIGN(auto columns, source->Columns(request));
  ASSERT_EQ(Names(columns), (std::vector<std::string>{"id", "name", "amount"}));
  EXPECT_EQ(columns[0].type, LogicalType::BigInt());
  EXPECT_FALSE(columns[0].nullable);
  EXPECT_EQ(columns[2].type, LogicalType::Double());
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  ASSERT_EQ(read.rows.size(), 5010u);
  EXPECT_EQ(read.rows[0], (std::vector<std::string>{"0", "n0", "<null>"}));
  EXPECT_EQ(read.rows[3], (std::vector<std::string>{"3", "n3", "1.5"}));
  EXPECT_EQ(read.rows[4999], (std::vector<std::string>{"4999", "n1", "2499.5"}));
  EXPECT_EQ(read.rows[5000], (std::vector<std::string>{"5000", "n2", "<null>"}));
  for (size_t n : read.batch_rows) EXPECT_LE(n, kBatchSize);
  EXPECT_GT(read.batch_rows.size(), 2u);
  EXPECT_EQ(read.origins.back(), dir / "b.parquet");
  EXPECT_EQ(read.origins.front(), dir / "a.parquet");
  EXPECT_EQ(read.stats.rows, 5010);
  EXPECT_GT(read.stats.bytes, 0);

  // An extra column in a later file is an error naming both files.
  WriteParquet(dir / "c.parquet", {{"id", LogicalType::BigInt()}, {"bonus", LogicalType::Double()}}, 3, 0);
  auto extra = ReadAll(source.get(), FilesRequest({dir / "a.parquet", dir / "c.parquet"}));
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("file c.parquet has column \"bonus\" that the first file (a.parquet) does not"),
            std::string::npos)
      << extra.status().message();

  // Only columns a file lacks: its rows still come, as NULLs.
  auto only_amount = FilesRequest({dir / "a.parquet", dir / "b.parquet"});
  only_amount.columns = {"amount"};
  ASSERT_OK_AND_ASSIGN(auto amounts, ReadAll(source.get(), only_amount));
  ASSERT_EQ(amounts.rows.size(), 5010u);
  EXPECT_EQ(amounts.rows.back(), (std::vector<std::string>{"<null>"}));
}

// ---------------------------------------------------------------------------
// Listing: readiness, hashes, globs

std::vector<std::string> ListedNames(const std::vector<SourceFile>& files, const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path.substr(dir.size() + 1));
  return out;
}

ExtractRequest Pattern(const std::string& glob) {
  ExtractRequest r;
  r.table = glob;
  return r;
}

TEST(FileSourceListing, ReadyMarkerSuffix) {
  TempDir dir;
  WriteFile(dir / "a.csv", "x\n1\n");
  WriteFile(dir / "a.csv.done", "");
  WriteFile(dir / "b.csv", "x\n2\n");  // no marker yet
  auto source = MakeSource(Settings("csv", dir.path(), {{"ready_marker", ".done"}}));
  ASSERT_OK_AND_ASSIGN(auto files, source->ListReady(Pattern("*")));
  EXPECT_EQ(ListedNames(files, dir.path()), (std::vector<std::string>{"a.csv"}));
  WriteFile(dir / "b.csv.done", "");
  ASSERT_OK_AND_ASSIGN(auto later, source->ListReady(Pattern("*.csv")));
  EXPECT_EQ(ListedNames(later, dir.path()), (std::vector<std::string>{"a.csv", "b.csv"}));
}

TEST(FileSourceListing, FixedReadyMarker) {
  TempDir dir;
  WriteFile(dir / "dt=1/part-0.csv", "x\n1\n");
  WriteFile(dir / "dt=1/_SUCCESS", "");
  WriteFile(dir / "dt=2/part-0.csv", "x\n2\n");  // still being written
  auto source = MakeSource(Settings("csv", dir.path(), {{"ready_marker", "_SUCCESS"}}));
  ASSERT_OK_AND_ASSIGN(auto files, source->ListReady(Pattern("dt=*/*")));
  EXPECT_EQ(ListedNames(files, dir.path()), (std::vector<std::string>{"dt=1/part-0.csv"}));
}

TEST(FileSourceListing, StableSecondsListsOldFilesAtOnceAndYoungOnesAfterAWait) {
  TempDir dir;
  WriteFile(dir / "old.csv", "x\n1\n");
  Age(dir / "old.csv");
  auto source = MakeSource(Settings("csv", dir.path(), {{"stable_seconds", "1"}}));
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto files, source->ListReady(Pattern("*.csv")));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(ListedNames(files, dir.path()), (std::vector<std::string>{"old.csv"}));

  // A file written just now is listed once it held still for 1 second.
  WriteFile(dir / "new.csv", "x\n2\n");
  start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto both, source->ListReady(Pattern("*.csv")));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_EQ(ListedNames(both, dir.path()), (std::vector<std::string>{"new.csv", "old.csv"}));
}

TEST(FileSourceListing, StableSecondsSkipsAFileBeingAppendedTo) {
  TempDir dir;
  WriteFile(dir / "old.csv", "x\n1\n");
  Age(dir / "old.csv");
  WriteFile(dir / "growing.csv", "x\n1\n");
  auto source = MakeSource(Settings("csv", dir.path(), {{"stable_seconds", "1"}}));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    AppendFile(dir / "growing.csv", "2\n");
  });
  auto files = source->ListReady(Pattern("*.csv"));
  writer.join();
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(ListedNames(*files, dir.path()), (std::vector<std::string>{"old.csv"}));
}

TEST(FileSourceListing, ContentHashFollowsContentNotName) {
  TempDir dir;
  const std::string content = "id\n1\n";
  WriteFile(dir / "a.csv", content);
  auto source = MakeSource(Settings("csv", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto first, source->ListReady(Pattern("a.csv")));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].path, dir / "a.csv");
  EXPECT_EQ(first[0].size, static_cast<int64_t>(content.size()));
  EXPECT_EQ(first[0].content_hash, fmt::format("{:016x}", XXH3_64bits(content.data(), content.size())));
  EXPECT_EQ(first[0].mtime_ms,
            std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::file_clock::to_sys(fs::last_write_time(dir / "a.csv")).time_since_epoch())
                .count());
  // Listed files read back; a file changed since it was listed is refused.
  ExtractRequest request;
  request.files = first;
  ASSERT_OK_AND_ASSIGN(auto read, ReadAll(source.get(), request));
  EXPECT_EQ(read.rows, (Rows{{"1"}}));

  WriteFile(dir / "a.csv", "id\n2\n");  // same name, same size, new content
  ASSERT_OK_AND_ASSIGN(auto second, source->ListReady(Pattern("a.csv")));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0].content_hash, first[0].content_hash);
  EXPECT_EQ(second[0].content_hash.size(), 16u);

  WriteFile(dir / "a.csv", "id\n2\n3\n");
  auto changed = source->Open(request);
  ASSERT_TRUE(changed.ok());
  ColumnBatch batch;
  auto next = (*changed)->Next(&batch);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kConflict);
  EXPECT_NE(next.status().message().find("changed since it was listed"), std::string::npos);
}

TEST(FileSourceListing, GlobsWithDirectoryLevelsSortedByPath) {
  TempDir dir;
  WriteFile(dir / "dt=2026-11-21/x-1.parquet", "b");
  WriteFile(dir / "dt=2026-11-20/x-2.parquet", "a");
  WriteFile(dir / "dt=2026-11-20/x-1.parquet", "a");
  WriteFile(dir / "dt=2026-11-20/y-1.parquet", "a");
  WriteFile(dir / "dt=2026-11-20/x-10.parquet", "a");
  WriteFile(dir / "other/x-1.parquet", "a");
  fs::create_directories(dir / "dt=2026-11-22/x-dir.parquet");  // a directory is not a file
  auto source = MakeSource(Settings("parquet", dir.path()));
  ASSERT_OK_AND_ASSIGN(auto files, source->ListReady(Pattern("dt=*/x-?.parquet")));
  EXPECT_EQ(ListedNames(files, dir.path()),
            (std::vector<std::string>{"dt=2026-11-20/x-1.parquet", "dt=2026-11-20/x-2.parquet",
                                      "dt=2026-11-21/x-1.parquet"}));
  ASSERT_OK_AND_ASSIGN(auto all, source->ListReady(Pattern("dt=*/x-*.parquet")));
  EXPECT_EQ(all.size(), 4u);
  ASSERT_OK_AND_ASSIGN(auto none, source->ListReady(Pattern("nothing-*.csv")));
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(source->ListReady(Pattern("../*")).ok());
  EXPECT_FALSE(source->ListReady(Pattern("/etc/*")).ok());
}

// ---------------------------------------------------------------------------
// Settings

TEST(FileSourceSettings, BadSettingsAreNamed) {
  TempDir dir;
  SourceSettings no_dir;
  no_dir.region = "EMEA";
  no_dir.values["kind"] = "csv";
  auto missing = OpenSource(no_dir);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("region EMEA: csv source has no directory"), std::string::npos);
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"delimiter", ";;"}})).ok());
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"delimiter", "\""}})).ok());
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"header", "maybe"}})).ok());
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"encoding", "utf-16"}})).ok());
  EXPECT_FALSE(OpenSource(Settings("csv", dir.path(), {{"stable_seconds", "-1"}})).ok());
  EXPECT_TRUE(OpenSource(Settings("csv", dir.path(), {{"delimiter", "\\t"}})).ok());
  auto gone = MakeSource(Settings("csv", dir / "not-there"));
  auto listed = gone->ListReady(Pattern("*"));
  ASSERT_FALSE(listed.ok());
  EXPECT_TRUE(listed.status().IsNotFound());
}

}  // namespace
}  // namespace tributary::ingest
