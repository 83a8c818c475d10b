#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/alerting/novelty_alerts.h"
#include "services/alerting/surge_alerts.h"
#include "services/trends/trend_params.h"
#include "services/trends/trend_queries.h"

namespace claimwatch::alerting {

// Which series the surge rule watches: each group, overall ("all") and per province.
struct SurgeScope {
  std::vector<std::string> groups{};
  std::vector<std::string> provinces{};
  int months = 120;  // evaluated history, ending with the month of as_of
};

// The surge alerts of every watched monthly series with any attack, from the counts the
// aggregator committed, evaluated up to the month of `as_of` (whole calendar months). Alerts
// are a function of the counts, so late data re-evaluates them on the next call.
[[nodiscard]] Result<std::vector<SurgeAlert>> EvaluateSurges(const trends::TrendQueries& queries,
                                                             const SurgeScope& scope,
                                                             trends::Day as_of,
                                                             const SurgeRule& rule);

// The alerts a caller asks for: as_of (a date; default `today`), state (open|resolved), group.
struct AlertQuery {
  trends::Day as_of = 0;
  std::optional<std::string> state{};
  std::optional<std::string> group{};
};
[[nodiscard]] Result<AlertQuery> AlertQueryFrom(const trends::Params& params, trends::Day today);

// The surge alerts `query` asks for.
[[nodiscard]] Result<std::vector<SurgeAlert>> FindAlerts(const trends::TrendQueries& queries,
                                                         const SurgeScope& scope,
                                                         const AlertQuery& query,
                                                         const SurgeRule& rule);
// The novelty alerts `query` asks for, from every incident listed up to its as_of.
[[nodiscard]] Result<std::vector<NoveltyAlert>> FindNovelty(const trends::TrendQueries& queries,
                                                            const AlertQuery& query,
                                                            const NoveltyRule& rule);
// alert.v1 lines of both kinds, surges first.
[[nodiscard]] Result<std::vector<std::string>> AlertLines(const trends::TrendQueries& queries,
                                                          const SurgeScope& scope,
                                                          const AlertQuery& query);
// {"as_of", "alerts": [alert.v1…]}: AlertLines as the API answers.
[[nodiscard]] Result<std::string> AlertsToJson(const trends::TrendQueries& queries,
                                               const SurgeScope& scope, const AlertQuery& query);

}  // namespace claimwatch::alerting
