#pragma once

#include <string_view>

#include "rocksdb/status.h"
#include "services/result/result.h"

namespace claimwatch::storage {

// A RocksDB status as ours: I/O trouble is Unavailable (retry), corruption and misuse are
// FailedPrecondition, anything else Internal. `what` names the operation.
absl::Status FromRocks(const rocksdb::Status& status, std::string_view what);

// Column families of the store, by their index in ClaimStore's handles.
inline constexpr size_t kClaims = 1;
inline constexpr size_t kOffsets = 2;
inline constexpr size_t kState = 3;

}  // namespace claimwatch::storage
