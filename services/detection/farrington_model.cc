#include "services/detection/farrington_model.h"

#include <cmath>

#include "services/detection/distributions.h"

namespace claimwatch::detection {
namespace {

// Anscombe residuals of a Poisson fit scaled by the dispersion and the leverages.
Eigen::VectorXd AnscombeResiduals(const PoissonGlmFit& fit, const Eigen::VectorXd& y, double phi) {
  Eigen::VectorXd s(y.size());
  for (Eigen::Index j = 0; j < y.size(); ++j) {
    const double mu = fit.fitted[j];
    const double a = 1.5 * (std::pow(y[j], 2.0 / 3.0) * std::pow(mu, -1.0 / 6.0) - std::sqrt(mu));
    s[j] = a / std::sqrt(phi * (1 - fit.leverages[j]));
  }
  return s;
}

// Down-weights points with large residuals; nothing if a residual is undefined.
std::optional<Eigen::VectorXd> ReferenceWeights(const Eigen::VectorXd& s, double threshold) {
  double sum = 0;
  for (double r : s) {
    if (r != r) return std::nullopt;
    sum += r > threshold ? 1 / (r * r) : 1.0;
  }
  const double gamma = static_cast<double>(s.size()) / sum;
  return s.unaryExpr([&](double r) { return r > threshold ? gamma * (1 / (r * r)) : gamma; });
}

}  // namespace

Eigen::MatrixXd WithoutTrendColumn(const Eigen::MatrixXd& design) {
  const Eigen::Index rest = design.cols() - 2;
  Eigen::MatrixXd reduced(design.rows(), design.cols() - 1);
  reduced.col(0) = design.col(0);
  if (rest > 0) reduced.rightCols(rest) = design.rightCols(rest);
  return reduced;
}

std::optional<FarringtonModel> FitFarringtonModel(const Eigen::MatrixXd& design, bool trend,
                                                  const Eigen::VectorXd& y,
                                                  const FarringtonModelOptions& options) {
  FarringtonModel model;
  model.has_trend = trend;
  Eigen::MatrixXd x = trend ? design : WithoutTrendColumn(design);
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(y.size());
  model.fit = FitPoissonGlm(x, y, ones);
  if (model.fit.full_rank && !model.fit.converged && model.has_trend) {
    model.has_trend = false;
    x = WithoutTrendColumn(design);
    model.fit = FitPoissonGlm(x, y, ones);
  }
  if (!model.fit.full_rank || (options.flexible && !model.fit.converged)) return std::nullopt;
  model.dispersion_raw = PearsonDispersion(model.fit, model.fit.working_weights);
  model.phi = MaxPropagatingNaN(model.dispersion_raw, 1);
  model.dispersion_se = model.dispersion_raw;
  if (!options.reweight) return model;

  const auto omega =
      ReferenceWeights(AnscombeResiduals(model.fit, y, model.phi), options.weights_threshold);
  if (!omega) return std::nullopt;
  model.fit = FitPoissonGlm(x, y, *omega);
  if (!model.fit.full_rank) return std::nullopt;
  model.dispersion_raw = PearsonDispersion(model.fit, model.fit.working_weights);
  model.phi = MaxPropagatingNaN(model.dispersion_raw, 1);
  model.dispersion_se =
      options.flexible ? PearsonDispersion(model.fit, *omega) : model.dispersion_raw;
  return model;
}

double TrendPValue(const FarringtonModel& model) {
  const double se = std::sqrt(model.dispersion_se * model.fit.cov_unscaled(1, 1));
  return StudentTTwoSidedPValue(model.fit.coefficients[1] / se, model.fit.residual_df);
}

double FarringtonUpperBound(double mu0, double se_mu0, double phi, PowerTransform transform,
                            double z) {
  const double tau = phi + (se_mu0 * se_mu0) / mu0;
  switch (transform) {
    case PowerTransform::kNone:
      return mu0 + z * std::sqrt(mu0 * tau);
    case PowerTransform::kSquareRoot: {
      const double root = std::sqrt(mu0) + z * std::sqrt(0.25 * tau);
      return root * root;
    }
    case PowerTransform::kTwoThirds: {
      const double exponent = 2.0 / 3.0;
      const double sigma = std::sqrt(4.0 / 9.0 * std::pow(mu0, 1.0 / 3.0) * tau);
      return std::pow(std::pow(mu0, exponent) + z * sigma, 1 / exponent);
    }
  }
  return std::nan("");
}

Result<> ValidateReferenceWindow(int64_t frequency, int64_t b, int64_t w, double alpha) {
  if (frequency < 1) return InvalidInput("frequency: must be >= 1");
  if (b < 1) return InvalidInput("control.b: must be at least 1");
  if (w < 0 || 2 * w + 1 > frequency) {
    return InvalidInput("control.w: must be in 0..(frequency - 1)/2");
  }
  if (!(alpha > 0 && alpha < 1)) return InvalidInput("control.alpha: must be in (0,1)");
  return absl::OkStatus();
}

}  // namespace claimwatch::detection
