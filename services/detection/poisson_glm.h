#pragma once

#include <Eigen/Dense>

namespace claimwatch::detection {

// A Poisson (or quasi-Poisson) log-link GLM fitted the way R's glm.fit does it, so that every
// derived quantity matches R to rounding:
//   start μ = y + 0.1, η = log μ; each IRLS step solves the weighted least-squares problem with
//   working weights w = prior·μ and working response z = η + (y − μ)/μ; the fitted μ is
//   max(exp(η), DBL_EPSILON) (R's log link); stop when |dev − dev_old| / (|dev| + 0.1) < 1e-8
//   or after 25 iterations.
// As in R, the working weights, the QR factorisation (hence the unscaled covariance and the
// leverages) come from the last iteration, i.e. from μ *before* the final coefficient update.
struct PoissonGlmFit {
  Eigen::VectorXd coefficients{};
  Eigen::VectorXd fitted{};             // μ at the final coefficients
  Eigen::VectorXd working_weights{};    // prior·μ of the last iteration (R: fit$weights)
  Eigen::VectorXd working_residuals{};  // (y − μ)/μ with the final μ (R: fit$residuals)
  Eigen::MatrixXd cov_unscaled{};       // (XᵀWX)⁻¹, W = diag(working_weights)
  Eigen::VectorXd leverages{};          // diagonal of the hat matrix of √W·X
  int iterations = 0;
  bool converged = false;
  bool full_rank = true;  // false: the design is (numerically) rank deficient; nothing else set
  int residual_df = 0;    // rows with prior weight > 0, minus columns
};

// Fits log E[y] = x·β with prior weights (>= 0; 0 drops the row). `x` has one row per
// observation.
PoissonGlmFit FitPoissonGlm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                            const Eigen::VectorXd& prior_weights);

// R's summary.glm dispersion for a quasi family: Σ weights·residuals² / residual df, with the
// weights given (normally fit.working_weights; see FarringtonFlexible for the exception).
double PearsonDispersion(const PoissonGlmFit& fit, const Eigen::VectorXd& weights);

// R's linkinv for the log link: max(exp(eta), DBL_EPSILON).
double LogLinkInverse(double eta);

}  // namespace claimwatch::detection
