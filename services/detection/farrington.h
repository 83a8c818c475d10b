#pragma once

#include <cstdint>
#include <span>

#include "services/detection/detector_output.h"
#include "services/detection/farrington_options.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// Farrington et al. (1996) (R: surveillance::algo.farrington / farrington, 1.20.3, fitFun
// "algo.farrington.fitGLM.fast", index-based reference weeks). For each t in the range:
//   reference points t − f·i − w .. t − f·i + w for i = b..1 (f = frequency; indices < 1 are
//   dropped), regressor = the index itself; the FarringtonModel with weight threshold 1;
//   the trend is kept iff b >= 3, its t-test p-value (dispersion D1, df N − 2) < 0.05 and
//   exp(β0 + β1·t) <= max(reference counts); otherwise the model is refitted without it.
//   μ0 = exp(x0ᵀβ), se(μ0) = μ0·√(φ·x0ᵀ(XᵀWX)⁻¹x0), U = FarringtonUpperBound(μ0, se, φ,
//   powertrans, z = qnorm(1 − alpha/2)) (two-sided alpha).
//   upperbound = U if the limit54 rule holds, else 0 (not NA);
//   alarm = rule holds and (y_t − μ0)/(U − μ0) > 1.
struct FarringtonControl {
  int64_t b = 5;         // R: b, years back, >= 1
  int64_t w = 3;         // R: w, half window, >= 0 and 2w + 1 <= frequency
  bool reweight = true;  // R: reweight
  double alpha = 0.05;   // R: alpha in (0, 1)
  bool trend = true;     // R: trend, try a linear time trend
  Limit54 limit54{};     // R: limit54
  PowerTransform powertrans = PowerTransform::kTwoThirds;  // R: powertrans
  int64_t frequency = 52;                                  // points per year (the sts frequency)
};

// Evaluates `range` (1-based, strictly increasing). The first point needs at least 3 reference
// points and limit54.period − 1 points before it.
[[nodiscard]] Result<DetectorOutput> DetectFarrington(std::span<const double> observed,
                                                      std::span<const int64_t> range,
                                                      const FarringtonControl& control);

// Whether the limit54 rule holds at t (1-based, t >= period).
bool EnoughCases(std::span<const double> observed, int64_t t, const Limit54& limit54);

// The common validation of limit54: names the field on error.
[[nodiscard]] Result<> ValidateLimit54(const Limit54& limit54);

}  // namespace claimwatch::detection
