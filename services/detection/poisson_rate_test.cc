#include "services/detection/poisson_rate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace claimwatch::detection {
namespace {

TEST(PoissonRateTest, SingleWeekAgainstFourWeekBaseline) {
  // E = 1 · (2+2+2+2)/4 = 2. P(X >= 5 | 2) = 0.0527 >= 0.05, P(X >= 6 | 2) = 0.0166 < 0.05.
  const PoissonRateControl control{.w = 1, .b = 4, .g = 0, .alpha = 0.05};
  const std::vector<int64_t> range = {5};
  auto quiet = DetectPoissonRate(std::vector<double>{2, 2, 2, 2, 5}, range, control);
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  EXPECT_EQ(quiet->upperbound[0], 6.0);
  EXPECT_EQ(quiet->alarm[0], false);
  auto surge = DetectPoissonRate(std::vector<double>{2, 2, 2, 2, 6}, range, control);
  ASSERT_TRUE(surge.ok()) << surge.status();
  EXPECT_EQ(surge->upperbound[0], 6.0);
  EXPECT_EQ(surge->alarm[0], true);
}

TEST(PoissonRateTest, WindowGuardGapAndBaselineUseTheDocumentedPoints) {
  // t = 7, w = 2, g = 1, b = 3: window 6..7 (4 + 5 = 9), guard 5 (100, ignored), baseline 2..4
  // (1 + 2 + 3 = 6, rate 2, E = 4); point 1 (9) is outside. P(X >= 8 | 4) = 0.0511,
  // P(X >= 9 | 4) = 0.0214: the threshold is 9 and O = 9 reaches it.
  const PoissonRateControl control{.w = 2, .b = 3, .g = 1, .alpha = 0.05};
  auto out = DetectPoissonRate(std::vector<double>{9, 1, 2, 3, 100, 4, 5}, std::vector<int64_t>{7},
                               control);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->upperbound[0], 9.0);
  EXPECT_EQ(out->alarm[0], true);
  auto one_less = DetectPoissonRate(std::vector<double>{9, 1, 2, 3, 100, 4, 4},
                                    std::vector<int64_t>{7}, control);
  ASSERT_TRUE(one_less.ok());
  EXPECT_EQ(one_less->alarm[0], false);
}

TEST(PoissonRateTest, ZeroBaselineAlarmsOnTheFirstCase) {
  const PoissonRateControl control{.w = 1, .b = 4, .g = 0, .alpha = 0.01};
  auto out =
      DetectPoissonRate(std::vector<double>{0, 0, 0, 0, 0, 1}, std::vector<int64_t>{5, 6}, control);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->upperbound, (std::vector<std::optional<double>>{1.0, 1.0}));
  EXPECT_EQ(out->alarm, (std::vector<std::optional<bool>>{false, true}));
}

TEST(PoissonRateTest, RejectsInvalidParametersNamingThem) {
  const std::vector<double> y(20, 1.0);
  const std::vector<int64_t> range = {20};
  auto bad_w = DetectPoissonRate(y, range, {.w = 0, .b = 4, .g = 0, .alpha = 0.05});
  EXPECT_EQ(bad_w.status().message(), "control.w: must be at least 1");
  auto bad_alpha = DetectPoissonRate(y, range, {.w = 1, .b = 4, .g = 0, .alpha = 1});
  EXPECT_EQ(bad_alpha.status().message(), "control.alpha: must be in (0,1)");
  auto bad_g = DetectPoissonRate(y, range, {.w = 1, .b = 4, .g = -1, .alpha = 0.05});
  EXPECT_EQ(bad_g.status().message(), "control.g: must be at least 0");
  auto short_history =
      DetectPoissonRate(y, std::vector<int64_t>{4}, {.w = 1, .b = 4, .g = 0, .alpha = 0.05});
  EXPECT_FALSE(short_history.ok());
  EXPECT_EQ(short_history.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      std::string(short_history.status().message()).starts_with("range[0]: 4 must be at least 5"))
      << short_history.status();
}

}  // namespace
}  // namespace claimwatch::detection
