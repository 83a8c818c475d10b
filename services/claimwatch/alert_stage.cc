#include "services/claimwatch/alert_stage.h"

#include "services/alerting/alertmanager_sink.h"
#include "services/kafka/kafka_alert_sink.h"
#include "services/kafka/kafka_topics.h"
#include "spdlog/spdlog.h"

namespace claimwatch::cli {

AlertStage::AlertStage(const Config& config, alerting::AlertScope scope, storage::ClaimStore& store,
                       alerting::AlertMetrics& metrics)
    : config_(config),
      store_(store),
      metrics_(metrics),
      evaluator_(store, config.alerts.policy, std::move(scope)),
      engine_(store, evaluator_,
              [this](std::span<const std::string> alerts) { return Publish(alerts); }) {}

AlertStage::~AlertStage() = default;

Result<std::unique_ptr<AlertStage>> AlertStage::Create(const Config& config,
                                                       alerting::AlertScope scope,
                                                       storage::ClaimStore& store,
                                                       alerting::AlertMetrics& metrics) {
  std::unique_ptr<AlertStage> stage(new AlertStage(config, std::move(scope), store, metrics));
  const auto& alerts = config.alerts;
  if (!alerts.topic.empty()) {
    // Compacted: the topic keeps each alert's latest version.
    auto created = kafka::EnsureTopics(config.kafka.Producer(),
                                       {{alerts.topic, -1, {{"cleanup.policy", "compact"}}}});
    if (!created.ok()) return created;
    auto writer = kafka::KafkaWriter::Create(config.kafka.Producer());
    if (!writer.ok()) return writer.status();
    stage->writer_ = std::move(*writer);
    stage->topic_ = std::make_unique<kafka::KafkaAlertSink>(*stage->writer_, alerts.topic);
  }
  if (!alerts.webhook.empty()) {
    alerting::AlertmanagerConfig webhook{.url = alerts.webhook};
    webhook.valid_for = std::chrono::seconds(4 * alerts.webhook_resend_seconds);
    auto sink = alerting::AlertmanagerSink::Create(webhook);
    if (!sink.ok()) return sink.status();
    stage->webhook_ = std::move(*sink);
  }
  return stage;
}

Result<> AlertStage::Publish(std::span<const std::string> alerts) {
  if (topic_) {
    if (auto sent = topic_->Publish(alerts); !sent.ok()) return sent;
  }
  if (webhook_) {
    if (auto sent = webhook_->Publish(alerts); !sent.ok()) {
      metrics_.WebhookFailed();
      spdlog::warn("alerts: webhook: {} (open alerts are sent again within {} s)", sent.message(),
                   config_.alerts.webhook_resend_seconds);
    }
  }
  for (const auto& alert : alerts) spdlog::debug("alert: {}", alert);
  return absl::OkStatus();
}

Result<> AlertStage::Refreshed(Result<size_t> published) {
  if (!published.ok()) return published.status();
  if (*published == 0) return absl::OkStatus();
  auto book = engine_.book().All();
  if (!book.ok()) return book.status();
  metrics_.Refresh(*book);
  return absl::OkStatus();
}

Result<> AlertStage::AfterCommit(const trends::AggregateCounts& counts) {
  moved_.merge(engine_.MovedSeries(counts));
  return EvaluateMoved();
}

Result<> AlertStage::Flush() { return EvaluateMoved(/*now=*/true); }

Result<> AlertStage::EvaluateMoved(bool now) {
  const auto started = std::chrono::steady_clock::now();
  if (moved_.empty() || (!now && started < next_evaluation_)) return absl::OkStatus();
  auto published = engine_.Update(moved_, trends::Today());
  if (published.ok()) moved_.clear();
  next_evaluation_ = started + 5 * (std::chrono::steady_clock::now() - started);
  return Refreshed(std::move(published));
}

Result<> AlertStage::Tick() {
  if (auto evaluated = EvaluateMoved(); !evaluated.ok()) return evaluated;
  const trends::Day today = trends::Today();
  if (swept_on_ != today) {
    auto swept = engine_.Sweep(today);
    if (!swept.ok()) return swept.status();
    auto book = engine_.book().All();
    if (!book.ok()) return book.status();
    metrics_.Refresh(*book);
    swept_on_ = today;
    spdlog::info("alerts: evaluated every series up to {}: {} changes, {} alerts in the book",
                 trends::FormatDay(today), *swept, book->size());
  }
  if (webhook_ && std::chrono::steady_clock::now() >= next_resend_) {
    ResendOpen();
    next_resend_ = std::chrono::steady_clock::now() +
                   std::chrono::seconds(config_.alerts.webhook_resend_seconds);
  }
  return absl::OkStatus();
}

void AlertStage::ResendOpen() {
  auto book = engine_.book().All();
  if (!book.ok()) {
    spdlog::warn("alerts: {}", book.status().message());
    return;
  }
  std::vector<std::string> open;
  for (const auto& entry : *book) {
    if (entry.alert.state == "open") open.push_back(entry.alert.json);
  }
  if (open.empty()) return;
  if (auto sent = webhook_->Publish(open); !sent.ok()) {
    metrics_.WebhookFailed();
    spdlog::warn("alerts: webhook: {}", sent.message());
  }
}

}  // namespace claimwatch::cli
