#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "services/result/result.h"

namespace claimwatch::storage {

// Visits one key and value; returns false to stop.
using StateVisitor = std::function<bool(std::string_view key, std::string_view value)>;

// Changes to the store's state family (incident resolution) that land together with consumed
// positions in one atomic write (ClaimStore::CommitState). Reads see the batch's own writes
// first, then the store. Not thread-safe; discard it to abandon the changes.
class StateBatch {
 public:
  ~StateBatch();
  StateBatch(const StateBatch&) = delete;
  StateBatch& operator=(const StateBatch&) = delete;

  [[nodiscard]] Result<std::optional<std::string>> Get(std::string_view key);
  void Put(std::string_view key, std::string_view value);
  void Delete(std::string_view key);
  // Adds `delta` to the decimal counter at `key` (absent = 0) without reading it; only for keys
  // under kCounterPrefix (counter_merge.h), and never Get() them through this batch.
  void Add(std::string_view key, int64_t delta);
  // Visits the keys in [from, to) in order (to = "": to the end).
  [[nodiscard]] Result<> Scan(std::string_view from, std::string_view to,
                              const StateVisitor& visit);
  // Writes queued so far.
  size_t size() const;

 private:
  friend class ClaimStore;
  struct Parts;
  explicit StateBatch(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace claimwatch::storage
