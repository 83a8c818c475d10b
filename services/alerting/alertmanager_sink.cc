#include "services/alerting/alertmanager_sink.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>
#include <utility>

#include "fmt/format.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace claimwatch::alerting {
namespace {

using Json = nlohmann::ordered_json;
using std::chrono::system_clock;

constexpr size_t kBodyExcerptBytes = 200;

// RFC 3339 in UTC with milliseconds: "2022-10-31T00:00:00.000Z".
std::string FormatTime(system_clock::time_point time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{ms - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count(),
                     clock.subseconds().count());
}

// "YYYY-MM-DD" → that day at 00:00:00Z; nullopt when it is not a calendar date.
std::optional<system_clock::time_point> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  auto number = [&](size_t at, size_t length, auto& value) {
    if (!std::all_of(text.begin() + at, text.begin() + at + length,
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    return std::from_chars(text.data() + at, text.data() + at + length, value).ec == std::errc{};
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

// Field checks of one alert.v1 object; errors read "field: reason".
class AlertReader {
 public:
  explicit AlertReader(const Json& alert) : alert_(alert) {}

  Result<std::string> String(std::string_view key, bool allow_empty = false) const {
    const auto field = alert_.find(key);
    if (field == alert_.end()) return InvalidInput(StrCat(key, ": missing"));
    if (!field->is_string()) return InvalidInput(StrCat(key, ": expected string"));
    if (!allow_empty && field->get_ref<const std::string&>().empty()) {
      return InvalidInput(StrCat(key, ": empty"));
    }
    return field->get<std::string>();
  }

  Result<std::string> OneOf(std::string_view key, std::initializer_list<std::string_view> values,
                            std::string_view expected) const {
    auto value = String(key);
    if (!value.ok()) return value;
    if (std::find(values.begin(), values.end(), *value) == values.end()) {
      return InvalidInput(StrCat(key, ": expected ", expected, ", got \"", *value, "\""));
    }
    return value;
  }

  Result<std::string> Date(std::string_view key) const {
    auto value = String(key);
    if (!value.ok()) return value;
    if (!ParseDay(*value)) return InvalidInput(StrCat(key, ": not a date (YYYY-MM-DD)"));
    return value;
  }

  bool Has(std::string_view key) const { return alert_.contains(key); }
  const Json& At(std::string_view key) const { return *alert_.find(key); }

 private:
  const Json& alert_;
};

// One alert.v1 line → one postable alert; errors read "field: reason".
Result<Json> ToPostableAlert(std::string_view line, const AlertmanagerConfig& config,
                             system_clock::time_point now) {
  const Json alert = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (alert.is_discarded()) return InvalidInput("alert: invalid JSON");
  if (!alert.is_object()) return InvalidInput("alert: expected an object");
  const AlertReader reader(alert);

  auto schema = reader.String("schema");
  if (!schema.ok()) return schema.status();
  if (*schema != "alert.v1") {
    return InvalidInput(StrCat("schema: expected \"alert.v1\", got \"", *schema, "\""));
  }
  auto alert_id = reader.String("alert_id");
  auto type = reader.OneOf("type", {"surge", "novelty", "coclaim"}, "surge, novelty or coclaim");
  auto state = reader.OneOf("state", {"open", "resolved"}, "open or resolved");
  auto group = reader.String("group");
  auto province = reader.String("province");
  auto detector = reader.String("detector");
  auto interval = reader.OneOf("interval", {"day", "week", "month"}, "day, week or month");
  auto opened_on = reader.Date("opened_on");
  auto last_updated_on = reader.Date("last_updated_on");
  auto summary = reader.String("summary", /*allow_empty=*/true);
  for (const Result<std::string>* field : {&alert_id, &type, &state, &group, &province, &detector,
                                           &interval, &opened_on, &last_updated_on, &summary}) {
    if (!field->ok()) return field->status();
  }
  const bool hex_id = alert_id->size() == 20 && alert_id->starts_with("alr-") &&
                      std::all_of(alert_id->begin() + 4, alert_id->end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                      });
  if (!hex_id) return InvalidInput("alert_id: expected alr- and 16 lowercase hex digits");

  std::optional<std::string> group_b;
  if (reader.Has("group_b")) {
    auto value = reader.String("group_b");
    if (!value.ok()) return value.status();
    group_b = *std::move(value);
  }
  if (!reader.Has("resolved_on")) return InvalidInput("resolved_on: missing");
  std::optional<std::string> resolved_on;
  if (!reader.At("resolved_on").is_null()) {
    auto value = reader.Date("resolved_on");
    if (!value.ok()) return InvalidInput("resolved_on: expected a date (YYYY-MM-DD) or null");
    resolved_on = *std::move(value);
  }
  if (*state == "open" && resolved_on) return InvalidInput("resolved_on: must be null while open");
  if (*state == "resolved" && !resolved_on) {
    return InvalidInput("resolved_on: must be a date when resolved");
  }
  if (!reader.Has("evidence")) return InvalidInput("evidence: missing");
  if (!reader.At("evidence").is_object()) return InvalidInput("evidence: expected object");
  std::optional<std::string> version;
  if (reader.Has("version")) {
    if (!reader.At("version").is_number_integer()) return InvalidInput("version: expected integer");
    version = reader.At("version").dump();
  }
  bool withdrawn = false;
  if (reader.Has("withdrawn")) {
    if (!reader.At("withdrawn").is_boolean()) return InvalidInput("withdrawn: expected boolean");
    withdrawn = reader.At("withdrawn").get<bool>();
  }

  const std::string alertname = *type == "surge"     ? "ClaimwatchSurge"
                                : *type == "novelty" ? "ClaimwatchNovelty"
                                                     : "ClaimwatchCoclaim";
  Json labels = {
      {"alertname", alertname}, {"alert_id", *alert_id}, {"type", *type}, {"group", *group}};
  if (group_b) labels["group_b"] = *group_b;
  labels["province"] = *province;
  labels["detector"] = *detector;
  labels["interval"] = *interval;
  labels["severity"] = "warning";

  Json annotations = {{"summary", *summary},
                      {"state", *state},
                      {"opened_on", *opened_on},
                      {"last_updated_on", *last_updated_on}};
  if (resolved_on) annotations["resolved_on"] = *resolved_on;
  annotations["evidence"] = reader.At("evidence").dump();
  if (version) annotations["version"] = *version;
  if (withdrawn) annotations["withdrawn"] = "true";

  // Alertmanager takes startsAt as wall time: the day the alert opened in event time, unless
  // that lies ahead of this clock. Ended alerts end now; open ones expire unless re-sent.
  const system_clock::time_point opened = *ParseDay(*opened_on);
  const system_clock::time_point starts_at = opened <= now ? opened : now;
  const bool ended = *state == "resolved" || withdrawn;
  const system_clock::time_point ends_at = ended ? now : now + config.valid_for;

  Json postable = {{"labels", std::move(labels)},
                   {"annotations", std::move(annotations)},
                   {"startsAt", FormatTime(starts_at)},
                   {"endsAt", FormatTime(ends_at)}};
  if (!config.generator_url.empty()) postable["generatorURL"] = config.generator_url;
  return postable;
}

bool HasSpaceOrControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) ||
           std::iscntrl(static_cast<unsigned char>(c));
  });
}

// An absolute http(s) URL split for httplib, which takes the host and port apart.
struct ParsedUrl {
  bool https = false;
  std::string host{};       // without brackets for IPv6
  std::string authority{};  // as written: "127.0.0.1:9093", "[::1]:9093"
  int port = 0;
  std::string path{};  // "" or "/prefix" (no trailing slash)
};

// Errors are the reason only; the caller names the config field. `allow_query` for links.
Result<ParsedUrl> ParseUrl(std::string_view url, bool allow_query = false) {
  if (url.empty()) return InvalidInput("empty");
  if (HasSpaceOrControl(url)) return InvalidInput("contains whitespace or control characters");
  ParsedUrl parsed;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return InvalidInput("expected http://host[:port] or https://host[:port]");
  }
  std::string scheme(url.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (scheme != "http" && scheme != "https") {
    return InvalidInput(
        StrCat("unsupported scheme \"", scheme, "\" (expected http:// or https://)"));
  }
  parsed.https = scheme == "https";
  std::string_view rest = url.substr(scheme_end + 3);
  const size_t query = rest.find_first_of("?#");
  if (query != std::string_view::npos) {
    if (!allow_query) return InvalidInput("a query or fragment is not supported");
    rest = rest.substr(0, query);
  }
  const size_t authority_end = std::min(rest.find('/'), rest.size());
  const std::string_view authority = rest.substr(0, authority_end);
  std::string_view path = rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return InvalidInput("user credentials in the URL are not supported");
  }
  std::string_view host = authority;
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidInput("unclosed [ in the IPv6 address");
    host = authority.substr(1, close - 1);
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != host.npos) {
      return InvalidInput("bad IPv6 address");
    }
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return InvalidInput("bad port");
    if (!after.empty()) port = after.substr(1);
  } else {
    const size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty()) return InvalidInput("no host");
    if (!std::all_of(host.begin(), host.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
        })) {
      return InvalidInput(StrCat("bad host \"", host, "\""));
    }
  }
  parsed.port = parsed.https ? 443 : 80;
  if (port) {
    int number = 0;
    auto [end, error] = std::from_chars(port->data(), port->data() + port->size(), number);
    if (port->empty() || error != std::errc{} || end != port->data() + port->size() || number < 1 ||
        number > 65535) {
      return InvalidInput(StrCat("bad port \"", *port, "\" (expected 1 to 65535)"));
    }
    parsed.port = number;
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  parsed.host = std::string(host);
  parsed.authority = std::string(authority);
  parsed.path = std::string(path);
  return parsed;
}

// The start of a reply body for an error message, on one line.
std::string Excerpt(std::string_view body) {
  std::string out(body.substr(0, kBodyExcerptBytes));
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > kBodyExcerptBytes) out += "…";
  return out.empty() ? "(empty body)" : out;
}

}  // namespace

Result<std::string> ToPostableAlerts(std::span<const std::string> alerts,
                                     const AlertmanagerConfig& config,
                                     system_clock::time_point now) {
  Json postable = Json::array();
  for (size_t i = 0; i < alerts.size(); ++i) {
    auto alert = ToPostableAlert(alerts[i], config, now);
    if (!alert.ok()) return InvalidInput(StrCat("line ", i + 1, ": ", alert.status().message()));
    postable.push_back(*std::move(alert));
  }
  return postable.dump();
}

Result<std::unique_ptr<AlertmanagerSink>> AlertmanagerSink::Create(AlertmanagerConfig config,
                                                                   Clock clock) {
  auto url = ParseUrl(config.url);
  if (!url.ok()) {
    return FailedPrecondition(StrCat("alerts.webhook: ", url.status().message(),
                                     " ([alerts] webhook = \"", config.url, "\")"));
  }
  if (!config.generator_url.empty()) {
    auto generator = ParseUrl(config.generator_url, /*allow_query=*/true);
    if (!generator.ok()) {
      return FailedPrecondition(StrCat("alerts.generator_url: ", generator.status().message(),
                                       ": \"", config.generator_url, "\""));
    }
  }
  if (config.timeout <= std::chrono::seconds::zero()) {
    return FailedPrecondition("alerts.webhook: the timeout must be positive");
  }
  if (config.valid_for <= std::chrono::seconds::zero()) {
    return FailedPrecondition("alerts.webhook: valid_for must be positive");
  }
  std::unique_ptr<httplib::ClientImpl> client;
  if (url->https) {
    client = std::make_unique<httplib::SSLClient>(url->host, url->port);
  } else {
    client = std::make_unique<httplib::ClientImpl>(url->host, url->port);
  }
  if (!client->is_valid()) {
    return FailedPrecondition(StrCat("alerts.webhook: cannot set up a client for ", config.url));
  }
  client->set_connection_timeout(config.timeout);
  client->set_read_timeout(config.timeout);
  client->set_write_timeout(config.timeout);
  client->set_follow_location(false);
  client->set_default_headers({{"User-Agent", "claimwatch"}});
  std::string endpoint =
      StrCat(url->https ? "https://" : "http://", url->authority, url->path, "/api/v2/alerts");
  std::string path = url->path + "/api/v2/alerts";
  return std::unique_ptr<AlertmanagerSink>(new AlertmanagerSink(std::move(config), std::move(clock),
                                                                std::move(client), std::move(path),
                                                                std::move(endpoint)));
}

AlertmanagerSink::AlertmanagerSink(AlertmanagerConfig config, Clock clock,
                                   std::unique_ptr<httplib::ClientImpl> client, std::string path,
                                   std::string endpoint)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      path_(std::move(path)),
      endpoint_(std::move(endpoint)),
      client_(std::move(client)) {}

AlertmanagerSink::~AlertmanagerSink() = default;

Result<> AlertmanagerSink::Publish(std::span<const std::string> alerts) {
  if (alerts.empty()) return absl::OkStatus();
  auto body = ToPostableAlerts(alerts, config_, clock_());
  if (!body.ok()) return body.status();

  std::lock_guard lock(mutex_);
  const httplib::Result reply = client_->Post(path_.c_str(), *body, "application/json");
  if (!reply) {
    return Unavailable(StrCat("alertmanager ", endpoint_, ": ", httplib::to_string(reply.error())));
  }
  const int status = reply->status;
  if (status >= 200 && status < 300) return absl::OkStatus();
  const std::string message =
      StrCat("alertmanager ", endpoint_, ": HTTP ", status, ": ", Excerpt(reply->body));
  // Classified by what the caller does next: a rejected payload is not retried as it is; a
  // wrong path or credential needs the config fixed; the rest may pass on a retry.
  if (status == 400 || status == 422) return InvalidInput(message);
  if (status >= 400 && status < 500 && status != 408 && status != 429) {
    return FailedPrecondition(message);
  }
  return Unavailable(message);
}

}  // namespace claimwatch::alerting
