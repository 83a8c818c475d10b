#include "services/detection/ears.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "services/detection/distributions.h"
#include "services/detection/sample_statistics.h"

namespace claimwatch::detection {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Baseline {
  double mean = 0;
  double sigma = 0;  // max(sd, minSigma)
};

// Mean and sigma of y[t−lag−B+1 .. t−lag] (1-based t): lag 1 for C1, 3 for C2.
Baseline BaselineAt(std::span<const double> observed, int64_t t, int64_t lag,
                    const EarsControl& control) {
  const auto window = observed.subspan(static_cast<size_t>(t - lag - control.baseline),
                                       static_cast<size_t>(control.baseline));
  return {SampleMean(window), std::max(SampleSd(window), control.min_sigma)};
}

// C2(s) with the 0/0 case read as "no deviation".
double StandardisedDeviation(double y, const Baseline& baseline) {
  const double deviation = y - baseline.mean;
  if (baseline.sigma > 0) return deviation / baseline.sigma;
  if (deviation > 0) return kInf;
  if (deviation < 0) return -kInf;
  return 0;
}

double Observed(std::span<const double> observed, int64_t t) {
  return observed[static_cast<size_t>(t - 1)];
}

void AppendC1C2(std::span<const double> observed, int64_t t, int64_t lag, double z,
                const EarsControl& control, DetectorOutput& out) {
  const Baseline baseline = BaselineAt(observed, t, lag, control);
  const double upper = baseline.mean + z * baseline.sigma;
  out.upperbound.push_back(upper);
  out.alarm.push_back(Observed(observed, t) > upper);
}

void AppendC3(std::span<const double> observed, int64_t t, double z, const EarsControl& control,
              DetectorOutput& out) {
  double carried = 0;  // L(t)
  for (int64_t s = t - 2; s < t; ++s) {
    const double c2 =
        StandardisedDeviation(Observed(observed, s), BaselineAt(observed, s, 3, control));
    carried += std::max(0.0, c2 - 1);
  }
  const Baseline baseline = BaselineAt(observed, t, 3, control);
  const double c2 = StandardisedDeviation(Observed(observed, t), baseline);
  const double c3 = carried + std::max(0.0, c2 - 1);
  out.alarm.push_back(c3 > z);
  out.upperbound.push_back(carried <= z ? baseline.mean + baseline.sigma * (1 + z - carried) : 0.0);
}

}  // namespace

int64_t EarsRequiredHistory(EarsVariant variant, const EarsControl& control) {
  switch (variant) {
    case EarsVariant::kC1:
      return control.baseline;
    case EarsVariant::kC2:
      return control.baseline + 2;
    case EarsVariant::kC3:
      return control.baseline + 4;
  }
  return control.baseline + 4;
}

Result<DetectorOutput> DetectEars(EarsVariant variant, std::span<const double> observed,
                                  std::span<const int64_t> range, const EarsControl& control) {
  if (control.baseline < 3) return InvalidInput("control.baseline: must be at least 3");
  if (!(control.min_sigma >= 0) || !std::isfinite(control.min_sigma)) {
    return InvalidInput("control.minSigma: must be a finite number >= 0");
  }
  const double alpha = control.alpha.value_or(variant == EarsVariant::kC3 ? 0.025 : 0.001);
  if (!(alpha > 0 && alpha < 1)) return InvalidInput("control.alpha: must be in (0,1)");
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  const int64_t history = EarsRequiredHistory(variant, control);
  if (auto valid = ValidateRange(
          range, observed.size(), RangeShape::kIncreasing, history,
          StrCat(history, " points of baseline (control.baseline = ", control.baseline, ")"));
      !valid.ok()) {
    return valid;
  }
  const double z = NormalQuantile(1 - alpha);
  DetectorOutput out;
  for (const int64_t t : range) {
    switch (variant) {
      case EarsVariant::kC1:
        AppendC1C2(observed, t, 1, z, control, out);
        break;
      case EarsVariant::kC2:
        AppendC1C2(observed, t, 3, z, control, out);
        break;
      case EarsVariant::kC3:
        AppendC3(observed, t, z, control, out);
        break;
    }
  }
  return out;
}

}  // namespace claimwatch::detection
