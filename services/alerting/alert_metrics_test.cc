#include "services/alerting/alert_metrics.h"

#include <gtest/gtest.h>

#include "fmt/format.h"
#include "prometheus/text_serializer.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::alerting {
namespace {

class AlertMetricsTest : public trends::testing::TrendStoreTest {};

TEST_F(AlertMetricsTest, SurgeActiveWhileTheAlertIsOpen) {
  std::vector<resolution::IncidentChange> changes;
  for (int month = 1; month <= 12; ++month) {
    changes.push_back(trends::testing::Change({.id = fmt::format("base-{}", month),
                                               .event_date = fmt::format("2022-{:02}-05", month),
                                               .province = "PK-KP",
                                               .groups = {"iskp"}}));
  }
  for (int day = 1; day <= 8; ++day) {
    changes.push_back(trends::testing::Change({.id = fmt::format("surge-{}", day),
                                               .event_date = fmt::format("2023-10-{:02}", day),
                                               .province = "PK-KP",
                                               .groups = {"iskp"}}));
  }
  ApplyBatch(changes);
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
