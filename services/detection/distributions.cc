#include "services/detection/distributions.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>

namespace claimwatch::detection {
namespace {

namespace bmp = boost::math::policies;

// Errors become NaN or ±Inf results instead of exceptions: callers test the values.
using NoThrowPolicy =
    bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                bmp::overflow_error<bmp::ignore_error>, bmp::evaluation_error<bmp::ignore_error>,
                bmp::rounding_error<bmp::ignore_error>,
                bmp::indeterminate_result_error<bmp::ignore_error>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Beyond 2^53 consecutive integers are no longer representable.
constexpr double kLargestSearchedCount = 9007199254740992.0;

// The smallest integer x >= 0 with cdf(x) >= p, for a non-decreasing cdf; `guess` is a hint.
template <typename Cdf>
double SmallestCountWithCdfAtLeast(double p, double guess, const Cdf& cdf) {
  if (p != p) return kNaN;
  if (p <= 0) return 0;
  if (p >= 1) return kInf;
  double low = -1;  // cdf(low) < p is known (cdf(-1) = 0)
  double high = std::isfinite(guess) && guess >= 1 ? std::floor(guess) : 1;
  while (!(cdf(high) >= p)) {
    if (high >= kLargestSearchedCount) return kInf;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const double mid = std::floor(low + (high - low) / 2);
    if (cdf(mid) >= p) {
      high = mid;
    } else {
      low = mid;
    }
  }
  return high;
}

}  // namespace

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) {
    if (p == 0) return -kInf;
    if (p == 1) return kInf;
    return kNaN;
  }
  return boost::math::quantile(boost::math::normal_distribution<double, NoThrowPolicy>(0, 1), p);
}

double PoissonCdf(double k, double mean) {
  if (k != k || mean != mean || mean < 0) return kNaN;
  if (k < 0) return 0;
  if (mean == 0 || k == kInf) return 1;
  if (mean == kInf) return 0;
  return boost::math::gamma_q(std::floor(k) + 1, mean, NoThrowPolicy());
}

double PoissonUpperTail(double k, double mean) {
  if (k != k || mean != mean || mean < 0) return kNaN;
  if (k <= 0) return 1;
  if (mean == 0 || k == kInf) return 0;
  if (mean == kInf) return 1;
  // P(X >= k) = P(X > ceil(k) - 1) is the regularised lower incomplete gamma P(ceil(k), mean).
  return boost::math::gamma_p(std::ceil(k), mean, NoThrowPolicy());
}

double PoissonQuantile(double p, double mean) {
  if (mean != mean || mean < 0) return kNaN;
  if (mean == 0) return p != p ? kNaN : 0;
  if (mean == kInf) return kInf;
  return SmallestCountWithCdfAtLeast(p, mean, [mean](double x) { return PoissonCdf(x, mean); });
}

double NegBinomialCdf(double k, double size, double prob) {
  if (k != k || size != size || prob != prob || size < 0 || !(prob > 0 && prob <= 1)) {
    return kNaN;
  }
  if (k < 0) return 0;
  if (size == 0 || prob == 1 || k == kInf) return 1;
  if (size == kInf) return kNaN;
  return boost::math::ibeta(size, std::floor(k) + 1, prob, NoThrowPolicy());
}

double NegBinomialQuantile(double p, double size, double prob) {
  if (size != size || prob != prob || size < 0 || !(prob > 0 && prob <= 1)) return kNaN;
  if (size == 0 || prob == 1) return p != p ? kNaN : 0;
  const double mean = size * (1 - prob) / prob;
  return SmallestCountWithCdfAtLeast(
      p, mean, [size, prob](double x) { return NegBinomialCdf(x, size, prob); });
}

double StudentTTwoSidedPValue(double t, double df) {
  if (t != t || df != df || !(df > 0)) return kNaN;
  const double abs_t = std::fabs(t);
  if (abs_t == kInf) return 0;
  const boost::math::students_t_distribution<double, NoThrowPolicy> dist(df);
  return 2 * boost::math::cdf(boost::math::complement(dist, abs_t));
}

}  // namespace claimwatch::detection
