#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "services/detection/detector_output.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// Poisson GLR detector for an increase of the intercept (R: surveillance::glrpois /
// algo.glrnb with alpha = 0, 1.20.3; Mtilde = 1, M = −1, change = "intercept", dir = "inc").
//   In-control mean μ0_t: unless given, a Poisson GLM
//     log μ0_t = β0 [+ β1·t] + Σ_{s=1..S} (γ_s cos(2πst/f) + δ_s sin(2πst/f)), f = frequency,
//   fitted on t = 1 .. range[0] − 1 and predicted on the range (not refitted after alarms).
//   Counts enter as integers (R's as.integer truncates).
//   GLR_n = max_{s<=j<=n} [κ_j·X_j + (1 − e^κ_j)·M_j] over the current segment starting at s,
//   X_j = Σ_{i=j..n} y_i, M_j = Σ_{i=j..n} μ0_i, κ_j = max(0, log(X_j/M_j)).
//   alarm = GLR_n >= c.ARL; after an alarm a new segment starts at n + 1.
//   upperbound: ret = "value" → GLR_n; ret = "cases" → the smallest integer x >= 0 such that
//   GLR_n with y_n replaced by x reaches c.ARL (same segment), so alarm ⇔ y_n >= upperbound.
enum class GlrReturn { kValue, kCases };

struct GlrPoissonControl {
  double c_arl = 5;                   // R: c.ARL, threshold > 0
  GlrReturn ret = GlrReturn::kValue;  // R: ret; R's default is "value"
  int harmonics = 1;                  // R: mu0$S, harmonics of the in-control model, >= 0
  bool trend = false;                 // R: mu0$trend, linear time trend in the in-control model
  int64_t frequency = 52;             // points per season (the sts frequency), >= 1
  std::vector<double> mu0{};          // R: mu0 as a vector: μ0 per range point (skips the GLM)
};

// Evaluates a contiguous `range` (1-based). Without control.mu0 the in-control GLM needs at
// least as many points before range[0] as it has coefficients (1 + trend + 2S).
[[nodiscard]] Result<DetectorOutput> DetectGlrPoisson(std::span<const double> observed,
                                                      std::span<const int64_t> range,
                                                      const GlrPoissonControl& control);

}  // namespace claimwatch::detection
