#include "services/http/api_server.h"

#include <openssl/crypto.h>

#include "httplib.h"
#include "nlohmann/json.hpp"
#include "prometheus/text_serializer.h"
#include "services/trends/trend_json.h"
#include "services/trends/trend_params.h"
#include "spdlog/spdlog.h"

namespace claimwatch::http {
namespace {

constexpr char kJson[] = "application/json";

void Error(httplib::Response& response, int status, std::string_view message,
           std::string_view parameter = {}) {
  nlohmann::ordered_json error = {{"status", status}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  response.status = status;
  response.set_content(nlohmann::ordered_json{{"error", error}}.dump(), kJson);
}

// The request's parameters; a parameter given twice is an error.
Result<trends::Params> ParamsOf(const httplib::Request& request) {
  trends::Params params;
  for (const auto& [name, value] : request.params) {
    if (!params.emplace(name, value).second) {
      return InvalidInput(StrCat(name, ": given more than once"));
    }
  }
  return params;
}

// Answers a GET with `answer(params)`, or 400 naming the parameter, or 500.
template <typename Answer>
httplib::Server::Handler Get(Answer answer) {
  return [answer](const httplib::Request& request, httplib::Response& response) {
    auto params = ParamsOf(request);
    Result<std::string> body = params.ok() ? answer(*params) : Result<std::string>(params.status());
    if (body.ok()) {
      response.set_content(*body, kJson);
    } else if (absl::IsInvalidArgument(body.status())) {
      Error(response, 400, std::string(body.status().message()),
            trends::ParameterOf(body.status()));
    } else {
      spdlog::error("api: {}: {}", request.path, body.status().message());
      Error(response, 500, "internal error; see the server log");
    }
  };
}

bool TokenMatches(const std::string& header, const std::string& token) {
  const std::string expected = "Bearer " + token;
  return header.size() == expected.size() &&
         CRYPTO_memcmp(header.data(), expected.data(), expected.size()) == 0;
}

bool Protected(const std::string& path) { return path == "/metrics" || path.starts_with("/api/"); }

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Start(
    ApiConfig config, const storage::ClaimStore& store,
    std::vector<std::shared_ptr<prometheus::Collectable>> metrics, std::function<bool()> ready) {
  std::unique_ptr<ApiServer> server(new ApiServer());
  server->config_ = std::move(config);
  server->queries_ = std::make_unique<trends::TrendQueries>(store);
  server->alerts_ = std::make_unique<alerting::AlertEvaluator>(store, server->config_.alert_policy,
                                                               server->config_.alert_scope);
  server->book_ = std::make_unique<alerting::AlertBook>(store);
  server->metrics_ = std::move(metrics);
  server->ready_ = std::move(ready);
  server->server_ = std::make_unique<httplib::Server>();
  server->Route();
  auto& http = *server->server_;
  const int threads = std::max(1, server->config_.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http.set_payload_max_length(server->config_.max_body_bytes);
  http.set_read_timeout(5);
  // httplib writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and the
  // client's delayed ACK hold every kept-alive response ~40 ms.
  http.set_tcp_nodelay(true);
  // A kept-alive connection holds a pool thread while idle: release it soon.
  http.set_keep_alive_timeout(1);
  const auto& bind = server->config_.bind;
  if (server->config_.port == 0) {
    server->port_ = http.bind_to_any_port(bind);
  } else if (http.bind_to_port(bind, server->config_.port)) {
    server->port_ = server->config_.port;
  }
  if (server->port_ <= 0) {
    return Unavailable(StrCat("http: cannot listen on ", bind, ":", server->config_.port));
  }
  server->thread_ = std::thread([&http] { http.listen_after_bind(); });
  // stop() is a no-op until the server runs: wait for it, so that destruction cannot hang.
  for (int waited = 0; !http.is_running() && waited < 5000; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server;
}

ApiServer::~ApiServer() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void ApiServer::Route() {
  auto& http = *server_;
  const auto& queries = *queries_;
  const auto windows = config_.windows_days;
  http.Get("/api/v1/series", Get([&queries](const trends::Params& params) -> Result<std::string> {
             auto query = trends::SeriesQueryFrom(params, trends::Today());
             if (!query.ok()) return query.status();
             auto series = queries.GetSeries(*query);
             if (!series.ok()) return series.status();
             return trends::SeriesToJson(*series);
           }));
  http.Get("/api/v1/trends",
           Get([&queries, windows](const trends::Params& params) -> Result<std::string> {
             auto query = trends::TrendsQueryFrom(params, trends::Today(), windows);
             if (!query.ok()) return query.status();
             auto result = queries.GetTrends(*query);
             if (!result.ok()) return result.status();
             return trends::TrendsToJson(*result);
           }));
  http.Get("/api/v1/incidents",
           Get([&queries](const trends::Params& params) -> Result<std::string> {
             auto query = trends::IncidentQueryFrom(params);
             if (!query.ok()) return query.status();
             auto page = queries.GetIncidents(*query);
             if (!page.ok()) return page.status();
             return trends::IncidentPageToJson(*page);
           }));
  http.Get("/api/v1/coclaims", Get([&queries](const trends::Params& params) -> Result<std::string> {
             auto query = trends::CoClaimQueryFrom(params, trends::Today());
             if (!query.ok()) return query.status();
             auto coclaims = queries.GetCoClaims(*query);
             if (!coclaims.ok()) return coclaims.status();
             return trends::CoClaimsToJson(*coclaims);
           }));
  http.Get("/api/v1/alerts", Get([&evaluator = *alerts_, &book = *book_](
                                     const trends::Params& params) -> Result<std::string> {
             auto query = alerting::AlertQueryFrom(params);
             if (!query.ok()) return query.status();
             return alerting::AlertsToJson(evaluator, book, *query);
           }));
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", kJson);
  });
  http.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    const bool ready = !ready_ || ready_();
    response.status = ready ? 200 : 503;
    response.set_content(ready ? R"({"status":"ready"})" : R"({"status":"catching_up"})", kJson);
  });
  http.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    std::vector<prometheus::MetricFamily> families;
    for (const auto& collectable : metrics_) {
      auto collected = collectable->Collect();
      families.insert(families.end(), std::make_move_iterator(collected.begin()),
                      std::make_move_iterator(collected.end()));
    }
    response.set_content(prometheus::TextSerializer().Serialize(families),
                         "text/plain; version=0.0.4; charset=utf-8");
  });
  auto not_allowed = [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Allow", "GET");
    Error(response, 405, "only GET is served");
  };
  http.Post(".*", not_allowed);
  http.Put(".*", not_allowed);
  http.Delete(".*", not_allowed);
  http.Patch(".*", not_allowed);
  if (!config_.token.empty()) {
    http.set_pre_routing_handler(
        [token = config_.token](const httplib::Request& request, httplib::Response& response) {
          if (!Protected(request.path) ||
              TokenMatches(request.get_header_value("Authorization"), token)) {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          response.set_header("WWW-Authenticate", "Bearer");
          Error(response, 401, "missing or wrong bearer token");
          return httplib::Server::HandlerResponse::Handled;
        });
  }
  http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    switch (response.status) {
      case 404:
        Error(response, 404, StrCat("no such path: ", request.path));
        break;
      case 413:
        Error(response, 413, "request body too large");
        break;
      case 414:
        Error(response, 414, "request URI too long");
        break;
      default:
        Error(response, response.status, "bad request");
    }
  });
}

}  // namespace claimwatch::http
