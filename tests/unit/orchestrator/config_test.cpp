// The orchestrator config file: the example parses, defaults fill what is
// not given, and every kind of mistake is reported at its file:line:col,
// all of them at once.
#include "orchestrator/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tributary::orchestrator {
namespace {

/// A valid one-region config; `region_extra` lines are appended to the
/// region (indent 4) and `tail` after it. The region's mapping starts at 2:5.
std::string Config(const std::string& region_extra = "", const std::string& tail = "") {
  return "regions:\n"                                            // 1
         "  - name: EMEA\n"                                      // 2
         "    time_zone: Europe/Berlin\n"                        // 3
         "    schedule: \"0 5 * * *\"\n"                         // 4
         "    deadline: \"08:00\"\n"                             // 5
         "    task: {type: command, command: /opt/load.sh}\n" +  // 6
         region_extra +
         tail;
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

OrchestratorConfig Parse(const std::string& text) {
  ConfigParseResult result = ParseOrchestratorConfig("orch.yaml", text);
  EXPECT_TRUE(result.errors.empty()) << FormatConfigErrors(result.errors);
  EXPECT_TRUE(result.config.has_value());
  return result.config.value_or(OrchestratorConfig{});
}

/// The errors as validate-config prints them, or "(ok)".
std::string Errors(const std::string& text) {
  ConfigParseResult result = ParseOrchestratorConfig("orch.yaml", text);
  if (result.errors.empty()) return "(ok)";
  EXPECT_FALSE(result.config.has_value());
  return FormatConfigErrors(result.errors);
}

TEST(OrchestratorConfig, ExampleSalesConfigParses) {
  const std::string path = std::string(TRIBUTARY_SOURCE_DIR) + "/examples/sales.yaml";
  ConfigParseResult result = ReadOrchestratorConfig(path);
  ASSERT_TRUE(result.errors.empty()) << FormatConfigErrors(result.errors);
  ASSERT_TRUE(result.config.has_value());
  const OrchestratorConfig& config = *result.config;
  EXPECT_EQ(config.path, path);
  EXPECT_EQ(config.state_path, std::string(TRIBUTARY_SOURCE_DIR) + "/examples/state/orchestrator.db");
  EXPECT_EQ(config.warehouse, "/var/lib/tributary/warehouse");
  EXPECT_EQ(config.workers, 4);
  EXPECT_EQ(config.reserved_for_scheduled, 1);
  EXPECT_EQ(config.http_listen, "127.0.0.1:8080");
  ASSERT_EQ(config.pools.size(), 5u);
  EXPECT_EQ(config.pools[0].name, "amer_crm");
  EXPECT_EQ(config.pools[4].slots, 2);

  ASSERT_EQ(config.channels.size(), 2u);
  EXPECT_EQ(config.channels[0].kind, AlertChannelConfig::Kind::kLog);
  EXPECT_EQ(config.channels[1].kind, AlertChannelConfig::Kind::kWebhook);
  EXPECT_EQ(config.channels[1].url, "http://alerts.internal.example:9000/hooks/tributary");
  EXPECT_EQ(config.channels[1].attempts, 5);
  EXPECT_EQ(config.channels[1].backoff, 2 * kMicrosPerSecond);

  ASSERT_EQ(config.regions.size(), 4u);
  const RegionConfig& amer = config.regions[0];
  EXPECT_EQ(amer.name, "AMER");
  EXPECT_EQ(amer.time_zone_name, "America/Los_Angeles");
  EXPECT_EQ(amer.time_zone.name(), "America/Los_Angeles");
  EXPECT_EQ(amer.source.at("kind"), "sqlite");
  EXPECT_EQ(amer.schedule.text(), "0 5 * * *");
  EXPECT_EQ(amer.deadline, 8 * 3600);
  EXPECT_EQ(amer.logical_date_offset, -1);
  EXPECT_EQ(amer.expected_duration, 40 * kMicrosPerMinute);
  ASSERT_TRUE(amer.sensor.has_value());
  EXPECT_EQ(amer.sensor->kind, SensorConfig::Kind::kSql);
  EXPECT_EQ(amer.sensor->database, "/data/amer/crm.sqlite");
  EXPECT_EQ(amer.sensor->text,
            "SELECT count(*) > 0 FROM export_runs WHERE business_date = '{{ ds }}' AND status = 'done'");
  EXPECT_EQ(amer.sensor->timeout, 2 * kMicrosPerHour + 30 * kMicrosPerMinute);
  // Its own attempts and backoff; the rest from defaults.
  EXPECT_EQ(amer.retries.attempts, 4);
  EXPECT_EQ(amer.retries.backoff, kMicrosPerMinute);
  EXPECT_EQ(amer.retries.max_delay, 20 * kMicrosPerMinute);
  EXPECT_EQ(amer.timeout, kMicrosPerHour);
  EXPECT_EQ(amer.pool, "amer_crm");
  EXPECT_EQ(amer.action.kind, TaskAction::Kind::kCommand);  // type: ingest
  EXPECT_NE(amer.action.text.find(" ingest --config "), std::string::npos) << amer.action.text;
  EXPECT_EQ(amer.action.permanent_exit_codes, (std::vector<int>{64, 65, 66, 67, 68, 77, 78}));
  ASSERT_EQ(amer.tables.size(), 2u);
  EXPECT_EQ(amer.tables[0].target, "sales.deals");
  EXPECT_EQ(amer.tables[0].primary_key, std::vector<std::string>{"deal_id"});
  EXPECT_EQ(amer.tables[0].cursor, "updated_at");
  EXPECT_EQ(amer.tables[0].lookback, "2d");
  ASSERT_EQ(amer.tables[0].columns.size(), 3u);
  EXPECT_EQ(amer.tables[0].columns[1], (std::pair<std::string, std::string>{"amount", "amount_cents / 100.0"}));
  ASSERT_EQ(amer.checks.size(), 3u);
  EXPECT_EQ(amer.checks[0].columns, (std::vector<std::string>{"deal_id", "sale_date"}));
  EXPECT_EQ(amer.checks[2].kind, "range");
  EXPECT_EQ(amer.checks[2].options.at("min"), "0");
  EXPECT_EQ(amer.checks[2].severity, "warn");

  const RegionConfig& latam = config.regions[1];
  EXPECT_EQ(latam.sensor->kind, SensorConfig::Kind::kFile);
  EXPECT_EQ(latam.expected_duration, 30 * kMicrosPerMinute);  // defaults
  EXPECT_EQ(latam.timeout, 45 * kMicrosPerMinute);
  EXPECT_EQ(latam.checks[0].options.at("values"), "LATAM");
  const RegionConfig& emea = config.regions[2];
  EXPECT_EQ(emea.retries.attempts, 5);  // `retries: 5`
  EXPECT_EQ(emea.retries.backoff, 2 * kMicrosPerMinute);
  EXPECT_EQ(emea.action.kind, TaskAction::Kind::kSql);
  EXPECT_EQ(emea.action.text.rfind("TRUNCATE staging.emea_deals;\nCOPY", 0), 0u);
  EXPECT_EQ(emea.checks[1].options.at("max_age"), "36h");
  EXPECT_EQ(config.regions[3].time_zone_name, "Asia/Singapore");

  ASSERT_EQ(config.refreshes.size(), 1u);
  const RefreshConfig& global = config.refreshes[0];
  EXPECT_EQ(global.name, "global_daily");
  EXPECT_EQ(global.depends_on, (std::vector<std::string>{"AMER", "LATAM", "EMEA", "APAC"}));
  EXPECT_EQ(global.policy, RefreshConfig::Policy::kAtDeadline);
  EXPECT_EQ(global.time_zone.name(), "UTC");
  EXPECT_EQ(global.deadline, 16 * 3600);
  EXPECT_EQ(global.action.kind, TaskAction::Kind::kSql);
  EXPECT_EQ(global.retries.attempts, 3);
}

TEST(OrchestratorConfig, UnsetKeysTakeTheirDefaults) {
  OrchestratorConfig config = Parse(Config("",
                                           "refresh:\n  - {name: daily, depends_on: EMEA, deadline: '09:00',"
                                           " task: {type: sql, sql: SELECT 1}}\n"));
  EXPECT_EQ(config.path, "orch.yaml");
  EXPECT_EQ(config.state_path, "orchestrator.db");  // beside the file
  EXPECT_EQ(config.warehouse, "");
  EXPECT_EQ(config.workers, 4);
  EXPECT_EQ(config.reserved_for_scheduled, 1);
  EXPECT_EQ(config.http_listen, "");
  EXPECT_TRUE(config.pools.empty());
  EXPECT_TRUE(config.channels.empty());
  const RegionConfig& region = config.regions.at(0);
  EXPECT_EQ(region.logical_date_offset, -1);
  EXPECT_FALSE(region.expected_duration.has_value());
  EXPECT_FALSE(region.sensor.has_value());
  EXPECT_EQ(region.retries.attempts, 3);
  EXPECT_EQ(region.retries.backoff, kMicrosPerMinute);
  EXPECT_EQ(region.retries.multiplier, 2.0);
  EXPECT_EQ(region.retries.max_delay, 30 * kMicrosPerMinute);
  EXPECT_EQ(region.retries.jitter, 0.1);
  EXPECT_EQ(region.timeout, 30 * kMicrosPerMinute);
  EXPECT_EQ(region.pool, "");
  EXPECT_EQ(region.action.text, "/opt/load.sh");
  EXPECT_EQ(region.action.permanent_exit_codes, (std::vector<int>{64, 65, 66, 67, 68, 77, 78}));
  EXPECT_EQ(region.position.line, 2);
  EXPECT_EQ(region.position.column, 5);
  const RefreshConfig& refresh = config.refreshes.at(0);
  EXPECT_EQ(refresh.depends_on, std::vector<std::string>{"EMEA"});
  EXPECT_EQ(refresh.policy, RefreshConfig::Policy::kAll);
  EXPECT_EQ(refresh.time_zone_name, "UTC");
  EXPECT_EQ(refresh.time_zone.name(), "UTC");
  EXPECT_EQ(refresh.timeout, 30 * kMicrosPerMinute);

  EXPECT_EQ(Parse("workers: 1\n" + Config()).reserved_for_scheduled, 0);
  EXPECT_EQ(ParseOrchestratorConfig("conf/orch.yaml", Config()).config->state_path, "conf/orchestrator.db");
  EXPECT_EQ(
      ParseOrchestratorConfig("conf/orch.yaml", "state: ../var/o.db\nwarehouse: wh\n" + Config()).config->state_path,
      "var/o.db");
  EXPECT_EQ(ParseOrchestratorConfig("conf/orch.yaml", "state: /var/o.db\nwarehouse: wh\n" + Config()).config->warehouse,
            "conf/wh");
  EXPECT_EQ(ParseOrchestratorConfig("/etc/orch.yaml", "state: /var/o.db\n" + Config()).config->state_path, "/var/o.db");
}

TEST(OrchestratorConfig, DefaultsApplyWhereNotOverridden) {
  OrchestratorConfig config = Parse(
      "defaults:\n"
      "  retries: {attempts: 5, backoff: 30s, multiplier: 1.5, max_delay: 10m, jitter: 0}\n"
      "  timeout: 1h\n"
      "  expected_duration: 15m\n" +
      Config("    retries: {backoff: 10s}\n",
             "  - name: APAC\n    time_zone: Asia/Singapore\n    schedule: '@daily'\n"
             "    deadline: '06:00'\n    timeout: 20m\n    expected_duration: 5m\n"
             "    retries: 2\n    task: {type: sql, sql: SELECT 1}\n"));
  ASSERT_EQ(config.regions.size(), 2u);
  const RegionConfig& emea = config.regions[0];
  EXPECT_EQ(emea.retries.attempts, 5);
  EXPECT_EQ(emea.retries.backoff, 10 * kMicrosPerSecond);
  EXPECT_EQ(emea.retries.multiplier, 1.5);
  EXPECT_EQ(emea.retries.max_delay, 10 * kMicrosPerMinute);
  EXPECT_EQ(emea.retries.jitter, 0.0);
  EXPECT_EQ(emea.timeout, kMicrosPerHour);
  EXPECT_EQ(emea.expected_duration, 15 * kMicrosPerMinute);
  const RegionConfig& apac = config.regions[1];
  EXPECT_EQ(apac.retries.attempts, 2);
  EXPECT_EQ(apac.retries.backoff, 30 * kMicrosPerSecond);
  EXPECT_EQ(apac.timeout, 20 * kMicrosPerMinute);
  EXPECT_EQ(apac.expected_duration, 5 * kMicrosPerMinute);
}

TEST(OrchestratorConfig, ReadsEveryOptionalRegionKey) {
  OrchestratorConfig config = Parse(Config(
      "    logical_date: same_day\n"
      "    source: {kind: csv, directory: /data/emea, header: true, note: ''}\n"
      "    sensor: {type: command, command: 'test -f /x', poke_interval: 30s, timeout: 1h, soft_fail: yes}\n"
      "    tables: [{name: deals, target: sales.deals, primary_key: [region, deal_id]}]\n"
      "    checks:\n"
      "      - {name: c1, type: accepted_values, table: sales.deals, columns: region, values: [EMEA, APAC]}\n"
      "      - {name: c2, type: relationships, table: sales.deals, columns: [product], to: sales.products.name}\n"
      "      - {name: c3, type: row_count, table: sales.deals, max: 1000000}\n"));
  const RegionConfig& region = config.regions.at(0);
  EXPECT_EQ(region.logical_date_offset, 0);
  EXPECT_EQ(region.source, (std::map<std::string, std::string>{
                               {"kind", "csv"}, {"directory", "/data/emea"}, {"header", "true"}, {"note", ""}}));
  ASSERT_TRUE(region.sensor.has_value());
  EXPECT_EQ(region.sensor->kind, SensorConfig::Kind::kCommand);
  EXPECT_EQ(region.sensor->text, "test -f /x");
  EXPECT_EQ(region.sensor->poke_interval, 30 * kMicrosPerSecond);
  EXPECT_TRUE(region.sensor->soft_fail);
  EXPECT_EQ(region.sensor->position.line, 9);
  EXPECT_EQ(region.tables.at(0).primary_key, (std::vector<std::string>{"region", "deal_id"}));
  EXPECT_EQ(region.tables.at(0).cursor, "");
  ASSERT_EQ(region.checks.size(), 3u);
  EXPECT_EQ(region.checks[0].options.at("values"), "EMEA,APAC");
  EXPECT_EQ(region.checks[0].severity, "error");
  EXPECT_EQ(region.checks[1].options.at("to"), "sales.products.name");
  EXPECT_EQ(region.checks[2].options.at("max"), "1000000");
  EXPECT_TRUE(region.checks[2].columns.empty());
  EXPECT_EQ(Parse(Config("    logical_date: -2\n")).regions.at(0).logical_date_offset, -2);
  EXPECT_EQ(
      Parse(Config("    sensor: {type: sql, query: SELECT 1, database: crm.db}\n")).regions.at(0).sensor->database,
      "crm.db");
  EXPECT_EQ(Parse(Config("    sensor: {type: sql, query: SELECT 1}\n")).regions.at(0).sensor->database, "warehouse");
}

TEST(OrchestratorConfig, MergeKeysShareSettingsBetweenRegions) {
  const std::string text =
      "x-morning: &morning\n"                             // 1
      "  schedule: '0 5 * * *'\n"                         // 2
      "  deadline: '08:00'\n"                             // 3
      "  task: {type: command, command: /opt/load.sh}\n"  // 4
      "regions:\n"                                        // 5
      "  - <<: *morning\n"                                // 6
      "    name: EMEA\n"                                  // 7
      "    time_zone: Europe/Berlin\n"                    // 8
      "  - <<: [{deadline: '09:00'}, *morning]\n"         // 9
      "    name: APAC\n"                                  // 10
      "    time_zone: Asia/Singapore\n"                   // 11
      "    schedule: '0 6 * * *'\n";                      // 12
  OrchestratorConfig config = Parse(text);
  ASSERT_EQ(config.regions.size(), 2u);
  EXPECT_EQ(config.regions[0].schedule.text(), "0 5 * * *");
  EXPECT_EQ(config.regions[0].deadline, 8 * 3600);
  EXPECT_EQ(config.regions[0].action.text, "/opt/load.sh");
  // The region's own keys win, then the merged mappings in order.
  EXPECT_EQ(config.regions[1].schedule.text(), "0 6 * * *");
  EXPECT_EQ(config.regions[1].deadline, 9 * 3600);
  // A mistake in a merged mapping is reported where it is written.
  EXPECT_EQ(Errors(Replace(text, "  deadline: '08:00'", "  deadlin: '08:00'")),
            "orch.yaml:3:3: region \"EMEA\": unknown key \"deadlin\" (did you mean \"deadline\"?)\n"
            "orch.yaml:3:3: region \"APAC\": unknown key \"deadlin\" (did you mean \"deadline\"?)\n"
            "orch.yaml:6:5: region \"EMEA\": missing required key \"deadline\"\n");
  EXPECT_EQ(Errors(Replace(text, "<<: *morning", "<<: 5")),
            "orch.yaml:6:5: region \"EMEA\": missing required key \"schedule\"\n"
            "orch.yaml:6:5: region \"EMEA\": missing required key \"deadline\"\n"
            "orch.yaml:6:5: region \"EMEA\": missing required key \"task\"\n"
            "orch.yaml:6:9: region \"EMEA\": <<: expected a mapping (or a list of them) to merge, got \"5\"\n");
}

TEST(OrchestratorConfig, SyntaxErrorsCarryTheirPosition) {
  EXPECT_EQ(Errors("workers: 2\nregions: [a, b\nhttp: x\n"),
            "orch.yaml:3:5: YAML syntax error: end of sequence flow not found\n");
  EXPECT_EQ(Errors("regions:\n  - name: EMEA\n   time_zone: UTC\n"),
            "orch.yaml:3:4: YAML syntax error: end of sequence not found\n");
  EXPECT_EQ(Errors(""), "orch.yaml:1:1: the file is empty: expected a mapping with at least \"regions\"\n");
  EXPECT_EQ(Errors("# nothing\n"), "orch.yaml:1:1: the file is empty: expected a mapping with at least \"regions\"\n");
  EXPECT_EQ(Errors("- a\n- b\n"), "orch.yaml:1:1: expected a mapping at the top level, got a list\n");
  EXPECT_EQ(Errors(Config() + "---\nworkers: 2\n"),
            "orch.yaml:8:1: expected one YAML document, found a second one here\n");
}

TEST(OrchestratorConfig, UnknownKeysSuggestTheClosest) {
  EXPECT_EQ(Errors("wokers: 3\n" + Config()), "orch.yaml:1:1: unknown key \"wokers\" (did you mean \"workers\"?)\n");
  EXPECT_EQ(Errors(Config("    schedul: x\n")),
            "orch.yaml:7:5: region \"EMEA\": unknown key \"schedul\" (did you mean \"schedule\"?)\n");
  EXPECT_EQ(Errors(Config("    retries: {atempts: 2}\n")),
            "orch.yaml:7:15: region \"EMEA\": retries: unknown key \"atempts\" (did you mean \"attempts\"?)\n");
  EXPECT_EQ(Errors("colour: blue\n" + Config()),
            "orch.yaml:1:1: unknown key \"colour\" (expected one of: state, warehouse, workers, "
            "reserved_for_scheduled, http, defaults, pools, alerts, regions, refresh)\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: unique, table: t.x, columns: a, values: [x]}]\n")),
            "orch.yaml:7:62: region \"EMEA\": checks[0]: unknown key \"values\" (expected one of: name, type, table, "
            "columns, severity)\n");
  EXPECT_EQ(Errors(Config("    timeout: 1m\n    timeout: 2m\n")),
            "orch.yaml:8:5: region \"EMEA\": duplicate key \"timeout\" (first given at line 7)\n");
}

TEST(OrchestratorConfig, WrongTypesNameWhatWasExpected) {
  EXPECT_EQ(Errors("workers: four\n" + Config()), "orch.yaml:1:10: workers: expected an integer, got \"four\"\n");
  EXPECT_EQ(Errors("regions: {name: EMEA}\n"), "orch.yaml:1:10: regions: expected a list, got a mapping\n");
  EXPECT_EQ(Errors("regions:\n  - EMEA\n"), "orch.yaml:2:5: regions[0]: expected a mapping, got \"EMEA\"\n");
  EXPECT_EQ(Errors(Config("    tables: sales.deals\n")),
            "orch.yaml:7:13: region \"EMEA\": tables: expected a list, got \"sales.deals\"\n");
  EXPECT_EQ(Errors(Config("    source: {options: {a: 1}}\n")),
            "orch.yaml:7:23: region \"EMEA\": source.options: expected a string, got a mapping\n");
  EXPECT_EQ(Errors(Config("    sensor: {type: file, path: /x, soft_fail: maybe}\n")),
            "orch.yaml:7:47: region \"EMEA\": sensor.soft_fail: expected true or false, got \"maybe\"\n");
  EXPECT_EQ(Errors(Config("    retries: {jitter: lots}\n")),
            "orch.yaml:7:23: region \"EMEA\": retries.jitter: expected a number, got \"lots\"\n");
  EXPECT_EQ(Errors(Config("    pool:\n")), "orch.yaml:7:5: region \"EMEA\": pool: expected a string, got nothing\n");
  EXPECT_EQ(Errors(Config("    logical_date: yesterday\n")),
            "orch.yaml:7:19: region \"EMEA\": logical_date: expected previous_day, same_day or a day offset (an "
            "integer), got \"yesterday\"\n");
  EXPECT_EQ(Errors(Config("    logical_date: -40\n")),
            "orch.yaml:7:19: region \"EMEA\": logical_date: a day offset must be between -31 and 31, got -40\n");
  EXPECT_EQ(Errors(Replace(Config(), "type: command", "type: shell")),
            "orch.yaml:6:18: region \"EMEA\": task.type: expected command | sql | ingest, got \"shell\"\n");
  EXPECT_EQ(Errors(Config("", "  - name: EM EA\n")),
            "orch.yaml:7:5: region \"EM EA\": missing required key \"time_zone\"\n"
            "orch.yaml:7:5: region \"EM EA\": missing required key \"schedule\"\n"
            "orch.yaml:7:5: region \"EM EA\": missing required key \"deadline\"\n"
            "orch.yaml:7:5: region \"EM EA\": missing required key \"task\"\n"
            "orch.yaml:7:11: region \"EM EA\": name: a name may hold only letters, digits, '_', '-' and '.', got "
            "\"EM EA\"\n");
}

TEST(OrchestratorConfig, MissingRequiredKeysPointAtTheirMapping) {
  EXPECT_EQ(Errors("workers: 2\n"), "orch.yaml:1:1: missing required key \"regions\"\n");
  EXPECT_EQ(Errors("regions: []\n"), "orch.yaml:1:10: regions: expected at least one region\n");
  EXPECT_EQ(Errors("regions:\n  - time_zone: UTC\n    schedule: '@daily'\n    deadline: '06:00'\n"
                   "    task: {type: sql, sql: x}\n"),
            "orch.yaml:2:5: regions[0]: missing required key \"name\"\n");
  EXPECT_EQ(Errors("regions:\n  - name: EMEA\n    time_zone: UTC\n    schedule: '@daily'\n    deadline: '06:00'\n"),
            "orch.yaml:2:5: region \"EMEA\": missing required key \"task\"\n");
  EXPECT_EQ(Errors(Config("    tables:\n      - name: deals\n")),
            "orch.yaml:8:9: region \"EMEA\": tables[0]: missing required key \"target\"\n");
  EXPECT_EQ(Errors(Config("", "pools: [{name: db}]\n")),
            "orch.yaml:7:9: pool \"db\": missing required key \"slots\"\n");
  EXPECT_EQ(Errors(Config("", "refresh:\n  - name: r\n    deadline: '09:00'\n    task: {type: sql, sql: x}\n")),
            "orch.yaml:8:5: refresh \"r\": missing required key \"depends_on\"\n");
}

TEST(OrchestratorConfig, BadValuesInEveryField) {
  EXPECT_EQ(Errors(Config("    timeout: 5x\n")),
            "orch.yaml:7:14: region \"EMEA\": timeout: bad duration \"5x\": unknown unit \"x\" (expected d, h, m, s or "
            "ms)\n");
  EXPECT_EQ(Errors(Config("    expected_duration: 0s\n")),
            "orch.yaml:7:24: region \"EMEA\": expected_duration: must be longer than 0\n");
  EXPECT_EQ(Errors(Config("    timeout: 90\n")),
            "orch.yaml:7:14: region \"EMEA\": timeout: bad duration \"90\": a number needs a unit (d, h, m, s, ms)\n");
  EXPECT_EQ(Errors(Replace(Config("    schedule: '0 25 * * *'\n"), "    schedule: \"0 5 * * *\"\n", "")),
            "orch.yaml:6:15: region \"EMEA\": schedule: cron \"0 25 * * *\": hour 25 is out of range 0-23\n");
  EXPECT_EQ(Errors(Replace(Config(), "Europe/Berlin", "Europe/Berln")),
            "orch.yaml:3:16: region \"EMEA\": time_zone: unknown time zone \"Europe/Berln\"\n");
  EXPECT_EQ(Errors(Replace(Config(), "\"08:00\"", "\"8am\"")),
            "orch.yaml:5:15: region \"EMEA\": deadline: bad time of day \"8am\" (expected HH:MM or HH:MM:SS)\n");
  EXPECT_EQ(Errors(Config("    retries:\n      attempts: 0\n      jitter: 1.5\n      multiplier: 0.5\n")),
            "orch.yaml:8:17: region \"EMEA\": retries.attempts: must be at least 1, got 0\n"
            "orch.yaml:9:15: region \"EMEA\": retries.jitter: must be between 0 and 1, got 1.5\n"
            "orch.yaml:10:19: region \"EMEA\": retries.multiplier: must be at least 1, got 0.5\n");
  EXPECT_EQ(Errors(Config("    retries: 0\n")),
            "orch.yaml:7:14: region \"EMEA\": retries: must be at least 1, got 0\n");
  EXPECT_EQ(Errors(Config("    retries: {backoff: 1h, max_delay: 10m}\n")),
            "orch.yaml:7:39: region \"EMEA\": retries.max_delay: max_delay (10m) is shorter than backoff (1h)\n");
  EXPECT_EQ(Errors("workers: 0\n" + Config()), "orch.yaml:1:10: workers: must be at least 1, got 0\n");
  EXPECT_EQ(Errors("workers: 3\nreserved_for_scheduled: 3\n" + Config()),
            "orch.yaml:2:25: reserved_for_scheduled: must be between 0 and workers - 1 (2), got 3\n");
  EXPECT_EQ(Errors("reserved_for_scheduled: -1\n" + Config()),
            "orch.yaml:1:25: reserved_for_scheduled: must be between 0 and workers - 1 (3), got -1\n");
  EXPECT_EQ(Errors("http: localhost\n" + Config()), "orch.yaml:1:7: http: expected host:port, got \"localhost\"\n");
  EXPECT_EQ(Errors("http: 'localhost:99999'\n" + Config()),
            "orch.yaml:1:7: http: expected host:port with a port 0..65535 (0: any free port), got \"localhost:99999\"\n");
  EXPECT_EQ(Errors(Config("", "pools: [{name: db, slots: 0}]\n")),
            "orch.yaml:7:27: pool \"db\": slots: must be at least 1, got 0\n");
}

TEST(OrchestratorConfig, SensorsAndTasksNeedTheirText) {
  EXPECT_EQ(Errors(Config("    sensor:\n      type: file\n      poke_interval: 1m\n")),
            "orch.yaml:8:7: region \"EMEA\": sensor: a file sensor needs \"path\"\n");
  EXPECT_EQ(
      Errors(Config("    sensor: {type: sql, path: /x}\n")),
      "orch.yaml:7:13: region \"EMEA\": sensor: a sql sensor needs \"query\"\n"
      "orch.yaml:7:31: region \"EMEA\": sensor.path: applies only to file sensors; a sql sensor takes \"query\"\n");
  EXPECT_EQ(Errors(Config("    sensor: {path: /x}\n")),
            "orch.yaml:7:13: region \"EMEA\": sensor: missing required key \"type\"\n");
  EXPECT_EQ(Errors(Config("    sensor: {type: file, path: /x, database: a.db}\n")),
            "orch.yaml:7:46: region \"EMEA\": sensor.database: applies only to sql sensors\n");
  EXPECT_EQ(Errors(Config("    sensor: {type: file, path: /x, poke_interval: 2h, timeout: 1h}\n")),
            "orch.yaml:7:51: region \"EMEA\": sensor.poke_interval: poke_interval (2h) is longer than the sensor's "
            "timeout (1h)\n");
  EXPECT_EQ(Errors(Config("    sensor: {type: file, path: ''}\n")),
            "orch.yaml:7:32: region \"EMEA\": sensor.path: expected a non-empty string\n");
  EXPECT_EQ(Errors(Replace(Config(), "command: /opt/load.sh", "sql: SELECT 1")),
            "orch.yaml:6:11: region \"EMEA\": task: a command task needs \"command\"\n"
            "orch.yaml:6:32: region \"EMEA\": task.sql: applies only to sql tasks; a command task takes \"command\"\n");
  EXPECT_EQ(Errors(Replace(Config(), "type: command, command: /opt/load.sh", "type: sql")),
            "orch.yaml:6:11: region \"EMEA\": task: a sql task needs \"sql\"\n");
  EXPECT_EQ(Errors(Replace(Config(), "{type: command, command: /opt/load.sh}", "/opt/load.sh")),
            "orch.yaml:6:11: region \"EMEA\": task: expected a mapping, got \"/opt/load.sh\"\n");
  EXPECT_EQ(Errors(Replace(Config(), "/opt/load.sh}", "/opt/load.sh, permanent_exit_codes: [2, 0]}")),
            "orch.yaml:6:76: region \"EMEA\": task.permanent_exit_codes[1]: must be between 1 and 255, got 0\n");
  EXPECT_EQ(
      Errors(Replace(Config(), "type: command, command: /opt/load.sh", "type: sql, sql: x, permanent_exit_codes: [1]")),
      "orch.yaml:6:53: region \"EMEA\": task.permanent_exit_codes: applies only to command tasks\n");
}

TEST(OrchestratorConfig, ChecksAreCheckedByType) {
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: uniq, table: t.x, columns: a}]\n")),
            "orch.yaml:7:30: region \"EMEA\": checks[0].type: expected not_null | unique | accepted_values | "
            "relationships | range | row_count | freshness, got \"uniq\" (did you mean \"unique\"?)\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: accepted_values, table: t.x, columns: [a, b]}]\n")),
            "orch.yaml:7:14: region \"EMEA\": checks[0]: a accepted_values check needs \"values\"\n"
            "orch.yaml:7:68: region \"EMEA\": checks[0].columns: a accepted_values check takes one column, got 2\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: not_null, table: t.x}]\n")),
            "orch.yaml:7:14: region \"EMEA\": checks[0]: a not_null check needs \"columns\"\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: row_count, table: t.x, columns: a, min: 1}]\n")),
            "orch.yaml:7:62: region \"EMEA\": checks[0].columns: a row_count check takes no columns\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: range, table: t.x, columns: a}]\n")),
            "orch.yaml:7:14: region \"EMEA\": checks[0]: a range check needs \"min\" or \"max\"\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: range, table: t.x, columns: a, min: low}]\n")),
            "orch.yaml:7:66: region \"EMEA\": checks[0].min: expected a number, got \"low\"\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: freshness, table: t.x, columns: a, max_age: soon}]\n")),
            "orch.yaml:7:74: region \"EMEA\": checks[0].max_age: bad duration \"soon\": expected a number and a unit "
            "(d, h, m, s, ms), e.g. \"90s\" or \"1h30m\"\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: relationships, table: t.x, columns: a, to: products}]\n")),
            "orch.yaml:7:73: region \"EMEA\": checks[0].to: expected the referenced column as table.column, got "
            "\"products\"\n");
  EXPECT_EQ(Errors(Config("    checks: [{name: c, type: unique, table: t.x, columns: a, severity: fatal}]\n")),
            "orch.yaml:7:72: region \"EMEA\": checks[0].severity: expected error | warn, got \"fatal\"\n");
  EXPECT_EQ(Errors(Config("    checks:\n      - {name: c, type: unique, table: t.x, columns: a}\n"
                          "      - {name: c, type: not_null, table: t.x, columns: a}\n")),
            "orch.yaml:9:9: region \"EMEA\": checks[1]: duplicate check name \"c\" (first defined at line 8)\n");
  EXPECT_EQ(Errors(Config("    tables: [{name: deals, target: deals}]\n")),
            "orch.yaml:7:36: region \"EMEA\": tables[0].target: expected a warehouse table as schema.table, got "
            "\"deals\"\n");
}

TEST(OrchestratorConfig, AlertChannels) {
  const std::string head = "alerts:\n  channels:\n";
  EXPECT_EQ(Errors(head + "    - {name: hook, type: webhook}\n" + Config()),
            "orch.yaml:3:7: alert channel \"hook\": missing required key \"url\"\n");
  EXPECT_EQ(Errors(head + "    - {name: hook, type: webhook, url: 'https://x.example'}\n" + Config()),
            "orch.yaml:3:40: alert channel \"hook\": url: expected a URL starting with http://, got "
            "\"https://x.example\"\n");
  EXPECT_EQ(Errors(head + "    - {name: log, type: log, url: 'http://x'}\n" + Config()),
            "orch.yaml:3:35: alert channel \"log\": url: applies only to webhook channels\n");
  EXPECT_EQ(Errors(head + "    - {name: hook, type: webhook, url: 'http://x', attempts: 0}\n" + Config()),
            "orch.yaml:3:62: alert channel \"hook\": attempts: must be at least 1, got 0\n");
  EXPECT_EQ(Errors(head + "    - {name: a, type: log}\n    - {name: a, type: log}\n" + Config()),
            "orch.yaml:4:14: duplicate alert channel name \"a\" (first defined at line 3)\n");
  EXPECT_EQ(Errors(head + "    - {name: a, type: email}\n" + Config()),
            "orch.yaml:3:23: alert channel \"a\": type: expected webhook | log, got \"email\"\n");
}

TEST(OrchestratorConfig, NamesAndReferences) {
  const std::string refresh = "refresh:\n  - name: daily\n    deadline: '09:00'\n    task: {type: sql, sql: x}\n";
  // Region and refresh names share one namespace.
  EXPECT_EQ(Errors(Config("",
                          "  - name: EMEA\n    time_zone: UTC\n    schedule: '@daily'\n    deadline: '06:00'\n"
                          "    task: {type: sql, sql: x}\n")),
            "orch.yaml:7:11: duplicate region name \"EMEA\" (first defined at line 2)\n");
  EXPECT_EQ(Errors(Config(
                "", "refresh:\n  - {name: EMEA, depends_on: EMEA, deadline: '09:00', task: {type: sql, sql: x}}\n")),
            "orch.yaml:8:12: refresh name \"EMEA\" is already the name of the region at line 2\n"
            "orch.yaml:8:30: refresh \"EMEA\": depends_on: a refresh cannot depend on itself\n");
  EXPECT_EQ(Errors(Config("    pool: dbb\n", "pools: [{name: db, slots: 1}]\n")),
            "orch.yaml:7:11: region \"EMEA\": pool: unknown pool \"dbb\" (did you mean \"db\"?)\n");
  EXPECT_EQ(Errors(Config("    pool: db\n")),
            "orch.yaml:7:11: region \"EMEA\": pool: unknown pool \"db\" (no pools are defined)\n");
  EXPECT_EQ(Errors(Config("    pool: crm\n", "pools: [{name: db, slots: 1}]\n")),
            "orch.yaml:7:11: region \"EMEA\": pool: unknown pool \"crm\" (defined: db)\n");
  EXPECT_EQ(Errors(Config("", refresh + "    depends_on: [EMAE, APAC]\n")),
            "orch.yaml:11:18: refresh \"daily\": depends_on[0]: unknown region or refresh \"EMAE\" (did you mean "
            "\"EMEA\"?)\n"
            "orch.yaml:11:24: refresh \"daily\": depends_on[1]: unknown region or refresh \"APAC\"\n");
  EXPECT_EQ(Errors(Config("", refresh + "    depends_on: [EMEA, EMEA]\n")),
            "orch.yaml:11:24: refresh \"daily\": depends_on[1]: depends on \"EMEA\" twice\n");
  EXPECT_EQ(Errors(Config("", refresh + "    depends_on: [daily]\n")),
            "orch.yaml:11:18: refresh \"daily\": depends_on[0]: a refresh cannot depend on itself\n");
  EXPECT_EQ(Errors(Config("", refresh + "    depends_on: []\n")),
            "orch.yaml:11:17: refresh \"daily\": depends_on: expected at least one dependency\n");
}

TEST(OrchestratorConfig, RefreshCyclesAreReportedOnce) {
  auto refresh = [](const std::string& name, const std::string& deps) {
    return "  - {name: " + name + ", depends_on: [" + deps + "], deadline: '09:00', task: {type: sql, sql: x}}\n";
  };
  EXPECT_EQ(Errors(Config("", "refresh:\n" + refresh("a", "EMEA, c") + refresh("b", "a") + refresh("c", "b") +
                                  refresh("d", "a"))),
            "orch.yaml:8:27: refresh \"a\": depends_on: dependency cycle: a -> c -> b -> a\n");
  // A refresh on refreshes is fine without a cycle.
  EXPECT_EQ(Errors(Config("", "refresh:\n" + refresh("a", "EMEA") + refresh("b", "a, EMEA"))), "(ok)");
}

TEST(OrchestratorConfig, QuorumPolicy) {
  const std::string head =
      "refresh:\n  - name: r\n    depends_on: [EMEA, APAC]\n    deadline: '09:00'\n"
      "    task: {type: sql, sql: x}\n";
  const std::string apac =
      "  - name: APAC\n    time_zone: Asia/Singapore\n    schedule: '@daily'\n"
      "    deadline: '06:00'\n    task: {type: sql, sql: x}\n";
  EXPECT_EQ(Parse(Config("", apac + head + "    policy: quorum\n    quorum: 2\n")).refreshes.at(0).quorum, 2);
  EXPECT_EQ(Errors(Config("", apac + head + "    policy: quorum\n    quorum: 3\n")),
            "orch.yaml:18:13: refresh \"r\": quorum: must be between 1 and the number of dependencies (2), got 3\n");
  EXPECT_EQ(Errors(Config("", apac + head + "    policy: quorum\n    quorum: 0\n")),
            "orch.yaml:18:13: refresh \"r\": quorum: must be between 1 and the number of dependencies (2), got 0\n");
  EXPECT_EQ(Errors(Config("", apac + head + "    quorum: 1\n")),
            "orch.yaml:17:13: refresh \"r\": quorum: applies only with policy: quorum\n");
  EXPECT_EQ(Errors(Config("", apac + head + "    policy: quorum\n")),
            "orch.yaml:13:5: refresh \"r\": policy quorum needs \"quorum\" (how many dependencies must land)\n");
  EXPECT_EQ(Errors(Config("", apac + head + "    policy: most\n    quorum: 1\n")),
            "orch.yaml:17:13: refresh \"r\": policy: expected all | quorum | at_deadline, got \"most\"\n");
}

TEST(OrchestratorConfig, EveryErrorIsReportedInFileOrder) {
  const std::string text =
      "workers: 2\n"                             // 1
      "reserved_for_scheduled: 2\n"              // 2
      "wokers: 3\n"                              // 3
      "pools:\n"                                 // 4
      "  - {name: db, slots: 1}\n"               // 5
      "regions:\n"                               // 6
      "  - name: EMEA\n"                         // 7
      "    time_zone: Europe/Berln\n"            // 8
      "    schedule: \"0 25 * * *\"\n"           // 9
      "    deadline: \"25:00\"\n"                // 10
      "    timeout: 5x\n"                        // 11
      "    pool: dbb\n"                          // 12
      "    sensor: {type: file}\n"               // 13
      "    task: {type: sql}\n"                  // 14
      "refresh:\n"                               // 15
      "  - name: daily\n"                        // 16
      "    depends_on: [EMEA, AMER]\n"           // 17
      "    policy: at_deadline\n"                // 18
      "    quorum: 1\n"                          // 19
      "    deadline: \"09:00\"\n"                // 20
      "    task: {type: sql, sql: SELECT 1}\n";  // 21
  EXPECT_EQ(Errors(text),
            "orch.yaml:2:25: reserved_for_scheduled: must be between 0 and workers - 1 (1), got 2\n"
            "orch.yaml:3:1: unknown key \"wokers\" (did you mean \"workers\"?)\n"
            "orch.yaml:8:16: region \"EMEA\": time_zone: unknown time zone \"Europe/Berln\"\n"
            "orch.yaml:9:15: region \"EMEA\": schedule: cron \"0 25 * * *\": hour 25 is out of range 0-23\n"
            "orch.yaml:10:15: region \"EMEA\": deadline: bad time of day \"25:00\" (expected HH:MM or HH:MM:SS)\n"
            "orch.yaml:11:14: region \"EMEA\": timeout: bad duration \"5x\": unknown unit \"x\" (expected d, h, m, s "
            "or ms)\n"
            "orch.yaml:12:11: region \"EMEA\": pool: unknown pool \"dbb\" (did you mean \"db\"?)\n"
            "orch.yaml:13:13: region \"EMEA\": sensor: a file sensor needs \"path\"\n"
            "orch.yaml:14:11: region \"EMEA\": task: a sql task needs \"sql\"\n"
            "orch.yaml:17:24: refresh \"daily\": depends_on[1]: unknown region or refresh \"AMER\"\n"
            "orch.yaml:19:13: refresh \"daily\": quorum: applies only with policy: quorum\n");
}

TEST(OrchestratorConfig, ReadingAMissingFileNamesIt) {
  ConfigParseResult result = ReadOrchestratorConfig("/nonexistent/orch.yaml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(FormatConfigErrors(result.errors), "/nonexistent/orch.yaml: file does not exist\n");

  std::filesystem::path dir = std::filesystem::temp_directory_path() / "tributary_config_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "orch.yaml").string();
  std::ofstream(path) << "workers: x\n" << Config();
  result = ReadOrchestratorConfig(path);
  EXPECT_EQ(FormatConfigErrors(result.errors), path + ":1:10: workers: expected an integer, got \"x\"\n");
  std::filesystem::remove_all(dir);
}

TEST(OrchestratorConfig, Durations) {
  EXPECT_EQ(*ParseDuration("250ms"), 250'000);
  EXPECT_EQ(*ParseDuration("90s"), 90 * kMicrosPerSecond);
  EXPECT_EQ(*ParseDuration("45m"), 45 * kMicrosPerMinute);
  EXPECT_EQ(*ParseDuration("2h"), 2 * kMicrosPerHour);
  EXPECT_EQ(*ParseDuration("1h30m"), 90 * kMicrosPerMinute);
  EXPECT_EQ(*ParseDuration("1d"), kMicrosPerDay);
  EXPECT_EQ(*ParseDuration("1d2h3m4s5ms"),
            kMicrosPerDay + 2 * kMicrosPerHour + 3 * kMicrosPerMinute + 4 * kMicrosPerSecond + 5000);
  EXPECT_EQ(*ParseDuration("0s"), 0);
  auto error = [](std::string_view text) { return ParseDuration(text).status().message(); };
  EXPECT_EQ(error(""), "bad duration \"\": expected a number and a unit (d, h, m, s, ms), e.g. \"90s\" or \"1h30m\"");
  EXPECT_EQ(error("-5m"),
            "bad duration \"-5m\": expected a number and a unit (d, h, m, s, ms), e.g. \"90s\" or \"1h30m\"");
  EXPECT_EQ(error("1.5h"), "bad duration \"1.5h\": a number needs a unit (d, h, m, s, ms)");
  EXPECT_EQ(error("10 m"), "bad duration \"10 m\": a number needs a unit (d, h, m, s, ms)");
  EXPECT_EQ(error("5x"), "bad duration \"5x\": unknown unit \"x\" (expected d, h, m, s or ms)");
  EXPECT_EQ(error("30m1h"), "bad duration \"30m1h\": units must go from largest to smallest, each at most once");
  EXPECT_EQ(error("1m1m"), "bad duration \"1m1m\": units must go from largest to smallest, each at most once");
  EXPECT_EQ(error("99999999999999999999s"), "bad duration \"99999999999999999999s\": the number is too large");
  EXPECT_EQ(error("9999999999999d"), "bad duration \"9999999999999d\": the duration is too long");

  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(90 * kMicrosPerMinute), "1h30m");
  EXPECT_EQ(FormatDuration(kMicrosPerDay + kMicrosPerSecond), "1d1s");
  EXPECT_EQ(FormatDuration(250'000), "250ms");
  EXPECT_EQ(FormatDuration(-2 * kMicrosPerHour), "-2h");
  for (std::string_view text : {"250ms", "90s", "45m", "2h", "1h30m", "1d", "1d2h3m4s5ms"}) {
    EXPECT_EQ(FormatDuration(*ParseDuration(text)), text == "90s" ? "1m30s" : std::string(text));
  }
}

}  // namespace
}  // namespace tributary::orchestrator

namespace tributary::orchestrator {
namespace {

TEST(OrchestratorConfig, IngestTasksRunTheIngestCommandForTheRegionAndDate) {
  OrchestratorConfig config = Parse(Replace(Config(
      "    source: {kind: csv, directory: /data/emea}\n"
      "    tables:\n"
      "      - name: deals_{{ ds }}.csv\n"
      "        target: sales.deals\n"
      "        primary_key: deal_id\n"
      "        cursor: updated_at\n"
      "        lookback: 2d\n"
      "        delete_column: is_deleted\n"
      "        columns: {amount: amount_cents / 100.0, currency: upper(currency)}\n"
      "        partition_by: sale_date\n"
      "        partition_granularity: day\n"
      "        cluster_by: [region, product_family]\n"
      "    checks:\n"
      "      - {name: volume, type: row_count, table: sales.deals, tolerance: 0.5}\n"),
      "{type: command, command: /opt/load.sh}", "{type: ingest}"));
  const RegionConfig& region = config.regions.at(0);
  EXPECT_EQ(region.action.kind, TaskAction::Kind::kCommand);
  EXPECT_NE(region.action.text.find(" ingest --config "), std::string::npos) << region.action.text;
  EXPECT_NE(region.action.text.find("orch.yaml' --region '{{ region }}' --date {{ ds }}"), std::string::npos)
      << region.action.text;
  const TableConfig& t = region.tables.at(0);
  EXPECT_EQ(t.lookback, "2d");
  EXPECT_EQ(t.delete_column, "is_deleted");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0], (std::pair<std::string, std::string>{"amount", "amount_cents / 100.0"}));
  EXPECT_EQ(t.columns[1].first, "currency");
  EXPECT_EQ(t.partition_by, "sale_date");
  EXPECT_EQ(t.partition_granularity, "day");
  EXPECT_EQ(t.cluster_by, (std::vector<std::string>{"region", "product_family"}));
  EXPECT_EQ(region.checks.at(0).options.at("tolerance"), "0.5");

  EXPECT_EQ(Errors(Replace(Config(), "{type: command, command: /opt/load.sh}", "{type: ingest, command: x}")),
            "orch.yaml:6:35: region \"EMEA\": task.command: an ingest task takes no \"command\"\n");
  EXPECT_EQ(Errors(Config("    tables:\n      - {name: d, target: s.d, lookback: 2 days}\n")),
            "orch.yaml:8:42: region \"EMEA\": tables[0].lookback: bad duration \"2 days\": a number needs a unit (d, "
            "h, m, s, ms)\n"
            "orch.yaml:8:42: region \"EMEA\": tables[0].lookback: applies only with a cursor\n");
  EXPECT_EQ(Errors(Config("    tables:\n      - {name: d, target: s.d, partition_granularity: week}\n")),
            "orch.yaml:8:55: region \"EMEA\": tables[0].partition_granularity: expected day | month | year | hour | "
            "identity, got \"week\"\n");
}

}  // namespace
}  // namespace tributary::orchestrator
