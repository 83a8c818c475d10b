#include "services/ingest/reject_file_sink.h"

#include "nlohmann/json.hpp"

namespace claimwatch::ingest {

Result<> RejectFileSink::Write(std::span<const records::DeadLetter> letters) {
  if (out_ == nullptr) return absl::OkStatus();
  for (const auto& letter : letters) {
    nlohmann::json line = {{"line", letter.record.offset},
                           {"reason", letter.reason},
                           {"error", letter.message},
                           {"input", letter.record.payload}};
    *out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  out_->flush();
  if (!*out_) return Unavailable("rejects file: write failed");
  return absl::OkStatus();
}

}  // namespace claimwatch::ingest
