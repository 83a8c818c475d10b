#pragma once

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "services/resolution/resolver.h"
#include "services/storage/claim_store.h"
#include "services/trends/trend_keys.h"

namespace claimwatch::trends::testing {

// An incident as the trends tests write it; IncidentChange gives its incident.v1 value.
struct TestIncident {
  std::string id = "inc-1";
  int64_t version = 1;
  std::string event_date = "2022-10-14";
  std::string precision = "day";
  std::string province = "PK-BA";
  std::vector<std::string> groups = {"ispp"};
  int attack_type = 3;
  int target_type = 3;
  std::string place{};           // null when empty
  std::string attack_subtype{};  // null when empty
};

inline std::string IncidentJson(const TestIncident& incident) {
  nlohmann::ordered_json claimants = nlohmann::ordered_json::array();
  for (const auto& group : incident.groups) {
    claimants.push_back({{"group", group == "unresolved" ? nlohmann::ordered_json(nullptr)
                                                         : nlohmann::ordered_json(group)},
                         {"claimed_by", {group}},
                         {"claim_ids", {"c-" + incident.id}},
                         {"sources", {"test"}}});
  }
  nlohmann::ordered_json json = {{"schema", "incident.v1"},
                                 {"incident_id", incident.id},
                                 {"version", incident.version},
                                 {"event_date", incident.event_date},
                                 {"date_precision", incident.precision},
                                 {"province", incident.province},
                                 {"attack_type", incident.attack_type},
                                 {"target_type", incident.target_type},
                                 {"contested", incident.groups.size() > 1},
                                 {"claimants", claimants}};
  auto text_or_null = [](const std::string& text) {
    return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
  };
  json["place"] = text_or_null(incident.place);
  json["attack_subtype"] = text_or_null(incident.attack_subtype);
  return json.dump();
}

inline resolution::IncidentChange Change(const TestIncident& incident) {
  return {incident.id, incident.version, IncidentJson(incident)};
}

inline resolution::IncidentChange Tombstone(const std::string& id, int64_t version) {
  return {id, version, ""};
}

// Every counter the store holds, by key.
inline std::map<std::string, int64_t> StoredCounters(const storage::ClaimStore& store) {
  std::map<std::string, int64_t> counters;
  auto scanned = store.ScanState("Ac", "Ad", [&](std::string_view key, std::string_view value) {
    if (const int64_t count = std::stoll(std::string(value)); count != 0) {
      counters[std::string(key)] = count;  // 0 is no count: merged counters keep the key
    }
    return true;
  });
  if (!scanned.ok()) counters.clear();
  return counters;
}

// The counters a recomputation from `incidents` (the latest version of each) gives.
inline std::map<std::string, int64_t> Recount(const std::vector<std::string>& incident_jsons) {
  std::map<std::string, int64_t> counters;
  for (const auto& json : incident_jsons) {
    auto summary = SummaryFromJson(json);
    if (!summary.ok()) continue;
    for (const auto& key : CounterKeysOf(*summary)) ++counters[key];
  }
  return counters;
}

}  // namespace claimwatch::trends::testing
