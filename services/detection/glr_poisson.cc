#include "services/detection/glr_poisson.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "services/detection/poisson_glm.h"

namespace claimwatch::detection {
namespace {

// Past this many cases the search for the alarm count gives up (R's xMax is 1e4 for the
// negative binomial search; the Poisson bound is exact, so this only guards the loop).
constexpr double kLargestCases = 9007199254740992.0;

// κ·X + (1 − e^κ)·M with κ = max(0, log(X/M)): the log-likelihood ratio of the best increased
// intercept for a window with X cases against M expected.
double GlrTerm(double cases, double expected) {
  const double kappa = cases > 0 ? std::max(0.0, std::log(cases / expected)) : 0.0;
  return kappa * cases + (1 - std::exp(kappa)) * expected;
}

// GLR at the last point of the segment, with its count replaced by `last`.
double GlrStatistic(std::span<const double> counts, std::span<const double> mu0, double last) {
  double cases = last;
  double expected = mu0.back();
  double best = GlrTerm(cases, expected);
  for (size_t j = counts.size() - 1; j-- > 0;) {
    cases += counts[j];
    expected += mu0[j];
    best = std::max(best, GlrTerm(cases, expected));
  }
  return best;
}

// The smallest integer count at the last point that makes the GLR reach c.ARL.
double CasesForAlarm(std::span<const double> counts, std::span<const double> mu0, double c_arl) {
  auto alarms = [&](double x) { return GlrStatistic(counts, mu0, x) >= c_arl; };
  if (alarms(0)) return 0;
  double low = 0;  // does not alarm
  double high = std::max(1.0, std::ceil(mu0.back()));
  while (!alarms(high)) {
    if (high >= kLargestCases) return high;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const double mid = std::floor(low + (high - low) / 2);
    (alarms(mid) ? high : low) = mid;
  }
  return high;
}

Result<std::vector<double>> InControlMean(std::span<const double> counts,
                                          std::span<const int64_t> range,
                                          const GlrPoissonControl& control) {
  if (!control.mu0.empty()) {
    if (control.mu0.size() != range.size()) {
      return InvalidInput(
          StrCat("control.mu0: has ", control.mu0.size(), " values, the range has ", range.size()));
    }
    for (double mu : control.mu0) {
      if (!(std::isfinite(mu) && mu > 0)) return InvalidInput("control.mu0: must be > 0");
    }
    return control.mu0;
  }
  const auto columns = 1 + (control.trend ? 1 : 0) + 2 * control.harmonics;
  const auto training = range[0] - 1;
  if (training < columns) {
    return InvalidInput(StrCat("range[0]: the in-control model has ", columns,
                               " coefficients and needs at least that many points before "
                               "range[0] (or give control.mu0)"));
  }
  auto design_row = [&](int64_t t) {
    Eigen::RowVectorXd row(columns);
    Eigen::Index c = 0;
    row[c++] = 1;
    if (control.trend) row[c++] = static_cast<double>(t);
    for (int s = 1; s <= control.harmonics; ++s) {
      const double angle = 2 * std::numbers::pi * s / static_cast<double>(control.frequency) *
                           static_cast<double>(t);
      row[c++] = std::cos(angle);
      row[c++] = std::sin(angle);
    }
    return row;
  };
  Eigen::MatrixXd x(training, columns);
  Eigen::VectorXd y(training);
  for (int64_t t = 1; t <= training; ++t) {
    x.row(t - 1) = design_row(t);
    y[t - 1] = counts[static_cast<size_t>(t - 1)];
  }
  const PoissonGlmFit fit = FitPoissonGlm(x, y, Eigen::VectorXd::Ones(training));
  if (!fit.full_rank) {
    return InvalidInput(
        "range[0]: the in-control model is rank deficient on the points before "
        "range[0] (give more history or control.mu0)");
  }
  std::vector<double> mu0;
  for (const int64_t t : range) mu0.push_back(LogLinkInverse(design_row(t).dot(fit.coefficients)));
  return mu0;
}

}  // namespace

Result<DetectorOutput> DetectGlrPoisson(std::span<const double> observed,
                                        std::span<const int64_t> range,
                                        const GlrPoissonControl& control) {
  if (!(std::isfinite(control.c_arl) && control.c_arl > 0)) {
    return InvalidInput("control.c.ARL: must be a finite number > 0");
  }
  if (control.harmonics < 0) return InvalidInput("control.mu0Model.S: must be >= 0");
  if (control.frequency < 1) return InvalidInput("frequency: must be >= 1");
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  if (auto valid = ValidateRange(range, observed.size(), RangeShape::kContiguous,
                                 control.mu0.empty() ? 1 : 0, "points to fit the in-control mean");
      !valid.ok()) {
    return valid;
  }
  std::vector<double> counts(observed.size());
  std::transform(observed.begin(), observed.end(), counts.begin(),
                 [](double y) { return std::trunc(y); });
  auto mu0 = InControlMean(counts, range, control);
  if (!mu0.ok()) return mu0.status();
  const std::span<const double> range_counts(counts.data() + (range[0] - 1), range.size());
  DetectorOutput out;
  size_t segment_start = 0;
  for (size_t n = 0; n < range.size(); ++n) {
    const auto counts_so_far = range_counts.subspan(segment_start, n - segment_start + 1);
    const auto mu0_so_far =
        std::span<const double>(*mu0).subspan(segment_start, n - segment_start + 1);
    const double glr = GlrStatistic(counts_so_far, mu0_so_far, range_counts[n]);
    const bool alarm = glr >= control.c_arl;
    out.alarm.push_back(alarm);
    out.upperbound.push_back(control.ret == GlrReturn::kValue
                                 ? glr
                                 : CasesForAlarm(counts_so_far, mu0_so_far, control.c_arl));
    if (alarm) segment_start = n + 1;
  }
  return out;
}

}  // namespace claimwatch::detection
