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
    batch_->Put(key, EncodeClaimEntry({claim.revision, ""}));
    ++counts_.retracted;
    return absl::OkStatus();
  }
  return Insert(scope, claim);
}

Result<> Resolver::Insert(std::string_view scope, const ClaimFacts& claim) {
  auto repost = IsRepost(scope, claim);
  if (!repost.ok()) return repost.status();
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
  ++(*repost ? counts_.reposts : joined->members.size() > 1 ? counts_.joined : counts_.created);
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

Result<std::string> Resolver::CurrentIncident(std::string_view scope, const ClaimFacts& claim) {
  auto entry =
      batch_->Get(StateKey(StateKind::kClaim, scope, ClaimKey(claim.source, claim.claim_id)));
  if (!entry.ok()) return entry.status();
  if (!*entry) return std::string();
  auto decoded = DecodeClaimEntry(**entry);
  if (!decoded) return FailedPrecondition("store: corrupt claim entry");
  return decoded->incident_id;
}

Result<Incident> Resolver::LoadIncident(std::string_view scope, const std::string& id) {
  auto value = batch_->Get(StateKey(StateKind::kIncident, scope, id));
  if (!value.ok()) return value.status();
  if (!*value) return Incident{id, 0, {}};
  return DecodeIncident(id, **value);
}

Result<std::string> Resolver::StoreIfChanged(std::string_view scope,
                                             std::vector<ClaimFacts> members, int64_t at_least) {
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
  // Versions of an id go on from its last one, even across a deletion.
  incident.version = std::max(stored->version, at_least) + 1;
  for (const auto& member : incident.members) {
    const std::string key =
        StateKey(StateKind::kClaim, scope, ClaimKey(member.source, member.claim_id));
    batch_->Put(key, EncodeClaimEntry({member.revision, incident.id}));
  }
  batch_->Put(StateKey(StateKind::kIncident, scope, incident.id), EncodeIncident(incident));
  changes_[incident.id] = {incident.id, incident.version, IncidentToJson(incident, rules_)};
  return incident.id;
}

Result<> Resolver::DeleteIfLive(std::string_view scope, const std::string& id) {
  auto incident = LoadIncident(scope, id);
  if (!incident.ok()) return incident.status();
  if (incident->members.empty()) return absl::OkStatus();
  Incident deleted{id, incident->version + 1, {}};
  batch_->Put(StateKey(StateKind::kIncident, scope, id), EncodeIncident(deleted));
  // Published even when the incident was made within this batch: another worker that had this
  // partition before, batching differently, may have published it.
  changes_[id] = {id, deleted.version, ""};
  return absl::OkStatus();
}

void Resolver::IndexClaim(std::string_view scope, const ClaimFacts& claim, bool add) {
  const std::string claim_key = ClaimKey(claim.source, claim.claim_id);
  std::string content_key;
  if (auto fingerprint = ContentFingerprint(claim)) {
    content_key = ContentKeyPrefix(scope, *fingerprint) + claim_key;
  }
  const std::string block_key = Matchable(claim) ? BlockDayKey(scope, claim) : "";
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
