#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "services/alerting/alert_policy.h"
#include "services/storage/claim_store.h"
#include "services/trends/incident_summary.h"
#include "services/trends/trend_params.h"
#include "services/trends/trend_queries.h"

namespace claimwatch::alerting {

// The groups and provinces surge rules watch: the reference data's, so label sets stay bounded.
struct AlertScope {
  std::vector<std::string> groups{};
  std::vector<std::string> provinces{};
};

// One alert as evaluated, with what the book and the metrics need of it.
struct EvaluatedAlert {
  std::string alert_id{};
  std::string type{};   // surge | novelty | coclaim
  std::string state{};  // open | resolved
  std::string group{};
  std::string group_b{};  // co-claims: the pair's other group
  std::string province{};
  std::string json{};  // alert.v1
};

// The policy's alerts over what the aggregator committed. Each watched series has a key:
//   surge\x1f<rule>\x1f<group>\x1f<province or all>
//   novelty\x1f<group>\x1f<dimension>\x1f<province>\x1f<value>
//   coclaim\x1f<group_a>\x1f<group_b>
// and its alerts are a function of its counts up to the evaluation day: late data re-evaluates
// them. Thread-safe (reads only).
class AlertEvaluator {
 public:
  AlertEvaluator(const storage::ClaimStore& store, AlertPolicy policy, AlertScope scope);

  // The alerts of one watched series, evaluated up to `as_of`.
  [[nodiscard]] Result<std::vector<EvaluatedAlert>> Evaluate(std::string_view series,
                                                             trends::Day as_of) const;
  // Every watched series that may have alerts: each rule's series of the scope, every pair of
  // groups with a shared incident, every novelty key with an attack.
  [[nodiscard]] Result<std::vector<std::string>> AllSeries() const;
  // The watched series whose counts an incident's version moves.
  std::vector<std::string> SeriesOf(const trends::IncidentSummary& incident) const;
  // Evaluate() of AllSeries().
  [[nodiscard]] Result<std::vector<EvaluatedAlert>> EvaluateAll(trends::Day as_of) const;

  const AlertPolicy& policy() const { return policy_; }
  const AlertScope& scope() const { return scope_; }

 private:
  [[nodiscard]] Result<std::vector<EvaluatedAlert>> Surge(const SurgePolicy& rule,
                                                          const std::string& group,
                                                          const std::string& province,
                                                          trends::Day as_of) const;
  // The attacks of the period holding `as_of`, up to as_of: an evaluation up to a day in the
  // middle of a period never sees the days after it.
  [[nodiscard]] Result<int64_t> CountUpTo(const trends::SeriesKey& series,
                                          trends::Interval interval, trends::Day as_of) const;
  [[nodiscard]] Result<std::vector<EvaluatedAlert>> Novelty(const trends::NoveltyKey& key,
                                                            trends::Day as_of) const;
  [[nodiscard]] Result<std::vector<EvaluatedAlert>> Coclaim(const std::string& group_a,
                                                            const std::string& group_b,
                                                            trends::Day as_of) const;

  const storage::ClaimStore& store_;
  trends::TrendQueries queries_;
  AlertPolicy policy_;
  AlertScope scope_;
  std::set<std::string> groups_;
  std::set<std::string> provinces_;
};

// What a caller asks for: as_of (a date: evaluate up to it; none: the alert book), state
// (open|resolved), group, type (surge|novelty|coclaim).
struct AlertQuery {
  std::optional<trends::Day> as_of{};
  std::optional<std::string> state{};
  std::optional<std::string> group{};
  std::optional<std::string> type{};
  bool Matches(const EvaluatedAlert& alert) const;
};
[[nodiscard]] Result<AlertQuery> AlertQueryFrom(const trends::Params& params);

}  // namespace claimwatch::alerting
