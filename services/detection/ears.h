#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "services/detection/detector_output.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// CDC's Early Aberration Reporting System statistics (R: surveillance::earsC, 1.20.3).
//
// With B = baseline, z = qnorm(1 − alpha) (one-sided) and, for a window R, Ȳ = mean(R),
// S = max(sd(R), minSigma) (sd with denominator |R| − 1):
//   C1: R1(t) = y[t−B .. t−1].    U1 = Ȳ1 + z·S1; alarm = y_t > U1 (strict).
//   C2: R2(t) = y[t−B−2 .. t−3]   (two points of guard band). U2 = Ȳ2 + z·S2; alarm = y_t > U2.
//   C3: the CDC definition (Hutwagner et al. 2003), NOT R's code:
//       C2(s) = (y_s − Ȳ2(s)) / S2(s),   L(t) = Σ_{s=t−2,t−1} max(0, C2(s) − 1),
//       C3(t) = L(t) + max(0, C2(t) − 1);  alarm = C3(t) > z.
//       upperbound = Ȳ2(t) + S2(t)·(1 + z − L(t)) when L(t) <= z, so that alarm ⇔ y_t > U;
//       when L(t) > z the two previous points already force the alarm whatever y_t is, and the
//       upperbound is reported as 0.
//       A zero S2(s) gives C2(s) = +Inf above the baseline mean, −Inf below it, and 0 when
//       y_s equals it (R would produce NaN there and report NA).
//   R's earsC codes C3 differently: U3 = max(0, y_t + S2(t)·(z − L(t))), alarm = y_t > U3.
//   So R never uses the current week's own term C2(t): with S2(t) > 0 it alarms iff L(t) > z.
//   The two agree on the alarm wherever C2(t) <= 1 (and the bounds differ by exactly
//   Ȳ2(t) + S2(t) − y_t where L(t) <= z); they disagree where the current week alone (or with
//   the two before it) crosses the threshold. See services/detection/README.md.
// No minimum-count rule. Needs B, B+2 or B+4 points before the first range point.
struct EarsControl {
  int64_t baseline = 7;           // R: baseline; at least 3
  double min_sigma = 0;           // R: minSigma; >= 0
  std::optional<double> alpha{};  // R: alpha in (0, 1); unset: 0.001 for C1/C2, 0.025 for C3
};

enum class EarsVariant { kC1, kC2, kC3 };

// Points needed before the first range point: baseline, baseline + 2 or baseline + 4.
int64_t EarsRequiredHistory(EarsVariant variant, const EarsControl& control);

// Evaluates `range` (1-based, strictly increasing) of `observed`. Unlike R, C3 does not need a
// contiguous range: each point is computed from the series alone.
[[nodiscard]] Result<DetectorOutput> DetectEars(EarsVariant variant,
                                                std::span<const double> observed,
                                                std::span<const int64_t> range,
                                                const EarsControl& control);

}  // namespace claimwatch::detection
