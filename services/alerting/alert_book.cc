#include "services/alerting/alert_book.h"

#include <charconv>
#include <map>

#include "nlohmann/json.hpp"
#include "services/trends/trend_keys.h"

namespace claimwatch::alerting {
namespace {

using Ordered = nlohmann::ordered_json;

constexpr std::string_view kBookPrefix = "Ab";

std::string BookPrefix(std::string_view series) {
  return StrCat(kBookPrefix, series, std::string_view("\0", 1));
}

struct Stored {
  int64_t version = 0;
  std::string json{};  // as evaluated (or withdrawn), without the version
};

Result<Stored> DecodeStored(std::string_view value) {
  Stored stored;
  const size_t space = value.find(' ');
  auto [end, error] = std::from_chars(value.data(), value.data() + space, stored.version);
  if (space == std::string_view::npos || error != std::errc() || end != value.data() + space) {
    return FailedPrecondition("store: corrupt alert book entry");
  }
  stored.json = std::string(value.substr(space + 1));
  return stored;
}

std::string Published(const std::string& json, int64_t version) {
  auto alert = Ordered::parse(json);
  alert["version"] = version;
  return alert.dump();
}

// The alert as its series no longer gives it: resolved (if open, on `as_of`) and withdrawn.
std::string Withdrawn(const std::string& json, trends::Day as_of) {
  auto alert = Ordered::parse(json);
  if (alert.value("withdrawn", false)) return json;
  if (alert["state"] == "open") {
    alert["state"] = "resolved";
    alert["resolved_on"] = alert["last_updated_on"] = trends::FormatDay(as_of);
  }
  alert["withdrawn"] = true;
  alert["summary"] = StrCat("withdrawn: ", alert["summary"].get<std::string>(),
                            " (later data no longer supports it)");
  return alert.dump();
}

EvaluatedAlert AlertOf(const std::string& line) {
  const auto json = nlohmann::json::parse(line);
  return {json["alert_id"],          json["type"],     json["state"], json["group"],
          json.value("group_b", ""), json["province"], line};
}

}  // namespace

Result<std::vector<std::string>> AlertBook::Diff(std::string_view series,
                                                 std::span<const EvaluatedAlert> alerts,
                                                 trends::Day as_of,
                                                 storage::StateBatch& batch) const {
  const std::string prefix = BookPrefix(series);
  std::map<std::string, Stored> stored;
  absl::Status corrupt;
  auto scanned = store_.ScanState(prefix, trends::PrefixEnd(prefix),
                                  [&](std::string_view key, std::string_view value) {
                                    auto entry = DecodeStored(value);
                                    if (!entry.ok()) {
                                      corrupt = entry.status();
                                      return false;
                                    }
                                    stored[std::string(key.substr(prefix.size()))] = *entry;
                                    return true;
                                  });
  if (!scanned.ok()) return scanned;
  if (!corrupt.ok()) return corrupt;
  std::vector<std::string> changes;
  auto record = [&](const std::string& id, const std::string& json) {
    auto& entry = stored[id];
    if (entry.version > 0 && entry.json == json) return;
    changes.push_back(Published(json, entry.version + 1));
    batch.Put(prefix + id, StrCat(entry.version + 1, " ", json));
    entry.json = json;  // so that withdrawing below sees it as given
  };
  std::set<std::string> given;
  for (const auto& alert : alerts) {
    record(alert.alert_id, alert.json);
    given.insert(alert.alert_id);
  }
  for (const auto& [id, entry] : stored) {
    if (!given.contains(id)) record(id, Withdrawn(entry.json, as_of));
  }
  return changes;
}

Result<std::vector<BookEntry>> AlertBook::All() const {
  std::vector<BookEntry> entries;
  absl::Status corrupt;
  const std::string prefix(kBookPrefix);
  auto scanned = store_.ScanState(
      prefix, trends::PrefixEnd(prefix), [&](std::string_view key, std::string_view value) {
        auto entry = DecodeStored(value);
        if (!entry.ok()) {
          corrupt = entry.status();
          return false;
        }
        const std::string_view rest = key.substr(prefix.size());
        const std::string line = Published(entry->json, entry->version);
        entries.push_back(
            {std::string(rest.substr(0, rest.find('\0'))), AlertOf(line), entry->version});
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!corrupt.ok()) return corrupt;
  return entries;
}

std::set<std::string> AlertEngine::MovedSeries(const trends::AggregateCounts& counts) const {
  std::set<std::string> series;
  for (const auto& incident : counts.moved) {
    for (auto& key : evaluator_.SeriesOf(incident)) series.insert(std::move(key));
  }
  return series;
}

Result<size_t> AlertEngine::OnCommit(const trends::AggregateCounts& counts, trends::Day as_of) {
  return Update(MovedSeries(counts), as_of);
}

Result<size_t> AlertEngine::Sweep(trends::Day as_of) {
  auto all = evaluator_.AllSeries();
  if (!all.ok()) return all.status();
  std::set<std::string> series(all->begin(), all->end());
  auto booked = book_.All();
  if (!booked.ok()) return booked.status();
  for (const auto& entry : *booked) series.insert(entry.series);
  return Update(series, as_of);
}

Result<size_t> AlertEngine::Update(const std::set<std::string>& series, trends::Day as_of) {
  auto batch = store_.NewStateBatch();
  std::vector<std::string> changes;
  for (const auto& key : series) {
    auto alerts = evaluator_.Evaluate(key, as_of);
    if (!alerts.ok()) return alerts.status();
    auto changed = book_.Diff(key, *alerts, as_of, *batch);
    if (!changed.ok()) return changed.status();
    changes.insert(changes.end(), changed->begin(), changed->end());
  }
  if (changes.empty()) return size_t{0};
  if (auto published = publish_(changes); !published.ok()) return published;
  if (auto written = store_.CommitState(*batch, {}); !written.ok()) return written;
  return changes.size();
}

Result<std::vector<std::string>> FindAlerts(const AlertEvaluator& evaluator, const AlertBook& book,
                                            const AlertQuery& query) {
  std::vector<std::string> lines;
  if (query.as_of) {
    auto alerts = evaluator.EvaluateAll(*query.as_of);
    if (!alerts.ok()) return alerts.status();
    for (const auto& alert : *alerts) {
      if (query.Matches(alert)) lines.push_back(alert.json);
    }
    return lines;
  }
  auto entries = book.All();
  if (!entries.ok()) return entries.status();
  for (const auto& entry : *entries) {
    if (query.Matches(entry.alert)) lines.push_back(entry.alert.json);
  }
  return lines;
}

Result<std::string> AlertsToJson(const AlertEvaluator& evaluator, const AlertBook& book,
                                 const AlertQuery& query) {
  auto lines = FindAlerts(evaluator, book, query);
  if (!lines.ok()) return lines.status();
  std::string json = StrCat(
      R"({"as_of":)",
      query.as_of ? StrCat("\"", trends::FormatDay(*query.as_of), "\"") : std::string("null"),
      R"(,"alerts":[)");
  for (size_t i = 0; i < lines->size(); ++i) {
    if (i > 0) json += ',';
    json += (*lines)[i];
  }
  return json + "]}";
}

}  // namespace claimwatch::alerting
