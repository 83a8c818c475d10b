#include "services/detection/poisson_rate.h"

#include <cmath>
#include <numeric>

#include "services/detection/distributions.h"

namespace claimwatch::detection {
namespace {

// Past 2^53 consecutive counts are no longer representable; only reachable for absurd rates.
constexpr double kLargestCount = 9007199254740992.0;

double Sum(std::span<const double> observed, int64_t first, int64_t length) {
  const auto part = observed.subspan(static_cast<size_t>(first - 1), static_cast<size_t>(length));
  return std::accumulate(part.begin(), part.end(), 0.0);
}

// The smallest integer k >= 1 with P(X >= k) < alpha (P(X >= 0) = 1 never is).
double AlarmThreshold(double expected, double alpha) {
  auto below = [&](double k) { return PoissonUpperTail(k, expected) < alpha; };
  double low = 0;  // P(X >= 0) = 1 >= alpha
  double high = std::max(1.0, std::ceil(expected));
  while (!below(high)) {
    if (high >= kLargestCount) return high;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const double mid = std::floor(low + (high - low) / 2);
    (below(mid) ? high : low) = mid;
  }
  return high;
}

}  // namespace

Result<DetectorOutput> DetectPoissonRate(std::span<const double> observed,
                                         std::span<const int64_t> range,
                                         const PoissonRateControl& control) {
  if (control.w < 1) return InvalidInput("control.w: must be at least 1");
  if (control.b < 1) return InvalidInput("control.b: must be at least 1");
  if (control.g < 0) return InvalidInput("control.g: must be at least 0");
  if (!(control.alpha > 0 && control.alpha < 1)) {
    return InvalidInput("control.alpha: must be in (0,1)");
  }
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  const int64_t history = control.w - 1 + control.g + control.b;
  if (auto valid = ValidateRange(range, observed.size(), RangeShape::kIncreasing, history,
                                 "w - 1 + g + b points of window and baseline");
      !valid.ok()) {
    return valid;
  }
  DetectorOutput out;
  for (const int64_t t : range) {
    const double window = Sum(observed, t - control.w + 1, control.w);
    const double baseline = Sum(observed, t - control.w - control.g - control.b + 1, control.b);
    const double expected =
        static_cast<double>(control.w) * baseline / static_cast<double>(control.b);
    const double threshold = AlarmThreshold(expected, control.alpha);
    out.upperbound.push_back(threshold);
    out.alarm.push_back(window >= threshold);
  }
  return out;
}

}  // namespace claimwatch::detection
