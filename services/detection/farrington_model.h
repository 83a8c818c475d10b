#pragma once

#include <Eigen/Dense>
#include <optional>

#include "services/detection/farrington_options.h"
#include "services/detection/poisson_glm.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// The quasi-Poisson reference-value model shared by both Farrington variants (R:
// algo.farrington.fitGLM.fast and algo.farrington.fitGLM.flexible).
//   1. Fit the GLM (column 1 of the design is the time index when `trend`); if it does not
//      converge with the trend, refit without it.
//   2. φ0 = max(1, D0), D0 = summary.glm's Pearson dispersion.
//   3. If reweighting: Anscombe residuals s_j = 1.5(y^{2/3}μ^{−1/6} − μ^{1/2})/√(φ0(1 − h_jj)),
//      weights ω_j = γ s_j^{−2} if s_j > threshold else γ, γ = N / Σ(s_j > threshold ? s_j^{−2}
//      : 1); refit with prior weights ω; D1 = its dispersion, φ = max(1, D1).
// The flexible variant returns nothing when no fit converges, and (R quirk) then overwrites the
// model's working weights with ω, so every later summary.glm sees D* = Σ ω((y − μ)/μ)²/(N − p).
struct FarringtonModelOptions {
  bool reweight = true;
  double weights_threshold = 1;  // 1 in Farrington (1996), 2.58 in Noufaily et al. (2012)
  bool flexible = false;         // farringtonFlexible's convergence rule and weights quirk
};

struct FarringtonModel {
  PoissonGlmFit fit{};
  bool has_trend = false;     // the fitted design kept its time-index column (column 1)
  double phi = 1;             // max(1, D1) (max(1, D0) without reweighting); NaN if D is NaN
  double dispersion_raw = 0;  // D1 (D0 without reweighting)
  double dispersion_se = 0;   // what summary.glm reports afterwards: D1, or D* (see above)
};

// `design` holds the intercept in column 0 and, if `trend`, the time index in column 1.
// Returns nothing when the model cannot be used (flexible and no convergence, rank deficient
// design, or undefined reweighting).
std::optional<FarringtonModel> FitFarringtonModel(const Eigen::MatrixXd& design, bool trend,
                                                  const Eigen::VectorXd& y,
                                                  const FarringtonModelOptions& options);

// The design without its time-index column.
Eigen::MatrixXd WithoutTrendColumn(const Eigen::MatrixXd& design);

// summary.glm's two-sided t-test p-value of the time-index coefficient (column 1).
double TrendPValue(const FarringtonModel& model);

// Checks what both Farrington methods share: season length, years back (b), half window (w)
// and alpha; errors name the control field.
[[nodiscard]] Result<> ValidateReferenceWindow(int64_t frequency, int64_t b, int64_t w,
                                               double alpha);

// Upper end of the Farrington (1996) prediction interval: with τ = φ + se²/μ0,
//   "2/3": (μ0^{2/3} + z·√(4/9·μ0^{1/3}·τ))^{3/2};  "1/2": (√μ0 + z·√(τ/4))²;
//   "none": μ0 + z·√(μ0·τ).
double FarringtonUpperBound(double mu0, double se_mu0, double phi, PowerTransform transform,
                            double z);

// R's max(a, b) for doubles: NaN propagates.
inline double MaxPropagatingNaN(double a, double b) {
  if (a != a || b != b) return a + b;
  return a > b ? a : b;
}

}  // namespace claimwatch::detection
