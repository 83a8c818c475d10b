#include "services/alerting/alertmanager_sink.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/alerting/testing/alert_lines.h"
#include "tests/support/process.h"
#include "tests/support/schema_fields.h"

namespace claimwatch::alerting {
namespace {

using nlohmann::json;
using Line = nlohmann::ordered_json;  // an alert.v1 line in the producers' field order
using std::chrono::system_clock;
using namespace std::chrono_literals;

// 2024-03-05T10:20:30Z
const system_clock::time_point kNow =
    std::chrono::sys_days{std::chrono::year{2024} / std::chrono::March / 5} + 10h + 20min + 30s;

Line SurgeAlert() { return testing::SurgeAlertLine(); }

Line CoclaimAlert() {
  Line alert = SurgeAlert();
  alert["alert_id"] = "alr-fedcba9876543210";
  alert["type"] = "coclaim";
  alert["group"] = "iskp";
  alert["group_b"] = "ttp";
  alert["province"] = "all";
  alert["detector"] = "pair-rate";
  alert["summary"] = "iskp and ttp claimed 4 attacks together";
  return alert;
}

Line NoveltyAlert() {
  return {{"schema", "alert.v1"},
          {"alert_id", "alr-00000000000000aa"},
          {"type", "novelty"},
          {"state", "open"},
          {"group", "ttp"},
          {"province", "PK-SD"},
          {"detector", "gap"},
          {"interval", "day"},
          {"opened_on", "2022-10-01"},
          {"last_updated_on", "2022-10-01"},
          {"resolved_on", nullptr},
          {"evidence",
           {{"incident_id", "inc-1"},
            {"place", "karachi"},
            {"previous_on", "2019-05-02"},
            {"gap_days", 1248}}},
          {"summary", "ttp: first attack in karachi since 2019-05-02"}};
}

// A loopback port nothing listens on.
int UnusedPort() { return claimwatch::testing::FreePort(); }

struct Request {
  std::string path{};
  std::string content_type{};
  std::string body{};
};

// A stand-in Alertmanager on 127.0.0.1: records every POST and answers with `status`/`reply`.
class AlertmanagerSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      requests_.push_back({request.path, request.get_header_value("Content-Type"), request.body});
      response.status = status_;
      response.set_content(reply_, "application/json");
    };
    server_.Post("/api/v2/alerts", handler);
    server_.Post("/am/api/v2/alerts", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost, and TearDown would wait forever.
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::unique_ptr<AlertmanagerSink> Sink(AlertmanagerConfig config = {}) {
    if (config.url.empty()) config.url = Url();
    auto sink = AlertmanagerSink::Create(config, [] { return kNow; });
    EXPECT_TRUE(sink.ok()) << sink.status();
    return sink.ok() ? *std::move(sink) : nullptr;
  }

  // Publishes `alerts` and returns the one alert array the server received.
  json PublishAndReceive(const std::vector<Line>& alerts, AlertmanagerConfig config = {}) {
    std::vector<std::string> lines;
    for (const auto& alert : alerts) lines.push_back(alert.dump());
    auto sink = Sink(config);
    if (!sink) return nullptr;
    auto published = sink->Publish(lines);
    EXPECT_TRUE(published.ok()) << published;
    std::lock_guard lock(mutex_);
    if (requests_.size() != 1) {
      ADD_FAILURE() << requests_.size() << " requests";
      return nullptr;
    }
    EXPECT_EQ(requests_[0].content_type, "application/json");
    return json::parse(requests_[0].body);
  }

  size_t RequestCount() {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<Request> requests_;
  int status_ = 200;
  std::string reply_ = "";
};

TEST_F(AlertmanagerSinkTest, FixturesAreAlertV1) {
  std::ifstream file("schemas/alert.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const json schema = json::parse(file);
  claimwatch::testing::ExpectMatchesSchema(json(SurgeAlert()), schema);
  claimwatch::testing::ExpectMatchesSchema(json(CoclaimAlert()), schema);
  claimwatch::testing::ExpectMatchesSchema(json(NoveltyAlert()), schema);
}

TEST_F(AlertmanagerSinkTest, PostsAnOpenSurgeAlertWithLabelsAnnotationsAndTimes) {
  const json posted = PublishAndReceive({SurgeAlert()});
  ASSERT_TRUE(posted.is_array());
  ASSERT_EQ(posted.size(), 1u);
  const json& alert = posted[0];
  EXPECT_EQ(alert["labels"], json({{"alertname", "ClaimwatchSurge"},
                                   {"alert_id", "alr-0123456789abcdef"},
                                   {"type", "surge"},
                                   {"group", "ispp"},
                                   {"province", "PK-BA"},
                                   {"detector", "poisson-rate"},
                                   {"interval", "month"},
                                   {"severity", "warning"}}));
  EXPECT_EQ(
      alert["annotations"],
      json({{"summary", "ispp: 11 attacks in PK-BA in Oct–Nov 2022, 2.5 expected"},
            {"state", "open"},
            {"opened_on", "2022-10-31"},
            {"last_updated_on", "2022-11-30"},
            {"evidence", R"({"period":"2022-11","window":{"from":"2022-10-01","to":"2022-11-30",)"
                         R"("points":2},"baseline_points":12,"observed":11,"expected":2.5,)"
                         R"("threshold":7})"}}));
  // startsAt: the day it opened (event time); endsAt: the injected now + valid_for (240 s).
  EXPECT_EQ(alert["startsAt"], "2022-10-31T00:00:00.000Z");
  EXPECT_EQ(alert["endsAt"], "2024-03-05T10:24:30.000Z");
  EXPECT_FALSE(alert.contains("generatorURL"));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(requests_[0].path, "/api/v2/alerts");
}

TEST_F(AlertmanagerSinkTest, ResolvedAlertEndsNow) {
  Line resolved = SurgeAlert();
  resolved["state"] = "resolved";
  resolved["resolved_on"] = "2023-01-31";
  resolved["last_updated_on"] = "2023-01-31";
  const json posted = PublishAndReceive({resolved});
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["labels"]["alertname"], "ClaimwatchSurge");
  EXPECT_EQ(posted[0]["annotations"]["state"], "resolved");
  EXPECT_EQ(posted[0]["annotations"]["resolved_on"], "2023-01-31");
  EXPECT_EQ(posted[0]["annotations"]["last_updated_on"], "2023-01-31");
  EXPECT_EQ(posted[0]["startsAt"], "2022-10-31T00:00:00.000Z");
  EXPECT_EQ(posted[0]["endsAt"], "2024-03-05T10:20:30.000Z");
}

TEST_F(AlertmanagerSinkTest, CoclaimAlertCarriesBothGroupsAndTheGeneratorUrl) {
  Line coclaim = CoclaimAlert();
  coclaim["version"] = 3;
  const json posted = PublishAndReceive(
      {coclaim, NoveltyAlert()},
      {.valid_for = 10min, .generator_url = "http://claimwatch:8080/api/v1/alerts"});
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_EQ(posted[0]["labels"], json({{"alertname", "ClaimwatchCoclaim"},
                                       {"alert_id", "alr-fedcba9876543210"},
                                       {"type", "coclaim"},
                                       {"group", "iskp"},
                                       {"group_b", "ttp"},
                                       {"province", "all"},
                                       {"detector", "pair-rate"},
                                       {"interval", "month"},
                                       {"severity", "warning"}}));
  EXPECT_EQ(posted[0]["annotations"]["version"], "3");
  EXPECT_EQ(posted[0]["generatorURL"], "http://claimwatch:8080/api/v1/alerts");
  EXPECT_EQ(posted[0]["endsAt"], "2024-03-05T10:30:30.000Z");
  // A novelty alert has no group_b label (not an empty one).
  EXPECT_EQ(posted[1]["labels"]["alertname"], "ClaimwatchNovelty");
  EXPECT_FALSE(posted[1]["labels"].contains("group_b"));
  EXPECT_EQ(posted[1]["labels"]["interval"], "day");
  EXPECT_EQ(posted[1]["annotations"]["evidence"],
            R"({"incident_id":"inc-1","place":"karachi","previous_on":"2019-05-02",)"
            R"("gap_days":1248})");
  EXPECT_EQ(posted[1]["startsAt"], "2022-10-01T00:00:00.000Z");
  EXPECT_EQ(posted[1]["generatorURL"], "http://claimwatch:8080/api/v1/alerts");
}

TEST_F(AlertmanagerSinkTest, AlertOpenedAheadOfTheClockStartsNow) {
  Line ahead = SurgeAlert();
  ahead["opened_on"] = "2024-03-31";  // event time past the injected clock's day
  const json posted = PublishAndReceive({ahead});
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["startsAt"], "2024-03-05T10:20:30.000Z");
  EXPECT_EQ(posted[0]["annotations"]["opened_on"], "2024-03-31");
}

TEST_F(AlertmanagerSinkTest, WithdrawnAlertEndsNow) {
  Line withdrawn = SurgeAlert();
  withdrawn["withdrawn"] = true;
  withdrawn["version"] = 2;
  const json posted = PublishAndReceive({withdrawn});
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["endsAt"], "2024-03-05T10:20:30.000Z");
  EXPECT_EQ(posted[0]["annotations"]["withdrawn"], "true");
  EXPECT_EQ(posted[0]["annotations"]["state"], "open");
}

TEST_F(AlertmanagerSinkTest, PostsUnderTheRoutePrefix) {
  auto sink = Sink({.url = Url() + "/am/"});
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->endpoint(), Url() + "/am/api/v2/alerts");
  const std::vector<std::string> lines = {SurgeAlert().dump()};
  ASSERT_TRUE(sink->Publish(lines).ok());
  std::lock_guard lock(mutex_);
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_EQ(requests_[0].path, "/am/api/v2/alerts");
}

TEST_F(AlertmanagerSinkTest, NothingToPublishSendsNothing) {
  auto sink = Sink();
  ASSERT_NE(sink, nullptr);
  EXPECT_TRUE(sink->Publish({}).ok());
  EXPECT_EQ(RequestCount(), 0u);
}

TEST_F(AlertmanagerSinkTest, RejectsLinesThatAreNotAlertV1AndSendsNothing) {
  auto with = [](const std::string& key, Line value) {
    Line alert = SurgeAlert();
    if (value.is_discarded()) {
      alert.erase(key);
    } else {
      alert[key] = std::move(value);
    }
    return alert.dump();
  };
  const Line missing(Line::value_t::discarded);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"schema\":", "line 2: alert: invalid JSON"},
      {"[1,2]", "line 2: alert: expected an object"},
      {with("schema", "alert.v2"), "line 2: schema: expected \"alert.v1\", got \"alert.v2\""},
      {with("schema", missing), "line 2: schema: missing"},
      {with("alert_id", 7), "line 2: alert_id: expected string"},
      {with("alert_id", "alr-XYZ"), "line 2: alert_id: expected alr- and 16 lowercase hex digits"},
      {with("type", "spike"), "line 2: type: expected surge, novelty or coclaim, got \"spike\""},
      {with("state", "closed"), "line 2: state: expected open or resolved, got \"closed\""},
      {with("group", ""), "line 2: group: empty"},
      {with("group_b", nullptr), "line 2: group_b: expected string"},
      {with("province", missing), "line 2: province: missing"},
      {with("interval", "year"), "line 2: interval: expected day, week or month, got \"year\""},
      {with("opened_on", "2022-02-30"), "line 2: opened_on: not a date (YYYY-MM-DD)"},
      {with("last_updated_on", "2022-11"), "line 2: last_updated_on: not a date (YYYY-MM-DD)"},
      {with("resolved_on", "2023-01-31"), "line 2: resolved_on: must be null while open"},
      {with("resolved_on", missing), "line 2: resolved_on: missing"},
      {with("resolved_on", 5), "line 2: resolved_on: expected a date (YYYY-MM-DD) or null"},
      {with("evidence", "big"), "line 2: evidence: expected object"},
      {with("summary", missing), "line 2: summary: missing"},
      {with("version", 1.5), "line 2: version: expected integer"},
      {with("withdrawn", "yes"), "line 2: withdrawn: expected boolean"},
  };
  auto sink = Sink();
  ASSERT_NE(sink, nullptr);
  for (const auto& [line, message] : cases) {
    const std::vector<std::string> lines = {SurgeAlert().dump(), line};
    auto published = sink->Publish(lines);
    EXPECT_TRUE(absl::IsInvalidArgument(published)) << line << ": " << published;
    EXPECT_EQ(published.message(), message) << line;
  }
  Line resolved_without_date = SurgeAlert();
  resolved_without_date["state"] = "resolved";
  const std::vector<std::string> lines = {resolved_without_date.dump()};
  EXPECT_EQ(sink->Publish(lines).message(), "line 1: resolved_on: must be a date when resolved");
  EXPECT_EQ(RequestCount(), 0u);
}

TEST_F(AlertmanagerSinkTest, ServerErrorIsUnavailableWithStatusAndBody) {
  status_ = 500;
  reply_ = "{\"message\":\"storage\nis full\"}";
  auto sink = Sink();
  ASSERT_NE(sink, nullptr);
  const std::vector<std::string> lines = {SurgeAlert().dump()};
  auto published = sink->Publish(lines);
  EXPECT_TRUE(absl::IsUnavailable(published)) << published;
  EXPECT_EQ(published.message(), "alertmanager " + Url() +
                                     "/api/v2/alerts: HTTP 500: {\"message\":\"storage is full\"}");
  EXPECT_EQ(RequestCount(), 1u);
}

TEST_F(AlertmanagerSinkTest, RejectedPayloadAndWrongPathAreNotRetryable) {
  status_ = 400;
  reply_ = std::string(500, 'x');
  auto sink = Sink();
  ASSERT_NE(sink, nullptr);
  const std::vector<std::string> lines = {SurgeAlert().dump()};
  auto rejected = sink->Publish(lines);
  EXPECT_TRUE(absl::IsInvalidArgument(rejected)) << rejected;
  EXPECT_NE(rejected.message().find("HTTP 400: " + std::string(200, 'x') + "…"),
            absl::string_view::npos)
      << rejected;

  auto wrong_path = Sink({.url = Url() + "/nowhere"});
  ASSERT_NE(wrong_path, nullptr);
  auto missing = wrong_path->Publish(lines);
  EXPECT_TRUE(absl::IsFailedPrecondition(missing)) << missing;
  EXPECT_NE(missing.message().find(Url() + "/nowhere/api/v2/alerts: HTTP 404"),
            absl::string_view::npos)
      << missing;

  status_ = 429;
  EXPECT_TRUE(absl::IsUnavailable(sink->Publish(lines)));
}

TEST_F(AlertmanagerSinkTest, UnreachableAlertmanagerIsUnavailable) {
  const std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort());
  auto sink = Sink({.url = url, .timeout = 2s});
  ASSERT_NE(sink, nullptr);
  const std::vector<std::string> lines = {SurgeAlert().dump()};
  auto published = sink->Publish(lines);
  EXPECT_TRUE(absl::IsUnavailable(published)) << published;
  EXPECT_TRUE(
      std::string(published.message()).starts_with("alertmanager " + url + "/api/v2/alerts: "))
      << published;
}

TEST_F(AlertmanagerSinkTest, HttpsToAPlainHttpServerFailsTheHandshake) {
  // Debian's cpp-httplib is built with OpenSSL, so https:// is accepted and really speaks TLS.
  auto sink = Sink({.url = "https://127.0.0.1:" + std::to_string(port_), .timeout = 2s});
  ASSERT_NE(sink, nullptr);
  const std::vector<std::string> lines = {SurgeAlert().dump()};
  auto published = sink->Publish(lines);
  EXPECT_TRUE(absl::IsUnavailable(published)) << published;
}

TEST(AlertmanagerSinkCreateTest, RejectsUrlsThatAreNotHttpOrHttps) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty"},
      {"127.0.0.1:9093", "expected http://host[:port] or https://host[:port]"},
      {"ftp://127.0.0.1:9093", "unsupported scheme \"ftp\" (expected http:// or https://)"},
      {"http://", "no host"},
      {"http://:9093", "no host"},
      {"http://127.0.0.1:", "bad port \"\" (expected 1 to 65535)"},
      {"http://127.0.0.1:99999", "bad port \"99999\" (expected 1 to 65535)"},
      {"http://127.0.0.1:90x", "bad port \"90x\" (expected 1 to 65535)"},
      {"http://admin:secret@127.0.0.1:9093", "user credentials in the URL are not supported"},
      {"http://127.0.0.1:9093/?x=1", "a query or fragment is not supported"},
      {"http://127.0.0.1:9093 ", "contains whitespace or control characters"},
      {"http://[::1:9093", "unclosed [ in the IPv6 address"},
      {"http://alert manager:9093", "contains whitespace or control characters"},
      {"http://alert$manager:9093", "bad host \"alert$manager\""},
  };
  for (const auto& [url, reason] : cases) {
    auto sink = AlertmanagerSink::Create({.url = url});
    ASSERT_FALSE(sink.ok()) << url;
    EXPECT_TRUE(absl::IsFailedPrecondition(sink.status())) << sink.status();
    EXPECT_EQ(sink.status().message(),
              "alerts.webhook: " + reason + " ([alerts] webhook = \"" + url + "\")");
  }
  auto generator =
      AlertmanagerSink::Create({.url = "http://127.0.0.1:9093", .generator_url = "/api/v1/alerts"});
  ASSERT_FALSE(generator.ok());
  EXPECT_TRUE(std::string(generator.status().message()).starts_with("alerts.generator_url: "))
      << generator.status();
  EXPECT_FALSE(AlertmanagerSink::Create({.url = "http://127.0.0.1:9093", .valid_for = 0s}).ok());
  EXPECT_FALSE(AlertmanagerSink::Create({.url = "http://127.0.0.1:9093", .timeout = 0s}).ok());
}

TEST(AlertmanagerSinkCreateTest, AcceptsHttpAndHttpsWithPortsAndPrefixes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"http://127.0.0.1:9093", "http://127.0.0.1:9093/api/v2/alerts"},
      {"HTTP://alertmanager", "http://alertmanager/api/v2/alerts"},
      {"https://alertmanager.example:9093/", "https://alertmanager.example:9093/api/v2/alerts"},
      {"http://[::1]:9093/am", "http://[::1]:9093/am/api/v2/alerts"},
  };
  for (const auto& [url, endpoint] : cases) {
    auto sink = AlertmanagerSink::Create(
        {.url = url, .generator_url = "https://claimwatch.example/api/v1/alerts?state=open"});
    ASSERT_TRUE(sink.ok()) << url << ": " << sink.status();
    EXPECT_EQ((*sink)->endpoint(), endpoint);
  }
}

}  // namespace
}  // namespace claimwatch::alerting
