// `tributary sql` end to end: output formats, errors on stderr, exit codes.
#include <cstdio>
#include <filesystem>

#include "engine_fixture.hpp"

namespace tributary {
namespace {

struct Output {
  std::string text;
  int exit_code = 0;
};

Output RunCli(const std::string& args) {
  std::string binary = std::string(TRIBUTARY_BINARY_DIR) + "/tributary";
  std::string command = binary + " " + args + " 2>&1";
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.text.append(buffer, n);
  int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

class CliTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!std::filesystem::exists(std::string(TRIBUTARY_BINARY_DIR) + "/tributary")) {
      GTEST_SKIP() << "the tributary binary is not built";
    }
    connection_.reset();
    database_.reset();
  }
};

TEST_F(CliTest, FormatsAndErrors) {
  Output created = RunCli("sql --warehouse " + dir_ +
                          " -c \"CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'x,y'), (2, NULL)\"");
  EXPECT_EQ(created.exit_code, 0) << created.text;
  EXPECT_EQ(created.text, "CREATE TABLE\nINSERT 0 2\n");

  Output table = RunCli("sql --warehouse " + dir_ + " -c \"SELECT a, b FROM t ORDER BY a\"");
  EXPECT_EQ(table.text, " a | b\n---+-----\n 1 | x,y\n 2 | \n(2 rows)\n\n");

  Output csv = RunCli("sql --warehouse " + dir_ + " --format csv -c \"SELECT a, b FROM t ORDER BY a\"");
  EXPECT_EQ(csv.text, "a,b\n1,\"x,y\"\n2,\n");

  Output json = RunCli("sql --warehouse " + dir_ + " --format json -c \"SELECT a, b, a > 1 AS big FROM t ORDER BY a\"");
  EXPECT_EQ(json.text, "[{\"a\":1,\"b\":\"x,y\",\"big\":false},{\"a\":2,\"b\":null,\"big\":true}]\n");

  Output error = RunCli("sql --warehouse " + dir_ + " -c \"SELECT nope FROM t\"");
  EXPECT_EQ(error.exit_code, 1);
  EXPECT_NE(error.text.find("ERROR:  42703: column \"nope\" does not exist"), std::string::npos) << error.text;
}

}  // namespace
}  // namespace tributary
