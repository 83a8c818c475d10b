#pragma once

#include <cmath>
#include <span>

namespace claimwatch::detection {

// R's mean(x): a long double sum, then one correction pass (as R's summary.c does).
inline double SampleMean(std::span<const double> x) {
  long double sum = 0;
  for (double v : x) sum += v;
  long double mean = sum / static_cast<long double>(x.size());
  long double correction = 0;
  for (double v : x) correction += v - mean;
  mean += correction / static_cast<long double>(x.size());
  return static_cast<double>(mean);
}

// R's sd(x): the square root of the two-pass sample variance, denominator n − 1.
inline double SampleSd(std::span<const double> x) {
  const double mean = SampleMean(x);
  long double sum_squares = 0;
  for (double v : x) sum_squares += (v - mean) * (v - mean);
  return std::sqrt(static_cast<double>(sum_squares / static_cast<long double>(x.size() - 1)));
}

}  // namespace claimwatch::detection
