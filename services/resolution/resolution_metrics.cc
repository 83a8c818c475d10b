#include "services/resolution/resolution_metrics.h"

namespace claimwatch::resolution {
namespace {

prometheus::Family<prometheus::Counter>& Counters(prometheus::Registry& registry,
                                                  const std::string& name,
                                                  const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

constexpr char kDuplicatesName[] = "claimwatch_duplicates_total";
constexpr char kDuplicatesHelp[] =
    "Duplicates dropped, by dedup level (redelivery, repost, incident).";
constexpr char kChangesName[] = "claimwatch_incident_changes_total";
constexpr char kChangesHelp[] =
    "Incident changes published, by kind: created, updated, deleted (merged into another or "
    "emptied by a revision).";

}  // namespace

ResolutionMetrics::ResolutionMetrics(prometheus::Registry& registry)
    : resolved(Counters(registry, "claimwatch_claims_resolved_total",
                        "Claim revisions resolved into incidents.")
                   .Add({})),
      redeliveries(Counters(registry, "claimwatch_resolution_redeliveries_total",
                            "Normalised claims the resolution stage had already resolved "
                            "(replays of claims.normalized).")
                       .Add({})),
      superseded(Counters(registry, "claimwatch_resolution_superseded_total",
                          "Normalised claims older than the revision already resolved.")
                     .Add({})),
      retracted(Counters(registry, "claimwatch_claims_retracted_total",
                         "Claims taken out of an incident because a revision moved them to "
                         "another location block.")
                    .Add({})),
      reposts(Counters(registry, kDuplicatesName, kDuplicatesHelp).Add({{"level", "repost"}})),
      incident_duplicates(
          Counters(registry, kDuplicatesName, kDuplicatesHelp).Add({{"level", "incident"}})),
      incidents_created(
          Counters(registry, kChangesName, kChangesHelp).Add({{"change", "created"}})),
      incidents_updated(
          Counters(registry, kChangesName, kChangesHelp).Add({{"change", "updated"}})),
      incidents_deleted(
          Counters(registry, kChangesName, kChangesHelp).Add({{"change", "deleted"}})),
      batch_seconds(prometheus::BuildHistogram()
                        .Name("claimwatch_resolution_batch_seconds")
                        .Help("Time to resolve one batch of normalised claims, publish its "
                              "incident changes and commit state with offsets.")
                        .Register(registry)
                        .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01,
                                                                         0.025, 0.05, 0.1, 0.25,
                                                                         0.5, 1, 2.5, 5, 10})),
      invalid_messages(Counters(registry, "claimwatch_resolution_invalid_messages_total",
                                "claims.normalized messages that are not claim_change.v1 "
                                "(logged and skipped).")
                           .Add({})) {}

void ResolutionMetrics::Count(const ResolveCounts& counts,
                              const std::vector<IncidentChange>& changes) {
  resolved.Increment(static_cast<double>(counts.claims));
  redeliveries.Increment(static_cast<double>(counts.redeliveries));
  superseded.Increment(static_cast<double>(counts.superseded));
  retracted.Increment(static_cast<double>(counts.retracted));
  reposts.Increment(static_cast<double>(counts.reposts));
  incident_duplicates.Increment(static_cast<double>(counts.joined));
  for (const auto& change : changes) {
    auto& counter = change.value.empty()  ? incidents_deleted
                    : change.version == 1 ? incidents_created
                                          : incidents_updated;
    counter.Increment();
  }
}

}  // namespace claimwatch::resolution
