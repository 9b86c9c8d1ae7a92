#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "table_fixture.hpp"

namespace tributary::iceberg {
namespace {

using catalog::Catalog;
using catalog::TableIdentifier;
using testing::TempDir;
using testing::WriteSalesFile;

const TableIdentifier kId{"sales", "orders"};

TEST(Concurrency, ParallelAppendsAllLandInALinearHistory) {
  constexpr int kThreads = 4;
  constexpr int kCommitsPerThread = 8;
  constexpr int64_t kRowsPerFile = 3;
  TempDir dir;
  {
    auto catalog = Catalog::Open(dir.path()).ValueOrDie();
    ASSERT_TRUE(catalog->CreateNamespace("sales").ok());
    auto schema = testing::SalesSchema();
    ASSERT_TRUE(catalog->CreateTable(kId, schema, testing::SalesSpec(schema)).ok());
  }
  std::atomic<int> failures{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      // Each thread has its own catalog connection and table handle.
      auto catalog = Catalog::Open(dir.path());
      if (!catalog.ok()) {
        failures++;
        errors[t] = catalog.status().ToString();
        return;
      }
      auto table = (*catalog)->LoadTable(kId);
      if (!table.ok()) {
        failures++;
        errors[t] = table.status().ToString();
        return;
      }
      for (int i = 0; i < kCommitsPerThread; i++) {
        auto file = WriteSalesFile(**table, (t * 1000) + i * 10, kRowsPerFile, "2024-01-01", t % 2 ? "EMEA" : "APAC");
        if (!file.ok()) {
          failures++;
          errors[t] = file.status().ToString();
          return;
        }
        CommitOptions opts;
        opts.max_retries = 500;
        opts.idempotency_key = "thread-" + std::to_string(t) + "-commit-" + std::to_string(i);
        auto r = (*table)->Append({*file}, opts);
        if (!r.ok() || r->already_committed) {
          failures++;
          errors[t] = r.ok() ? "unexpectedly already committed" : r.status().ToString();
          return;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; t++) EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t];
  ASSERT_EQ(failures.load(), 0);

  auto catalog = Catalog::Open(dir.path()).ValueOrDie();
  auto m = catalog->LoadTable(kId).ValueOrDie()->metadata();
  ASSERT_EQ(m->snapshots.size(), static_cast<size_t>(kThreads * kCommitsPerThread));
  auto history = m->History();  // newest first
  ASSERT_EQ(history.size(), m->snapshots.size());
  for (size_t i = 0; i + 1 < history.size(); i++) {
    EXPECT_EQ(history[i]->parent_snapshot_id, history[i + 1]->snapshot_id);
    EXPECT_GT(history[i]->sequence_number, history[i + 1]->sequence_number);
  }
  EXPECT_FALSE(history.back()->parent_snapshot_id.has_value());
  EXPECT_EQ(m->last_sequence_number, kThreads * kCommitsPerThread);
  const int64_t expected = kThreads * kCommitsPerThread * kRowsPerFile;
  EXPECT_EQ(m->current_snapshot()->SummaryInt(summary::kTotalRecords), expected);
  EXPECT_EQ(testing::LiveRecords(*m), expected);
  EXPECT_EQ(m->current_snapshot()->SummaryInt(summary::kTotalDataFiles), kThreads * kCommitsPerThread);
}

TEST(Concurrency, ConflictingReplacesExactlyOneWins) {
  TempDir dir;
  DataFile victim;
  int64_t base = 0;
  {
    auto catalog = Catalog::Open(dir.path()).ValueOrDie();
    ASSERT_TRUE(catalog->CreateNamespace("sales").ok());
    auto schema = testing::SalesSchema();
    auto table = catalog->CreateTable(kId, schema, testing::SalesSpec(schema)).ValueOrDie();
    victim = WriteSalesFile(*table, 0, 10, "2024-01-01", "EMEA").ValueOrDie();
    base = table->Append({victim}).ValueOrDie().snapshot_id;
  }
  for (int round = 0; round < 3; round++) {
    std::barrier sync(2);
    std::vector<Result<CommitResult>> results(2, Status::Internal("not run"));
    std::vector<std::thread> threads;
    // Each round needs a live victim: re-add it under a new path.
    if (round > 0) {
      auto catalog = Catalog::Open(dir.path()).ValueOrDie();
      auto table = catalog->LoadTable(kId).ValueOrDie();
      victim = WriteSalesFile(*table, 0, 10, "2024-01-01", "EMEA").ValueOrDie();
      base = table->Append({victim}).ValueOrDie().snapshot_id;
    }
    for (int t = 0; t < 2; t++) {
      threads.emplace_back([&, t] {
        auto catalog = Catalog::Open(dir.path()).ValueOrDie();
        auto table = catalog->LoadTable(kId).ValueOrDie();
        DataFile replacement = WriteSalesFile(*table, 0, 10, "2024-01-01", "EMEA").ValueOrDie();
        ReplaceOptions opts;
        opts.base_snapshot_id = base;
        opts.isolation = IsolationLevel::kSnapshot;
        sync.arrive_and_wait();
        results[t] = table->ReplaceFiles({victim.path}, {replacement}, opts);
      });
    }
    for (auto& th : threads) th.join();
    const int ok = results[0].ok() + results[1].ok();
    ASSERT_EQ(ok, 1) << results[0].status().ToString() << " / " << results[1].status().ToString();
    const auto& winner = results[0].ok() ? results[0] : results[1];
    const auto& loser = results[0].ok() ? results[1] : results[0];
    ASSERT_TRUE(loser.status().IsConflict()) << loser.status().ToString();
    EXPECT_NE(loser.status().message().find(victim.path), std::string::npos) << loser.status().ToString();
    EXPECT_NE(loser.status().message().find(std::to_string(winner->snapshot_id)), std::string::npos)
        << loser.status().ToString();
  }
}

}  // namespace
}  // namespace tributary::iceberg
