// Sparse series (all zeros, or rare single cases) are the normal case for a small militant
// group: every detector must return a defined answer, never crash, and never alarm on silence.
// R's own answers for such series are checked in testdata/ (all_zero__*, rare_cases__*).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "services/detection/cusum.h"
#include "services/detection/detect_command.h"
#include "services/detection/glr_poisson.h"

namespace claimwatch::detection {
namespace {

using nlohmann::json;

constexpr std::string_view kMethods[] = {
    "ears-c1", "ears-c2",     "ears-c3",     "farrington", "farrington-flexible",
    "cusum",   "glr-poisson", "poisson-rate"};

json Range(int from, int to) {
  json range = json::array();
  for (int t = from; t <= to; ++t) range.push_back(t);
  return range;
}

TEST(SparseSeriesTest, AllZeroSeriesNeverAlarms) {
  const json input = {{"observed", std::vector<int>(320, 0)}, {"range", Range(280, 320)}};
  for (std::string_view method : kMethods) {
    SCOPED_TRACE(method);
    const auto output = RunDetectCommand(method, input.dump());
    ASSERT_TRUE(output.ok()) << output.status();
    const json parsed = json::parse(*output);
    for (const json& alarm : parsed["alarm"]) EXPECT_NE(alarm, 1);
    for (const json& bound : parsed["upperbound"]) {
      EXPECT_TRUE(bound.is_null() || std::isfinite(bound.get<double>()));
    }
  }
}

TEST(SparseSeriesTest, FirstCaseAfterSilenceGivesDefinedAnswers) {
  std::vector<int> y(320, 0);
  y[299] = 1;  // t = 300
  const json input = {{"observed", y}, {"range", Range(296, 304)}};
  for (std::string_view method : kMethods) {
    SCOPED_TRACE(method);
    const auto output = RunDetectCommand(method, input.dump());
    ASSERT_TRUE(output.ok()) << output.status();
    const json parsed = json::parse(*output);
    ASSERT_EQ(parsed["alarm"].size(), 9u);
    for (const json& bound : parsed["upperbound"]) {
      EXPECT_TRUE(bound.is_null() || std::isfinite(bound.get<double>()));
    }
  }
}

TEST(SparseSeriesTest, CusumWithZeroInControlMeanIsNaLikeR) {
  // m = 0 leaves (y − m)/√m undefined: R's algo.cusum returns NA alarms and upper bound 0.
  const std::vector<double> y(30, 0.0);
  auto out = DetectCusum(y, std::vector<int64_t>{25, 26}, CusumControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->alarm, (std::vector<std::optional<bool>>{std::nullopt, std::nullopt}));
  EXPECT_EQ(out->upperbound, (std::vector<std::optional<double>>{0.0, 0.0}));
}

TEST(SparseSeriesTest, GlrOnZeroHistoryNeedsOneCase) {
  const std::vector<double> y(60, 0.0);
  GlrPoissonControl control;
  control.ret = GlrReturn::kCases;
  auto out = DetectGlrPoisson(y, std::vector<int64_t>{55, 56}, control);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->alarm, (std::vector<std::optional<bool>>{false, false}));
  EXPECT_EQ(out->upperbound, (std::vector<std::optional<double>>{1.0, 1.0}));
}

}  // namespace
}  // namespace claimwatch::detection
