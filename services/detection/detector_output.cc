#include "services/detection/detector_output.h"

#include <cmath>

namespace claimwatch::detection {

Result<> ValidateObserved(std::span<const double> observed) {
  if (observed.empty()) return InvalidInput("observed: must not be empty");
  for (size_t i = 0; i < observed.size(); ++i) {
    if (!std::isfinite(observed[i]) || observed[i] < 0) {
      return InvalidInput(StrCat("observed[", i, "]: must be a finite non-negative count"));
    }
  }
  return absl::OkStatus();
}

Result<> ValidateRange(std::span<const int64_t> range, size_t series_length, RangeShape shape,
                       int64_t history, std::string_view history_reason) {
  if (range.empty()) return InvalidInput("range: must not be empty");
  const auto n = static_cast<int64_t>(series_length);
  for (size_t i = 0; i < range.size(); ++i) {
    if (range[i] < 1 || range[i] > n) {
      return InvalidInput(StrCat("range[", i, "]: ", range[i], " is outside 1..", n));
    }
    if (i > 0 && range[i] <= range[i - 1]) {
      return InvalidInput(StrCat("range[", i, "]: must be greater than range[", i - 1, "]"));
    }
    if (i > 0 && shape == RangeShape::kContiguous && range[i] != range[i - 1] + 1) {
      return InvalidInput(
          StrCat("range[", i, "]: must be contiguous (", range[i - 1] + 1, " expected)"));
    }
  }
  if (range[0] - history < 1) {
    return InvalidInput(StrCat("range[0]: ", range[0], " must be at least ", history + 1,
                               " because the method needs ", history_reason, " before it"));
  }
  return absl::OkStatus();
}

}  // namespace claimwatch::detection
