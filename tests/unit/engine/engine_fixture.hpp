#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "main/connection.hpp"

namespace tributary {

/// A fresh warehouse in a temporary directory and a connection to it.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(DatabaseOptions{}); }
  void TearDown() override {
    connection_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Open(DatabaseOptions options) {
    connection_.reset();
    database_.reset();
    if (dir_.empty()) {
      std::random_device rd;
      dir_ = (std::filesystem::temp_directory_path() /
              ("tributary-engine-" + std::to_string(::getpid()) + "-" + std::to_string(rd())))
                 .string();
    }
    auto db = Database::Open(dir_, options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    database_ = *db;
    connection_ = std::make_unique<Connection>(database_);
  }

  QueryResult Run(const std::string& sql) {
    QueryResult r = connection_->Query(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n  → " << (r.ok() ? "" : r.error().sqlstate + " " + r.error().message);
    return r;
  }

  /// Runs `sql` and compares every cell's text ("NULL" for NULL), in order.
  void ExpectRows(const std::string& sql, const std::vector<std::vector<std::string>>& expected) {
    QueryResult r = connection_->Query(sql);
    ASSERT_TRUE(r.ok()) << sql << "\n  → " << r.error().sqlstate << " " << r.error().message;
    ASSERT_EQ(r.row_count(), expected.size()) << sql;
    for (size_t row = 0; row < expected.size(); row++) {
      ASSERT_EQ(r.column_names().size(), expected[row].size()) << sql;
      for (size_t col = 0; col < expected[row].size(); col++) {
        EXPECT_EQ(r.GetText(row, col).value_or("NULL"), expected[row][col])
            << sql << " at row " << row << ", column " << col;
      }
    }
  }

  /// Runs `sql` and expects an error with `sqlstate` whose message contains `fragment`.
  QueryError ExpectError(const std::string& sql, const std::string& sqlstate, const std::string& fragment = "") {
    QueryResult r = connection_->Query(sql);
    EXPECT_FALSE(r.ok()) << sql << " should fail with " << sqlstate;
    if (r.ok()) return {};
    EXPECT_EQ(r.error().sqlstate, sqlstate) << sql << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
    return r.error();
  }

  std::string dir_;
  std::shared_ptr<Database> database_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace tributary
