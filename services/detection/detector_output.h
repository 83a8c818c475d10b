#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "services/result/result.h"

namespace claimwatch::detection {

// What every detector returns: one entry per element of the evaluated range, in range order.
// nullopt stands for R's NA (the reference implementation could not decide or compute a bound).
struct DetectorOutput {
  std::vector<std::optional<bool>> alarm{};
  std::vector<std::optional<double>> upperbound{};
};

// How a detector walks its range.
enum class RangeShape {
  kIncreasing,  // any strictly increasing set of time points
  kContiguous,  // t, t+1, t+2, …: the statistic carries over from one point to the next
};

// Checks that `observed` holds finite non-negative counts.
[[nodiscard]] Result<> ValidateObserved(std::span<const double> observed);

// Checks that `range` is non-empty, 1-based, within the series, shaped as asked, and that its
// first point has at least `history` points before it. `history_reason` explains the need in
// the error message (for example "baseline + 2 = 9 weeks of baseline").
[[nodiscard]] Result<> ValidateRange(std::span<const int64_t> range, size_t series_length,
                                     RangeShape shape, int64_t history,
                                     std::string_view history_reason);

// R's value of `x` where NaN stands for NA: nullopt for NaN, the value otherwise.
inline std::optional<double> UnlessNaN(double x) {
  if (x != x) return std::nullopt;
  return x;
}

}  // namespace claimwatch::detection
