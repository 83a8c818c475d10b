#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"

namespace claimwatch {

// Result<T> is the return type of every fallible call on the data path. The status code says
// what the caller must do next:
//   kInvalidArgument    bad record: dead-letter it, never retry;
//   kUnavailable        broker or disk hiccup: back off, retry, don't commit;
//   kFailedPrecondition config or stored state is wrong: stop and alert;
//   kInternal           a bug.
template <typename T = void>
using Result = std::conditional_t<std::is_void_v<T>, absl::Status, absl::StatusOr<T>>;

// Debian's Abseil has its own string_view type, so messages cross over as std::string.
inline absl::Status InvalidInput(std::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}
inline absl::Status Unavailable(std::string_view message) {
  return absl::UnavailableError(std::string(message));
}
inline absl::Status FailedPrecondition(std::string_view message) {
  return absl::FailedPreconditionError(std::string(message));
}
inline absl::Status Internal(std::string_view message) {
  return absl::InternalError(std::string(message));
}

// Concatenates strings, string_views and numbers into an error message.
template <typename... Parts>
std::string StrCat(const Parts&... parts) {
  std::string out;
  (fmt::format_to(std::back_inserter(out), "{}", parts), ...);
  return out;
}

}  // namespace claimwatch

#if !ABSL_USES_STD_STRING_VIEW
// Lets fmt and spdlog print Status::message(), which is absl's own string_view in Debian's build.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view text, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format({text.data(), text.size()}, context);
  }
};
#endif
