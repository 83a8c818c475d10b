#include "services/detection/farrington_flexible.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "services/detection/distributions.h"
#include "services/detection/farrington.h"
#include "services/detection/farrington_model.h"

namespace claimwatch::detection {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kNoLabel = 0;

// The labelled reference set of one time point.
struct ReferenceSet {
  std::vector<int64_t> indices{};  // 1-based, ascending
  std::vector<int64_t> labels{};   // season label 1..p of each index
};

ReferenceSet BuildReferenceSet(int64_t t, const FarringtonFlexibleControl& control) {
  const int64_t p = control.no_periods;
  const int64_t first = t - control.frequency * control.b - control.w;
  std::vector<int64_t> label(static_cast<size_t>(t - first + 1), kNoLabel);
  auto set = [&](int64_t from, int64_t to, int64_t value) {
    for (int64_t j = from; j <= to; ++j) label[static_cast<size_t>(j - first)] = value;
  };
  set(t - control.w, t, p);
  for (int64_t i = 1; i <= control.b; ++i) {
    const int64_t reference = t - control.frequency * i;
    set(reference - control.w, reference + control.w, p);
    if (p == 1) continue;
    const int64_t gap = control.frequency - 2 * control.w - 1;
    int64_t start = reference + control.w + 1;
    for (int64_t block = 1; block <= p - 1; ++block) {
      const int64_t length = gap / (p - 1) + (block <= gap % (p - 1) ? 1 : 0);
      set(start, start + length - 1, block);
      start += length;
    }
  }
  const int64_t excluded = control.past_weeks_not_included.value_or(control.w);
  set(std::max(first, t - excluded), t, kNoLabel);
  ReferenceSet references;
  for (int64_t j = first; j <= t; ++j) {
    if (label[static_cast<size_t>(j - first)] == kNoLabel) continue;
    references.indices.push_back(j);
    references.labels.push_back(label[static_cast<size_t>(j - first)]);
  }
  return references;
}

// Columns: intercept, time index, one indicator per label present other than the smallest.
struct Design {
  Eigen::MatrixXd x{};
  Eigen::VectorXd x0{};  // the row of time t in season p
};

Result<Design> BuildDesign(const ReferenceSet& references, int64_t t, int64_t p) {
  std::vector<bool> present(static_cast<size_t>(p + 1), false);
  for (int64_t label : references.labels) present[static_cast<size_t>(label)] = true;
  if (!present[static_cast<size_t>(p)]) {
    return InvalidInput(
        "control.pastWeeksNotIncluded: leaves no reference point in season "
        "noPeriods");
  }
  std::vector<int64_t> column_of(static_cast<size_t>(p + 1), -1);
  Eigen::Index columns = 2;
  bool baseline = true;
  for (int64_t level = 1; level <= p; ++level) {
    if (!present[static_cast<size_t>(level)]) continue;
    if (!baseline) column_of[static_cast<size_t>(level)] = columns++;
    baseline = false;
  }
  const auto rows = static_cast<Eigen::Index>(references.indices.size());
  Design design{Eigen::MatrixXd::Zero(rows, columns), Eigen::VectorXd::Zero(columns)};
  for (Eigen::Index j = 0; j < rows; ++j) {
    design.x(j, 0) = 1;
    design.x(j, 1) = static_cast<double>(references.indices[static_cast<size_t>(j)]);
    const int64_t column =
        column_of[static_cast<size_t>(references.labels[static_cast<size_t>(j)])];
    if (column >= 0) design.x(j, column) = 1;
  }
  design.x0[0] = 1;
  design.x0[1] = static_cast<double>(t);
  if (column_of[static_cast<size_t>(p)] >= 0) design.x0[column_of[static_cast<size_t>(p)]] = 1;
  return design;
}

struct Threshold {
  double upper = kNaN;
  double score = kNaN;
};

Threshold ComputeThreshold(const FarringtonModel& model, const Eigen::VectorXd& x0, double y_t,
                           const FarringtonFlexibleControl& control) {
  const double z = NormalQuantile(1 - control.alpha);
  const double eta0 = x0.dot(model.fit.coefficients);
  const double se_eta0 = std::sqrt(model.dispersion_se * x0.dot(model.fit.cov_unscaled * x0));
  Threshold out;
  if (control.threshold_method == ThresholdMethod::kDelta) {
    const double mu0 = LogLinkInverse(eta0);
    out.upper = FarringtonUpperBound(mu0, se_eta0 * mu0, model.phi, control.powertrans, z);
    out.score = (y_t - mu0) / (out.upper - mu0);
    return out;
  }
  const double quantile_mean = control.threshold_method == ThresholdMethod::kNbPlugin
                                   ? std::exp(eta0)
                                   : std::exp(eta0 + se_eta0 * z);
  if (quantile_mean == std::numeric_limits<double>::infinity()) return out;
  out.upper = model.phi > 1 ? NegBinomialQuantile(1 - control.alpha,
                                                  quantile_mean / (model.phi - 1), 1 / model.phi)
                            : PoissonQuantile(1 - control.alpha, quantile_mean);
  out.score = (y_t - eta0) / (out.upper - eta0);
  return out;
}

// The final model of one time point, after the trend decision; nothing if no fit converges.
std::optional<FarringtonModel> FitPoint(const Design& design, const Eigen::VectorXd& y,
                                        const FarringtonFlexibleControl& control) {
  const FarringtonModelOptions options{.reweight = control.reweight,
                                       .weights_threshold = control.weights_threshold,
                                       .flexible = true};
  auto model = FitFarringtonModel(design.x, control.trend, y, options);
  if (!model || !model->has_trend) return model;
  const double mu_trend = LogLinkInverse(design.x0.dot(model->fit.coefficients));
  const bool keep =
      control.b >= 3 && TrendPValue(*model) < control.p_threshold_trend && mu_trend <= y.maxCoeff();
  if (keep) return model;
  return FitFarringtonModel(design.x, false, y, options);
}

Result<> ValidateControl(const FarringtonFlexibleControl& control) {
  if (auto valid = ValidateReferenceWindow(control.frequency, control.b, control.w, control.alpha);
      !valid.ok()) {
    return valid;
  }
  if (!(control.weights_threshold > 0)) {
    return InvalidInput("control.weightsThreshold: must be > 0");
  }
  if (control.p_threshold_trend != control.p_threshold_trend) {
    return InvalidInput("control.pThresholdTrend: must be a number");
  }
  if (control.no_periods < 1) return InvalidInput("control.noPeriods: must be at least 1");
  if (control.no_periods > 1 && control.frequency - 2 * control.w - 1 < control.no_periods - 1) {
    return InvalidInput("control.noPeriods: too many periods for the weeks between windows");
  }
  if (control.past_weeks_not_included && *control.past_weeks_not_included < 0) {
    return InvalidInput("control.pastWeeksNotIncluded: must be >= 0");
  }
  return ValidateLimit54(control.limit54);
}

}  // namespace

Result<DetectorOutput> DetectFarringtonFlexible(std::span<const double> observed,
                                                std::span<const int64_t> range,
                                                const FarringtonFlexibleControl& control) {
  if (auto valid = ValidateControl(control); !valid.ok()) return valid;
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  const int64_t history =
      std::max(control.frequency * control.b + control.w, control.limit54.period - 1);
  if (auto valid = ValidateRange(range, observed.size(), RangeShape::kIncreasing, history,
                                 "frequency * b + w points of reference data");
      !valid.ok()) {
    return valid;
  }
  DetectorOutput out;
  for (const int64_t t : range) {
    const ReferenceSet references = BuildReferenceSet(t, control);
    auto design = BuildDesign(references, t, control.no_periods);
    if (!design.ok()) return design.status();
    Eigen::VectorXd y(static_cast<Eigen::Index>(references.indices.size()));
    for (Eigen::Index j = 0; j < y.size(); ++j) {
      y[j] = observed[static_cast<size_t>(references.indices[static_cast<size_t>(j)] - 1)];
    }
    const auto model = FitPoint(*design, y, control);
    if (!model) {
      out.alarm.push_back(std::nullopt);
      out.upperbound.push_back(std::nullopt);
      continue;
    }
    Eigen::VectorXd x0 = design->x0;
    if (!model->has_trend) x0 = WithoutTrendColumn(x0.transpose()).transpose();
    const double y_t = observed[static_cast<size_t>(t - 1)];
    const Threshold threshold = ComputeThreshold(*model, x0, y_t, control);
    const bool enough = EnoughCases(observed, t, control.limit54);
    out.upperbound.push_back(enough ? UnlessNaN(threshold.upper) : std::nullopt);
    out.alarm.push_back(enough && threshold.score > 1 && y_t != 0);
  }
  return out;
}

}  // namespace claimwatch::detection
