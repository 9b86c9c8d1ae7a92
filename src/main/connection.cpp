#include "main/connection.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "execution/query_interrupt.hpp"
#include "main/database_impl.hpp"
#include "main/job_record.hpp"
#include "main/settings.hpp"
#include "main/statements.hpp"
#include "parser/parser.hpp"
#include "parser/sql_error.hpp"
#include "types/datetime.hpp"

namespace tributary {

struct Connection::State {
  State(std::shared_ptr<Database> db, std::string user)
      : database(std::move(db)),
        session_user(std::move(user)),
        settings(database->options()),
        session_id(database->impl_->jobs->NewSessionId()) {}
  std::shared_ptr<Database> database;
  /// SESSION_USER, and the role SET ROLE chose (CURRENT_USER) when any.
  std::string session_user;
  std::optional<std::string> role;
  Settings settings;
  /// `settings` as current_setting() and set_config() see them.
  struct SettingsAccess : sql::SessionSettingsAccess {
    explicit SettingsAccess(Settings* s) : settings(s) {}
    std::string Show(const std::string& name) const override { return settings->Show(name).second; }
    void Set(const std::string& name, const std::string& value) override { settings->Set(name, value); }
    Settings* settings;
  } settings_access{&settings};
  /// This session in tributary.jobs.
  std::string session_id;
  /// The running statement's stop request; cleared as each statement starts.
  sql::QueryInterrupt interrupt;
  TransactionState transaction = TransactionState::kIdle;
  CopyChannel* copy_channel = nullptr;
  /// Connection::SetNextCommitTags, until the next statement takes them.
  std::optional<CommitTags> next_commit_tags;
  bool* next_commit_already = nullptr;

  /// Fills `context`'s identity as ResolveIdentity does, reusing the last
  /// answer while the catalog has not changed and SET ROLE chose the same
  /// role: a statement then costs one catalog read instead of one per role,
  /// membership and grant.
  void ResolveIdentityCached(sql::StatementContext* context);
  /// What a statement runs against now: the catalog, this session's stop
  /// flag, COPY channel and settings (threads, vector size, memory limit).
  sql::StatementContext Context() const {
    sql::StatementContext context;
    context.catalog = database->impl_->catalog;
    context.interrupt = &interrupt;
    context.copy_channel = copy_channel;
    ApplySettings(&context);
    return context;
  }
  /// The session's settings into `context` (again after the role's
  /// defaults may have changed them).
  void ApplySettings(sql::StatementContext* context) const {
    const SessionSettings& s = settings.values();
    context->options = database->options();
    context->options.threads = s.threads;
    context->options.vector_size = s.vector_size;
    context->options.memory_limit = s.memory_limit_bytes;
    context->options.statement_timeout_ms = s.statement_timeout_ms;
    context->options.max_bytes_billed = s.max_bytes_billed;
  }
  /// The catalog's change stamp when the identity was last resolved or
  /// reused; none when it could not be read.
  std::optional<std::pair<int64_t, int64_t>> stamp;
  /// The parameter values of the statement running (extended protocol).
  const QueryParameters* parameters = nullptr;
  /// What tells this session's query results apart besides the text and
  /// the snapshots read: the settings that shape results, who runs it with
  /// which roles (row-level security depends on them), the catalog stamp
  /// (policies, grants, memberships) and the parameter values.
  std::string ResultCacheScope(const sql::StatementContext& context) const {
    if (!stamp) return "";
    std::string scope;
    for (const char* name : {"TimeZone", "DateStyle", "IntervalStyle", "search_path", "extra_float_digits",
                             "standard_conforming_strings", "client_encoding"}) {
      scope += settings.Show(name).second;
      scope += '\x1f';
    }
    scope += context.identity.session_user + '\x1e' + context.identity.current_user + '\x1e' +
             (context.superuser ? "superuser" : "") + '\x1e' + context.identity.access.role +
             (context.identity.access.superuser ? "+" : "-");
    for (const std::string& r : context.identity.access.roles) scope += '\x1f' + r;
    scope += '\x1e' + std::to_string(stamp->first) + '.' + std::to_string(stamp->second);
    if (parameters != nullptr) {
      for (const auto& v : parameters->values) scope += v ? '\x1e' + std::to_string(v->size()) + ':' + *v : "\x1eNULL";
      for (const auto& t : parameters->types) scope += '\x1f' + t;
    }
    return scope;
  }
  /// Records a finished statement in the warehouse's job history.
  void RecordJob(std::string_view text, std::string statement_type, const std::string& user,
                 const QueryResult& result, int64_t start_us) {
    catalog::JobRecord job = MakeJobRecord(text, std::move(statement_type), result, start_us);
    job.user_name = user;
    job.session_user = session_user;
    job.session_id = session_id;
    database->impl_->jobs->Append(&job);
  }
  /// After an error in a block only COMMIT or ROLLBACK run (25P02).
  void CheckNotAborted(const sql::Statement& statement) const {
    if (transaction == TransactionState::kFailed && statement.kind != sql::Statement::Kind::kTransaction) {
      throw sql::SqlError("current transaction is aborted, commands ignored until end of transaction block", "25P02");
    }
  }
  struct CachedIdentity {
    std::pair<int64_t, int64_t> stamp;
    std::optional<std::string> role;
    sql::SessionIdentity identity;
    bool superuser = false;
  };
  std::optional<CachedIdentity> identity_cache;
};

Connection::Connection(std::shared_ptr<Database> database)
    : state_(std::make_unique<State>(std::move(database), Database::kBootstrapRole)) {}

Connection::Connection(std::shared_ptr<Database> database, ConnectionOptions options)
    : state_(std::make_unique<State>(std::move(database), std::move(options.user))) {}

void Connection::Cancel() { state_->interrupt.Request(sql::InterruptReason::kUserRequest); }

Connection::~Connection() = default;

namespace {

/// PostgreSQL positions count characters, 1-based.
int PositionOf(std::string_view sql, int byte_offset) {
  if (byte_offset < 0) return 0;
  int chars = 0;
  for (int i = 0; i < byte_offset && i < static_cast<int>(sql.size()); i++) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) chars++;
  }
  return chars + 1;
}

QueryResult ErrorResult(std::string_view sql, const std::exception& e) {
  QueryError error;
  error.message = e.what();
  if (const auto* s = dynamic_cast<const sql::SqlError*>(&e)) {
    error.sqlstate = s->sqlstate();
    error.position = PositionOf(sql, s->location());
    error.hint = s->hint();
  } else if (const auto* t = dynamic_cast<const Error*>(&e)) {
    error.sqlstate = t->sqlstate();
  } else if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
    error.sqlstate = "53200";
    error.message = "out of memory";
  } else {
    error.sqlstate = "XX000";
  }
  return QueryResult::Error(std::move(error));
}

/// Requests a timeout interrupt when a statement outlives its deadline;
/// does nothing when the timeout is 0.
class Watchdog {
 public:
  Watchdog(int64_t timeout_ms, sql::QueryInterrupt* interrupt) {
    if (timeout_ms <= 0) return;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    thread_ = std::thread([this, deadline, interrupt] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
        interrupt->Request(sql::InterruptReason::kTimeout);
      }
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

/// A one-column text result.
ColumnBatch TextColumn(const std::vector<std::string>& values) {
  Vector v(LogicalType::Varchar(), std::max<size_t>(values.size(), 1));
  for (size_t i = 0; i < values.size(); i++) v.SetString(i, values[i]);
  ColumnBatch batch;
  batch.AddColumn(std::move(v));
  batch.set_num_rows(values.size());
  return batch;
}

QueryResult RunSetting(Settings* settings, const sql::Statement& statement) {
  if (statement.kind == sql::Statement::Kind::kSet) {
    if (statement.setting_reset) {
      settings->Reset(statement.name);
      return QueryResult::Command(statement.setting_value == "DEFAULT" ? "SET" : "RESET");
    }
    settings->Set(statement.name, statement.setting_value);
    return QueryResult::Command("SET");
  }
  std::vector<ColumnBatch> batches;
  if (statement.name == "all") {
    std::vector<std::string> names, values, descriptions;
    for (const auto& row : settings->ShowAll()) {
      names.push_back(row[0]);
      values.push_back(row[1]);
      descriptions.push_back(row[2]);
    }
    ColumnBatch batch = TextColumn(names);
    batch.AddColumn(std::move(TextColumn(values).column(0)));
    batch.AddColumn(std::move(TextColumn(descriptions).column(0)));
    batches.push_back(std::move(batch));
    return QueryResult::Rows({"name", "setting", "description"},
                             {LogicalType::Varchar(), LogicalType::Varchar(), LogicalType::Varchar()},
                             std::move(batches), "SHOW");
  }
  auto [name, value] = settings->Show(statement.name);
  batches.push_back(TextColumn({value}));
  return QueryResult::Rows({name}, {LogicalType::Varchar()}, std::move(batches), "SHOW");
}

bool IsWrite(const sql::Statement& statement) {
  using Kind = sql::Statement::Kind;
  switch (statement.kind) {
    case Kind::kCopy: return statement.copy_from;  // COPY TO only reads
    case Kind::kSelect:
    case Kind::kExplain:
    case Kind::kSet:
    case Kind::kShow:
    case Kind::kSetRole:
    case Kind::kTransaction: return false;
    default: return true;
  }
}

/// The command tag PostgreSQL gives a statement kind, for errors naming it.
std::string WriteName(const sql::Statement& statement) {
  std::string text = statement.text.substr(0, statement.text.find_first_of(" \t\n("));
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// BEGIN / COMMIT / ROLLBACK: moves the session's transaction state.
QueryResult RunTransaction(TransactionState* state, const sql::Statement& statement) {
  if (statement.name == "begin") {
    *state = TransactionState::kInBlock;  // BEGIN inside a block only warns in PostgreSQL
    return QueryResult::Command("BEGIN");
  }
  const bool failed = *state == TransactionState::kFailed;
  *state = TransactionState::kIdle;
  if (statement.name == "commit") return QueryResult::Command(failed ? "ROLLBACK" : "COMMIT");
  return QueryResult::Command("ROLLBACK");
}

/// Fills `context`'s identity from the session: the session user must still
/// exist (28000 otherwise, as at login), and so must a role SET ROLE chose.
void ResolveIdentity(catalog::Catalog& catalog, const std::string& session_user,
                     const std::optional<std::string>& role, sql::StatementContext* context) {
  auto session = catalog.LoadRole(session_user);
  if (!session.ok()) throw sql::SqlError(session.status().message(), "XX000");
  if (!session->has_value()) throw sql::SqlError("role \"" + session_user + "\" does not exist", "28000");
  context->identity.session_user = session_user;
  context->identity.current_user = role.value_or(session_user);
  context->superuser = (*session)->superuser;
  if (role) {
    auto current = catalog.LoadRole(*role);
    if (!current.ok()) throw sql::SqlError(current.status().message(), "XX000");
    if (!current->has_value()) throw sql::SqlError("role \"" + *role + "\" does not exist", "42704");
    context->superuser = (*current)->superuser;
  }
  context->identity.access = sql::ResolveAccessRoles(catalog, context->identity.current_user);
}

}  // namespace

void Connection::State::ResolveIdentityCached(sql::StatementContext* context) {
  catalog::Catalog& catalog = *context->catalog;
  auto stamp = catalog.ChangeStamp();
  this->stamp.reset();
  if (stamp.ok()) this->stamp = *stamp;
  if (stamp.ok() && identity_cache && identity_cache->stamp == *stamp && identity_cache->role == role) {
    context->identity = identity_cache->identity;
    context->identity.settings = &settings_access;
    context->superuser = identity_cache->superuser;
    return;
  }
  ResolveIdentity(catalog, session_user, role, context);
  context->identity.jobs = database->impl_->jobs.get();
  context->identity.settings = &settings_access;
  // The role's own defaults (ALTER ROLE ... SET), at session start and
  // whenever SET ROLE or a catalog change may have changed them.
  auto role_settings = catalog.ListRoleSettings(context->identity.current_user);
  if (!role_settings.ok()) throw sql::SqlError(role_settings.status().message(), "XX000");
  settings.ApplyRoleDefaults(*role_settings);
  ApplySettings(context);
  if (stamp.ok()) identity_cache = CachedIdentity{*stamp, role, context->identity, context->superuser};
}

namespace {

/// SET ROLE r / SET ROLE NONE / RESET ROLE. A superuser session may become
/// any role; others only roles the session user belongs to.
QueryResult RunSetRole(catalog::Catalog& catalog, const std::string& session_user, std::optional<std::string>* role,
                       const sql::Statement& statement) {
  const sql::RoleStatement& r = *statement.role;
  if (r.reset || r.names[0] == "none") {
    role->reset();
    return QueryResult::Command(r.reset ? "RESET" : "SET");
  }
  const std::string& target = r.names[0];
  auto found = catalog.LoadRole(target);
  if (!found.ok()) throw sql::SqlError(found.status().message(), "XX000");
  // A GUC-style check in PostgreSQL: invalid_parameter_value.
  if (!found->has_value()) throw sql::SqlError("role \"" + target + "\" does not exist", "22023");
  auto session = catalog.LoadRole(session_user);
  const bool superuser = session.ok() && session->has_value() && (*session)->superuser;
  if (!superuser && !sql::IsMemberOf(catalog, session_user, target)) {
    throw sql::SqlError("permission denied to set role \"" + target + "\"", "42501");
  }
  *role = target == session_user ? std::nullopt : std::optional<std::string>(target);
  return QueryResult::Command("SET");
}

/// `text` cut at the word PASSWORD, which is followed by "<redacted>".
std::string RedactPassword(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower.find("password");
  if (at == std::string::npos) return std::string(text);
  return std::string(text.substr(0, at)) + "PASSWORD <redacted>";
}

/// What the audit log and the jobs table keep of a statement: its text,
/// except that a password is never written down.
std::string AuditDetail(const sql::Statement& statement) {
  if (statement.role && statement.role->password_given) return RedactPassword(statement.text);
  return statement.text;
}

/// What the jobs table keeps of text that did not parse: it may have meant
/// to set a password, so anything from the word on is left out.
std::string RedactUnparsed(std::string_view sql) { return RedactPassword(sql); }

bool IsAudited(const sql::Statement& statement) {
  using Kind = sql::Statement::Kind;
  switch (statement.kind) {
    case Kind::kCreatePolicy:
    case Kind::kAlterPolicy:
    case Kind::kDropPolicy: return true;
    case Kind::kAlterTable:
      // Turning row-level security on or off is a policy change.
      return std::any_of(statement.alter.begin(), statement.alter.end(), [](const sql::AlterCommand& c) {
        return c.kind == sql::AlterCommand::Kind::kEnableRowSecurity ||
               c.kind == sql::AlterCommand::Kind::kDisableRowSecurity ||
               c.kind == sql::AlterCommand::Kind::kForceRowSecurity ||
               c.kind == sql::AlterCommand::Kind::kNoForceRowSecurity;
      });
    case Kind::kCreateRole:
    case Kind::kAlterRole:
    case Kind::kDropRole:
    case Kind::kGrantRole:
    case Kind::kRevokeRole:
    case Kind::kGrant:
    case Kind::kRevoke:
    case Kind::kAlterOwner: return true;
    default: return false;
  }
}

bool IsRoleStatement(sql::Statement::Kind kind) {
  using Kind = sql::Statement::Kind;
  return kind == Kind::kCreateRole || kind == Kind::kAlterRole || kind == Kind::kDropRole ||
         kind == Kind::kGrantRole || kind == Kind::kRevokeRole;
}

}  // namespace

TransactionState Connection::transaction_state() const { return state_->transaction; }

void Connection::SetCopyChannel(CopyChannel* channel) { state_->copy_channel = channel; }

void Connection::SetNextCommitTags(CommitTags tags, bool* already_committed) {
  state_->next_commit_tags = std::move(tags);
  state_->next_commit_already = already_committed;
  if (already_committed != nullptr) *already_committed = false;
}

namespace {

sql::ParameterValues ToParameterValues(const QueryParameters& params) {
  sql::ParameterValues out;
  out.values = params.values;
  out.types = params.types;
  return out;
}

}  // namespace

std::vector<QueryResult> Connection::QueryAll(std::string_view sql) {
  std::vector<sql::Statement> statements;
  const int64_t start_us = datetime::NowMicros();
  try {
    statements = sql::Parse(sql);
  } catch (const std::exception& e) {
    std::vector<QueryResult> results;
    results.push_back(ErrorResult(sql, e));
    state_->RecordJob(RedactUnparsed(sql), "UNKNOWN", state_->role.value_or(state_->session_user), results.back(),
                      start_us);
    return results;
  }
  return Run(sql, statements);
}

QueryResult Connection::Query(std::string_view sql, const QueryParameters& params) {
  std::vector<sql::Statement> statements;
  const int64_t start_us = datetime::NowMicros();
  try {
    statements = sql::Parse(sql, ToParameterValues(params));
    if (statements.size() > 1) {
      throw sql::SqlError("cannot insert multiple commands into a prepared statement", "42601");
    }
  } catch (const std::exception& e) {
    QueryResult result = ErrorResult(sql, e);
    state_->RecordJob(RedactUnparsed(sql), "UNKNOWN", state_->role.value_or(state_->session_user), result, start_us);
    return result;
  }
  state_->parameters = &params;
  QueryResult result = std::move(Run(sql, statements).back());
  state_->parameters = nullptr;
  return result;
}

std::vector<QueryResult> Connection::Run(std::string_view sql, const std::vector<sql::Statement>& statements) {
  std::vector<QueryResult> results;
  for (const auto& statement : statements) {
    auto start = std::chrono::steady_clock::now();
    const int64_t start_us = datetime::NowMicros();
    const std::string user = state_->role.value_or(state_->session_user);
    sql::StatementContext context = state_->Context();
    // The next write's commit tags belong to this statement alone.
    std::optional<CommitTags> commit_tags = std::exchange(state_->next_commit_tags, std::nullopt);
    if (commit_tags) {
      context.commit_tags = &*commit_tags;
      context.commit_already_committed = std::exchange(state_->next_commit_already, nullptr);
    }
    state_->interrupt.Clear();
    std::optional<Watchdog> watchdog;
    QueryResult result = QueryResult::Command("");
    try {
      TransactionState& tx = state_->transaction;
      state_->CheckNotAborted(statement);
      if (tx == TransactionState::kInBlock && IsWrite(statement)) {
        // Each write is one atomic commit of its own; inside a block it could
        // not be rolled back with the block, so it is refused.
        throw sql::SqlError(WriteName(statement) + " cannot run inside a transaction block", "25001", -1,
                            "Tributary commits each write atomically on its own: run it outside BEGIN ... COMMIT "
                            "(with autocommit on).");
      }
      state_->ResolveIdentityCached(&context);
      watchdog.emplace(context.options.statement_timeout_ms, &state_->interrupt);
      if (statement.kind == sql::Statement::Kind::kSelect && state_->settings.values().use_result_cache) {
        context.result_cache = state_->database->impl_->result_cache.get();
        context.result_cache_scope = [state = state_.get(), &context] { return state->ResultCacheScope(context); };
      }
      switch (statement.kind) {
        case sql::Statement::Kind::kTransaction: result = RunTransaction(&tx, statement); break;
        case sql::Statement::Kind::kSetRole:
          result = RunSetRole(*context.catalog, state_->session_user, &state_->role, statement);
          break;
        case sql::Statement::Kind::kSet:
        case sql::Statement::Kind::kShow: result = RunSetting(&state_->settings, statement); break;
        case sql::Statement::Kind::kSelect: result = sql::ExecuteSelect(context, statement); break;
        case sql::Statement::Kind::kExplain: result = sql::ExecuteExplain(context, statement); break;
        case sql::Statement::Kind::kInsert: result = sql::ExecuteInsert(context, statement); break;
        case sql::Statement::Kind::kDelete: result = sql::ExecuteDelete(context, statement); break;
        case sql::Statement::Kind::kUpdate: result = sql::ExecuteUpdate(context, statement); break;
        case sql::Statement::Kind::kMerge: result = sql::ExecuteMerge(context, statement); break;
        case sql::Statement::Kind::kTruncate: result = sql::ExecuteTruncate(context, statement); break;
        case sql::Statement::Kind::kAlterTable: result = sql::ExecuteAlterTable(context, statement); break;
        case sql::Statement::Kind::kCopy: result = sql::ExecuteCopy(context, statement); break;
        default:
          if (statement.kind == sql::Statement::Kind::kGrant || statement.kind == sql::Statement::Kind::kRevoke) {
            result = sql::ExecuteGrant(context, statement);
          } else if (statement.policy) {
            result = sql::ExecutePolicyStatement(context, statement);
          } else if (statement.kind == sql::Statement::Kind::kAlterOwner) {
            result = sql::ExecuteAlterOwner(context, statement);
          } else {
            result = IsRoleStatement(statement.kind) ? sql::ExecuteRoleStatement(context, statement)
                                                     : sql::ExecuteDdl(context, statement);
          }
          break;
      }
      if (result.ok() && IsAudited(statement)) {
        Status st = state_->database->Audit(context.identity.current_user, result.command_tag(),
                                            AuditDetail(statement));
        if (!st.ok()) throw UserError("could not write the audit log: " + st.ToString(), "58030");
      }
    } catch (const std::exception& e) {
      result = ErrorResult(sql, e);
    }
    result.metrics().duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    state_->RecordJob(AuditDetail(statement), StatementType(statement), user, result, start_us);
    bool failed = !result.ok();
    if (failed && state_->transaction == TransactionState::kInBlock) state_->transaction = TransactionState::kFailed;
    results.push_back(std::move(result));
    if (failed) break;
  }
  if (results.empty()) results.push_back(QueryResult::Command(""));  // an empty query
  return results;
}

QueryResult Connection::Describe(std::string_view sql, const std::vector<std::string>& parameter_types,
                                 int* parameters) {
  try {
    sql::ParameterValues placeholders;
    placeholders.types = parameter_types;
    placeholders.placeholders = true;
    int highest = 0;
    std::vector<sql::Statement> statements = sql::Parse(sql, placeholders, &highest);
    if (parameters != nullptr) *parameters = std::max(highest, static_cast<int>(parameter_types.size()));
    if (statements.size() > 1) {
      throw sql::SqlError("cannot insert multiple commands into a prepared statement", "42601");
    }
    if (statements.empty()) return QueryResult::Command("");
    const sql::Statement& statement = statements[0];
    state_->CheckNotAborted(statement);
    switch (statement.kind) {
      case sql::Statement::Kind::kSelect: {
        sql::StatementContext context = state_->Context();
        state_->ResolveIdentityCached(&context);
        return sql::DescribeSelect(context, *statement.select);
      }
      case sql::Statement::Kind::kExplain:
        return QueryResult::Rows({"QUERY PLAN"}, {LogicalType::Varchar()}, {}, "");
      case sql::Statement::Kind::kShow: {
        if (statement.name == "all") {
          return QueryResult::Rows({"name", "setting", "description"},
                                   {LogicalType::Varchar(), LogicalType::Varchar(), LogicalType::Varchar()}, {}, "");
        }
        return QueryResult::Rows({state_->settings.Show(statement.name).first}, {LogicalType::Varchar()}, {}, "");
      }
      default: return QueryResult::Command("");
    }
  } catch (const std::exception& e) {
    return ErrorResult(sql, e);
  }
}

QueryResult Connection::Query(std::string_view sql) {
  std::vector<QueryResult> results = QueryAll(sql);
  return std::move(results.back());
}

}  // namespace tributary
