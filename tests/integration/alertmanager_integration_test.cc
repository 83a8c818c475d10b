// AlertmanagerSink against a real Prometheus Alertmanager (Debian's prometheus-alertmanager,
// which deploy/local/setup installs): the test starts its own instance on a free loopback port
// (no clustering, its own storage, a null receiver), publishes open surge and co-claim alerts,
// reads them back from /api/v2/alerts, then resolves and re-opens the surge alert. A missing
// binary fails the test, as a missing broker fails the Kafka tests; CLAIMWATCH_ALERTMANAGER
// points at another binary.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/alerting/alertmanager_sink.h"
#include "services/alerting/testing/alert_lines.h"
#include "tests/support/alertmanager.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using alerting::AlertmanagerSink;
using nlohmann::json;
using Line = nlohmann::ordered_json;

constexpr auto kDeadline = 20s;
const std::string kGeneratorUrl = "http://claimwatch.test:8080/api/v1/alerts";

Line SurgeAlert(const std::string& state) { return alerting::testing::SurgeAlertLine(state); }

Line CoclaimAlert() {
  return {{"schema", "alert.v1"},
          {"alert_id", "alr-fedcba9876543210"},
          {"type", "coclaim"},
          {"state", "open"},
          {"group", "iskp"},
          {"group_b", "ttp"},
          {"province", "all"},
          {"detector", "pair-rate"},
          {"interval", "month"},
          {"opened_on", "2023-02-28"},
          {"last_updated_on", "2023-02-28"},
          {"resolved_on", nullptr},
          {"evidence", {{"period", "2023-02"}, {"observed", 4}}},
          {"summary", "iskp and ttp claimed 4 attacks together in Feb 2023"},
          {"version", 2}};
}

// Polls `done` until it holds or the deadline passes; returns whether it held.
template <typename Predicate>
bool Eventually(Predicate done) {
  return testing::Eventually(done, kDeadline);
}

class AlertmanagerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / testing::UniqueName("alertmanager-it");
    const std::string started = alertmanager_.Start(dir_);
    ASSERT_EQ(started, "");
    port_ = alertmanager_.port();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_connection_timeout(1s);
    client_->set_read_timeout(5s);

    auto sink =
        AlertmanagerSink::Create({.url = alertmanager_.url(), .generator_url = kGeneratorUrl});
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = *std::move(sink);
  }

  // A failed run keeps Alertmanager's log and storage for a look.
  void TearDown() override {
    alertmanager_.Stop();
    if (HasFailure()) {
      std::cerr << "alertmanager log: " << alertmanager_.log() << "\n";
    } else if (!dir_.empty()) {
      fs::remove_all(dir_);
    }
  }

  void Publish(const std::vector<Line>& alerts) {
    std::vector<std::string> lines;
    for (const auto& alert : alerts) lines.push_back(alert.dump());
    auto published = sink_->Publish(lines);
    ASSERT_TRUE(published.ok()) << published;
  }

  // GET /api/v2/alerts (the default filters: active, silenced, inhibited and unprocessed).
  json Alerts(const std::string& query = "") {
    auto reply = client_->Get("/api/v2/alerts" + query);
    if (!reply || reply->status != 200) return json::array();
    return json::parse(reply->body, nullptr, false);
  }

  // The alert with label alert_id = `id` in `alerts`, if listed.
  static std::optional<json> Find(const json& alerts, const std::string& id) {
    if (!alerts.is_array()) return std::nullopt;
    for (const auto& alert : alerts) {
      if (alert["labels"].value("alert_id", "") == id) return alert;
    }
    return std::nullopt;
  }

  fs::path dir_;
  int port_ = 0;
  testing::TestAlertmanager alertmanager_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<AlertmanagerSink> sink_;
};

TEST_F(AlertmanagerIntegrationTest, OpenAlertsAreActiveAndAResolvedOneLeavesTheList) {
  const std::string surge_id = "alr-0123456789abcdef";
  const std::string coclaim_id = "alr-fedcba9876543210";
  ASSERT_NO_FATAL_FAILURE(Publish({SurgeAlert("open"), CoclaimAlert()}));

  json alerts;
  ASSERT_TRUE(Eventually([&] {
    alerts = Alerts();
    return Find(alerts, surge_id) && Find(alerts, coclaim_id);
  })) << alerts.dump(2);

  const json surge = *Find(alerts, surge_id);
  EXPECT_EQ(surge["labels"], json({{"alertname", "ClaimwatchSurge"},
                                   {"alert_id", surge_id},
                                   {"type", "surge"},
                                   {"group", "ispp"},
                                   {"province", "PK-BA"},
                                   {"detector", "poisson-rate"},
                                   {"interval", "month"},
                                   {"severity", "warning"}}));
  EXPECT_EQ(surge["annotations"]["summary"],
            "ispp: 11 attacks in PK-BA in Oct–Nov 2022, 2.5 expected");
  EXPECT_EQ(surge["annotations"]["state"], "open");
  EXPECT_EQ(surge["annotations"]["opened_on"], "2022-10-31");
  EXPECT_EQ(surge["annotations"]["last_updated_on"], "2022-11-30");
  EXPECT_EQ(json::parse(surge["annotations"]["evidence"].get<std::string>()),
            json(SurgeAlert("open")["evidence"]));
  EXPECT_EQ(surge["status"]["state"], "active");
  EXPECT_EQ(surge["startsAt"], "2022-10-31T00:00:00.000Z");
  EXPECT_EQ(surge["generatorURL"], kGeneratorUrl);
  EXPECT_EQ(surge["receivers"], json::parse(R"([{"name":"null"}])"));

  const json coclaim = *Find(alerts, coclaim_id);
  EXPECT_EQ(coclaim["labels"]["alertname"], "ClaimwatchCoclaim");
  EXPECT_EQ(coclaim["labels"]["group"], "iskp");
  EXPECT_EQ(coclaim["labels"]["group_b"], "ttp");
  EXPECT_EQ(coclaim["labels"]["province"], "all");
  EXPECT_EQ(coclaim["annotations"]["version"], "2");
  EXPECT_EQ(coclaim["status"]["state"], "active");
  EXPECT_EQ(coclaim["startsAt"], "2023-02-28T00:00:00.000Z");

  // Alertmanager's own label matchers see the labels.
  const json by_pair = Alerts("?filter=group_b%3D%22ttp%22");  // group_b="ttp"
  ASSERT_EQ(by_pair.size(), 1u) << by_pair.dump(2);
  EXPECT_EQ(by_pair[0]["labels"]["alert_id"], coclaim_id);

  // Resolved (endsAt = now): Alertmanager drops it from /api/v2/alerts, whatever the state
  // filters, once its clock passes endsAt; the co-claim alert stays active.
  ASSERT_NO_FATAL_FAILURE(Publish({SurgeAlert("resolved")}));
  ASSERT_TRUE(Eventually([&] {
    alerts = Alerts();
    return !Find(alerts, surge_id) && Find(alerts, coclaim_id);
  })) << alerts.dump(2);
  EXPECT_FALSE(Find(Alerts("?active=true&silenced=true&inhibited=true&unprocessed=true"), surge_id)
                   .has_value());
  EXPECT_EQ((*Find(alerts, coclaim_id))["status"]["state"], "active");

  // Sent open again (a late change re-opened it): active again.
  ASSERT_NO_FATAL_FAILURE(Publish({SurgeAlert("open")}));
  ASSERT_TRUE(Eventually([&] {
    alerts = Alerts();
    auto reopened = Find(alerts, surge_id);
    return reopened && (*reopened)["status"]["state"] == "active";
  })) << alerts.dump(2);
}

}  // namespace
}  // namespace claimwatch
