#include "services/resolution/change_sink.h"

namespace claimwatch::resolution {

void AddCounts(ResolveCounts& totals, const ResolveCounts& counts) {
  totals.claims += counts.claims;
  totals.redeliveries += counts.redeliveries;
  totals.superseded += counts.superseded;
  totals.reposts += counts.reposts;
  totals.joined += counts.joined;
  totals.created += counts.created;
  totals.retracted += counts.retracted;
}

Result<> LocalResolution::Publish(std::span<const KeyedChange> changes) {
  for (const auto& keyed : changes) {
    if (auto applied = resolver_.Apply("local", keyed.change); !applied.ok()) {
      resolver_.Abandon();
      return applied;
    }
  }
  auto published = resolver_.Changes();
  auto counts = resolver_.Commit({});
  if (!counts.ok()) return counts.status();
  metrics_.Count(*counts, published);
  AddCounts(totals_, *counts);
  if (incidents_ == nullptr || published.empty()) return absl::OkStatus();
  return incidents_->Publish(published);
}

}  // namespace claimwatch::resolution
