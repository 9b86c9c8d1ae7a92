#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "workload/lineorder_table.hpp"

namespace tributary {

/// A fresh warehouse per test (under the test temp dir, named after the
/// test) holding an empty ssb.lineorder table: partitioned by day, clustered
/// by region and customer.
class LineorderTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string(info->test_suite_name()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    catalog_ = catalog::Catalog::Open(dir_.string()).ValueOrDie();
    table_ = CreateLineorderTable(*catalog_, {"ssb", "lineorder"}).ValueOrDie();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::shared_ptr<iceberg::Table> table_;
};

}  // namespace tributary
