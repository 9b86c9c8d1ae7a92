// `tributary serve --config FILE`: key = value lines, comments, quotes, and
// errors that name the file, the line and the key.
#include <gtest/gtest.h>

#include "server/server_config.hpp"

namespace tributary::server {
namespace {

TEST(ServerConfigTest, ReadsEveryKey) {
  auto config = ParseServerConfig("serve.conf",
                                  "# the warehouse server\n"
                                  "host = 0.0.0.0\n"
                                  "port=6543   # trailing comment\n"
                                  "\n"
                                  "max_connections = 20\n"
                                  "threads = 4\n"
                                  "tls_cert = '/etc/tributary/cert.pem'\n"
                                  "tls_key = \"/etc/tributary/key.pem\"\n"
                                  "admin_password = 's3cret#1'\n"
                                  "max_bytes_billed = '10MB'\n"
                                  "statement_timeout = 30s\n"
                                  "memory_limit = 2GB\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(*config->host, "0.0.0.0");
  EXPECT_EQ(*config->port, 6543);
  EXPECT_EQ(*config->max_connections, 20);
  EXPECT_EQ(*config->threads, 4);
  EXPECT_EQ(*config->tls_cert, "/etc/tributary/cert.pem");
  EXPECT_EQ(*config->tls_key, "/etc/tributary/key.pem");
  EXPECT_EQ(*config->admin_password, "s3cret#1");
  EXPECT_EQ(*config->max_bytes_billed, 10 << 20);
  EXPECT_EQ(*config->statement_timeout_ms, 30000);
  EXPECT_EQ(*config->memory_limit, int64_t{2} << 30);
}

TEST(ServerConfigTest, UnsetKeysStayUnset) {
  auto config = ParseServerConfig("serve.conf", "port = 1\n");
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->host.has_value());
  EXPECT_FALSE(config->max_bytes_billed.has_value());
  EXPECT_TRUE(ParseServerConfig("empty.conf", "").ok());
}

TEST(ServerConfigTest, ErrorsNameFileLineAndKey) {
  auto error = [](const std::string& text) {
    auto config = ParseServerConfig("serve.conf", text);
    return config.ok() ? std::string("(ok)") : config.status().message();
  };
  EXPECT_EQ(error("# x\nprot = 5432\n"),
            "serve.conf:2: unknown key \"prot\" (host, port, max_connections, threads, tls_cert, tls_key, "
            "admin_password, max_bytes_billed, statement_timeout, memory_limit)");
  EXPECT_EQ(error("port = eighty\n"), "serve.conf:1: bad value for \"port\": \"eighty\" (an integer 0..65535)");
  EXPECT_EQ(error("port = 70000\n"), "serve.conf:1: bad value for \"port\": \"70000\" (an integer 0..65535)");
  EXPECT_EQ(error("threads = 0\n"), "serve.conf:1: bad value for \"threads\": \"0\" (an integer 1..256)");
  EXPECT_EQ(error("\n\nmax_bytes_billed = lots\n"),
            "serve.conf:3: bad value for \"max_bytes_billed\": invalid value for parameter \"max_bytes_billed\": "
            "\"lots\"");
  EXPECT_EQ(error("statement_timeout = -1\n").rfind("serve.conf:1: bad value for \"statement_timeout\": ", 0), 0u);
  EXPECT_EQ(error("port\n"), "serve.conf:1: expected key = value, got \"port\"");
  EXPECT_EQ(error("port = 1\nport = 2\n"), "serve.conf:2: \"port\" is given twice");
  EXPECT_EQ(error("tls_cert =\n"), "serve.conf:1: bad value for \"tls_cert\": \"\" (a non-empty value)");
}

TEST(ServerConfigTest, MissingFileIsAnError) {
  auto config = ReadServerConfig("/nonexistent/tributary.conf");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("/nonexistent/tributary.conf"), std::string::npos);
}

}  // namespace
}  // namespace tributary::server
