#include "services/http/api_server.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "httplib.h"
#include "nlohmann/json.hpp"
#include "prometheus/counter.h"
#include "prometheus/registry.h"
#include "services/alerting/testing/surge_history.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::http {
namespace {

using trends::testing::TestIncident;

class ApiServerTest : public trends::testing::TrendStoreTest {
 protected:
  void SetUp() override {
    TrendStoreTest::SetUp();
    Put({.id = "inc-1", .event_date = "2022-09-10", .province = "PK-BA"});
    Put({.id = "inc-2", .event_date = "2022-10-01", .province = "PK-SD"});
    Put({.id = "inc-3",
         .event_date = "2022-10-14",
         .province = "PK-PB",
         .groups = {"ispp", "ttp"}});
    Put({.id = "inc-4", .event_date = "2022-10", .precision = "month", .province = "PK-SD"});
    registry_ = std::make_shared<prometheus::Registry>();
    prometheus::BuildCounter().Name("claimwatch_test_total").Help("t").Register(*registry_).Add({});
    StartServer({});
  }
  void TearDown() override {
    server_.reset();
    TrendStoreTest::TearDown();
  }
  void StartServer(ApiConfig config) {
    server_.reset();
    config.port = 0;
    auto server = ApiServer::Start(config, *store_, {registry_}, [this] { return ready_; });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  // GETs `path` and returns the status and the parsed body (null when not JSON).
  std::pair<int, nlohmann::json> GetJson(const std::string& path,
                                         const httplib::Headers& headers = {}) {
    auto result = client_->Get(path, headers);
    if (!result) return {0, nullptr};
    return {result->status, nlohmann::json::parse(result->body, nullptr, false)};
  }
  void ExpectBadParameter(const std::string& path, const std::string& parameter) {
    auto [status, body] = GetJson(path);
    EXPECT_EQ(status, 400) << path;
    EXPECT_EQ(body["error"]["parameter"], parameter) << path << ": " << body.dump();
    EXPECT_TRUE(body["error"]["message"].get<std::string>().starts_with(parameter + ": "))
        << body.dump();
  }

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
  bool ready_ = true;
};

TEST_F(ApiServerTest, SeriesByMonthAndWeek) {
  auto [status, body] = GetJson("/api/v1/series?group=ispp&interval=month&from=2022-08&to=2022-10");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["group"], "ispp");
  EXPECT_EQ(body["province"], "all");
  ASSERT_EQ(body["points"].size(), 3u);
  EXPECT_EQ(body["points"][1], (nlohmann::json{{"period", "2022-09"}, {"count", 1}}));
  EXPECT_EQ(body["points"][2], (nlohmann::json{{"period", "2022-10"}, {"count", 3}}));
  std::tie(status, body) =
      GetJson("/api/v1/series?province=PK-PB&interval=week&from=2022-W41&to=2022-W41");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(body["points"][0], (nlohmann::json{{"period", "2022-W41"}, {"count", 1}}));
  std::tie(status, body) = GetJson("/api/v1/series?attack_type=3&from=2022-10&to=2022-10");
  EXPECT_EQ(body["points"][0]["count"], 3);
}

TEST_F(ApiServerTest, SeriesRejectsBadParameters) {
  ExpectBadParameter("/api/v1/series?interval=day", "interval");
  ExpectBadParameter("/api/v1/series?from=2022-13", "from");
  ExpectBadParameter("/api/v1/series?to=yesterday", "to");
  ExpectBadParameter("/api/v1/series?from=2022-10&to=2022-01", "to");
  ExpectBadParameter("/api/v1/series?attack_type=bombing", "attack_type");
  ExpectBadParameter("/api/v1/series?groups=ispp", "groups");
  ExpectBadParameter("/api/v1/series?group=ispp&group=ttp", "group");
}

TEST_F(ApiServerTest, TrendsGiveRollingWindowsAndChange) {
  auto [status, body] = GetJson("/api/v1/trends?group=ispp&as_of=2022-10-31");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["as_of"], "2022-10-31");
  ASSERT_EQ(body["windows"].size(), 4u);
  EXPECT_EQ(body["windows"][0]["window"], "7d");
  EXPECT_EQ(body["windows"][0]["count"], 0);
  EXPECT_EQ(body["windows"][1]["count"], 1);  // 14 October; 1 October is 30 days before
  EXPECT_EQ(body["windows"][2]["count"], 4);
  EXPECT_EQ(body["windows"][3]["previous_year"]["count"], 0);
  EXPECT_TRUE(body["windows"][3]["change_ratio"].is_null());
  ExpectBadParameter("/api/v1/trends?as_of=2022-02-29", "as_of");
  ExpectBadParameter("/api/v1/trends?window=7d", "window");
}

TEST_F(ApiServerTest, IncidentsPageWithCursors) {
  auto [status, body] = GetJson("/api/v1/incidents?from=2022-10-01&to=2022-10-31&limit=2");
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_EQ(body["incidents"].size(), 2u);
  EXPECT_EQ(body["incidents"][0]["incident_id"], "inc-4");
  ASSERT_TRUE(body["next_cursor"].is_string());
  std::tie(status, body) =
      GetJson("/api/v1/incidents?from=2022-10-01&to=2022-10-31&limit=2&cursor=" +
              body["next_cursor"].get<std::string>());
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body["incidents"].size(), 1u);
  EXPECT_EQ(body["incidents"][0]["incident_id"], "inc-3");
  EXPECT_TRUE(body["next_cursor"].is_null());
  std::tie(status, body) = GetJson("/api/v1/incidents?contested=true&group=ttp");
  ASSERT_EQ(body["incidents"].size(), 1u);
  std::tie(status, body) = GetJson("/api/v1/incidents?province=PK-BA");
  ASSERT_EQ(body["incidents"].size(), 1u);
  EXPECT_EQ(body["incidents"][0]["incident_id"], "inc-1");
  ExpectBadParameter("/api/v1/incidents?limit=5000", "limit");
  ExpectBadParameter("/api/v1/incidents?contested=maybe", "contested");
  ExpectBadParameter("/api/v1/incidents?cursor=abc", "cursor");
  ExpectBadParameter("/api/v1/incidents?from=2022-10-32", "from");
}

TEST_F(ApiServerTest, CoClaimsPerPair) {
  auto [status, body] = GetJson("/api/v1/coclaims?as_of=2022-12-31&window_days=365");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["from"], "2022-01-01");
  ASSERT_EQ(body["pairs"].size(), 1u);
  EXPECT_EQ(body["pairs"][0],
            (nlohmann::json{{"group_a", "ispp"}, {"group_b", "ttp"}, {"count", 1}}));
  ExpectBadParameter("/api/v1/coclaims?window_days=-1", "window_days");
  ExpectBadParameter("/api/v1/coclaims?as_of=2022-13-01", "as_of");
}

TEST_F(ApiServerTest, AlertsFromTheBookOrEvaluatedUpToAsOf) {
  ApplyBatch(alerting::testing::QuietYearThenSurge("iskp", "PK-BA"));
  StartServer({.alert_scope = {.groups = {"iskp", "ttp"}}});
  // Evaluated: the monthly rule opens on 31 October, the weekly one in the week of the attacks.
  auto [status, body] = GetJson("/api/v1/alerts?as_of=2023-10-31&state=open&type=surge");
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_EQ(body["alerts"].size(), 2u) << body.dump();
  EXPECT_EQ(body["alerts"][0]["group"], "iskp");
  EXPECT_EQ(body["alerts"][0]["interval"], "month");
  EXPECT_EQ(body["alerts"][0]["opened_on"], "2023-10-31");
  EXPECT_EQ(body["alerts"][1]["interval"], "week");
  EXPECT_EQ(body["alerts"][1]["opened_on"], "2023-10-08");
  std::tie(status, body) = GetJson("/api/v1/alerts?as_of=2023-08-31");
  EXPECT_EQ(body["alerts"].size(), 0u);
  // Without as_of: the book, empty until the engine has run, then its alerts with versions.
  std::tie(status, body) = GetJson("/api/v1/alerts");
  EXPECT_TRUE(body["as_of"].is_null());
  EXPECT_EQ(body["alerts"].size(), 0u);
  alerting::AlertEvaluator evaluator(*store_, {}, {.groups = {"iskp"}});
  alerting::AlertEngine engine(*store_, evaluator, [](auto) { return absl::OkStatus(); });
  ASSERT_TRUE(engine.Sweep(trends::ToDay(2023, 10, 31)).ok());
  std::tie(status, body) = GetJson("/api/v1/alerts?group=iskp");
  ASSERT_EQ(body["alerts"].size(), 2u) << body.dump();
  EXPECT_EQ(body["alerts"][0]["version"], 1);
  ExpectBadParameter("/api/v1/alerts?state=closed", "state");
  ExpectBadParameter("/api/v1/alerts?type=storm", "type");
  ExpectBadParameter("/api/v1/alerts?as_of=yesterday", "as_of");
}

TEST_F(ApiServerTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(GetJson("/healthz").first, 200);
  EXPECT_EQ(GetJson("/readyz").first, 200);
  ready_ = false;
  auto [status, body] = GetJson("/readyz");
  EXPECT_EQ(status, 503);
  EXPECT_EQ(body["status"], "catching_up");
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("claimwatch_test_total 0"), std::string::npos) << metrics->body;
}

TEST_F(ApiServerTest, UnknownPathsWrongMethodsAndOversizedRequests) {
  auto [status, body] = GetJson("/api/v1/nothing");
  EXPECT_EQ(status, 404);
  EXPECT_EQ(body["error"]["status"], 404);
  auto post = client_->Post("/api/v1/series", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  auto large = client_->Post("/api/v1/series", std::string(100000, 'x'), "text/plain");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  std::tie(status, body) = GetJson("/api/v1/series?group=" + std::string(9000, 'a'));
  EXPECT_EQ(status, 414);
}

TEST_F(ApiServerTest, BearerTokenGuardsTheApiAndMetricsButNotProbes) {
  StartServer({.token = "s3cret"});
  auto [status, body] = GetJson("/api/v1/trends");
  EXPECT_EQ(status, 401);
  EXPECT_EQ(GetJson("/metrics").first, 401);
  EXPECT_EQ(GetJson("/api/v1/trends", {{"Authorization", "Bearer wrong"}}).first, 401);
  EXPECT_EQ(GetJson("/api/v1/trends", {{"Authorization", "Bearer s3cret"}}).first, 200);
  EXPECT_EQ(GetJson("/healthz").first, 200);
  EXPECT_EQ(GetJson("/readyz").first, 200);
}

}  // namespace
}  // namespace claimwatch::http
