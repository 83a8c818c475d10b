#pragma once

#include <string>
#include <vector>

#include "fmt/format.h"
#include "services/trends/testing/incidents.h"

namespace claimwatch::alerting::testing {

// One attack a month through 2022, then eight in the first days of October 2023: a surge alert
// opens on 31 October 2023 (October–November still alarm) and resolves after December and
// January.
inline std::vector<resolution::IncidentChange> QuietYearThenSurge(const std::string& group,
                                                                  const std::string& province) {
  std::vector<resolution::IncidentChange> changes;
  auto add = [&](const std::string& id, const std::string& date) {
    changes.push_back(trends::testing::Change(
        {.id = id, .event_date = date, .province = province, .groups = {group}}));
  };
  for (int month = 1; month <= 12; ++month) {
    add(fmt::format("base-{}", month), fmt::format("2022-{:02}-05", month));
  }
  for (int day = 1; day <= 8; ++day) {
    add(fmt::format("surge-{}", day), fmt::format("2023-10-{:02}", day));
  }
  return changes;
}

}  // namespace claimwatch::alerting::testing
