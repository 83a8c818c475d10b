#include "services/parsing/claim_parser.h"

#include <cstring>

#include "absl/strings/cord.h"
#include "services/parsing/dates.h"
#include "services/parsing/utf8.h"

namespace claimwatch::parsing {
namespace {

constexpr char kReasonPayload[] = "claimwatch.reject_reason";
using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

absl::Status Reject(RejectReason reason, std::string_view message) {
  absl::Status status = InvalidInput(message);
  status.SetPayload(kReasonPayload, absl::Cord(RejectReasonLabel(reason)));
  return status;
}

absl::Status MalformedJson(simdjson::error_code error) {
  return Reject(RejectReason::kInvalidJson,
                StrCat("message: not valid JSON (", simdjson::error_message(error), ")"));
}

absl::Status WrongType(std::string_view path, std::string_view expected) {
  return Reject(RejectReason::kWrongType, StrCat(path, ": expected ", expected));
}

absl::Status BadValue(std::string_view path, std::string_view reason) {
  return Reject(RejectReason::kInvalidValue, StrCat(path, ": ", reason));
}

// The JSON type of `v`, or a malformed-JSON rejection.
Result<json_type> TypeOf(value& v) {
  json_type type;
  if (auto error = v.type().get(type)) return MalformedJson(error);
  return type;
}

Result<std::string_view> ReadString(value& v, std::string_view path) {
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  if (*type != json_type::string) return WrongType(path, "string");
  std::string_view text;
  if (auto error = v.get_string().get(text)) return MalformedJson(error);
  return text;
}

Result<std::string> ReadNonEmpty(value& v, std::string_view path, size_t max_bytes) {
  auto text = ReadString(v, path);
  if (!text.ok()) return text.status();
  if (text->empty()) return BadValue(path, "must not be empty");
  if (text->size() > max_bytes) {
    return BadValue(path, StrCat("longer than ", max_bytes, " bytes"));
  }
  for (char c : *text) {
    if (static_cast<unsigned char>(c) < 0x20) return BadValue(path, "contains a control character");
  }
  return std::string(*text);
}

// Non-negative integer, or nullopt for JSON null.
Result<std::optional<int64_t>> ReadCount(value& v, std::string_view path) {
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  if (*type == json_type::null) return std::optional<int64_t>{};
  int64_t count = 0;
  if (*type != json_type::number || v.get_int64().get(count)) {
    return WrongType(path, "a non-negative integer or null");
  }
  if (count < 0) return BadValue(path, "must not be negative");
  return std::optional<int64_t>{count};
}

Result<double> ReadCoordinate(value& v, std::string_view path, double limit) {
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  double number = 0;
  if (*type != json_type::number || v.get_double().get(number)) return WrongType(path, "number");
  if (number < -limit || number > limit) {
    return BadValue(path, StrCat("outside [-", limit, ", ", limit, "]"));
  }
  return number;
}

Result<TaxonomyValue> ReadTaxonomy(value& v, std::string_view path) {
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  TaxonomyValue result;
  if (*type == json_type::number) {
    int64_t code = 0;
    if (v.get_int64().get(code) || code < 1) return BadValue(path, "code must be an integer >= 1");
    result.code = code;
    result.text = std::to_string(code);
    return result;
  }
  auto text = ReadString(v, path);
  if (!text.ok()) return WrongType(path, "string or integer code");
  if (text->empty()) return BadValue(path, "must not be empty");
  result.text = std::string(*text);
  return result;
}

// Walks a value the claim does not interpret, so malformed JSON in it is still caught.
absl::Status ValidateUnknown(value v, std::string_view path, size_t depth, size_t max_depth) {
  if (depth > max_depth) return BadValue(path, StrCat("nested deeper than ", max_depth));
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  switch (*type) {
    case json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = v.get_object().get(object)) return MalformedJson(error);
      for (auto field : object) {
        value child;
        if (auto error = field.value().get(child)) return MalformedJson(error);
        if (auto status = ValidateUnknown(child, path, depth + 1, max_depth); !status.ok()) {
          return status;
        }
      }
      return absl::OkStatus();
    }
    case json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = v.get_array().get(array)) return MalformedJson(error);
      for (auto element : array) {
        value child;
        if (auto error = element.get(child)) return MalformedJson(error);
        if (auto status = ValidateUnknown(child, path, depth + 1, max_depth); !status.ok()) {
          return status;
        }
      }
      return absl::OkStatus();
    }
    case json_type::string: {
      std::string_view text;
      if (auto error = v.get_string().get(text)) return MalformedJson(error);
      return absl::OkStatus();
    }
    case json_type::number: {
      double number = 0;
      if (auto error = v.get_double().get(number)) return MalformedJson(error);
      return absl::OkStatus();
    }
    case json_type::boolean: {
      bool flag = false;
      if (auto error = v.get_bool().get(flag)) return MalformedJson(error);
      return absl::OkStatus();
    }
    case json_type::null: {
      // is_null() reports a damaged literal ("nul") as an error: never let it convert to bool.
      bool null = false;
      if (v.is_null().get(null) || !null) return MalformedJson(simdjson::N_ATOM_ERROR);
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace

const char* RejectReasonLabel(RejectReason reason) {
  switch (reason) {
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kInvalidUtf8:
      return "invalid_utf8";
    case RejectReason::kInvalidJson:
      return "invalid_json";
    case RejectReason::kUnsupportedSchema:
      return "unsupported_schema";
    case RejectReason::kMissingField:
      return "missing_field";
    case RejectReason::kDuplicateField:
      return "duplicate_field";
    case RejectReason::kWrongType:
      return "wrong_type";
    case RejectReason::kInvalidValue:
      return "invalid_value";
  }
  return "invalid_json";
}

RejectReason RejectReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(kReasonPayload);
  if (payload) {
    for (RejectReason reason : kAllRejectReasons) {
      if (*payload == RejectReasonLabel(reason)) return reason;
    }
  }
  return RejectReason::kInvalidJson;
}

ClaimParser::ClaimParser(ClaimParserConfig config) : config_(config) {}

namespace {

// Reads the fields of one claim object in a single pass, in whatever order they come.
class ClaimReader {
 public:
  explicit ClaimReader(const ClaimParserConfig& config) : config_(config) {}

  absl::Status ReadField(std::string_view key, value v) {
    for (size_t i = 0; i < kKnown.size(); ++i) {
      if (key != kKnown[i]) continue;
      if (seen_ & (1u << i)) {
        return Reject(RejectReason::kDuplicateField, StrCat(key, ": duplicate field"));
      }
      seen_ |= 1u << i;
      return ReadKnown(i, v);
    }
    return ValidateUnknown(v, key, 1, config_.max_depth);
  }

  // The first required field that never came, in contract order.
  absl::Status CheckRequired() const {
    for (size_t i = 0; i < kRequiredCount; ++i) {
      if (!(seen_ & (1u << i))) {
        return Reject(RejectReason::kMissingField, StrCat(kKnown[i], ": missing"));
      }
    }
    return absl::OkStatus();
  }

  Claim& claim() { return claim_; }

 private:
  static constexpr std::array<std::string_view, 14> kKnown = {
      "schema",   "claim_id",    "source", "reported_at", "claimed_by", "event_date", "location",
      "revision", "attack_type", "target", "killed",      "wounded",    "language",   "text"};
  static constexpr size_t kRequiredCount = 7;

  absl::Status ReadKnown(size_t index, value& v) {
    switch (index) {
      case 0:
        return ReadSchema(v);
      case 1:
        return Assign(ReadNonEmpty(v, "claim_id", config_.max_id_bytes), claim_.claim_id);
      case 2:
        return Assign(ReadNonEmpty(v, "source", config_.max_id_bytes), claim_.source);
      case 3:
        return ReadReportedAt(v);
      case 4:
        return Assign(ReadNonEmpty(v, "claimed_by", config_.max_id_bytes), claim_.claimed_by);
      case 5:
        return ReadEventDate(v);
      case 6:
        return ReadLocation(v);
      case 7:
        return ReadRevision(v);
      case 8:
        return Assign(ReadTaxonomy(v, "attack_type"), claim_.attack_type);
      case 9:
        return Assign(ReadTaxonomy(v, "target"), claim_.target);
      case 10:
        return Assign(ReadCount(v, "killed"), claim_.killed);
      case 11:
        return Assign(ReadCount(v, "wounded"), claim_.wounded);
      case 12:
        return AssignString(v, "language", claim_.language);
      default:
        return AssignString(v, "text", claim_.text);
    }
  }

  template <typename StatusOr, typename Target>
  static absl::Status Assign(StatusOr result, Target& target) {
    if (!result.ok()) return result.status();
    target = std::move(*result);
    return absl::OkStatus();
  }

  static absl::Status AssignString(value& v, std::string_view path,
                                   std::optional<std::string>& target) {
    auto text = ReadString(v, path);
    if (!text.ok()) return text.status();
    target = std::string(*text);
    return absl::OkStatus();
  }

  absl::Status ReadSchema(value& v) {
    auto text = ReadString(v, "schema");
    if (!text.ok()) return text.status();
    if (*text != "claim.v1") {
      return Reject(RejectReason::kUnsupportedSchema,
                    StrCat("schema: expected \"claim.v1\", got \"", *text, "\""));
    }
    return absl::OkStatus();
  }

  absl::Status ReadReportedAt(value& v) {
    auto text = ReadString(v, "reported_at");
    if (!text.ok()) return text.status();
    if (!IsRfc3339DateTime(*text)) return BadValue("reported_at", "not an RFC 3339 date-time");
    claim_.reported_at = std::string(*text);
    return absl::OkStatus();
  }

  absl::Status ReadEventDate(value& v) {
    auto text = ReadString(v, "event_date");
    if (!text.ok()) return text.status();
    auto date = ParseEventDate(*text);
    if (!date) return BadValue("event_date", "not a date");
    claim_.event_date = *date;
    claim_.event_date_raw = std::string(*text);
    return absl::OkStatus();
  }

  absl::Status ReadRevision(value& v) {
    auto type = TypeOf(v);
    if (!type.ok()) return type.status();
    int64_t revision = 0;
    if (*type != json_type::number || v.get_int64().get(revision)) {
      return WrongType("revision", "integer");
    }
    if (revision < 0) return BadValue("revision", "must not be negative");
    claim_.revision = revision;
    return absl::OkStatus();
  }

  absl::Status ReadLocation(value& v);

  const ClaimParserConfig& config_;
  uint32_t seen_ = 0;
  Claim claim_;
};

absl::Status ClaimReader::ReadLocation(value& v) {
  auto type = TypeOf(v);
  if (!type.ok()) return type.status();
  if (*type != json_type::object) return WrongType("location", "object");
  simdjson::ondemand::object object;
  if (auto error = v.get_object().get(object)) return MalformedJson(error);
  Location& location = claim_.location;
  for (auto field : object) {
    std::string_view key;
    value child;
    if (auto error = field.unescaped_key().get(key)) return MalformedJson(error);
    if (auto error = field.value().get(child)) return MalformedJson(error);
    absl::Status status;
    if (key == "place") {
      status = AssignString(child, "location.place", location.place);
    } else if (key == "district") {
      status = AssignString(child, "location.district", location.district);
    } else if (key == "province") {
      status = AssignString(child, "location.province", location.province);
    } else if (key == "country") {
      status = AssignString(child, "location.country", location.country);
      if (status.ok() && (location.country->size() != 2 || !std::isupper((*location.country)[0]) ||
                          !std::isupper((*location.country)[1]))) {
        status = BadValue("location.country", "not an ISO 3166-1 alpha-2 code");
      }
    } else if (key == "lat") {
      status = Assign(ReadCoordinate(child, "location.lat", 90), location.lat);
    } else if (key == "lon") {
      status = Assign(ReadCoordinate(child, "location.lon", 180), location.lon);
    } else {
      status = ValidateUnknown(child, StrCat("location.", key), 2, config_.max_depth);
    }
    if (!status.ok()) return status;
  }
  auto blank = [](const std::optional<std::string>& s) { return !s || s->empty(); };
  if (blank(location.place) && blank(location.district) && blank(location.province)) {
    return BadValue("location", "needs at least one of place, district, province");
  }
  if (location.lat.has_value() != location.lon.has_value()) {
    return BadValue("location", "lat and lon come together");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ClaimParser::NotAnObject(simdjson::padded_string_view json) {
  simdjson::ondemand::document doc;
  json_type type;
  if (auto error = parser_.iterate(json).get(doc)) return MalformedJson(error);
  if (auto error = doc.type().get(type)) return MalformedJson(error);
  simdjson::error_code error = simdjson::SUCCESS;
  if (type == json_type::array) {
    value root;
    error = doc.get_value().get(root);
    if (!error)
      return ValidateUnknown(root, "message", 1, config_.max_depth).ok()
                 ? WrongType("message", "a JSON object")
                 : MalformedJson(simdjson::TAPE_ERROR);
  } else if (type == json_type::string) {
    std::string_view text;
    error = doc.get_string().get(text);
  } else if (type == json_type::number) {
    double number = 0;
    error = doc.get_double().get(number);
  } else if (type == json_type::boolean) {
    bool flag = false;
    error = doc.get_bool().get(flag);
  } else {
    bool null = false;
    error = doc.is_null().get(null);
    if (!error && !null) error = simdjson::N_ATOM_ERROR;
  }
  return error ? MalformedJson(error) : WrongType("message", "a JSON object");
}

Result<Claim> ClaimParser::Parse(std::string_view payload) {
  if (payload.size() > config_.max_message_bytes) {
    return Reject(RejectReason::kTooLarge,
                  StrCat("message: larger than max_message_bytes (", payload.size(), " > ",
                         config_.max_message_bytes, ")"));
  }
  if (auto bad = FirstInvalidUtf8Byte(payload)) {
    return Reject(RejectReason::kInvalidUtf8, StrCat("message: invalid UTF-8 at byte ", *bad));
  }
  buffer_.resize(payload.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buffer_.data(), payload.data(), payload.size());
  simdjson::padded_string_view json(buffer_.data(), payload.size(), buffer_.size());

  simdjson::ondemand::document doc;
  if (auto error = parser_.iterate(json).get(doc)) return MalformedJson(error);
  simdjson::ondemand::object object;
  if (auto error = doc.get_object().get(object)) {
    return error == simdjson::INCORRECT_TYPE ? NotAnObject(json) : MalformedJson(error);
  }
  ClaimReader reader(config_);
  for (auto field : object) {
    std::string_view key;
    value v;
    if (auto error = field.unescaped_key().get(key)) return MalformedJson(error);
    if (auto error = field.value().get(v)) return MalformedJson(error);
    if (auto status = reader.ReadField(key, v); !status.ok()) return status;
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return MalformedJson(simdjson::TRAILING_CONTENT);
  }
  if (auto status = reader.CheckRequired(); !status.ok()) return status;
  return std::move(reader.claim());
}

}  // namespace claimwatch::parsing
