#include "ingest/text_batch.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "function/cast.hpp"

namespace tributary::ingest {

namespace {

/// A value quoted for a message; long values are cut (a bad cell may be a
/// whole misparsed file).
std::string Quoted(std::string_view value) {
  constexpr size_t kMaxShown = 120;
  std::string out = "\"";
  if (value.size() <= kMaxShown) {
    out.append(value);
  } else {
    size_t cut = kMaxShown;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) cut--;  // not inside a UTF-8 char
    out.append(value.substr(0, cut));
    out += "...";
  }
  return out + "\"";
}

}  // namespace

TextBatchBuilder::TextBatchBuilder(std::vector<LogicalType> types, std::vector<std::string> names, std::string row_word)
    : types_(std::move(types)), names_(std::move(names)), row_word_(std::move(row_word)) {
  names_.resize(types_.size());
  StartBatch();
}

void TextBatchBuilder::StartBatch() {
  text_.clear();
  text_.reserve(types_.size());
  for (size_t c = 0; c < types_.size(); c++) text_.emplace_back(LogicalType::Varchar(), kBatchSize);
  numbers_.clear();
  rows_ = 0;
}

void TextBatchBuilder::StartRow(int64_t number) {
  const size_t row = rows_++;
  numbers_.push_back(number);
  for (auto& v : text_) {
    v.data<StringRef>()[row] = StringRef{};
    v.SetNull(row);
  }
}

void TextBatchBuilder::Set(size_t column, std::string_view text) {
  Vector& v = text_[column];
  v.SetNull(rows_ - 1, false);
  v.SetString(rows_ - 1, text);
}

void TextBatchBuilder::SetNull(size_t column) { text_[column].SetNull(rows_ - 1); }

Status TextBatchBuilder::Finish(ColumnBatch* batch) {
  const size_t n = rows_;
  *batch = ColumnBatch();
  for (size_t c = 0; c < types_.size(); c++) {
    const LogicalType& type = types_[c];
    if (type == LogicalType::Varchar()) {
      // Already the column's type: hand the text over as it is.
      batch->AddColumn(std::move(text_[c]));
      continue;
    }
    Vector out(type, std::max<size_t>(n, 1));
    try {
      sql::CastVector(text_[c], n, &out, /*explicit_cast=*/false);
    } catch (const Error& e) {
      // CastVector stops at the first bad value without saying which row;
      // find it one value at a time.
      for (size_t r = 0; r < n; r++) {
        if (text_[c].IsNull(r)) continue;
        const std::string_view value = text_[c].data<StringRef>()[r].view();
        try {
          (void)sql::CastValue(Value::Varchar(std::string(value)), type, /*explicit_cast=*/false);
        } catch (const Error& bad) {
          Status status = Status::Invalid("read {} {} column \"{}\" (value {}): {}", row_word_, numbers_[r], names_[c],
                                          Quoted(value), bad.what());
          StartBatch();
          return status;
        }
      }
      Status status = Status::Invalid("read {}s {} to {} column \"{}\": {}", row_word_, numbers_.front(),
                                      numbers_.back(), names_[c], e.what());
      StartBatch();
      return status;
    }
    batch->AddColumn(std::move(out));
  }
  batch->set_num_rows(n);
  StartBatch();
  return Status::OK();
}

}  // namespace tributary::ingest
