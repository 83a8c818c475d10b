#include "services/alerting/alert_metrics.h"

#include <gtest/gtest.h>

#include "prometheus/text_serializer.h"
#include "services/alerting/testing/surge_history.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::alerting {
namespace {

class AlertMetricsTest : public trends::testing::TrendStoreTest {};

TEST_F(AlertMetricsTest, SurgeActiveWhileTheAlertIsOpen) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));
  prometheus::Registry registry;
  AlertMetrics metrics(registry, {.groups = {"iskp", "ttp"}, .provinces = {"PK-KP"}});
  ASSERT_TRUE(metrics.Refresh(Queries(), trends::ToDay(2023, 10, 31)).ok());
  auto text = prometheus::TextSerializer().Serialize(registry.Collect());
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="all"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="PK-KP"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(claimwatch_alerts_open{type="surge"} 2)"), std::string::npos);
  EXPECT_EQ(text.find(R"(group="ttp")"), std::string::npos);
  // November's window (October–November) still alarms; after two quiet months (December,
  // January) the surge is over and the series stays, at 0.
  ASSERT_TRUE(metrics.Refresh(Queries(), trends::ToDay(2024, 1, 31)).ok());
  text = prometheus::TextSerializer().Serialize(registry.Collect());
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="all"} 0)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_alerts_open{type="surge"} 0)"), std::string::npos);
}

}  // namespace
}  // namespace claimwatch::alerting
