// Transaction blocks: BEGIN/COMMIT/ROLLBACK move the session's state the way
// PostgreSQL's ReadyForQuery reports it; reads inside a block see what other
// sessions committed (READ COMMITTED), writes are refused inside it, and
// after an error only COMMIT or ROLLBACK run.
#include "engine_fixture.hpp"

namespace tributary {
namespace {

class TransactionTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Run("CREATE TABLE t (a int)");
    Run("INSERT INTO t VALUES (1), (2)");
  }
  TransactionState State() const { return connection_->transaction_state(); }
};

TEST_F(TransactionTest, BeginCommitAndRollbackMoveTheState) {
  EXPECT_EQ(State(), TransactionState::kIdle);
  EXPECT_EQ(Run("BEGIN").command_tag(), "BEGIN");
  EXPECT_EQ(State(), TransactionState::kInBlock);
  ExpectRows("SELECT count(*) FROM t", {{"2"}});
  EXPECT_EQ(Run("COMMIT").command_tag(), "COMMIT");
  EXPECT_EQ(State(), TransactionState::kIdle);
  EXPECT_EQ(Run("START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY").command_tag(), "BEGIN");
  EXPECT_EQ(Run("ROLLBACK").command_tag(), "ROLLBACK");
  EXPECT_EQ(State(), TransactionState::kIdle);
  EXPECT_EQ(Run("END").command_tag(), "COMMIT");  // no block open: PostgreSQL only warns
}

TEST_F(TransactionTest, WritesAreRefusedInsideABlock) {
  Run("BEGIN");
  ExpectError("INSERT INTO t VALUES (3)", "25001", "INSERT cannot run inside a transaction block");
  EXPECT_EQ(State(), TransactionState::kFailed);
  ExpectError("SELECT 1", "25P02", "current transaction is aborted");
  EXPECT_EQ(Run("COMMIT").command_tag(), "ROLLBACK");  // COMMIT of a failed block rolls it back
  EXPECT_EQ(State(), TransactionState::kIdle);
  ExpectRows("SELECT count(*) FROM t", {{"2"}});
  Run("BEGIN");
  ExpectError("CREATE TABLE u (a int)", "25001", "CREATE cannot run inside a transaction block");
  Run("ROLLBACK");
  ExpectError("SELECT * FROM u", "42P01");
}

TEST_F(TransactionTest, AnErrorInsideABlockAbortsIt) {
  Run("BEGIN");
  ExpectError("SELECT 1 / 0", "22012");
  EXPECT_EQ(State(), TransactionState::kFailed);
  ExpectError("SELECT count(*) FROM t", "25P02");
  Run("ROLLBACK");
  ExpectRows("SELECT count(*) FROM t", {{"2"}});
}

TEST_F(TransactionTest, ReadsInABlockSeeOtherSessionsCommits) {
  Connection other(database_);
  Run("BEGIN");
  ExpectRows("SELECT count(*) FROM t", {{"2"}});
  ASSERT_TRUE(other.Query("INSERT INTO t VALUES (3)").ok());
  ExpectRows("SELECT count(*) FROM t", {{"3"}});  // READ COMMITTED: each statement's own snapshot
  Run("COMMIT");
}

TEST_F(TransactionTest, StrongerIsolationAndSavepointsAreNotSupported) {
  ExpectError("BEGIN ISOLATION LEVEL SERIALIZABLE", "0A000", "isolation level serializable");
  ExpectError("BEGIN ISOLATION LEVEL REPEATABLE READ", "0A000", "isolation level repeatable read");
  Run("BEGIN");
  ExpectError("SAVEPOINT s", "0A000", "savepoints");
  Run("ROLLBACK");
}

}  // namespace
}  // namespace tributary
