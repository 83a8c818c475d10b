#include "services/ingest/ingest_metrics.h"

namespace claimwatch::ingest {
namespace {

prometheus::Family<prometheus::Counter>& Counters(prometheus::Registry& registry,
                                                  const std::string& name,
                                                  const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

constexpr char kStoredName[] = "claimwatch_claims_stored_total";
constexpr char kStoredHelp[] = "Valid claims written to the store, new or as a higher revision.";

}  // namespace

IngestMetrics::IngestMetrics(prometheus::Registry& registry)
    : consumed(Counters(registry, "claimwatch_messages_consumed_total",
                        "Messages read from the claims input (Kafka or file).")
                   .Add({})),
      stored(Counters(registry, kStoredName, kStoredHelp).Add({{"kind", "new"}})),
      revised(Counters(registry, kStoredName, kStoredHelp).Add({{"kind", "revision"}})),
      superseded(Counters(registry, "claimwatch_claims_superseded_total",
                          "Claims dropped because the store holds a higher revision.")
                     .Add({})),
      redeliveries(Counters(registry, "claimwatch_duplicates_total",
                            "Duplicates dropped, by dedup level (redelivery, repost, incident).")
                       .Add({{"level", "redelivery"}})),
      dead_lettered(Counters(registry, "claimwatch_dead_letters_total",
                             "Rejected messages written to the dead-letter output.")
                        .Add({})),
      batch_commit_seconds(
          prometheus::BuildHistogram()
              .Name("claimwatch_batch_commit_seconds")
              .Help("Time to make one batch durable: dead letters, then claims "
                    "and offsets in one RocksDB WriteBatch.")
              .Register(registry)
              .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                               0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                                                               5})),
      batch_size(prometheus::BuildHistogram()
                     .Name("claimwatch_batch_records")
                     .Help("Records per processed batch.")
                     .Register(registry)
                     .Add({}, prometheus::Histogram::BucketBoundaries{1, 10, 100, 500, 1000, 2500,
                                                                      5000, 10000})),
      consumer_lag(prometheus::BuildGauge()
                       .Name("claimwatch_consumer_lag")
                       .Help("Messages between the partition's high watermark and the next "
                             "offset this worker will read.")
                       .Register(registry)),
      unresolved(Counters(registry, "claimwatch_unresolved_total",
                          "Claim values normalisation could not resolve (kept raw), by field.")),
      kafka_broker_rtt_seconds(prometheus::BuildGauge()
                                   .Name("claimwatch_kafka_broker_rtt_seconds")
                                   .Help("Average request round trip to each broker (librdkafka "
                                         "statistics).")
                                   .Register(registry)),
      kafka_broker_up(prometheus::BuildGauge()
                          .Name("claimwatch_kafka_broker_up")
                          .Help("1 while the client's connection to the broker is up.")
                          .Register(registry)),
      kafka_queued_messages(prometheus::BuildGauge()
                                .Name("claimwatch_kafka_queued_messages")
                                .Help("Messages waiting in a Kafka client's local queues.")
                                .Register(registry)) {
  auto& family = Counters(registry, "claimwatch_claims_rejected_total",
                          "Messages rejected by the claim.v1 contract, by reason.");
  for (auto reason : parsing::kAllRejectReasons) {
    rejected[static_cast<size_t>(reason)] =
        &family.Add({{"reason", parsing::RejectReasonLabel(reason)}});
  }
  for (const char* field : {"group", "country", "province", "district", "place", "attack_type",
                            "target_type", "event_date"}) {
    unresolved_by_field[field] = &unresolved.Add({{"field", field}});
  }
}

}  // namespace claimwatch::ingest
