// `claimwatch query claims|incidents|series|trends|coclaims|alerts`: reads the store offline.
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "services/alerting/alert_book.h"
#include "services/claimwatch/aggregate_stage.h"
#include "services/claimwatch/claim_json.h"
#include "services/claimwatch/commands.h"
#include "services/parsing/claim_parser.h"
#include "services/parsing/dates.h"
#include "services/resolution/resolver.h"
#include "services/trends/trend_json.h"
#include "services/trends/trend_params.h"

namespace claimwatch::cli {
namespace {

struct QueryRun {
  ServiceOptions options;
  std::string format = "table";
  size_t limit = 0;
  // query incidents
  std::optional<std::string> group{};
  bool contested = false;
  std::optional<std::string> from{}, to{};
  // query series|trends
  std::optional<std::string> province{}, attack_type{}, target_type{}, interval{}, as_of{};
  std::optional<std::string> window_days{};  // query coclaims
  std::optional<std::string> state{};        // query alerts
  std::optional<std::string> type{};         // query alerts
};

// `value` as a table cell `width` columns wide plus a separating space. Columns are counted in
// code points and long text is cut at a code point boundary, so Arabic and Urdu names stay
// valid UTF-8 and aligned.
std::string Cell(const nlohmann::ordered_json& value, size_t width) {
  std::string text = value.is_null()     ? "-"
                     : value.is_string() ? value.get<std::string>()
                                         : value.dump();
  auto starts_code_point = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t columns = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if (!starts_code_point(text[i])) continue;
    if (columns == width - 1) cut = i;  // where "~" goes if the text is too long
    if (++columns > width) {
      text = text.substr(0, cut) + "~";
      columns = width;
      break;
    }
  }
  return text + std::string(width - columns + 1, ' ');
}

void PrintHeader() {
  std::cout << "SOURCE         CLAIM_ID              REV EVENT_DATE GROUP           PLACE         "
               "PROVINCE ATTACK TARGET KILLED WOUNDED\n";
}

void PrintRow(const nlohmann::ordered_json& claim) {
  const auto group = claim["group"].is_null()
                         ? nlohmann::ordered_json("?" + claim["claimed_by"].get<std::string>())
                         : claim["group"];
  std::cout << Cell(claim["source"], 14) << Cell(claim["claim_id"], 21)
            << Cell(claim["revision"], 3) << Cell(claim["event_date"], 10) << Cell(group, 15)
            << Cell(claim["place"], 13) << Cell(claim["province"], 8)
            << Cell(claim["attack_type"], 6) << Cell(claim["target_type"], 6)
            << Cell(claim["killed"], 6) << Cell(claim["wounded"], 7) << '\n';
}

absl::Status RunQueryClaims(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  if (run.format == "table") PrintHeader();
  parsing::ClaimParser parser(parsing::ClaimParserConfig{.max_message_bytes = SIZE_MAX});
  size_t printed = 0;
  absl::Status failure;
  auto scanned = (*store)->ForEachClaim([&](const storage::StoredClaim& stored) {
    auto claim = parser.Parse(stored.payload);
    if (!claim.ok()) {
      failure = FailedPrecondition("store: claim " + stored.source + "/" + stored.claim_id +
                                   " no longer parses: " + std::string(claim.status().message()));
      return false;
    }
    auto normalised = nlohmann::ordered_json::parse(stored.normalised, nullptr, false);
    if (normalised.is_discarded()) normalised = nlohmann::ordered_json::object();
    auto json = ClaimToJson(*claim, normalised);
    if (run.format == "json") {
      std::cout << json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    } else {
      PrintRow(json);
    }
    return run.limit == 0 || ++printed < run.limit;
  });
  if (!scanned.ok()) return scanned;
  return failure;
}

// Keeps the incidents that --group, --contested and --from/--to ask for.
class IncidentFilter {
 public:
  static Result<IncidentFilter> Create(const QueryRun& run) {
    IncidentFilter filter;
    filter.group_ = run.group;
    filter.contested_ = run.contested;
    for (auto [flag, text, day] : {std::tuple("--from", &run.from, &filter.from_),
                                   std::tuple("--to", &run.to, &filter.to_)}) {
      if (!*text) continue;
      auto date = parsing::ParseEventDate(**text);
      if (!date) return InvalidInput(StrCat(flag, ": not a date: ", **text));
      auto [first, last] = resolution::DayRange(*date);
      *day = std::string_view(flag) == "--from" ? first : last;
    }
    return filter;
  }

  bool Keep(const nlohmann::ordered_json& incident) const {
    if (contested_ && !incident["contested"].get<bool>()) return false;
    if (group_) {
      const auto& claimants = incident["claimants"];
      if (std::none_of(claimants.begin(), claimants.end(),
                       [&](const auto& claimant) { return claimant["group"] == *group_; })) {
        return false;
      }
    }
    auto date = parsing::ParseEventDate(incident["event_date"].get<std::string>());
    auto [first, last] = resolution::DayRange(*date);
    return (!from_ || last >= *from_) && (!to_ || first <= *to_);
  }

 private:
  std::optional<std::string> group_;
  bool contested_ = false;
  std::optional<int32_t> from_, to_;
};

void PrintIncidentRow(const nlohmann::ordered_json& incident) {
  std::string groups;
  for (const auto& claimant : incident["claimants"]) {
    if (!groups.empty()) groups += ",";
    groups += claimant["group"].is_null() ? "?" : claimant["group"].get<std::string>();
  }
  std::cout << Cell(incident["incident_id"], 20) << Cell(incident["version"], 3)
            << Cell(incident["event_date"], 10) << Cell(incident["place"], 13)
            << Cell(incident["province"], 8) << Cell(incident["attack_type"], 6)
            << Cell(incident["target_type"], 6) << Cell(incident["killed"], 6)
            << Cell(incident["wounded"], 7) << Cell(incident["contested"] ? "yes" : "no", 9)
            << groups << '\n';
}

absl::Status RunQueryIncidents(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto filter = IncidentFilter::Create(run);
  if (!filter.ok()) return filter.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  if (run.format == "table") {
    std::cout << "INCIDENT_ID          VER EVENT_DATE PLACE         PROVINCE ATTACK TARGET KILLED "
                 "WOUNDED CONTESTED CLAIMANTS\n";
  }
  size_t printed = 0;
  return resolution::ForEachIncident(**store, [&](const resolution::Incident& incident) {
    const std::string text = resolution::IncidentToJson(incident, config->rules);
    const auto json = nlohmann::ordered_json::parse(text);
    if (!filter->Keep(json)) return true;
    if (run.format == "json") {
      std::cout << text << '\n';
    } else {
      PrintIncidentRow(json);
    }
    return run.limit == 0 || ++printed < run.limit;
  });
}

// The options of `query series|trends` as the API's parameters.
trends::Params ParamsOf(const QueryRun& run) {
  trends::Params params;
  for (auto [name, value] :
       {std::pair{"group", &run.group}, std::pair{"province", &run.province},
        std::pair{"attack_type", &run.attack_type}, std::pair{"target_type", &run.target_type},
        std::pair{"interval", &run.interval}, std::pair{"from", &run.from},
        std::pair{"to", &run.to}, std::pair{"as_of", &run.as_of},
        std::pair{"window_days", &run.window_days}}) {
    if (*value) params[name] = **value;
  }
  return params;
}

// A parameter error as the command line names it: "--from: …".
absl::Status AsFlagError(const absl::Status& status) {
  if (!absl::IsInvalidArgument(status)) return status;
  std::string message(status.message());
  std::replace(message.begin(), message.begin() + trends::ParameterOf(status).size(), '_', '-');
  return InvalidInput("--" + message);
}

absl::Status RunQuerySeries(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto query = trends::SeriesQueryFrom(ParamsOf(run), trends::Today());
  if (!query.ok()) return AsFlagError(query.status());
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto series = trends::TrendQueries(**store).GetSeries(*query);
  if (!series.ok()) return series.status();
  if (run.format == "json") {
    for (const auto& line : trends::SeriesToLines(*series)) std::cout << line << '\n';
    return absl::OkStatus();
  }
  std::cout << "GROUP           PROVINCE ATTACK TARGET PERIOD     COUNT\n";
  const auto& key = query->series;
  for (const auto& point : series->points) {
    std::cout << Cell(key.group, 15) << Cell(key.province, 8) << Cell(key.attack_type, 6)
              << Cell(key.target_type, 6) << Cell(point.period, 10) << point.count << '\n';
  }
  if (series->coarser > 0) {
    std::cout << "(" << series->coarser << " incidents dated less precisely than a "
              << trends::IntervalName(query->interval) << " are in no period)\n";
  }
  return absl::OkStatus();
}

absl::Status RunQueryTrends(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto query =
      trends::TrendsQueryFrom(ParamsOf(run), trends::Today(), config->aggregate.windows_days);
  if (!query.ok()) return AsFlagError(query.status());
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto result = trends::TrendQueries(**store).GetTrends(*query);
  if (!result.ok()) return result.status();
  if (run.format == "json") {
    for (const auto& line : trends::TrendsToLines(*result)) std::cout << line << '\n';
    return absl::OkStatus();
  }
  std::cout << "GROUP           PROVINCE WINDOW FROM       TO         COUNT YEAR_BEFORE CHANGE\n";
  for (const auto& window : result->windows) {
    std::cout << Cell(query->series.group, 15) << Cell(query->series.province, 8)
              << Cell(StrCat(window.days, "d"), 6) << Cell(trends::FormatDay(window.from), 10)
              << Cell(trends::FormatDay(window.to), 10) << Cell(window.count, 5)
              << Cell(window.previous, 11) << std::showpos << window.count - window.previous
              << std::noshowpos << '\n';
  }
  return absl::OkStatus();
}

absl::Status RunQueryCoClaims(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto query = trends::CoClaimQueryFrom(ParamsOf(run), trends::Today());
  if (!query.ok()) return AsFlagError(query.status());
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto coclaims = trends::TrendQueries(**store).GetCoClaims(*query);
  if (!coclaims.ok()) return coclaims.status();
  if (run.format == "json") {
    for (const auto& line : trends::CoClaimsToLines(*coclaims)) std::cout << line << '\n';
    return absl::OkStatus();
  }
  std::cout << "GROUP_A         GROUP_B         INCIDENTS (" << query->window_days << " days to "
            << trends::FormatDay(query->as_of) << ")\n";
  for (const auto& pair : coclaims->pairs) {
    std::cout << Cell(pair.group_a, 15) << Cell(pair.group_b, 15) << pair.count << '\n';
  }
  return absl::OkStatus();
}

absl::Status RunQueryAlerts(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  trends::Params params;
  if (run.as_of) params["as_of"] = *run.as_of;
  if (run.state) params["state"] = *run.state;
  if (run.group) params["group"] = *run.group;
  if (run.type) params["type"] = *run.type;
  auto query = alerting::AlertQueryFrom(params);
  if (!query.ok()) return AsFlagError(query.status());
  auto labels = GaugeLabelsFor(*config);
  if (!labels.ok()) return labels.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  const alerting::AlertEvaluator evaluator(**store, config->alerts.policy, AlertScopeOf(*labels));
  auto lines = alerting::FindAlerts(evaluator, alerting::AlertBook(**store), *query);
  if (!lines.ok()) return lines.status();
  for (const auto& line : *lines) {
    if (run.format == "json") {
      std::cout << line << '\n';
      continue;
    }
    const auto alert = nlohmann::ordered_json::parse(line);
    std::cout << Cell(alert["type"], 8) << Cell(alert["state"], 8) << Cell(alert["opened_on"], 10)
              << Cell(alert["last_updated_on"], 10) << alert["summary"].get<std::string>() << '\n';
  }
  return absl::OkStatus();
}

// A `query` subcommand over the store, with the options every listing takes.
CLI::App* AddListing(CLI::App& query, const char* name, const char* help,
                     const std::shared_ptr<QueryRun>& run, absl::Status (*listing)(const QueryRun&),
                     int& exit_code) {
  auto* command = query.add_subcommand(name, help);
  command->add_option("--db", run->options.db, "RocksDB directory [store.path]");
  command->add_option("--config", run->options.config_path, "TOML config file")
      ->check(CLI::ExistingFile);
  command->add_option("--format", run->format, "table, or json: one object a line")
      ->check(CLI::IsMember({"table", "json"}));
  command->callback([run, listing, &exit_code] {
    auto status = listing(*run);
    if (!status.ok()) std::cerr << "query: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
  return command;
}

}  // namespace

void AddQueryCommand(CLI::App& app, int& exit_code) {
  auto* query = app.add_subcommand("query", "Read the store offline");
  query->require_subcommand(1);
  auto run = std::make_shared<QueryRun>();
  auto* claims = AddListing(*query, "claims", "List stored claims in (source, claim_id) order", run,
                            RunQueryClaims, exit_code);
  claims->add_option("--limit", run->limit, "At most this many claims (0 = all)");

  auto* incidents =
      AddListing(*query, "incidents",
                 "List the incidents this store resolved (incident.v1, one a line in json)", run,
                 RunQueryIncidents, exit_code);
  incidents->add_option("--group", run->group, "Only incidents this group (canonical id) claimed");
  incidents->add_flag("--contested", run->contested, "Only incidents claimed by several groups");
  incidents->add_option("--from", run->from, "Only incidents on or after this date");
  incidents->add_option("--to", run->to, "Only incidents on or before this date");
  incidents->add_option("--limit", run->limit, "At most this many incidents (0 = all)");

  auto* series =
      AddListing(*query, "series",
                 "Incidents per ISO week, month or year by event date (the API's /api/v1/series)",
                 run, RunQuerySeries, exit_code);
  auto* windows = AddListing(
      *query, "trends",
      "Rolling 7/30/90/365-day counts ending at a date, and a year before (/api/v1/trends)", run,
      RunQueryTrends, exit_code);
  for (auto* command : {series, windows}) {
    command->add_option("--group", run->group, "Claimant group id, or all (default)");
    command->add_option("--province", run->province, "ISO 3166-2 code, or all (default)");
  }
  series->add_option("--attack-type", run->attack_type, "GTD attack type code, or all");
  series->add_option("--target-type", run->target_type, "GTD target type code, or all");
  series->add_option("--interval", run->interval, "week, month (default) or year");
  series->add_option("--from", run->from, "First period (2022-W41, 2022-10, 2022) or a date");
  series->add_option("--to", run->to, "Last period, or a date (default: this one)");
  windows->add_option("--as-of", run->as_of, "Last day of the windows (default: today, UTC)");

  auto* coclaims = AddListing(
      *query, "coclaims",
      "Incidents claimed by both groups of each pair in a rolling window (/api/v1/coclaims)", run,
      RunQueryCoClaims, exit_code);
  coclaims->add_option("--as-of", run->as_of, "Last day of the window (default: today, UTC)");
  coclaims->add_option("--window-days", run->window_days, "Window length in days (365)");

  auto* alerts = AddListing(
      *query, "alerts",
      "The alert book (surge, novelty and co-claim alerts as the aggregator or import last "
      "evaluated them), or with --as-of the [alerts] policy evaluated up to that day; json: one "
      "alert.v1 object a line",
      run, RunQueryAlerts, exit_code);
  alerts->add_option("--as-of", run->as_of,
                     "Evaluate the policy up to this date instead of reading the alert book");
  alerts->add_option("--type", run->type, "Only surge, novelty or coclaim alerts");
  alerts->add_option("--state", run->state, "Only open or resolved alerts");
  alerts->add_option("--group", run->group, "Only this group's alerts");
}

}  // namespace claimwatch::cli
