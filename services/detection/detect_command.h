#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "services/detection/detector_output.h"
#include "services/result/result.h"

namespace claimwatch::detection {

// The core of `claimwatch detect`: runs one detector on a series given as JSON.
//
// method: ears-c1, ears-c2, ears-c3, farrington, farrington-flexible, cusum, glr-poisson,
// poisson-rate.
// input_json: an object with
//   "observed": [counts…]                 (required; finite, >= 0)
//   "range": [1-based indices…]           (strictly increasing; a top-level range wins over
//                                          control.range; optional only for the EARS methods,
//                                          whose default is R's: every point with a baseline)
//   "control": {…}                        (R's parameter names: baseline, alpha, minSigma, b, w,
//                                          reweight, weightsThreshold, pastWeeksNotIncluded,
//                                          noPeriods, pThresholdTrend, thresholdMethod, trend,
//                                          limit54, powertrans, k, h, m, c.ARL, ret, mu0, …;
//                                          poisson-rate: w, b, g, alpha; null = R's default)
//   "frequency": points per year          (optional, default 52; Farrington and GLR seasons)
// Other fields are ignored, so a surveillance oracle file can be passed as it is. R options
// that claimwatch does not implement (e.g. trans other than "standard", a population offset,
// date-based reference weeks) are errors, never silently ignored.
// Output: {"method":…,"range":[…],"alarm":[0|1|null…],"upperbound":[number|null…]} on one
// line, numbers with 17 significant digits. Errors are InvalidInput naming the field.
// One detector on a series, `control` named as R names the parameters (null: R's defaults);
// `frequency` is points per year. `range` is required except for the EARS methods.
[[nodiscard]] Result<DetectorOutput> Detect(std::string_view method,
                                            std::span<const double> observed,
                                            std::span<const int64_t> range,
                                            const nlohmann::json& control, int64_t frequency = 52);

[[nodiscard]] Result<std::string> RunDetectCommand(std::string_view method,
                                                   std::string_view input_json);

}  // namespace claimwatch::detection
