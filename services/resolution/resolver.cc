#include "services/resolution/resolver.h"

#include <algorithm>
#include <set>

#include "services/resolution/facts_json.h"
#include "services/resolution/state_keys.h"

namespace claimwatch::resolution {
namespace {

std::string FactsJson(const ClaimFacts& claim) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteFacts(writer, claim);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
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
    PutClaimEntry(scope, claim, "");
    ++counts_.retracted;
    return absl::OkStatus();
  }
  return Insert(scope, claim);
}

Result<> Resolver::Insert(std::string_view scope, const ClaimFacts& claim) {
  auto twin = RepostOf(scope, claim);
  if (!twin.ok()) return twin.status();
  const bool repost = !twin->empty();
  if (repost && Match(claim, claim, rules_) != nullptr) {
    // The same content as a claim already resolved matches exactly what that claim matches and
    // moves no other claim's anchor: it joins that claim's incident, nothing else changes.
    IndexClaim(scope, claim, true);
    auto joined = JoinTwin(scope, claim, *twin);
    if (!joined.ok()) return joined.status();
    if (*joined) {
      ++counts_.claims;
      ++counts_.reposts;
      return absl::OkStatus();
    }
    IndexClaim(scope, claim, false);
  }
  if (!Matchable(claim)) {  // too coarse to be matched (see Match): an incident of its own
    auto stored = StoreIfChanged(scope, {claim});
    if (!stored.ok()) return stored.status();
  } else {
    IndexClaim(scope, claim, true);
    if (auto regrouped = Regroup(scope, claim, {}, ""); !regrouped.ok()) return regrouped;
  }
  auto incident = CurrentIncident(scope, claim);
  if (!incident.ok()) return incident.status();
  auto joined = LoadIncident(scope, *incident);
  if (!joined.ok()) return joined.status();
  ++counts_.claims;
  ++(repost ? counts_.reposts : joined->members.size() > 1 ? counts_.joined : counts_.created);
  return absl::OkStatus();
}

Result<> Resolver::Remove(std::string_view scope, const ClaimFacts& claim,
                          const std::string& incident_id) {
  auto incident = LoadIncident(scope, incident_id);
  if (!incident.ok()) return incident.status();
  const auto& members = incident->members;
  auto it = std::find_if(members.begin(), members.end(), [&](const ClaimFacts& member) {
    return member.source == claim.source && member.claim_id == claim.claim_id;
  });
  if (it == members.end()) {
    return FailedPrecondition(StrCat("store: incident ", incident_id, " lacks its claim"));
  }
  const ClaimFacts old = *it;
  if (!Matchable(old)) return DeleteIfLive(scope, incident_id);
  IndexClaim(scope, old, false);
  return Regroup(scope, old, {incident_id}, ClaimKey(old.source, old.claim_id));
}

Result<std::string> Resolver::RepostOf(std::string_view scope, const ClaimFacts& claim) {
  auto fingerprint = ContentFingerprint(claim);
  if (!fingerprint) return std::string();
  const std::string prefix = ContentKeyPrefix(scope, *fingerprint);
  std::string twin;
  auto scanned =
      batch_->Scan(prefix, PrefixEnd(prefix), [&](std::string_view key, std::string_view) {
        twin.assign(key.substr(prefix.size()));
        return false;
      });
  if (!scanned.ok()) return scanned;
  return twin;
}

Result<bool> Resolver::JoinTwin(std::string_view scope, const ClaimFacts& claim,
                                const std::string& twin_key) {
  const size_t separator = twin_key.find('\0');
  if (separator == std::string::npos) return FailedPrecondition("store: corrupt content key");
  ClaimFacts twin;
  twin.source = twin_key.substr(0, separator);
  twin.claim_id = twin_key.substr(separator + 1);
  auto current = CurrentIncident(scope, twin);
  if (!current.ok()) return current.status();
  if (current->empty()) return false;
  auto incident = LoadIncident(scope, *current);
  if (!incident.ok()) return incident.status();
  auto members = incident->members;
  members.push_back(claim);
  auto id = StoreIfChanged(scope, std::move(members));
  if (!id.ok()) return id.status();
  if (*id != *current) {  // the new claim comes first by (source, claim_id): the id follows it
    if (auto deleted = DeleteIfLive(scope, *current); !deleted.ok()) return deleted;
  }
  return true;
}

Result<std::string> Resolver::CurrentIncident(std::string_view scope, const ClaimFacts& claim) {
  std::string key = StateKey(StateKind::kClaim, scope, ClaimKey(claim.source, claim.claim_id));
  if (auto cached = incident_of_claim_.find(key); cached != incident_of_claim_.end()) {
    return cached->second;
  }
  auto entry = batch_->Get(key);
  if (!entry.ok()) return entry.status();
  std::string id;
  if (*entry) {
    auto decoded = DecodeClaimEntry(**entry);
    if (!decoded) return FailedPrecondition("store: corrupt claim entry");
    id = std::move(decoded->incident_id);
  }
  incident_of_claim_.emplace(std::move(key), id);
  return id;
}

Result<Incident> Resolver::LoadIncident(std::string_view scope, const std::string& id) {
  std::string key = StateKey(StateKind::kIncident, scope, id);
  if (auto cached = incidents_.find(key); cached != incidents_.end()) return cached->second;
  auto value = batch_->Get(key);
  if (!value.ok()) return value.status();
  auto incident = *value ? DecodeIncident(id, **value) : Incident{id, 0, {}};
  if (incident.ok()) incidents_.emplace(std::move(key), *incident);
  return incident;
}

void Resolver::PutIncident(std::string_view scope, Incident incident) {
  // Kept here until the commit: an incident that several claims of a batch join is encoded and
  // written once, not once per claim.
  std::string key = StateKey(StateKind::kIncident, scope, incident.id);
  changes_[key] = incident.id;
  incidents_[std::move(key)] = std::move(incident);
}

void Resolver::PutClaimEntry(std::string_view scope, const ClaimFacts& claim,
                             const std::string& incident_id) {
  std::string key = StateKey(StateKind::kClaim, scope, ClaimKey(claim.source, claim.claim_id));
  batch_->Put(key, EncodeClaimEntry({claim.revision, incident_id}));
  incident_of_claim_[std::move(key)] = incident_id;
}

Result<std::string> Resolver::StoreIfChanged(std::string_view scope,
                                             std::vector<ClaimFacts> members) {
  std::sort(members.begin(), members.end(), ByClaimKey);
  Incident incident{IncidentIdOf(members), 0, std::move(members)};
  auto stored = LoadIncident(scope, incident.id);
  if (!stored.ok()) return stored.status();
  auto same = [](const ClaimFacts& a, const ClaimFacts& b) {
    return a.source == b.source && a.claim_id == b.claim_id && a.revision == b.revision;
  };
  if (std::equal(incident.members.begin(), incident.members.end(), stored->members.begin(),
                 stored->members.end(), same)) {
    return incident.id;
  }
  // Versions of an id go on from its last one, even across a deletion, and from those of the
  // incidents its claims come from, even when its id is new (a claim earlier by (source,
  // claim_id) joined it).
  std::vector<std::string> current_ids;
  current_ids.reserve(incident.members.size());
  int64_t version = stored->version;
  for (const auto& member : incident.members) {
    auto current = CurrentIncident(scope, member);
    if (!current.ok()) return current.status();
    if (!current->empty() && *current != incident.id) {
      auto source = LoadIncident(scope, *current);
      if (!source.ok()) return source.status();
      version = std::max(version, source->version);
    }
    current_ids.push_back(std::move(*current));
  }
  incident.version = version + 1;
  for (size_t i = 0; i < incident.members.size(); ++i) {
    if (current_ids[i] != incident.id) PutClaimEntry(scope, incident.members[i], incident.id);
  }
  const std::string id = incident.id;
  PutIncident(scope, std::move(incident));
  return id;
}

Result<> Resolver::DeleteIfLive(std::string_view scope, const std::string& id) {
  auto incident = LoadIncident(scope, id);
  if (!incident.ok()) return incident.status();
  if (incident->members.empty()) return absl::OkStatus();
  Incident deleted{id, incident->version + 1, {}};
  PutIncident(scope, deleted);
  // Published even when the incident was made within this batch: another worker that had this
  // partition before, batching differently, may have published it.

  return absl::OkStatus();
}

void Resolver::IndexClaim(std::string_view scope, const ClaimFacts& claim, bool add) {
  const std::string claim_key = ClaimKey(claim.source, claim.claim_id);
  std::string content_key;
  if (auto fingerprint = ContentFingerprint(claim)) {
    content_key = ContentKeyPrefix(scope, *fingerprint) + claim_key;
  }
  const std::string block_key = Matchable(claim) ? BlockDayKey(scope, claim) : "";
  if (!block_key.empty()) facts_.erase(block_key);
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
  for (const auto& [key, id] : changes_) {
    const Incident& incident = incidents_.at(key);
    changes.push_back(
        {id, incident.version, incident.members.empty() ? "" : IncidentToJson(incident, rules_)});
  }
  std::sort(changes.begin(), changes.end(),
            [](const IncidentChange& a, const IncidentChange& b) { return a.id < b.id; });
  return changes;
}

Result<ResolveCounts> Resolver::Commit(std::span<const storage::SourcePosition> positions) {
  for (const auto& [key, id] : changes_) batch_->Put(key, EncodeIncident(incidents_.at(key)));
  if (auto written = store_.CommitState(*batch_, positions); !written.ok()) return written;
  ResolveCounts counts = counts_;
  Abandon();
  return counts;
}

void Resolver::Abandon() {
  batch_ = store_.NewStateBatch();
  incidents_.clear();
  incident_of_claim_.clear();
  facts_.clear();
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
