#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "services/alerting/alert_book.h"
#include "services/alerting/alert_metrics.h"
#include "services/alerting/alert_sink.h"
#include "services/claimwatch/config.h"
#include "services/kafka/kafka_writer.h"

namespace claimwatch::cli {

// The alerting of an aggregate stage ([alerts]): after each commit it re-evaluates the series
// the batch moved, publishes what changed to the alerts topic (a failure stops the stage: the
// change is published again after a restart) and to the webhook (best effort: logged, and open
// alerts are re-sent every webhook_resend_seconds), then records it in the alert book. While
// batches follow each other quickly (catching up), moved series are gathered and evaluated
// together, at most once per four times the last evaluation took: at most a fifth of the time
// goes to alerts, and an incident after a quiet spell is evaluated at once.
class AlertStage {
 public:
  [[nodiscard]] static Result<std::unique_ptr<AlertStage>> Create(const Config& config,
                                                                  alerting::AlertScope scope,
                                                                  storage::ClaimStore& store,
                                                                  alerting::AlertMetrics& metrics);
  ~AlertStage();

  [[nodiscard]] Result<> AfterCommit(const trends::AggregateCounts& counts);
  // Evaluates the series gathered so far now, whatever the pacing: when the stage stops, and
  // after a batch that drained what was queued (not catching up: waiting gains nothing).
  [[nodiscard]] Result<> Flush();
  // Re-evaluates every series on the first call and whenever the (UTC) day changes, and
  // re-sends open alerts to the webhook when due. Call it regularly.
  [[nodiscard]] Result<> Tick();

 private:
  AlertStage(const Config& config, alerting::AlertScope scope, storage::ClaimStore& store,
             alerting::AlertMetrics& metrics);
  [[nodiscard]] Result<> Publish(std::span<const std::string> alerts);
  [[nodiscard]] Result<> Refreshed(Result<size_t> published);
  [[nodiscard]] Result<> EvaluateMoved(bool now = false);
  void ResendOpen();

  const Config& config_;
  storage::ClaimStore& store_;
  alerting::AlertMetrics& metrics_;
  alerting::AlertEvaluator evaluator_;
  alerting::AlertEngine engine_;
  std::unique_ptr<kafka::KafkaWriter> writer_;
  std::unique_ptr<alerting::AlertSink> topic_;
  std::unique_ptr<alerting::AlertSink> webhook_;
  std::optional<trends::Day> swept_on_;
  std::set<std::string> moved_;  // series moved since their last evaluation
  std::chrono::steady_clock::time_point next_evaluation_{};
  std::chrono::steady_clock::time_point next_resend_{};
};

}  // namespace claimwatch::cli
