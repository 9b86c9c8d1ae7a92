#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/status.hpp"

namespace tributary::iceberg::testing {

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    ::tributary::Status _st = (expr);                     \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString(); \
  } while (false)

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                              \
  auto TRIB_CONCAT(_res_, __LINE__) = (rexpr);                                        \
  ASSERT_TRUE(TRIB_CONCAT(_res_, __LINE__).ok()) << #rexpr << ": "                    \
                                                 << TRIB_CONCAT(_res_, __LINE__).status().ToString(); \
  lhs = std::move(TRIB_CONCAT(_res_, __LINE__)).value()

/// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "trib-iceberg-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tributary::iceberg::testing
