#include "services/detection/farrington.h"

#include <cmath>
#include <numeric>
#include <vector>

#include "services/detection/distributions.h"
#include "services/detection/farrington_model.h"

namespace claimwatch::detection {
namespace {

constexpr double kTrendSignificance = 0.05;  // fixed in algo.farrington
constexpr int64_t kMinReferencePoints = 3;

// Reference indices of t (1-based), oldest first, without those before the series start.
std::vector<int64_t> ReferenceIndices(int64_t t, const FarringtonControl& control) {
  std::vector<int64_t> indices;
  for (int64_t i = control.b; i >= 1; --i) {
    const int64_t centre = t - control.frequency * i;
    for (int64_t j = centre - control.w; j <= centre + control.w; ++j) {
      if (j >= 1) indices.push_back(j);
    }
  }
  return indices;
}

Result<> ValidateControl(const FarringtonControl& control) {
  if (auto valid = ValidateReferenceWindow(control.frequency, control.b, control.w, control.alpha);
      !valid.ok()) {
    return valid;
  }
  return ValidateLimit54(control.limit54);
}

// Output at one time point: NaN values become NA.
void AppendPoint(std::span<const double> observed, int64_t t, const FarringtonControl& control,
                 double z, DetectorOutput& out) {
  const std::vector<int64_t> indices = ReferenceIndices(t, control);
  Eigen::MatrixXd design(static_cast<Eigen::Index>(indices.size()), 2);
  Eigen::VectorXd y(design.rows());
  for (Eigen::Index j = 0; j < design.rows(); ++j) {
    design(j, 0) = 1;
    design(j, 1) = static_cast<double>(indices[static_cast<size_t>(j)]);
    y[j] = observed[static_cast<size_t>(indices[static_cast<size_t>(j)] - 1)];
  }
  const FarringtonModelOptions options{.reweight = control.reweight, .weights_threshold = 1};
  auto model = FitFarringtonModel(design, control.trend, y, options);
  if (model && model->has_trend) {
    const double mu_trend = LogLinkInverse(model->fit.coefficients[0] +
                                           model->fit.coefficients[1] * static_cast<double>(t));
    const bool keep =
        control.b >= 3 && TrendPValue(*model) < kTrendSignificance && mu_trend <= y.maxCoeff();
    if (!keep) model = FitFarringtonModel(design, false, y, options);
  }
  if (!model) {
    out.alarm.push_back(std::nullopt);
    out.upperbound.push_back(std::nullopt);
    return;
  }
  Eigen::VectorXd x0(model->has_trend ? 2 : 1);
  x0[0] = 1;
  if (model->has_trend) x0[1] = static_cast<double>(t);
  const double mu0 = LogLinkInverse(x0.dot(model->fit.coefficients));
  const double se_mu0 = std::sqrt(model->phi * x0.dot(model->fit.cov_unscaled * x0)) * mu0;
  const double upper = FarringtonUpperBound(mu0, se_mu0, model->phi, control.powertrans, z);
  const bool enough = EnoughCases(observed, t, control.limit54);
  const double y_t = observed[static_cast<size_t>(t - 1)];
  const double score = enough ? (y_t - mu0) / (upper - mu0) : 0;
  out.upperbound.push_back(UnlessNaN(enough ? upper : 0));
  out.alarm.push_back(score != score ? std::nullopt : std::optional<bool>(score > 1));
}

}  // namespace

Result<> ValidateLimit54(const Limit54& limit54) {
  if (!(limit54.cases >= 0) || !std::isfinite(limit54.cases)) {
    return InvalidInput("control.limit54[0]: cases must be a finite number >= 0");
  }
  if (limit54.period < 1) return InvalidInput("control.limit54[1]: period must be at least 1");
  return absl::OkStatus();
}

bool EnoughCases(std::span<const double> observed, int64_t t, const Limit54& limit54) {
  const auto recent = observed.subspan(static_cast<size_t>(t - limit54.period),
                                       static_cast<size_t>(limit54.period));
  return std::accumulate(recent.begin(), recent.end(), 0.0) >= limit54.cases;
}

Result<DetectorOutput> DetectFarrington(std::span<const double> observed,
                                        std::span<const int64_t> range,
                                        const FarringtonControl& control) {
  if (auto valid = ValidateControl(control); !valid.ok()) return valid;
  if (auto valid = ValidateObserved(observed); !valid.ok()) return valid;
  if (auto valid = ValidateRange(range, observed.size(), RangeShape::kIncreasing,
                                 control.limit54.period - 1, "control.limit54[1] - 1 points");
      !valid.ok()) {
    return valid;
  }
  const auto references = static_cast<int64_t>(ReferenceIndices(range[0], control).size());
  if (references < kMinReferencePoints) {
    return InvalidInput(StrCat("range[0]: ", range[0], " has ", references,
                               " reference points (b, w and frequency); at least ",
                               kMinReferencePoints, " are needed"));
  }
  const double z = NormalQuantile(1 - control.alpha / 2);
  DetectorOutput out;
  for (const int64_t t : range) AppendPoint(observed, t, control, z, out);
  return out;
}

}  // namespace claimwatch::detection
