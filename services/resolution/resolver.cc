#include "services/resolution/resolver.h"

#include <algorithm>
#include <set>

#include "services/resolution/facts_json.h"
#include "services/resolution/state_keys.h"

namespace claimwatch::resolution {
namespace {

// How far before its own first day a coarse (month or year) claim can start and still overlap.
constexpr int32_t kLongestCoarseSpan = 366;

std::string FactsJson(const ClaimFacts& claim) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteFacts(writer, claim);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<ClaimFacts> ParseFacts(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) return FailedPrecondition("store: corrupt block index entry");
  return ReadFacts(document);
}

}  // namespace

Resolver::Resolver(storage::ClaimStore& store, MatchRules rules)
    : store_(store), rules_(rules), batch_(store.NewStateBatch()) {}

Result<> Resolver::Apply(std::string_view scope, const ClaimChange& change) {
  const ClaimFacts& claim = change.claim;
  const std::string key =
      StateKey(StateKind::kClaim, scope, ClaimKey(claim.source, claim.claim_id));
  auto stored = batch_->Get(key);
  if (!stored.ok()) return stored.status();
  if (*stored) {
    auto entry = DecodeClaimEntry(**stored);
    if (!entry) return FailedPrecondition("store: corrupt claim entry");
    // A retraction of revision R lets go of revisions below R only: when the claim moved within
    // this scope, the upsert of R may come before or after it.
    const bool live = !entry->incident_id.empty();
    const bool seen = change.retract ? claim.revision <= entry->revision
                                     : claim.revision < entry->revision ||
                                           (claim.revision == entry->revision && live);
    if (seen) {
      ++(claim.revision == entry->revision ? counts_.redeliveries : counts_.superseded);
      return absl::OkStatus();
    }
    if (live) {
      if (auto removed = Remove(scope, claim, entry->incident_id); !removed.ok()) return removed;
    }
  }
  if (change.retract) {
    batch_->Put(key, EncodeClaimEntry({claim.revision, ""}));
    ++counts_.retracted;
    return absl::OkStatus();
  }
  return Insert(scope, claim);
}

Result<> Resolver::Insert(std::string_view scope, const ClaimFacts& claim) {
  auto repost = IsRepost(scope, claim);
  if (!repost.ok()) return repost.status();
  auto matching = MatchingIncidents(scope, claim);
  if (!matching.ok()) return matching.status();
  std::vector<Incident> merged;
  std::vector<ClaimFacts> members = {claim};
  int64_t version = 0;
  for (const auto& id : *matching) {
    auto incident = LoadIncident(scope, id);
    if (!incident.ok()) return incident.status();
    version = std::max(version, incident->version);
    members.insert(members.end(), incident->members.begin(), incident->members.end());
    merged.push_back(std::move(*incident));
  }
  auto id = StoreIncident(scope, std::move(members), version, "");
  if (!id.ok()) return id.status();
  for (const auto& incident : merged) {
    if (incident.id == *id) continue;
    if (auto deleted = DeleteIncident(scope, incident); !deleted.ok()) return deleted;
  }
  IndexClaim(scope, claim, true);
  ++counts_.claims;
  ++(*repost ? counts_.reposts : matching->empty() ? counts_.created : counts_.joined);
  return absl::OkStatus();
}

Result<> Resolver::Remove(std::string_view scope, const ClaimFacts& claim,
                          const std::string& incident_id) {
  auto incident = LoadIncident(scope, incident_id);
  if (!incident.ok()) return incident.status();
  auto& members = incident->members;
  auto it = std::find_if(members.begin(), members.end(), [&](const ClaimFacts& member) {
    return member.source == claim.source && member.claim_id == claim.claim_id;
  });
  if (it == members.end()) {
    return FailedPrecondition(StrCat("store: incident ", incident_id, " lacks its claim"));
  }
  IndexClaim(scope, *it, false);
  members.erase(it);
  // What is left may be several incidents: the removed claim may have been their only link.
  bool kept = false;
  for (auto& group : ConnectedGroups(std::move(members), rules_)) {
    auto id = StoreIncident(scope, std::move(group), incident->version, incident_id);
    if (!id.ok()) return id.status();
    kept = kept || *id == incident_id;
  }
  if (kept) return absl::OkStatus();
  incident->members.clear();
  return DeleteIncident(scope, *incident);
}

Result<bool> Resolver::IsRepost(std::string_view scope, const ClaimFacts& claim) {
  auto fingerprint = ContentFingerprint(claim);
  if (!fingerprint) return false;
  const std::string prefix = ContentKeyPrefix(scope, *fingerprint);
  bool found = false;
  auto scanned = batch_->Scan(prefix, PrefixEnd(prefix), [&](std::string_view, std::string_view) {
    found = true;
    return false;
  });
  if (!scanned.ok()) return scanned;
  return found;
}

Result<std::vector<std::string>> Resolver::MatchingIncidents(std::string_view scope,
                                                             const ClaimFacts& claim) {
  std::set<std::string> ids;
  if (!claim.district) return std::vector<std::string>{};  // too coarse to match (see Match)
  const auto [first, last] = DayRange(claim.event_date);
  const int32_t tolerance = rules_.date_tolerance_days;
  absl::Status failed;
  auto visit = [&](std::string_view, std::string_view value) {
    auto candidate = ParseFacts(value);
    if (!candidate.ok()) {
      failed = candidate.status();
      return false;
    }
    if (Match(claim, *candidate, rules_) == nullptr) return true;
    auto entry = batch_->Get(
        StateKey(StateKind::kClaim, scope, ClaimKey(candidate->source, candidate->claim_id)));
    if (!entry.ok() || !*entry) {
      failed =
          entry.ok() ? FailedPrecondition("store: indexed claim without entry") : entry.status();
      return false;
    }
    if (auto decoded = DecodeClaimEntry(**entry); decoded && !decoded->incident_id.empty()) {
      ids.insert(decoded->incident_id);
    }
    return true;
  };
  for (bool coarse : {false, true}) {
    const std::string prefix = BlockDayPrefix(scope, LocationBlock(claim), coarse);
    std::string from = prefix, to = prefix;
    AppendDay(from, first - tolerance - (coarse ? kLongestCoarseSpan : 0));
    AppendDay(to, last + tolerance + 1);
    if (auto scanned = batch_->Scan(from, to, visit); !scanned.ok()) return scanned;
    if (!failed.ok()) return failed;
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<Incident> Resolver::LoadIncident(std::string_view scope, const std::string& id) {
  auto value = batch_->Get(StateKey(StateKind::kIncident, scope, id));
  if (!value.ok()) return value.status();
  if (!*value) return Incident{id, 0, {}};
  return DecodeIncident(id, **value);
}

Result<std::string> Resolver::StoreIncident(std::string_view scope, std::vector<ClaimFacts> members,
                                            int64_t at_least, const std::string& previous_id) {
  std::sort(members.begin(), members.end(), ByClaimKey);
  Incident incident{IncidentIdOf(members), at_least, std::move(members)};
  if (incident.id != previous_id) {
    // An id can come back (a merge undone by a revision): its versions go on from its last one.
    auto earlier = LoadIncident(scope, incident.id);
    if (!earlier.ok()) return earlier.status();
    incident.version = std::max(incident.version, earlier->version);
  }
  ++incident.version;
  for (const auto& member : incident.members) {
    const std::string key =
        StateKey(StateKind::kClaim, scope, ClaimKey(member.source, member.claim_id));
    batch_->Put(key, EncodeClaimEntry({member.revision, incident.id}));
  }
  batch_->Put(StateKey(StateKind::kIncident, scope, incident.id), EncodeIncident(incident));
  changes_[incident.id] = {incident.id, incident.version, IncidentToJson(incident, rules_)};
  return incident.id;
}

Result<> Resolver::DeleteIncident(std::string_view scope, const Incident& incident) {
  Incident deleted{incident.id, incident.version + 1, {}};
  batch_->Put(StateKey(StateKind::kIncident, scope, deleted.id), EncodeIncident(deleted));
  changes_[deleted.id] = {deleted.id, deleted.version, ""};
  return absl::OkStatus();
}

void Resolver::IndexClaim(std::string_view scope, const ClaimFacts& claim, bool add) {
  const std::string claim_key = ClaimKey(claim.source, claim.claim_id);
  std::string content_key;
  if (auto fingerprint = ContentFingerprint(claim)) {
    content_key = ContentKeyPrefix(scope, *fingerprint) + claim_key;
  }
  const std::string block_key = claim.district ? BlockDayKey(scope, claim) : "";
  if (add) {
    if (!content_key.empty()) batch_->Put(content_key, "");
    if (!block_key.empty()) batch_->Put(block_key, FactsJson(claim));
  } else {
    if (!content_key.empty()) batch_->Delete(content_key);
    if (!block_key.empty()) batch_->Delete(block_key);
  }
}

std::vector<IncidentChange> Resolver::Changes() const {
  std::vector<IncidentChange> changes;
  changes.reserve(changes_.size());
  for (const auto& [id, change] : changes_) changes.push_back(change);
  return changes;
}

Result<ResolveCounts> Resolver::Commit(std::span<const storage::SourcePosition> positions) {
  if (auto written = store_.CommitState(*batch_, positions); !written.ok()) return written;
  ResolveCounts counts = counts_;
  Abandon();
  return counts;
}

void Resolver::Abandon() {
  batch_ = store_.NewStateBatch();
  changes_.clear();
  counts_ = {};
}

Result<> ForEachIncident(const storage::ClaimStore& store,
                         const std::function<bool(const Incident&)>& visit) {
  const std::string prefix(1, static_cast<char>(StateKind::kIncident));
  absl::Status failed;
  auto scanned =
      store.ScanState(prefix, PrefixEnd(prefix), [&](std::string_view key, std::string_view value) {
        const size_t separator = key.find('\0');
        if (separator == std::string_view::npos) {
          failed = FailedPrecondition("store: corrupt incident key");
          return false;
        }
        auto incident = DecodeIncident(key.substr(separator + 1), value);
        if (!incident.ok()) {
          failed = incident.status();
          return false;
        }
        return incident->members.empty() || visit(*incident);
      });
  if (!scanned.ok()) return scanned;
  return failed;
}

}  // namespace claimwatch::resolution
