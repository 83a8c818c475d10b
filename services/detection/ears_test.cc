#include "services/detection/ears.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace claimwatch::detection {
namespace {

constexpr double kZ001 = 3.0902323061678132;  // qnorm(1 − 0.001)
constexpr double kZ025 = 1.9599639845400536;  // qnorm(1 − 0.025)

double Mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double Sd(const std::vector<double>& x) {
  const double mean = Mean(x);
  double squares = 0;
  for (double v : x) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(x.size() - 1));
}

TEST(EarsTest, C1ComparesWithTheSevenPreviousPoints) {
  const std::vector<double> y = {1, 2, 3, 4, 5, 6, 7, 11};
  auto out = DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{8}, EarsControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  const double expected = 4 + kZ001 * Sd({1, 2, 3, 4, 5, 6, 7});
  EXPECT_NEAR(*out->upperbound[0], expected, 1e-12);
  EXPECT_EQ(out->alarm[0], 11 > expected);
}

TEST(EarsTest, C2SkipsTwoGuardPoints) {
  // The guard points 8 and 9 are huge and must not move the baseline 1..7.
  const std::vector<double> y = {1, 2, 3, 4, 5, 6, 7, 500, 500, 12};
  auto out = DetectEars(EarsVariant::kC2, y, std::vector<int64_t>{10}, EarsControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_NEAR(*out->upperbound[0], 4 + kZ001 * Sd({1, 2, 3, 4, 5, 6, 7}), 1e-12);
  EXPECT_EQ(out->alarm[0], true);
}

TEST(EarsTest, C1ZeroVarianceBaselineAlarmsAboveTheMean) {
  const std::vector<double> y = {2, 2, 2, 2, 2, 2, 2, 2, 3};
  auto out = DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{8, 9}, EarsControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->upperbound, (std::vector<std::optional<double>>{2.0, 2.0}));
  EXPECT_EQ(out->alarm, (std::vector<std::optional<bool>>{false, true}));
}

// Series 2,4,2,4,… : at t = 13 the C2 baseline is 4,2,4,2,4,2,4; t−2 (a 2) adds nothing to L,
// t−1 (a 4) adds (4 − 20/7)/sd − 1.
std::vector<double> Alternating(double last) {
  std::vector<double> y;
  for (int i = 0; i < 12; ++i) y.push_back(i % 2 == 0 ? 2 : 4);
  y.push_back(last);
  return y;
}

TEST(EarsTest, C3CdcAlarmsOnTheCurrentWeekAlone) {
  const double sd = Sd({4, 2, 4, 2, 4, 2, 4});
  const double carried = (4 - 20.0 / 7) / sd - 1;  // L(13)
  const double mean = 22.0 / 7;                    // Ȳ2(13)
  const double bound = mean + sd * (1 + kZ025 - carried);
  ASSERT_LT(carried, kZ025);
  auto out = DetectEars(EarsVariant::kC3, Alternating(7), std::vector<int64_t>{13}, EarsControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_NEAR(*out->upperbound[0], bound, 1e-12);
  EXPECT_EQ(out->alarm[0], true);  // R's code: U3 = 7 + sd·(z − L) > 7, no alarm
  ASSERT_LT(6, bound);
  auto quiet =
      DetectEars(EarsVariant::kC3, Alternating(6), std::vector<int64_t>{13}, EarsControl{});
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(quiet->alarm[0], false);
}

TEST(EarsTest, C3CdcCarriesTwoLargePreviousWeeksEvenAtZero) {
  std::vector<double> y = Alternating(0);
  y[10] = 20;  // t = 11
  y[11] = 20;  // t = 12
  auto out = DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{13}, EarsControl{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->alarm[0], true);  // L(13) > z: any count alarms (R: U3 = 0, 0 > 0 is false)
  EXPECT_EQ(out->upperbound[0], 0.0);
}

TEST(EarsTest, C3ZeroVarianceBaselineIsDefined) {
  std::vector<double> y(13, 3.0);
  auto flat = DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{12, 13}, EarsControl{});
  ASSERT_TRUE(flat.ok()) << flat.status();
  EXPECT_EQ(flat->alarm, (std::vector<std::optional<bool>>{false, false}));
  EXPECT_EQ(flat->upperbound, (std::vector<std::optional<double>>{3.0, 3.0}));
  y[12] = 4;
  auto step = DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{13}, EarsControl{});
  ASSERT_TRUE(step.ok());
  EXPECT_EQ(step->alarm[0], true);
  EXPECT_EQ(step->upperbound[0], 3.0);
}

TEST(EarsTest, DefaultAlphaDependsOnTheVariant) {
  const std::vector<double> y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  auto c1 = DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{8}, EarsControl{});
  auto c1_explicit =
      DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{8}, EarsControl{.alpha = 0.001});
  ASSERT_TRUE(c1.ok() && c1_explicit.ok());
  EXPECT_EQ(c1->upperbound, c1_explicit->upperbound);
  auto c3 = DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{12}, EarsControl{});
  auto c3_explicit =
      DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{12}, EarsControl{.alpha = 0.025});
  ASSERT_TRUE(c3.ok() && c3_explicit.ok());
  EXPECT_EQ(c3->upperbound, c3_explicit->upperbound);
}

TEST(EarsTest, RejectsInvalidParametersNamingThem) {
  const std::vector<double> y(20, 1.0);
  const std::vector<int64_t> range = {15};
  EXPECT_EQ(DetectEars(EarsVariant::kC1, y, range, {.baseline = 2}).status().message(),
            "control.baseline: must be at least 3");
  EXPECT_EQ(DetectEars(EarsVariant::kC1, y, range, {.alpha = 0}).status().message(),
            "control.alpha: must be in (0,1)");
  EXPECT_EQ(DetectEars(EarsVariant::kC2, y, range, {.min_sigma = -1}).status().message(),
            "control.minSigma: must be a finite number >= 0");
  EXPECT_EQ(DetectEars(EarsVariant::kC3, y, std::vector<int64_t>{11}, {}).status().message(),
            "range[0]: 11 must be at least 12 because the method needs 11 points of baseline "
            "(control.baseline = 7) before it");
  EXPECT_EQ(DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{15, 15}, {}).status().message(),
            "range[1]: must be greater than range[0]");
  EXPECT_EQ(DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{21}, {}).status().message(),
            "range[0]: 21 is outside 1..20");
}

}  // namespace
}  // namespace claimwatch::detection
