// Kills a commit at every crash point (SIGKILL, as kill -9 would) and checks
// the table is at the old or the new snapshot, never between, with every
// referenced file present.
#include <gtest/gtest.h>

#include <filesystem>

#include <sys/wait.h>
#include <unistd.h>

#include "common/crash_point.hpp"
#include "iceberg/manifest.hpp"
#include "iceberg/manifest_list.hpp"
#include "table_fixture.hpp"

namespace tributary::iceberg {
namespace {

using catalog::Catalog;
using catalog::TableIdentifier;
using testing::TempDir;
using testing::WriteSalesFile;
namespace fs = std::filesystem;

const TableIdentifier kId{"sales", "orders"};

enum class Operation { kAppend, kOverwrite, kReplace, kExpire };

struct Case {
  Operation op;
  const char* point;
};

std::string Name(const Case& c) {
  static const char* kOps[] = {"append", "overwrite", "replace", "expire"};
  return std::string(kOps[static_cast<int>(c.op)]) + "@" + c.point;
}

/// The state before the crash: three snapshots, one file already replaced
/// (so expiration has data files, manifests and lists to delete).
struct Prepared {
  int64_t snapshot_id = 0;
  int64_t records = 0;
  std::string replaceable;  // a live file's path
};

Prepared Prepare(const std::string& warehouse) {
  auto catalog = Catalog::Open(warehouse).ValueOrDie();
  EXPECT_TRUE(catalog->CreateNamespace("sales").ok());
  auto schema = testing::SalesSchema();
  auto table = catalog->CreateTable(kId, schema, testing::SalesSpec(schema)).ValueOrDie();
  DataFile a = WriteSalesFile(*table, 0, 10, "2024-01-01", "EMEA").ValueOrDie();
  EXPECT_TRUE(table->Append({a}).ok());
  DataFile b = WriteSalesFile(*table, 10, 10, "2024-01-02", "EMEA").ValueOrDie();
  EXPECT_TRUE(table->Append({b}).ok());
  DataFile c = WriteSalesFile(*table, 0, 10, "2024-01-01", "EMEA").ValueOrDie();
  EXPECT_TRUE(table->ReplaceFiles({a.path}, {c}).ok());
  return Prepared{*table->metadata()->current_snapshot_id, 20, b.path};
}

/// Runs the operation in this (child) process; returns the expected record
/// count if it commits.
Status RunOperation(const std::string& warehouse, const Case& c, const Prepared& setup) {
  TRIB_ASSIGN_OR_RETURN(auto catalog, Catalog::Open(warehouse));
  TRIB_ASSIGN_OR_RETURN(auto table, catalog->LoadTable(kId));
  // Data files are written before arming: they are not part of the commit.
  TRIB_ASSIGN_OR_RETURN(DataFile f1, WriteSalesFile(*table, 100, 7, "2024-01-02", "EMEA"));
  TRIB_ASSIGN_OR_RETURN(DataFile f2, WriteSalesFile(*table, 200, 5, "2024-01-03", "APAC"));
  ArmCrashPoint(c.point);
  switch (c.op) {
    case Operation::kAppend: return table->Append({f1, f2}).status();
    case Operation::kOverwrite: return table->OverwritePartitions({f1}).status();
    case Operation::kReplace: return table->ReplaceFiles({setup.replaceable}, {f1}).status();
    case Operation::kExpire: return table->ExpireSnapshots(ExpireOptions{std::nullopt, 1}).status();
  }
  return Status::OK();
}

int64_t ExpectedRecordsAfter(Operation op, int64_t before) {
  switch (op) {
    case Operation::kAppend: return before + 12;
    case Operation::kOverwrite: return before - 10 + 7;  // 2024-01-02/EMEA held 10 rows
    case Operation::kReplace: return before - 10 + 7;
    case Operation::kExpire: return before;
  }
  return before;
}

/// Every file the retained snapshots reference exists and adds up.
void CheckReferencedFilesExist(const TableMetadata& m) {
  for (const auto& s : m.snapshots) {
    ASSERT_TRUE(fs::exists(s->manifest_list)) << s->manifest_list;
    auto list = ReadManifestList(s->manifest_list);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    int64_t records = 0;
    for (const auto& mf : *list) {
      ASSERT_TRUE(fs::exists(mf.manifest_path)) << mf.manifest_path;
      auto entries = ReadManifest(mf, *m.current_schema(), *m.SpecById(mf.partition_spec_id));
      ASSERT_TRUE(entries.ok()) << entries.status().ToString();
      for (const auto& e : *entries) {
        if (!e.is_live()) continue;
        EXPECT_TRUE(fs::exists(e.file.path)) << "snapshot " << s->snapshot_id << " references missing " << e.file.path;
        records += e.file.record_count;
      }
    }
    EXPECT_EQ(records, s->SummaryInt(summary::kTotalRecords)) << "snapshot " << s->snapshot_id;
  }
}

class CrashTest : public ::testing::TestWithParam<Case> {};

TEST_P(CrashTest, TableIsAtOldOrNewSnapshot) {
  const Case c = GetParam();
  TempDir dir;
  const Prepared setup = Prepare(dir.path());
  ASSERT_FALSE(::testing::Test::HasFailure());

  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    Status st = RunOperation(dir.path(), c, setup);
    ::_exit(st.ok() ? 0 : 3);  // reaching here means the crash point was not hit
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << Name(c) << ": child exited with "
                                    << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1) << " instead of crashing";
  ASSERT_EQ(WTERMSIG(wstatus), SIGKILL);

  auto catalog = Catalog::Open(dir.path()).ValueOrDie();
  auto loaded = catalog->LoadTable(kId);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();  // the metadata json parses
  auto table = std::move(loaded).value();
  auto m = table->metadata();
  const auto current = m->current_snapshot();
  ASSERT_TRUE(current);
  const bool at_old = current->snapshot_id == setup.snapshot_id;
  if (c.op == Operation::kExpire) {
    EXPECT_EQ(current->snapshot_id, setup.snapshot_id);
    EXPECT_TRUE(m->snapshots.size() == 3 || m->snapshots.size() == 1) << m->snapshots.size();
  } else if (!at_old) {
    EXPECT_EQ(current->parent_snapshot_id, setup.snapshot_id) << "table is neither at the old nor one commit ahead";
  }
  const int64_t expected = at_old && c.op != Operation::kExpire ? setup.records
                                                                : ExpectedRecordsAfter(c.op, setup.records);
  EXPECT_EQ(testing::LiveRecords(*m), expected);
  EXPECT_EQ(current->SummaryInt(summary::kTotalRecords), expected);
  CheckReferencedFilesExist(*m);
  // Points before the CAS never commit; points after it always have.
  const std::string point = c.point;
  if (point.starts_with("commit.after-manifest") || point == "commit.after-metadata" ||
      point == "commit.before-cas") {
    EXPECT_TRUE(at_old || c.op == Operation::kExpire);
    if (c.op == Operation::kExpire) {
      EXPECT_EQ(m->snapshots.size(), 3u);
    }
  } else {
    if (c.op == Operation::kExpire) {
      EXPECT_EQ(m->snapshots.size(), 1u);
    } else {
      EXPECT_FALSE(at_old);
    }
  }
  // The table keeps working after the crash.
  DataFile more = WriteSalesFile(*table, 500, 2, "2024-01-05", "EMEA").ValueOrDie();
  ASSERT_TRUE(table->Append({more}).ok());
  EXPECT_EQ(testing::LiveRecords(*table->metadata()), expected + 2);
  ASSERT_TRUE(table->ExpireSnapshots(ExpireOptions{std::nullopt, 1}).ok());
  CheckReferencedFilesExist(*table->metadata());
}

std::vector<Case> AllCases() {
  std::vector<Case> out;
  for (Operation op : {Operation::kAppend, Operation::kOverwrite, Operation::kReplace}) {
    for (const char* p : {"commit.after-manifest", "commit.after-manifest-list", "commit.after-metadata",
                          "commit.before-cas", "commit.after-cas"}) {
      out.push_back({op, p});
    }
  }
  for (const char* p : {"commit.after-metadata", "commit.before-cas", "commit.after-cas", "expire.after-commit",
                        "expire.after-delete-data-file", "expire.after-delete-manifest",
                        "expire.after-delete-manifest-list"}) {
    out.push_back({Operation::kExpire, p});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryPoint, CrashTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string n = Name(info.param);
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(CrashTestCreate, CreateTableIsAllOrNothing) {
  TempDir dir;
  {
    auto catalog = Catalog::Open(dir.path()).ValueOrDie();
    ASSERT_TRUE(catalog->CreateNamespace("sales").ok());
  }
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto catalog = Catalog::Open(dir.path()).ValueOrDie();
    ArmCrashPoint("create.after-metadata");
    auto st = catalog->CreateTable(kId, testing::SalesSchema()).status();
    ::_exit(st.ok() ? 0 : 3);
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus));
  auto catalog = Catalog::Open(dir.path()).ValueOrDie();
  EXPECT_FALSE(catalog->TableExists(kId).ValueOrDie());
  ASSERT_TRUE(catalog->CreateTable(kId, testing::SalesSchema()).ok());
}

}  // namespace
}  // namespace tributary::iceberg
