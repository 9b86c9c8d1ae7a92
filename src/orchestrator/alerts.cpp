#include "orchestrator/alerts.hpp"

#include <cstdio>

#include <httplib.h>

#include "common/json_writer.hpp"
#include "types/datetime.hpp"

namespace tributary::orchestrator {

namespace {

std::string IsoUtc(Micros t) {
  if (t == 0) return {};
  std::string s = datetime::FormatTimestamp(t - t % kMicrosPerSecond);
  s[10] = 'T';
  return s + "Z";
}

/// Splits "http://host:port/path" into the scheme+authority and the path.
std::pair<std::string, std::string> SplitUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

}  // namespace

std::string AlertJson(const AlertRecord& a) {
  JsonWriter w;
  w.BeginObject();
  w.Key("alert_id").Int(a.alert_id);
  w.Key("kind").String(a.kind);
  w.Key("task").String(a.task);
  w.Key("logical_date").String(datetime::FormatDate(a.logical_date));
  w.Key("fired_at").String(IsoUtc(a.fired_at));
  if (a.deadline != 0) {
    w.Key("deadline").String(IsoUtc(a.deadline));
  } else {
    w.Key("deadline").Null();
  }
  w.Key("message").String(a.message);
  w.EndObject();
  return w.Take();
}

AlertDispatcher::AlertDispatcher(std::vector<AlertChannelConfig> channels, StateStore* store)
    : channels_(std::move(channels)), store_(store) {}

AlertDispatcher::~AlertDispatcher() { Stop(); }

void AlertDispatcher::Start() {
  {
    std::lock_guard lock(mutex_);
    for (size_t c = 0; c < channels_.size(); c++) {
      auto undelivered = store_->UndeliveredAlerts(channels_[c].name);
      if (!undelivered.ok()) {
        std::fprintf(stderr, "tributary: alerts: %s\n", undelivered.status().ToString().c_str());
        continue;
      }
      for (AlertRecord& a : *undelivered) queue_.push_back({std::move(a), c});
    }
  }
  thread_ = std::thread([this] { Loop(); });
}

void AlertDispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertDispatcher::Send(const AlertRecord& alert) {
  {
    std::lock_guard lock(mutex_);
    for (size_t c = 0; c < channels_.size(); c++) queue_.push_back({alert, c});
  }
  cv_.notify_all();
}

void AlertDispatcher::Flush() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return (queue_.empty() && !busy_) || !thread_.joinable(); });
}

std::map<std::string, int64_t> AlertDispatcher::failed_deliveries() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void AlertDispatcher::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping with nothing left
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    Deliver(p);
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

void AlertDispatcher::Deliver(const Pending& p) {
  const AlertChannelConfig& channel = channels_[p.channel];
  bool delivered = false;
  int attempts = 0;
  std::string error;
  if (channel.kind == AlertChannelConfig::Kind::kLog) {
    std::fprintf(stderr, "tributary: ALERT %s %s %s: %s\n", p.alert.kind.c_str(), p.alert.task.c_str(),
                 datetime::FormatDate(p.alert.logical_date).c_str(), p.alert.message.c_str());
    delivered = true;
    attempts = 1;
  } else {
    auto [base, path] = SplitUrl(channel.url);
    std::string body = AlertJson(p.alert);
    Micros backoff = channel.backoff;
    for (attempts = 1; attempts <= channel.attempts; attempts++) {
      httplib::Client client(base);
      client.set_connection_timeout(5);
      client.set_read_timeout(10);
      client.set_write_timeout(10);
      httplib::Headers headers = {{"X-Tributary-Alert-Id", std::to_string(p.alert.alert_id)}};
      auto response = client.Post(path, headers, body, "application/json");
      if (response && response->status >= 200 && response->status < 300) {
        delivered = true;
        break;
      }
      error = response ? fmt::format("HTTP {}", response->status)
                       : fmt::format("{}", httplib::to_string(response.error()));
      if (attempts == channel.attempts) break;
      // Backoff in real time; shutdown cuts it short (the alert stays
      // undelivered and is sent again on the next start).
      std::unique_lock lock(mutex_);
      if (cv_.wait_for(lock, std::chrono::microseconds(backoff), [&] { return stopping_; })) break;
      backoff *= 2;
    }
    if (!delivered) {
      std::fprintf(stderr, "tributary: alert %lld to webhook %s not delivered after %d attempts: %s\n",
                   static_cast<long long>(p.alert.alert_id), channel.name.c_str(), attempts, error.c_str());
      std::lock_guard lock(mutex_);
      failed_[channel.name]++;
    }
  }
  Status st = store_->RecordDelivery(p.alert.alert_id, channel.name, delivered, attempts, error);
  if (!st.ok()) std::fprintf(stderr, "tributary: alerts: %s\n", st.ToString().c_str());
}

}  // namespace tributary::orchestrator
