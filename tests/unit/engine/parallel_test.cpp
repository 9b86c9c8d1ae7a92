// Copies of a scan-and-join pipeline run on several threads under an
// aggregate: the same answer as one thread, every row counted once, errors
// from any thread reported.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class ParallelTest : public EngineTest {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.threads = 3;
    options.vector_size = 7;  // many batches per file, so every copy gets some
    Open(options);
    Run("CREATE TABLE facts (k int, g int, v bigint)");
    // Several commits: several files, read by whichever copy claims them.
    for (int f = 0; f < 5; f++) {
      std::string values;
      for (int i = 0; i < 200; i++) {
        int row = f * 200 + i;
        if (!values.empty()) values += ", ";
        values += "(" + std::to_string(row % 50) + ", " + std::to_string(row % 7) + ", " + std::to_string(row) + ")";
      }
      Run("INSERT INTO facts VALUES " + values);
    }
    Run("CREATE TABLE dims (k int, label text)");
    std::string values;
    for (int k = 0; k < 50; k += 2) {
      if (!values.empty()) values += ", ";
      values += "(" + std::to_string(k) + ", 'l" + std::to_string(k % 3) + "')";
    }
    Run("INSERT INTO dims VALUES " + values);
  }

  std::vector<std::string> Rows(const std::string& sql) {
    QueryResult r = Run(sql);
    std::vector<std::string> out;
    for (size_t i = 0; r.ok() && i < r.row_count(); i++) {
      std::string row;
      for (size_t c = 0; c < r.column_names().size(); c++) row += r.GetText(i, c).value_or("NULL") + "|";
      out.push_back(row);
    }
    return out;
  }
};

TEST_F(ParallelTest, SameAnswerAsOneThread) {
  const std::vector<std::string> queries = {
      "SELECT count(*), sum(v), min(v), max(v) FROM facts",
      "SELECT g, count(*), sum(v) FROM facts WHERE v % 3 <> 0 GROUP BY g ORDER BY g",
      "SELECT label, g, count(*), sum(v), avg(v) FROM facts, dims WHERE facts.k = dims.k GROUP BY label, g "
      "ORDER BY label, g",
      "SELECT label, count(*) FROM facts JOIN dims ON facts.k = dims.k WHERE label = 'l1' GROUP BY label",
  };
  std::vector<std::vector<std::string>> parallel;
  for (const auto& q : queries) parallel.push_back(Rows(q));
  DatabaseOptions one;
  one.threads = 1;
  one.vector_size = 7;
  Open(one);
  for (size_t i = 0; i < queries.size(); i++) EXPECT_EQ(Rows(queries[i]), parallel[i]) << queries[i];
  EXPECT_EQ(parallel[0], (std::vector<std::string>{"1000|499500|0|999|"}));
}

TEST_F(ParallelTest, ErrorOnAnyThreadEndsTheQuery) {
  QueryResult r = connection_->Query("SELECT sum(v / (k - 49)) FROM facts");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sqlstate, "22012");
}

}  // namespace
}  // namespace tributary
