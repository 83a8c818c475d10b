#pragma once

namespace claimwatch::detection {

// Distribution functions with R's parametrisations and R's answers at the edges. They never
// throw: an argument outside the domain gives NaN. Backed by Boost.Math.

// R's qnorm(p): the standard normal quantile, p in (0, 1).
double NormalQuantile(double p);

// R's ppois(k, mean): P(X <= k) for X ~ Poisson(mean), mean >= 0 (mean 0 is a point mass at 0).
double PoissonCdf(double k, double mean);

// P(X >= k) for X ~ Poisson(mean), computed without cancellation (R's ppois(k - 1, mean,
// lower.tail = FALSE)).
double PoissonUpperTail(double k, double mean);

// R's qpois(p, mean): the smallest integer x >= 0 with P(X <= x) >= p.
double PoissonQuantile(double p, double mean);

// R's pnbinom(k, size, prob): the negative binomial with P(X = x) =
// Γ(x + size) / (Γ(size) x!) · prob^size · (1 − prob)^x; mean size·(1 − prob)/prob.
double NegBinomialCdf(double k, double size, double prob);

// R's qnbinom(p, size, prob): the smallest integer x >= 0 with NegBinomialCdf(x) >= p.
double NegBinomialQuantile(double p, double size, double prob);

// R's 2 * pt(-|t|, df): the two-sided p-value of a t statistic.
double StudentTTwoSidedPValue(double t, double df);

}  // namespace claimwatch::detection
