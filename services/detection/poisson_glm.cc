#include "services/detection/poisson_glm.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace claimwatch::detection {
namespace {

constexpr int kMaxIterations = 25;            // glm.control(maxit = 25)
constexpr double kConvergenceEpsilon = 1e-8;  // glm.control(epsilon = 1e-8)
// glm.fit passes min(1e-7, epsilon / 1000) to its QR as the rank tolerance.
constexpr double kRankTolerance = 1e-11;

double UnitDeviance(double y, double mu) {
  const double log_term = y > 0 ? y * std::log(y / mu) : 0.0;
  return 2 * (log_term - (y - mu));
}

double Deviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu,
                const Eigen::VectorXd& prior_weights) {
  double sum = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) sum += prior_weights[i] * UnitDeviance(y[i], mu[i]);
  return sum;
}

Eigen::VectorXd LinkInverse(const Eigen::VectorXd& eta) {
  return eta.unaryExpr([](double e) { return LogLinkInverse(e); });
}

// Covariance and leverages from the QR of √W·X of the last iteration.
void SetQrQuantities(const Eigen::ColPivHouseholderQR<Eigen::MatrixXd>& qr, PoissonGlmFit& fit) {
  const Eigen::Index p = qr.cols();
  const Eigen::Index n = qr.rows();
  const Eigen::MatrixXd r = qr.matrixR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd r_inverse =
      r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
  const Eigen::MatrixXd permuted = r_inverse * r_inverse.transpose();
  fit.cov_unscaled = qr.colsPermutation() * permuted * qr.colsPermutation().transpose();
  const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, p);
  fit.leverages = q.rowwise().squaredNorm();
}

}  // namespace

double LogLinkInverse(double eta) {
  return std::max(std::exp(eta), std::numeric_limits<double>::epsilon());
}

PoissonGlmFit FitPoissonGlm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                            const Eigen::VectorXd& prior_weights) {
  assert(x.rows() == y.size() && y.size() == prior_weights.size());
  PoissonGlmFit fit;
  // Zero prior weights drop an observation, as in glm.fit: no row in the least squares (its
  // scaled row is zero), no residual degree of freedom.
  const auto used = (prior_weights.array() > 0).count();
  fit.residual_df = static_cast<int>(used - x.cols());
  Eigen::VectorXd eta = (y.array() + 0.1).log().matrix();
  Eigen::VectorXd mu = LinkInverse(eta);
  double deviance_old = Deviance(y, mu, prior_weights);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x.rows(), x.cols());
  qr.setThreshold(kRankTolerance);
  Eigen::VectorXd sqrt_weights;
  for (int iteration = 1; iteration <= kMaxIterations; ++iteration) {
    // For the log link dμ/dη = μ and Var(μ) = μ, so the working weight is prior·μ.
    const Eigen::VectorXd z = eta.array() + (y - mu).array() / mu.array();
    sqrt_weights = (prior_weights.array() * mu.array()).sqrt().matrix();
    qr.compute(sqrt_weights.asDiagonal() * x);
    if (qr.rank() < x.cols()) {
      fit.full_rank = false;
      return fit;
    }
    fit.coefficients = qr.solve(sqrt_weights.cwiseProduct(z));
    eta = x * fit.coefficients;
    mu = LinkInverse(eta);
    fit.iterations = iteration;
    const double deviance = Deviance(y, mu, prior_weights);
    if (!std::isfinite(deviance)) break;
    if (std::fabs(deviance - deviance_old) / (std::fabs(deviance) + 0.1) < kConvergenceEpsilon) {
      fit.converged = true;
      break;
    }
    deviance_old = deviance;
  }
  fit.fitted = mu;
  fit.working_weights = sqrt_weights.array().square().matrix();
  fit.working_residuals = ((y - mu).array() / mu.array()).matrix();
  SetQrQuantities(qr, fit);
  return fit;
}

double PearsonDispersion(const PoissonGlmFit& fit, const Eigen::VectorXd& weights) {
  // summary.glm reports NaN when no residual degree of freedom is left.
  if (fit.residual_df <= 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (Eigen::Index i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0) sum += weights[i] * fit.working_residuals[i] * fit.working_residuals[i];
  }
  return sum / fit.residual_df;
}

}  // namespace claimwatch::detection
