#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "services/detection/detector_output.h"
#include "services/detection/farrington_options.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// How farringtonFlexible turns the prediction into a threshold (R: thresholdMethod).
enum class ThresholdMethod {
  kDelta,     // "delta": the 1996 interval on the response scale, one-sided z
  kNbPlugin,  // "nbPlugin": NB/Poisson quantile at μ0 = exp(η0)
  kMuan,      // "muan": NB/Poisson quantile at exp(η0 + z·se(η0)) (Noufaily et al. 2012)
};

// Improved Farrington (Noufaily et al. 2012) as R's surveillance::farringtonFlexible 1.20.3
// codes it (index-based reference weeks, no population offset). For each t:
//   references r_i = t − f·i, i = 0..b. Season labels: p = noPeriods on [t − w, t] and on every
//   [r_i − w, r_i + w]; when p > 1 each gap r_i + w + 1 .. r_{i−1} − w − 1 (P_i points) is cut
//   into p − 1 consecutive blocks labelled 1..p−1, the first P_i mod (p − 1) one point longer.
//   Points t − pastWeeksNotIncluded .. t are dropped; the labelled rest of t − f·b − w .. t
//   is the reference set. Model: log μ = β0 + β1·j + season-label factor (treatment contrasts,
//   smallest label as baseline; no factor when p = 1), fitted as a FarringtonModel with
//   weightsThreshold and the flexible quirks (D* after reweighting, else D1). Unlike R, noPeriods
//   must leave every block at least one point (R then overlaps the blocks).
//   Trend kept iff b >= 3, p-value (dispersion D*) < pThresholdTrend and the predicted mean at t
//   <= max(reference counts); otherwise refitted without it.
//   η0 = x0ᵀβ at t and season p; se(η0) = √(D*·x0ᵀ(XᵀWX)⁻¹x0) (R passes φ where it is ignored).
//   "muan": μq = exp(η0 + z·se), z = qnorm(1 − alpha) (one-sided); "nbPlugin": μq = exp(η0);
//   U = qnbinom(1 − alpha, size = μq/(φ − 1), prob = 1/φ) if φ > 1, else qpois(1 − alpha, μq);
//   U = NA when μq = Inf. score = (y_t − η0)/(U − η0) (η0 on the log scale, as in R).
//   "delta": U = FarringtonUpperBound(exp(η0), exp(η0)·se, φ, powertrans, z), score =
//   (y_t − exp(η0))/(U − exp(η0)).
//   upperbound = U if the limit54 rule holds, else NA; alarm = rule holds, score > 1, y_t != 0.
//   A point whose model does not converge (with or without trend) is NA/NA.
struct FarringtonFlexibleControl {
  int64_t b = 5;                    // R: b, years back, >= 1
  int64_t w = 3;                    // R: w, half window, >= 0, 2w + 1 <= frequency
  bool reweight = true;             // R: reweight
  double weights_threshold = 2.58;  // R: weightsThreshold, > 0
  double alpha = 0.05;              // R: alpha in (0, 1)
  bool trend = true;                // R: trend
  double p_threshold_trend = 0.05;  // R: pThresholdTrend
  Limit54 limit54{};                // R: limit54
  PowerTransform powertrans = PowerTransform::kTwoThirds;      // R: powertrans ("delta" only)
  int64_t no_periods = 1;                                      // R: noPeriods, >= 1
  std::optional<int64_t> past_weeks_not_included{};            // R: pastWeeksNotIncluded; unset: w
  ThresholdMethod threshold_method = ThresholdMethod::kDelta;  // R: thresholdMethod
  int64_t frequency = 52;  // points per year (the sts frequency)
};

// Evaluates `range` (1-based, strictly increasing); range[0] must exceed f·b + w.
[[nodiscard]] Result<DetectorOutput> DetectFarringtonFlexible(
    std::span<const double> observed, std::span<const int64_t> range,
    const FarringtonFlexibleControl& control);

}  // namespace claimwatch::detection
