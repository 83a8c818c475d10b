#pragma once

#include <cstdint>
#include <span>

#include "services/detection/detector_output.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// Poisson rate test of a recent window against a trailing baseline (claimwatch's own method,
// "poisson-rate"; not in R's surveillance). For each time point t of the range:
//   window    W(t) = t − w + 1 .. t                      (w points, ending at t)
//   baseline  B(t) = t − w − g − b + 1 .. t − w − g      (b points, ending g points before W)
//   observed  O(t) = Σ_{i in W} y_i
//   expected  E(t) = w · (Σ_{i in B} y_i) / b           (the baseline rate over the window)
//   p(t)      = P(X >= O(t)) for X ~ Poisson(E(t))      (E = 0: 1 if O = 0, else 0)
//   upperbound = the smallest count k with P(X >= k) < alpha, a threshold on O(t) (the window
//                total, which is y_t when w = 1)
//   alarm     = p(t) < alpha, which is equivalent to O(t) >= upperbound.
// An all-zero baseline makes E = 0 and upperbound = 1: the first case after b quiet points
// alarms. No dispersion or seasonality adjustment: use Farrington for seasonal series.
struct PoissonRateControl {
  int64_t w = 4;        // window length in points, >= 1
  int64_t b = 52;       // baseline length in points, >= 1
  int64_t g = 2;        // guard gap between baseline and window in points, >= 0
  double alpha = 0.01;  // significance level in (0, 1)
};

// Evaluates `range` (1-based, strictly increasing); range[0] must be >= w + g + b.
[[nodiscard]] Result<DetectorOutput> DetectPoissonRate(std::span<const double> observed,
                                                       std::span<const int64_t> range,
                                                       const PoissonRateControl& control);

}  // namespace claimwatch::detection
