// Synthetic incident.v1 values for the trends benchmarks (aggregate_bench, api_latency_bench):
// incident n falls on one of ten years of event days (2015-01-01 onwards), in one of 8
// provinces, claimed by one of 6 groups; about 20% have two claimant groups and about 5% are
// known to the month only. Deterministic: the same n and version always give the same value.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "fmt/format.h"
#include "services/resolution/resolver.h"
#include "services/trends/testing/incidents.h"

namespace claimwatch::bench {

inline constexpr size_t kIncidentDays = 3652;  // 2015-01-01 onwards, ten years
inline constexpr std::array<const char*, 8> kProvinces = {"PK-BA", "PK-GB", "PK-IS", "PK-JK",
                                                          "PK-KP", "PK-PB", "PK-SD", "PK-TA"};
inline constexpr std::array<const char*, 6> kIncidentGroups = {"ttp", "ispp", "iskp",
                                                               "bla", "blf",  "lej"};

// splitmix64: spreads consecutive incident numbers over the dimensions.
inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

inline std::string IncidentDay(size_t day) {
  using namespace std::chrono;
  const year_month_day date{sys_days{2015y / January / 1} + days{day}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

// Incident `n` at `version`. From version 2 on, every even incident has moved to another event
// day and province (its groups, precision and types stay); odd incidents only change version.
inline trends::testing::TestIncident GeneratedIncident(size_t n, int64_t version = 1) {
  const uint64_t h = Mix(n);
  const bool moved = version >= 2 && n % 2 == 0;
  const uint64_t m = moved ? Mix(n ^ 0x5bd1e995) : 0;
  trends::testing::TestIncident incident;
  incident.id = fmt::format("inc-{}", n);
  incident.version = version;
  incident.event_date = IncidentDay((h + m) % kIncidentDays);
  if ((h >> 16) % 20 == 0) {
    incident.precision = "month";
    incident.event_date.resize(7);
  }
  const size_t province = (h >> 24) % kProvinces.size() + (moved ? 1 + m % 7 : 0);
  incident.province = kProvinces[province % kProvinces.size()];
  const size_t group = (h >> 32) % kIncidentGroups.size();
  incident.groups = {kIncidentGroups[group]};
  if ((h >> 40) % 5 == 0) {
    incident.groups.push_back(
        kIncidentGroups[(group + 1 + (h >> 44) % (kIncidentGroups.size() - 1)) %
                        kIncidentGroups.size()]);
  }
  incident.attack_type = static_cast<int>(1 + (h >> 48) % 9);
  incident.target_type = static_cast<int>(1 + (h >> 52) % 22);
  return incident;
}

inline resolution::IncidentChange GeneratedChange(size_t n, int64_t version = 1) {
  return trends::testing::Change(GeneratedIncident(n, version));
}

}  // namespace claimwatch::bench
