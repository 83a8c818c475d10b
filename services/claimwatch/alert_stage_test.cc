#include "services/claimwatch/alert_stage.h"

#include <gtest/gtest.h>

#include "prometheus/text_serializer.h"
#include "services/alerting/testing/surge_history.h"
#include "services/trends/testing/trend_store.h"
#include "tests/support/process.h"

namespace claimwatch::cli {
namespace {

class AlertStageTest : public trends::testing::TrendStoreTest {};

// The webhook is best effort: an Alertmanager that does not answer is counted and logged, and
// the alerts still reach the book (the topic, when configured, is not best effort).
TEST_F(AlertStageTest, AnUnreachableWebhookIsCountedAndTheBookStillFills) {
  ApplyBatch(alerting::testing::QuietYearThenSurge("iskp", "PK-KP"));
  Config config;
  config.alerts.topic = "";
  config.alerts.webhook = "http://127.0.0.1:" + std::to_string(claimwatch::testing::FreePort());
  prometheus::Registry registry;
  alerting::AlertMetrics metrics(registry);
  auto stage = AlertStage::Create(config, {.groups = {"iskp"}}, *store_, metrics);
  ASSERT_TRUE(stage.ok()) << stage.status();
  ASSERT_TRUE((*stage)->Tick().ok());  // the first tick evaluates every series
  auto book = alerting::AlertBook(*store_).All();
  ASSERT_TRUE(book.ok());
  EXPECT_FALSE(book->empty());
  const auto text = prometheus::TextSerializer().Serialize(registry.Collect());
  EXPECT_NE(text.find("claimwatch_alert_webhook_failures_total 1"), std::string::npos) << text;
}

TEST_F(AlertStageTest, ABadWebhookUrlIsAConfigError) {
  Config config;
  config.alerts.topic = "";
  config.alerts.webhook = "ftp://127.0.0.1:9093";
  prometheus::Registry registry;
  alerting::AlertMetrics metrics(registry);
  auto stage = AlertStage::Create(config, {}, *store_, metrics);
  EXPECT_NE(stage.status().message().find("alerts.webhook"), std::string::npos) << stage.status();
}

}  // namespace
}  // namespace claimwatch::cli
