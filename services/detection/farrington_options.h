#pragma once

#include <cstdint>

namespace claimwatch::detection {

// Minimum-count rule shared by both Farrington variants (R: limit54 = c(cases, period)): a
// point can alarm only if the `period` points ending at t (t included) hold >= `cases` counts.
struct Limit54 {
  double cases = 5;    // >= 0
  int64_t period = 4;  // >= 1
};

// Transforms applied before the normal approximation of the 1996 threshold (R: powertrans).
enum class PowerTransform { kNone, kSquareRoot, kTwoThirds };

}  // namespace claimwatch::detection
