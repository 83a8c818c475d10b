#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "services/detection/detector_output.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// Poisson CUSUM on standardised counts (R: surveillance::algo.cusum / cusum, 1.20.3,
// trans = "standard"):
//   m = mean(y[1 .. range[0] − 1]) unless given; one constant for the whole range.
//   z_t = (y_t − m)/√m;  S_0 = 0, S_t = max(0, S_{t−1} + z_t − k) over the range (no reset).
//   alarm = S_t >= h;  upperbound = ceiling(√m·(h + k − S_{t−1}) + m), NaN or < 0 read as 0.
// For integer counts alarm ⇔ y_t >= upperbound (not >). With m = 0 the statistic is undefined
// as in R: z = +Inf for y > 0 and NaN for y = 0, and NaN propagates to an NA alarm.
struct CusumControl {
  double k = 1.04;            // R: k, reference value (allowance); finite
  double h = 2.26;            // R: h, decision limit; finite
  std::optional<double> m{};  // R: m, in-control mean >= 0; unset: mean before the range
};

// Evaluates a contiguous `range` (1-based); needs range[0] >= 2 unless control.m is set.
[[nodiscard]] Result<DetectorOutput> DetectCusum(std::span<const double> observed,
                                                 std::span<const int64_t> range,
                                                 const CusumControl& control);

}  // namespace claimwatch::detection
