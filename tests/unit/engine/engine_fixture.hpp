#pragma once

#include <gtest/gtest.h>

#include <cstdio>
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

  /// A second connection to the same warehouse, as `user`.
  std::unique_ptr<Connection> As(const std::string& user) {
    ConnectionOptions options;
    options.user = user;
    return std::make_unique<Connection>(database_, options);
  }

  /// `deals`: 28 days of deals in four regions, partitioned by day and
  /// clustered by region (one file per day and region), 3 deals per day and
  /// region, ids 1.., amount 7 * id.
  void MakeDailyDeals() {
    Run("CREATE TABLE deals (id bigint, sale_date date, region varchar, amount bigint) "
        "PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region')");
    std::string values;
    const char* regions[] = {"AMER", "APAC", "EMEA", "LATAM"};
    int id = 0;
    for (int day = 1; day <= 28; day++) {
      for (const char* region : regions) {
        for (int k = 0; k < 3; k++) {
          char row[120];
          id++;
          std::snprintf(row, sizeof row, "%s(%d, DATE '2026-01-%02d', '%s', %d)", values.empty() ? "" : ", ", id,
                        day, region, id * 7);
          values += row;
        }
      }
    }
    Run("INSERT INTO deals VALUES " + values);
  }

  std::string dir_;
  std::shared_ptr<Database> database_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace tributary
