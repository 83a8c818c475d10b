#include "services/detection/cusum.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "services/detection/sample_statistics.h"

namespace claimwatch::detection {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// (y − m)/√m with R's answers for m = 0, written without a division by zero.
double Standardise(double y, double m) {
  if (m > 0) return (y - m) / std::sqrt(m);
  return y > 0 ? std::numeric_limits<double>::infinity() : kNaN;
}

// R's max(0, x): NaN propagates.
double ClampBelowAtZero(double x) { return x != x ? kNaN : std::max(0.0, x); }

}  // namespace

Result<DetectorOutput> DetectCusum(std::span<const double> observed, std::span<const int64_t> range,
                                   const CusumControl& control) {
  if (!std::isfinite(control.k)) return InvalidInput("control.k: must be a finite number");
  if (!std::isfinite(control.h)) return InvalidInput("control.h: must be a finite number");
  if (control.m && !(std::isfinite(*control.m) && *control.m >= 0)) {
    return InvalidInput("control.m: must be a finite number >= 0");
  }
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  if (auto valid = ValidateRange(range, observed.size(), RangeShape::kContiguous, control.m ? 0 : 1,
                                 "one point to estimate the in-control mean control.m");
      !valid.ok()) {
    return valid;
  }
  const double m =
      control.m ? *control.m : SampleMean(observed.first(static_cast<size_t>(range[0] - 1)));
  DetectorOutput out;
  double previous = 0;  // S_{t−1}
  for (const int64_t t : range) {
    const double y = observed[static_cast<size_t>(t - 1)];
    double upper = std::ceil(std::sqrt(m) * (control.h + control.k - previous) + m);
    if (upper != upper || upper < 0) upper = 0;
    const double current = ClampBelowAtZero(previous + (Standardise(y, m) - control.k));
    out.upperbound.push_back(upper);
    out.alarm.push_back(current != current ? std::nullopt
                                           : std::optional<bool>(current >= control.h));
    previous = current;
  }
  return out;
}

}  // namespace claimwatch::detection
