#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/alerting/alert_evaluation.h"
#include "services/storage/state_batch.h"
#include "services/trends/aggregator.h"

namespace claimwatch::alerting {

// An alert as published: alert.v1 with its version (1, 2, … one per change).
struct BookEntry {
  std::string series{};
  EvaluatedAlert alert{};  // json: the published line, with "version"
  int64_t version = 0;
};

// The alerts raised so far and their lifecycle, in the store's state family, so that a restart
// neither forgets nor repeats them:
//   "Ab" series\0alert_id → version, a space, the evaluated alert.v1 JSON
// One evaluated alert per (series, detector, opening period) keeps one alert_id; each change of
// state or evidence raises its version. An alert its series no longer gives (late data or a
// correction took away what it stood on) is withdrawn: resolved, with "withdrawn": true.
class AlertBook {
 public:
  explicit AlertBook(const storage::ClaimStore& store) : store_(store) {}

  // The alert.v1 lines (with versions) that change now that `series` evaluates to `alerts` on
  // `as_of`; their book entries are queued in `batch`.
  [[nodiscard]] Result<std::vector<std::string>> Diff(std::string_view series,
                                                      std::span<const EvaluatedAlert> alerts,
                                                      trends::Day as_of,
                                                      storage::StateBatch& batch) const;
  // Every alert in the book, in series order.
  [[nodiscard]] Result<std::vector<BookEntry>> All() const;

 private:
  const storage::ClaimStore& store_;
};

// The alerts `query` asks for, as alert.v1 lines: with as_of, the policy evaluated up to that
// day (what the book would have held then, without versions); without, the book.
[[nodiscard]] Result<std::vector<std::string>> FindAlerts(const AlertEvaluator& evaluator,
                                                          const AlertBook& book,
                                                          const AlertQuery& query);
// {"as_of": date or null, "alerts": [alert.v1…]}: FindAlerts as the API answers.
[[nodiscard]] Result<std::string> AlertsToJson(const AlertEvaluator& evaluator,
                                               const AlertBook& book, const AlertQuery& query);

// Keeps the book equal to the policy's evaluation of the committed counts, and publishes each
// change (the alerts topic, a webhook) before it is written to the book: a crash in between
// publishes the change again (consumers keep the highest version of an alert_id), never loses
// it. Not thread-safe; run it where the aggregator commits.
class AlertEngine {
 public:
  using Publish = std::function<Result<>(std::span<const std::string>)>;
  AlertEngine(storage::ClaimStore& store, const AlertEvaluator& evaluator, Publish publish)
      : store_(store), book_(store), evaluator_(evaluator), publish_(std::move(publish)) {}

  // Re-evaluates the series a committed batch moved; returns how many changes it published.
  [[nodiscard]] Result<size_t> OnCommit(const trends::AggregateCounts& counts, trends::Day as_of);
  // The series a committed batch moved.
  std::set<std::string> MovedSeries(const trends::AggregateCounts& counts) const;
  // Re-evaluates every series: at start (a crash may have come between a commit and its
  // alerts) and when the day changes (alerts resolve with time).
  [[nodiscard]] Result<size_t> Sweep(trends::Day as_of);
  [[nodiscard]] Result<size_t> Update(const std::set<std::string>& series, trends::Day as_of);

  const AlertBook& book() const { return book_; }

 private:
  storage::ClaimStore& store_;
  AlertBook book_;
  const AlertEvaluator& evaluator_;
  Publish publish_;
};

}  // namespace claimwatch::alerting
