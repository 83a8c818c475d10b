#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace claimwatch::alerting::testing {

// A monthly surge alert as alert.v1 (in the producers' field order), open or resolved.
inline nlohmann::ordered_json SurgeAlertLine(const std::string& state = "open") {
  using Line = nlohmann::ordered_json;
  const bool open = state == "open";
  return {{"schema", "alert.v1"},
          {"alert_id", "alr-0123456789abcdef"},
          {"type", "surge"},
          {"state", state},
          {"group", "ispp"},
          {"province", "PK-BA"},
          {"detector", "poisson-rate"},
          {"interval", "month"},
          {"opened_on", "2022-10-31"},
          {"last_updated_on", open ? "2022-11-30" : "2023-01-31"},
          {"resolved_on", open ? Line(nullptr) : Line("2023-01-31")},
          {"evidence",
           {{"period", "2022-11"},
            {"window", {{"from", "2022-10-01"}, {"to", "2022-11-30"}, {"points", 2}}},
            {"baseline_points", 12},
            {"observed", 11},
            {"expected", 2.5},
            {"threshold", 7}}},
          {"summary", "ispp: 11 attacks in PK-BA in Oct–Nov 2022, 2.5 expected"}};
}

}  // namespace claimwatch::alerting::testing
