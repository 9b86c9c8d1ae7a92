#include "orchestrator/http_api.hpp"

#include <httplib.h>

#include "common/json_writer.hpp"
#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

std::string Iso(Micros t) {
  std::string s = datetime::FormatTimestamp(t - t % kMicrosPerSecond);
  s[10] = 'T';
  return s + "Z";
}

void TimeField(JsonWriter& w, const char* key, Micros t) {
  w.Key(key);
  if (t == 0) {
    w.Null();
  } else {
    w.String(Iso(t));
  }
}

void WriteRun(JsonWriter& w, const RunRecord& r) {
  w.BeginObject();
  w.Key("run_id").Int(r.run_id);
  w.Key("task").String(r.task);
  w.Key("logical_date").String(datetime::FormatDate(r.logical_date));
  w.Key("kind").String(RunKindName(r.kind));
  w.Key("state").String(RunStateName(r.state));
  TimeField(w, "scheduled_at", r.scheduled_at);
  TimeField(w, "deadline", r.deadline);
  TimeField(w, "started_at", r.started_at);
  TimeField(w, "finished_at", r.finished_at);
  TimeField(w, "next_try_at", r.state == RunState::kUpForRetry ? r.next_try_at : 0);
  w.Key("duration_seconds");
  if (r.state == RunState::kSuccess && r.started_at != 0) {
    w.Int((r.finished_at - r.started_at) / kMicrosPerSecond);
  } else {
    w.Null();
  }
  w.Key("tries").Int(r.tries);
  w.Key("generation").Int(r.generation);
  w.Key("partial").Bool(r.partial);
  w.Key("inputs").String(r.inputs);
  w.Key("rows").Int(r.rows);
  w.Key("error").String(r.error);
  w.Key("error_class").String(ErrorClassName(r.error_class));
  w.Key("backfill_id").Int(r.backfill_id);
  w.EndObject();
}

void Json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void JsonError(httplib::Response& res, int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("error").String(message).EndObject();
  Json(res, status, w.Take());
}

/// A positive integer query parameter, or `fallback` when absent.
std::optional<int> IntParam(const httplib::Request& req, const char* name, int fallback) {
  if (!req.has_param(name)) return fallback;
  try {
    int v = std::stoi(req.get_param_value(name));
    if (v > 0) return v;
  } catch (...) {
  }
  return std::nullopt;
}

}  // namespace

std::string RunJson(const RunRecord& run) {
  JsonWriter w;
  WriteRun(w, run);
  return w.Take();
}

HttpApi::HttpApi(Scheduler* scheduler, StateStore* store)
    : scheduler_(scheduler), store_(store), server_(std::make_unique<httplib::Server>()) {
  Routes();
}

HttpApi::~HttpApi() { Stop(); }

void HttpApi::Routes() {
  server_->Get("/api/regions", [this](const httplib::Request&, httplib::Response& res) {
    JsonWriter w;
    w.BeginArray();
    for (const RegionStatus& r : scheduler_->Regions()) {
      w.BeginObject();
      w.Key("region").String(r.name);
      w.Key("time_zone").String(r.time_zone);
      w.Key("paused").Bool(r.paused);
      w.Key("sla_state").String(r.sla_state);
      w.Key("freshness_seconds");
      if (r.freshness >= 0) {
        w.Int(r.freshness / kMicrosPerSecond);
      } else {
        w.Null();
      }
      w.Key("last_success");
      if (r.last_success) {
        WriteRun(w, *r.last_success);
      } else {
        w.Null();
      }
      w.Key("latest");
      if (r.latest) {
        WriteRun(w, *r.latest);
      } else {
        w.Null();
      }
      w.EndObject();
    }
    w.EndArray();
    Json(res, 200, w.Take());
  });
  server_->Get("/api/runs", [this](const httplib::Request& req, httplib::Response& res) {
    std::optional<int> limit = IntParam(req, "limit", 100);
    if (!limit) return JsonError(res, 400, "limit must be a positive integer");
    std::optional<RunState> state;
    if (req.has_param("state")) {
      state = ParseRunState(req.get_param_value("state"));
      if (!state) return JsonError(res, 400, "unknown state \"" + req.get_param_value("state") + "\"");
    }
    auto runs = store_->ListRuns(req.get_param_value("task"), state, *limit);
    if (!runs.ok()) return JsonError(res, 500, runs.status().ToString());
    JsonWriter w;
    w.BeginArray();
    for (const RunRecord& r : *runs) WriteRun(w, r);
    w.EndArray();
    Json(res, 200, w.Take());
  });
  server_->Get(R"(/api/runs/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    int64_t id = std::stoll(req.matches[1]);
    auto found = store_->FindRunById(id);
    if (!found.ok()) return JsonError(res, 500, found.status().ToString());
    if (*found) {
      const RunRecord& r = **found;
      auto tries = store_->ListTries(id);
      if (!tries.ok()) return JsonError(res, 500, tries.status().ToString());
      JsonWriter w;
      w.BeginObject();
      w.Key("run").Raw(RunJson(r));
      w.Key("tries").BeginArray();
      for (const TryRecord& t : *tries) {
        w.BeginObject();
        w.Key("try").Int(t.try_no);
        w.Key("generation").Int(t.generation);
        w.Key("state").String(TryStateName(t.state));
        TimeField(w, "started_at", t.started_at);
        TimeField(w, "finished_at", t.finished_at);
        w.Key("exit_code").Int(t.exit_code);
        w.Key("error").String(t.error);
        w.Key("error_class").String(ErrorClassName(t.error_class));
        w.Key("rows").Int(t.rows);
        w.Key("log").String(t.log);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      return Json(res, 200, w.Take());
    }
    JsonError(res, 404, "no run " + std::to_string(id));
  });
  server_->Get("/api/alerts", [this](const httplib::Request& req, httplib::Response& res) {
    std::optional<int> limit = IntParam(req, "limit", 100);
    if (!limit) return JsonError(res, 400, "limit must be a positive integer");
    auto alerts = store_->ListAlerts(req.get_param_value("task"), *limit);
    if (!alerts.ok()) return JsonError(res, 500, alerts.status().ToString());
    std::string body = "[";
    for (size_t i = 0; i < alerts->size(); i++) body += (i ? "," : "") + AlertJson((*alerts)[i]);
    Json(res, 200, body + "]");
  });
  server_->Post(R"(/api/tasks/([^/]+)/(pause|resume|trigger))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  std::string task = req.matches[1];
                  std::string action = req.matches[2];
                  if (!scheduler_->IsTask(task)) return JsonError(res, 404, "no task or region named \"" + task + "\"");
                  JsonWriter w;
                  w.BeginObject().Key("task").String(task).Key("action").String(action);
                  if (action == "trigger") {
                    std::optional<Days> date;
                    if (req.has_param("date")) {
                      auto parsed = datetime::ParseDate(req.get_param_value("date"));
                      if (!parsed.ok()) return JsonError(res, 400, "bad date: " + parsed.status().message());
                      date = *parsed;
                    }
                    auto id = scheduler_->Trigger(task, date);
                    if (!id.ok()) return JsonError(res, 500, id.status().ToString());
                    w.Key("run_id").Int(*id);
                  } else {
                    Status st = action == "pause" ? scheduler_->Pause(task) : scheduler_->Resume(task);
                    if (!st.ok()) return JsonError(res, 500, st.ToString());
                  }
                  w.EndObject();
                  Json(res, 200, w.Take());
                });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(scheduler_->MetricsText(), "text/plain; version=0.0.4");
  });
}

Status HttpApi::Start(const std::string& host, int port) {
  if (port == 0) {
    port_ = server_->bind_to_any_port(host.c_str());
    if (port_ <= 0) return Status::IOError("cannot listen for HTTP on {}", host);
  } else {
    if (!server_->bind_to_port(host.c_str(), port)) return Status::IOError("cannot listen for HTTP on {}:{}", host, port);
    port_ = port;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return Status::OK();
}

void HttpApi::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tributary::orchestrator
