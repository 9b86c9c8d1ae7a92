// `tributary serve --warehouse DIR [--config FILE] [--port N] [--host ADDR]
// [--tls-cert F --tls-key F]`: the PostgreSQL wire protocol server. Runs
// until SIGINT or SIGTERM. Flags override the config file.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <set>

#include <semaphore.h>

#include "cli/commands.hpp"
#include "cli/orchestrator_host.hpp"
#include "server/pg_server.hpp"
#include "server/server_config.hpp"

namespace tributary::cli {

namespace {

sem_t stop_signal;

void OnSignal(int) { sem_post(&stop_signal); }  // async-signal-safe

struct ServeArgs {
  std::string warehouse;
  std::string host = "127.0.0.1";
  int port = 15432;
  int max_connections = 100;
  int threads = 2;
  std::string tls_cert;
  std::string tls_key;
  std::string config;
  std::string orchestrator;  // orchestrator config (YAML), empty for none
  /// The flags given on the command line, which win over the config file.
  std::set<std::string> given;
  std::string admin_password;  // from the config file
  DatabaseOptions options;
};

/// Fills `args` from its config file where no flag was given.
bool ApplyConfig(ServeArgs* args) {
  if (args->config.empty()) return true;
  auto config = server::ReadServerConfig(args->config);
  if (!config.ok()) {
    std::fprintf(stderr, "error: %s\n", config.status().message().c_str());
    return false;
  }
  auto take = [&](const char* flag, auto& field, const auto& value) {
    if (value && args->given.count(flag) == 0) field = *value;
  };
  take("--host", args->host, config->host);
  take("--port", args->port, config->port);
  take("--max-connections", args->max_connections, config->max_connections);
  take("--threads", args->threads, config->threads);
  take("--tls-cert", args->tls_cert, config->tls_cert);
  take("--tls-key", args->tls_key, config->tls_key);
  if (config->admin_password) args->admin_password = *config->admin_password;
  if (config->max_bytes_billed) args->options.max_bytes_billed = *config->max_bytes_billed;
  if (config->statement_timeout_ms) args->options.statement_timeout_ms = *config->statement_timeout_ms;
  if (config->memory_limit) args->options.memory_limit = *config->memory_limit;
  return true;
}

int Serve(ServeArgs args) {
  if (!ApplyConfig(&args)) return 1;
  DatabaseOptions options = args.options;
  options.threads = args.threads;
  auto database = Database::Open(args.warehouse, options);
  if (!database.ok()) {
    std::fprintf(stderr, "error: cannot open warehouse %s: %s\n", args.warehouse.c_str(),
                 database.status().ToString().c_str());
    return 1;
  }
  // The bootstrap superuser `admin` always exists; its password comes from
  // the environment or the config file, never from the command line (where
  // `ps` would show it). The environment wins.
  std::string password = args.admin_password;
  if (const char* env = std::getenv("TRIBUTARY_ADMIN_PASSWORD"); env != nullptr && *env != '\0') password = env;
  if (!password.empty()) {
    Status st = (*database)->SetRolePassword("admin", password);
    if (!st.ok()) {
      std::fprintf(stderr, "error: cannot set the admin password: %s\n", st.ToString().c_str());
      return 1;
    }
  }
  std::shared_ptr<Database> db = *database;
  server::RoleSource roles = server::CatalogRoles(db);
  server::ServerOptions server_options;
  server_options.host = args.host;
  server_options.port = args.port;
  server_options.max_connections = args.max_connections;
  server_options.tls_cert_file = args.tls_cert;
  server_options.tls_key_file = args.tls_key;
  // The scheduler runs in the same process, its SQL tasks on the served
  // warehouse.
  std::unique_ptr<OrchestratorHost> orchestrator;
  if (!args.orchestrator.empty()) {
    orchestrator::ConfigParseResult parsed = orchestrator::ReadOrchestratorConfig(args.orchestrator);
    if (!parsed.errors.empty()) {
      std::fprintf(stderr, "%s", orchestrator::FormatConfigErrors(parsed.errors).c_str());
      return 1;
    }
    OrchestratorHost::Options host_options;
    host_options.database = db;
    auto host = OrchestratorHost::Open(*parsed.config, host_options);
    if (!host.ok()) {
      std::fprintf(stderr, "error: %s\n", host.status().ToString().c_str());
      return 1;
    }
    orchestrator = std::move(*host);
  }
  server::PgServer server(*database, server_options, roles);
  sem_init(&stop_signal, 0, 0);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  Status st = server.Start();
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "tributary: serving %s on %s:%d (database \"%s\")\n", args.warehouse.c_str(),
               args.host.c_str(), server.port(), server_options.database_name.c_str());
  if (orchestrator) {
    st = orchestrator->Start();
    if (!st.ok()) {
      std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
      server.Stop();
      return 1;
    }
    std::fprintf(stderr, "tributary: orchestrating %s%s\n", args.orchestrator.c_str(),
                 orchestrator->http_port() ? fmt::format(" (HTTP on port {})", orchestrator->http_port()).c_str()
                                           : "");
  }
  while (sem_wait(&stop_signal) != 0) {
  }
  std::fprintf(stderr, "tributary: shutting down\n");
  if (orchestrator) orchestrator->Stop();
  server.Stop();
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve a warehouse over the PostgreSQL wire protocol");
  cmd->add_option("--warehouse", args->warehouse, "Warehouse directory")->required();
  cmd->add_option("--host", args->host, "IPv4 address to listen on");
  cmd->add_option("--port", args->port, "TCP port (0 picks a free one)");
  cmd->add_option("--max-connections", args->max_connections, "Sessions at once (one kept for superusers)");
  cmd->add_option("--threads", args->threads, "Threads per query");
  cmd->add_option("--tls-cert", args->tls_cert, "PEM certificate chain: clients may then use TLS (sslmode=require)");
  cmd->add_option("--tls-key", args->tls_key, "PEM private key of --tls-cert");
  cmd->add_option("--config", args->config,
                  "File of key = value lines (host, port, max_connections, threads, tls_cert, tls_key, "
                  "admin_password, max_bytes_billed, statement_timeout, memory_limit); flags override it");
  cmd->add_option("--orchestrator", args->orchestrator,
                  "Orchestrator config (YAML): run the region schedules in this process (docs/orchestrator.md)");
  cmd->callback([args, exit_code, cmd] {
    for (const char* flag : {"--host", "--port", "--max-connections", "--threads", "--tls-cert", "--tls-key"}) {
      if (cmd->get_option(flag)->count() > 0) args->given.insert(flag);
    }
    *exit_code = Serve(*args);
  });
}

}  // namespace tributary::cli
