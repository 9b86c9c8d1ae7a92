#include "main/database_impl.hpp"

#include <unistd.h>

#include <chrono>

#include "auth/scram.hpp"
#include "binder/binder.hpp"

namespace tributary {

int64_t DatabaseOptions::DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{4} << 30;
  // Whole megabytes, so SHOW memory_limit reads naturally.
  int64_t bytes = static_cast<int64_t>(pages) * page_size / 10 * 8;
  return bytes / (int64_t{1} << 20) * (int64_t{1} << 20);
}

Database::Database(std::string directory, DatabaseOptions options)
    : directory_(std::move(directory)), options_(options), impl_(std::make_unique<Impl>()) {}

Database::~Database() = default;

Result<std::shared_ptr<Database>> Database::Open(const std::string& directory, DatabaseOptions options) {
  TRIB_ASSIGN_OR_RETURN(auto catalog, catalog::Catalog::Open(directory));
  TRIB_ASSIGN_OR_RETURN(bool has_public, catalog->NamespaceExists(sql::kDefaultSchema));
  if (!has_public) {
    Status st = catalog->CreateNamespace(sql::kDefaultSchema);
    if (!st.ok() && st.code() != StatusCode::kAlreadyExists) return st;
  }
  TRIB_ASSIGN_OR_RETURN(auto admin, catalog->LoadRole(kBootstrapRole));
  if (!admin) {
    catalog::RoleRecord role;
    role.name = kBootstrapRole;
    role.can_login = true;
    role.superuser = true;
    role.bypass_rls = true;
    role.create_role = true;
    Status st = catalog->CreateRole(role);
    if (!st.ok() && st.code() != StatusCode::kAlreadyExists) return st;  // another process made it
  }
  if (options.vector_size == 0) return Status::Invalid("vector_size must be at least 1");
  std::shared_ptr<Database> db(new Database(directory, options));
  db->impl_->catalog = std::move(catalog);
  TRIB_ASSIGN_OR_RETURN(db->impl_->jobs, catalog::JobLog::Open(directory + "/jobs.log"));
  if (options.result_cache_bytes > 0) db->impl_->result_cache = std::make_unique<ResultCache>(options.result_cache_bytes);
  return db;
}

Status Database::SetRolePassword(std::string_view role, std::string_view password) {
  TRIB_ASSIGN_OR_RETURN(auto record, impl_->catalog->LoadRole(std::string(role)));
  if (!record) return Status::NotFound("role \"{}\" does not exist", role);
  if (password.empty()) {
    record->scram_secret.reset();
  } else {
    TRIB_ASSIGN_OR_RETURN(record->scram_secret, auth::MakeScramSecret(password));
  }
  return impl_->catalog->UpdateRole(*record);
}

Status Database::Audit(std::string_view user, std::string_view event, std::string_view detail) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return impl_->catalog->AppendAudit({now.count(), std::string(user), std::string(event), std::string(detail)});
}

Result<std::optional<RoleAuthInfo>> Database::LookupRole(std::string_view name) const {
  TRIB_ASSIGN_OR_RETURN(auto record, impl_->catalog->LoadRole(std::string(name)));
  if (!record) return std::optional<RoleAuthInfo>();
  return std::optional<RoleAuthInfo>(RoleAuthInfo{record->name, record->can_login, record->superuser,
                                                  record->bypass_rls, record->scram_secret, record->valid_until_ms});
}

}  // namespace tributary
