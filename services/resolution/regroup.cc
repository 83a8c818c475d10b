// Resolver::Regroup and the index scans it needs: how one claim's change reaches exactly the
// incidents it can alter (the rules are in grouping.h).
#include <algorithm>
#include <set>

#include "services/resolution/facts_json.h"
#include "services/resolution/grouping.h"
#include "services/resolution/resolver.h"
#include "services/resolution/state_keys.h"

namespace claimwatch::resolution {
namespace {

// How far before its own first day a coarse (month or year) claim can start and still overlap.
constexpr int32_t kLongestCoarseSpan = 366;

Result<ClaimFacts> ParseFacts(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) return FailedPrecondition("store: corrupt block index entry");
  return ReadFacts(document);
}

std::string KeyOf(const ClaimFacts& claim) { return ClaimKey(claim.source, claim.claim_id); }

}  // namespace

// A day-precise change at day d moves anchors only in [d, d + tolerance], between anchor days in
// [d - tolerance, d + tolerance]: the day incidents anchored there are rebuilt from the claims
// within two tolerances of d. Coarse claims that can match one of those claims are re-attached,
// with every coarse claim of their period. Every other incident that loses or gains a claim
// keeps the rest of its claims.
Result<> Resolver::Regroup(std::string_view scope, const ClaimFacts& changed,
                           std::set<std::string> touched, const std::string& removed) {
  const std::string block = LocationBlock(changed);
  const int32_t tolerance = rules_.date_tolerance_days;
  const auto [first, last] = DayRange(changed.event_date);
  std::vector<std::vector<ClaimFacts>> incidents;
  std::set<std::string> regrouped = {removed};      // claims whose incident is decided here
  std::map<std::string, std::string> new_incident;  // regrouped day claim → its incident
  std::set<std::string> day_ids;                    // the incidents rebuilt from day claims
  if (DayPrecise(changed)) {
    auto near = Scan(scope, block, false, first - 2 * tolerance, last + 2 * tolerance);
    if (!near.ok()) return near.status();
    for (auto& group : DayIncidents(*near, first - tolerance, last + tolerance, rules_)) {
      const std::string id = IncidentIdOf(group);
      day_ids.insert(id);
      for (const auto& member : group) {
        auto current = CurrentIncident(scope, member);
        if (!current.ok()) return current.status();
        touched.insert(*current);
        new_incident[KeyOf(member)] = id;
        regrouped.insert(KeyOf(member));
      }
      incidents.push_back(std::move(group));
    }
  }
  const int32_t reach = DayPrecise(changed) ? 2 * tolerance : 0;
  auto coarse = CoarseAround(scope, block, first - reach, last + reach + tolerance);
  if (!coarse.ok()) return coarse.status();
  std::map<std::string, std::vector<ClaimFacts>> attached;  // day incident → coarse claims
  std::vector<ClaimFacts> unattached;
  std::map<std::pair<int32_t, int32_t>, std::vector<ClaimFacts>> day_claims;  // by period
  for (auto& claim : *coarse) {
    auto current = CurrentIncident(scope, claim);
    if (!current.ok()) return current.status();
    touched.insert(*current);
    regrouped.insert(KeyOf(claim));
    const auto period = DayRange(claim.event_date);
    if (!day_claims.contains(period)) {
      auto scanned = Scan(scope, block, false, period.first - tolerance, period.second + tolerance);
      if (!scanned.ok()) return scanned.status();
      day_claims[period] = std::move(*scanned);
    }
    auto matched = MatchedDayIncidents(scope, claim, day_claims[period], new_incident);
    if (!matched.ok()) return matched.status();
    if (matched->size() == 1) {
      attached[*matched->begin()].push_back(std::move(claim));
    } else {
      unattached.push_back(std::move(claim));
    }
  }
  for (auto& group : incidents) {
    auto joining = attached.extract(IncidentIdOf(group));
    if (joining) group.insert(group.end(), joining.mapped().begin(), joining.mapped().end());
  }
  for (const auto& [id, claims] : attached) touched.insert(id);
  for (const auto& id : touched) {
    if (id.empty() || day_ids.contains(id)) continue;
    auto incident = LoadIncident(scope, id);
    if (!incident.ok()) return incident.status();
    std::vector<ClaimFacts> kept;
    for (auto& member : incident->members) {
      if (!regrouped.contains(KeyOf(member))) kept.push_back(std::move(member));
    }
    if (auto joining = attached.find(id); joining != attached.end()) {
      kept.insert(kept.end(), joining->second.begin(), joining->second.end());
    }
    if (!kept.empty()) incidents.push_back(std::move(kept));
  }
  for (auto& group : CoarseIncidents(unattached, rules_)) incidents.push_back(std::move(group));
  return WriteIncidents(scope, std::move(incidents), touched);
}

Result<> Resolver::WriteIncidents(std::string_view scope,
                                  std::vector<std::vector<ClaimFacts>> incidents,
                                  const std::set<std::string>& touched) {
  std::set<std::string> written;
  for (auto& members : incidents) {
    auto id = StoreIfChanged(scope, std::move(members));
    if (!id.ok()) return id.status();
    written.insert(*id);
  }
  for (const auto& id : touched) {
    if (id.empty() || written.contains(id)) continue;
    if (auto deleted = DeleteIfLive(scope, id); !deleted.ok()) return deleted;
  }
  return absl::OkStatus();
}

Result<std::vector<ClaimFacts>> Resolver::Scan(std::string_view scope, const std::string& block,
                                               bool coarse, int32_t first_day, int32_t last_day) {
  const std::string prefix = BlockDayPrefix(scope, block, coarse);
  std::string from = prefix, to = prefix;
  AppendDay(from, first_day);
  AppendDay(to, last_day + 1);
  std::vector<ClaimFacts> claims;
  absl::Status failed;
  auto scanned = batch_->Scan(from, to, [&](std::string_view key, std::string_view value) {
    auto cached = facts_.find(key);
    if (cached == facts_.end()) {
      auto claim = ParseFacts(value);
      if (!claim.ok()) {
        failed = claim.status();
        return false;
      }
      cached = facts_.emplace(std::string(key), std::move(*claim)).first;
    }
    claims.push_back(cached->second);
    return true;
  });
  if (!scanned.ok()) return scanned;
  if (!failed.ok()) return failed;
  return claims;
}

Result<std::vector<ClaimFacts>> Resolver::CoarseAround(std::string_view scope,
                                                       const std::string& block, int32_t first_day,
                                                       int32_t last_day) {
  auto overlapping = Scan(scope, block, true, first_day - kLongestCoarseSpan, last_day);
  if (!overlapping.ok()) return overlapping;
  std::map<std::string, ClaimFacts> claims;  // by key
  std::set<std::pair<int32_t, int32_t>> periods;
  for (auto& claim : *overlapping) {
    const auto period = DayRange(claim.event_date);
    if (period.second < first_day) continue;
    periods.insert(period);
    claims.emplace(KeyOf(claim), std::move(claim));
  }
  // Claims of one period group together, so each brings all of its period along.
  for (const auto& [start, end] : periods) {
    auto same_start = Scan(scope, block, true, start, start);
    if (!same_start.ok()) return same_start;
    for (auto& claim : *same_start) {
      if (DayRange(claim.event_date).second == end) claims.emplace(KeyOf(claim), std::move(claim));
    }
  }
  std::vector<ClaimFacts> result;
  result.reserve(claims.size());
  for (auto& [key, claim] : claims) result.push_back(std::move(claim));
  return result;
}

Result<std::set<std::string>> Resolver::MatchedDayIncidents(
    std::string_view scope, const ClaimFacts& claim, const std::vector<ClaimFacts>& day_claims,
    const std::map<std::string, std::string>& new_incident) {
  std::set<std::string> ids;
  for (const auto& day_claim : day_claims) {
    if (Match(claim, day_claim, rules_) == nullptr) continue;
    if (auto it = new_incident.find(KeyOf(day_claim)); it != new_incident.end()) {
      ids.insert(it->second);
      continue;
    }
    auto current = CurrentIncident(scope, day_claim);
    if (!current.ok()) return current.status();
    ids.insert(*current);
  }
  return ids;
}

}  // namespace claimwatch::resolution
