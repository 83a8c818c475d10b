#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "prometheus/collectable.h"
#include "services/alerting/alert_book.h"
#include "services/storage/claim_store.h"
#include "services/trends/trend_queries.h"

namespace httplib {
class Server;
}

namespace claimwatch::http {

struct ApiConfig {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests); the command line treats 0 as "no API"
  // Required as "Authorization: Bearer <token>" on /api/ and /metrics when set; from [http]
  // token or CLAIMWATCH_HTTP_TOKEN. /healthz and /readyz stay open for probes.
  std::string token{};
  size_t max_body_bytes = 4096;  // larger requests get 413; URIs over 8 KiB get 414
  int threads = 8;               // each open connection holds one while it is kept alive
  std::vector<int> windows_days{7, 30, 90, 365};
  alerting::AlertScope alert_scope{};  // what /api/v1/alerts?as_of= evaluates, and how
  alerting::AlertPolicy alert_policy{};
};

// The aggregator's HTTP API, JSON over HTTP/1.1:
//   GET /api/v1/series     calendar series      GET /healthz   200 while the process serves
//   GET /api/v1/trends     rolling windows      GET /readyz    200 once `ready()`, else 503
//   GET /api/v1/incidents  incidents, paged     GET /metrics   Prometheus text format
//   GET /api/v1/coclaims   incidents per pair of claimant groups in a rolling window
//   GET /api/v1/alerts     the alert book (alert.v1), or the policy evaluated up to as_of
// Bad parameters get 400 with {"error": {"status", "parameter", "message"}}; unknown paths 404;
// other methods 405. Reads what the aggregator committed; serves on its own threads.
class ApiServer {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ApiServer>> Start(
      ApiConfig config, const storage::ClaimStore& store,
      std::vector<std::shared_ptr<prometheus::Collectable>> metrics, std::function<bool()> ready);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const { return port_; }

 private:
  ApiServer() = default;
  void Route();

  ApiConfig config_;
  std::unique_ptr<trends::TrendQueries> queries_;
  std::unique_ptr<alerting::AlertEvaluator> alerts_;
  std::unique_ptr<alerting::AlertBook> book_;
  std::vector<std::shared_ptr<prometheus::Collectable>> metrics_;
  std::function<bool()> ready_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace claimwatch::http
