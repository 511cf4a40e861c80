#include "bot/api/input.hpp"

#include <algorithm>
#include <charconv>

#include "adapters/url.hpp"
#include "core/text.hpp"

namespace stoop::api {

bool has_json_content_type(const HttpRequest& request) {
  auto type = to_lower_ascii(trim(request.header("content-type")));
  auto semicolon = type.find(';');
  if (semicolon != std::string::npos) type = std::string(trim(std::string_view(type).substr(0, semicolon)));
  return type == "application/json";
}

Expected<nlohmann::json> parse_json_body(const HttpRequest& request) {
  if (!has_json_content_type(request)) return make_error("send the body as application/json");
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return make_error("the body is not valid JSON");
  if (!body.is_object()) return make_error("the body must be a JSON object");
  return body;
}

std::string check_text(std::string_view text, const TextRule& rule) {
  if (!is_valid_utf8(text)) return "is not valid UTF-8";
  auto characters = decode_utf8(text);
  for (char32_t c : characters) {
    bool allowed_space = rule.multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 || c == 0x7F) && !allowed_space) return "must not contain control characters";
  }
  auto visible = trim(text);
  if (rule.min_characters > 0 && (visible.empty() || decode_utf8(visible).size() < rule.min_characters)) {
    return rule.min_characters == 1 ? "must not be empty"
                                    : "must be at least " + std::to_string(rule.min_characters) + " characters";
  }
  if (characters.size() > rule.max_characters) {
    return "must be at most " + std::to_string(rule.max_characters) + " characters";
  }
  return {};
}

const nlohmann::json* BodyReader::find(const char* key, bool required) {
  known_.insert(key);
  if (!error_.empty()) return nullptr;
  auto it = body_.find(key);
  if (it == body_.end()) {
    if (required) error_ = std::string("\"") + key + "\" is required";
    return nullptr;
  }
  return &*it;
}

void BodyReader::fail(const char* key, const std::string& message) {
  if (error_.empty()) error_ = std::string("\"") + key + "\" " + message;
}

std::optional<std::string> BodyReader::text(const char* key, const TextRule& rule, bool required) {
  const auto* value = find(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (auto problem = check_text(text, rule); !problem.empty()) {
    fail(key, problem);
    return std::nullopt;
  }
  return rule.multiline ? text : std::string(trim(text));
}

std::optional<std::int64_t> BodyReader::integer(const char* key, std::int64_t min, std::int64_t max, bool required) {
  const auto* value = find(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    fail(key, "must be a whole number");
    return std::nullopt;
  }
  auto n = value->get<std::int64_t>();
  if (n < min || n > max) {
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> BodyReader::boolean(const char* key, bool required) {
  const auto* value = find(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> BodyReader::secret(const char* key, std::size_t max_bytes, bool required) {
  const auto* value = find(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
    fail(key, "must be a non-empty string");
    return std::nullopt;
  }
  if (value->get_ref<const std::string&>().size() > max_bytes) {
    fail(key, "is too long");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::vector<std::string>> BodyReader::text_list(const char* key, const TextRule& rule,
                                                              std::size_t max_items) {
  const auto* value = find(key, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array() || value->size() > max_items) {
    fail(key, "must be a list of at most " + std::to_string(max_items) + " texts");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string()) {
      fail(key, "must be a list of texts");
      return std::nullopt;
    }
    const auto& text = item.get_ref<const std::string&>();
    if (auto problem = check_text(text, rule); !problem.empty()) {
      fail(key, "has an item that " + problem);
      return std::nullopt;
    }
    std::string trimmed(trim(text));
    if (std::find(out.begin(), out.end(), trimmed) == out.end()) out.push_back(std::move(trimmed));
  }
  return out;
}

Patch<std::int64_t> BodyReader::nullable_id(const char* key) {
  Patch<std::int64_t> patch;
  const auto* value = find(key, false);
  if (value == nullptr) return patch;
  if (value->is_null()) {
    patch.present = true;
    return patch;
  }
  if (!value->is_number_integer() || value->get<std::int64_t>() < 1) {
    fail(key, "must be a positive whole number or null");
    return patch;
  }
  patch.present = true;
  patch.value = value->get<std::int64_t>();
  return patch;
}

std::optional<std::string> BodyReader::object(const char* key, std::size_t max_bytes) {
  const auto* value = find(key, false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    fail(key, "must be an object");
    return std::nullopt;
  }
  auto text = value->dump();
  if (text.size() > max_bytes) {
    fail(key, "is too large");
    return std::nullopt;
  }
  return text;
}

void BodyReader::finish() {
  if (!error_.empty()) return;
  for (auto it = body_.begin(); it != body_.end(); ++it) {
    if (!known_.count(it.key())) {
      error_ = "unknown field \"" + it.key() + "\"";
      return;
    }
  }
}

std::optional<std::int64_t> parse_id(std::string_view segment) {
  if (segment.empty() || segment.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), value);
  if (ec != std::errc{} || ptr != segment.data() + segment.size() || value < 1) return std::nullopt;
  return value;
}

Expected<std::optional<std::int64_t>> query_integer(std::string_view query, std::string_view name, std::int64_t min,
                                                    std::int64_t max) {
  auto text = adapters::query_parameter(query, name);
  if (text.empty()) return std::optional<std::int64_t>{};
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max) {
    return make_error("\"" + std::string(name) + "\" must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max));
  }
  return std::optional<std::int64_t>{value};
}

Expected<std::string> query_word(std::string_view query, std::string_view name,
                                 std::initializer_list<std::string_view> allowed) {
  auto text = adapters::query_parameter(query, name);
  if (text.empty()) return std::string{};
  for (auto word : allowed) {
    if (text == word) return text;
  }
  std::string list;
  for (auto word : allowed) list += (list.empty() ? "" : ", ") + std::string(word);
  return make_error("\"" + std::string(name) + "\" must be one of " + list);
}

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

Expected<std::optional<std::int64_t>> query_date(std::string_view query, std::string_view name) {
  auto text = adapters::query_parameter(query, name);
  if (text.empty()) return std::optional<std::int64_t>{};
  auto bad = make_error("\"" + std::string(name) + "\" must be a date written YYYY-MM-DD");
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  auto digits = [&](std::size_t from, std::size_t length, auto& out) {
    auto [ptr, ec] = std::from_chars(text.data() + from, text.data() + from + length, out);
    return ec == std::errc{} && ptr == text.data() + from + length;
  };
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return bad;
  if (year < 2000 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return bad;
  return std::optional<std::int64_t>{days_from_civil(year, month, day) * 86'400'000};
}

std::string query_text(std::string_view query, std::string_view name, std::size_t max_bytes) {
  auto text = adapters::query_parameter(query, name);
  if (!is_valid_utf8(text)) return {};
  auto trimmed = std::string(trim(text));
  if (trimmed.size() > max_bytes) trimmed.resize(max_bytes);
  while (!trimmed.empty() && !is_valid_utf8(trimmed)) trimmed.pop_back(); // never cut a character in half
  return trimmed;
}

std::string normalise_labels(std::vector<std::string>& labels) {
  TextRule rule{1, 40, false};
  std::vector<std::string> out;
  for (auto& label : labels) {
    if (auto problem = check_text(label, rule); !problem.empty()) return "a label " + problem;
    std::string trimmed(trim(label));
    if (std::find(out.begin(), out.end(), trimmed) == out.end()) out.push_back(std::move(trimmed));
  }
  if (out.size() > 20) return "a conversation has at most 20 labels";
  labels = std::move(out);
  return {};
}

} // namespace stoop::api
