#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "services/alerting/alert_sink.h"
#include "services/result/result.h"

namespace httplib {
class ClientImpl;
}

namespace claimwatch::alerting {

struct AlertmanagerConfig {
  // [alerts] webhook: the Alertmanager's base URL, http:// or https:// (certificates checked
  // against the system's CAs), with its --web.route-prefix path if it has one:
  // "http://127.0.0.1:9093". Alerts go to {url}/api/v2/alerts.
  std::string url{};
  std::chrono::seconds timeout{5};  // for connecting, and for each read and write
  // An open alert's endsAt is now + valid_for, as Prometheus sends them: Alertmanager resolves
  // an alert that is not sent again by then, so re-send open alerts more often than this.
  std::chrono::seconds valid_for{240};
  // Every alert's generatorURL when set, e.g. the API's http://host:8080/api/v1/alerts.
  std::string generator_url{};
};

// alert.v1 lines → the JSON array of Alertmanager v2 postable alerts, at wall time `now`:
//   labels      alertname (ClaimwatchSurge|ClaimwatchNovelty|ClaimwatchCoclaim), alert_id, type,
//               group, group_b (when present), province, detector, interval, severity=warning
//   annotations summary, state, opened_on, last_updated_on, evidence (compact JSON), and
//               resolved_on, version, withdrawn when the alert has them
//   startsAt    opened_on at 00:00:00Z, or now when that is in the future
//   endsAt      now for resolved or withdrawn alerts, else now + valid_for
// A line that is not alert.v1 is InvalidInput "line N: field: reason" (N from 1).
[[nodiscard]] Result<std::string> ToPostableAlerts(std::span<const std::string> alerts,
                                                   const AlertmanagerConfig& config,
                                                   std::chrono::system_clock::time_point now);

// Posts alert changes to a Prometheus Alertmanager's v2 API (POST {url}/api/v2/alerts), one
// request per Publish; all of the lines are checked before anything is sent. Thread-safe.
// Errors: InvalidInput for a bad line or a 400/422 reply, FailedPrecondition for other 4xx (a
// wrong URL or a missing credential), Unavailable for 5xx, 408, 429, timeouts and connections.
class AlertmanagerSink : public AlertSink {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // FailedPrecondition "alerts.webhook: …" for a URL that is not http(s)://host[:port][/path].
  [[nodiscard]] static Result<std::unique_ptr<AlertmanagerSink>> Create(
      AlertmanagerConfig config, Clock clock = std::chrono::system_clock::now);
  ~AlertmanagerSink() override;
  AlertmanagerSink(const AlertmanagerSink&) = delete;
  AlertmanagerSink& operator=(const AlertmanagerSink&) = delete;

  [[nodiscard]] Result<> Publish(std::span<const std::string> alerts) override;

  // Where Publish posts: "http://127.0.0.1:9093/api/v2/alerts".
  const std::string& endpoint() const { return endpoint_; }

 private:
  AlertmanagerSink(AlertmanagerConfig config, Clock clock,
                   std::unique_ptr<httplib::ClientImpl> client, std::string path,
                   std::string endpoint);

  const AlertmanagerConfig config_;
  const Clock clock_;
  const std::string path_;      // the request path, "/api/v2/alerts" after any route prefix
  const std::string endpoint_;  // the full URL, for errors
  std::mutex mutex_;            // httplib's client is not thread-safe
  std::unique_ptr<httplib::ClientImpl> client_;
};

}  // namespace claimwatch::alerting
