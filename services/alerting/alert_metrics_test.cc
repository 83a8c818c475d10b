#include "services/alerting/alert_metrics.h"

#include <gtest/gtest.h>

#include "prometheus/text_serializer.h"
#include "services/alerting/testing/surge_history.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::alerting {
namespace {

class AlertMetricsTest : public trends::testing::TrendStoreTest {
 protected:
  std::string RefreshedAt(trends::Day day) {
    const AlertEvaluator evaluator(*store_, {},
                                   {.groups = {"iskp", "ttp"}, .provinces = {"PK-KP"}});
    AlertEngine engine(*store_, evaluator, [](auto) { return absl::OkStatus(); });
    EXPECT_TRUE(engine.Sweep(day).ok());
    auto book = engine.book().All();
    EXPECT_TRUE(book.ok());
    metrics_.Refresh(*book);
    return prometheus::TextSerializer().Serialize(registry_.Collect());
  }

  prometheus::Registry registry_;
  AlertMetrics metrics_{registry_};
};

TEST_F(AlertMetricsTest, SurgeActiveWhileTheAlertIsOpen) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));
  auto text = RefreshedAt(trends::ToDay(2023, 10, 31));
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="all"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="PK-KP"} 1)"),
            std::string::npos);
  // The monthly and the weekly rule, each overall and in PK-KP.
  EXPECT_NE(text.find(R"(claimwatch_alerts_open{type="surge"} 4)"), std::string::npos);
  EXPECT_NE(text.find(R"(claimwatch_alerts_open{type="coclaim"} 0)"), std::string::npos);
  EXPECT_EQ(text.find(R"(group="ttp")"), std::string::npos);
  // After the quiet months the surge is over and the series stays, at 0.
  text = RefreshedAt(trends::ToDay(2024, 1, 31));
  EXPECT_NE(text.find(R"(claimwatch_surge_active{group="iskp",province="all"} 0)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_alerts_open{type="surge"} 0)"), std::string::npos);
}

}  // namespace
}  // namespace claimwatch::alerting
