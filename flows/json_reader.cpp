#include "flows/json_reader.hpp"

#include <algorithm>
#include <set>

namespace stoop::flows::detail {
namespace {

constexpr std::int64_t max_duration_ms = 90LL * 24 * 3600 * 1000;

// Tracks where the parser is, so a duplicate key can be reported at its pointer.
class DuplicateKeyFinder {
 public:
  explicit DuplicateKeyFinder(Reporter& reporter) : reporter_(reporter) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: open(false); break;
      case json::parse_event_t::array_start: open(true); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!stack_.empty()) stack_.pop_back();
        element_done();
        break;
      case json::parse_event_t::key: key(parsed); break;
      case json::parse_event_t::value: element_done(); break;
    }
    return true;
  }

 private:
  struct Container {
    bool is_array = false;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys;
    std::string pointer;
  };

  std::string child_pointer() const {
    if (stack_.empty()) return "";
    const auto& parent = stack_.back();
    return parent.is_array ? pointer_join(parent.pointer, parent.index) : pointer_join(parent.pointer, parent.key);
  }

  void open(bool is_array) {
    Container container;
    container.is_array = is_array;
    container.pointer = child_pointer();
    stack_.push_back(std::move(container));
  }

  void key(const json& parsed) {
    if (stack_.empty() || !parsed.is_string()) return;
    auto& top = stack_.back();
    top.key = parsed.get<std::string>();
    if (!top.keys.insert(top.key).second) {
      reporter_.error(pointer_join(top.pointer, top.key), "duplicate key \"" + top.key + "\" (only the last one would count)");
    }
  }

  void element_done() {
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().index;
  }

  Reporter& reporter_;
  std::vector<Container> stack_;
};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

} // namespace

void Reporter::error(const std::string& pointer, std::string message) {
  out_.push_back(Diagnostic{file_, pointer, std::move(message), Severity::error});
  ++errors_;
}

void Reporter::warning(const std::string& pointer, std::string message) {
  out_.push_back(Diagnostic{file_, pointer, std::move(message), Severity::warning});
}

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "something else";
  }
}

json parse_document(std::string_view text, Reporter& reporter) {
  DuplicateKeyFinder finder(reporter);
  try {
    return json::parse(text.begin(), text.end(), std::ref(finder), true, true);
  } catch (const json::exception& failure) {
    // nlohmann's text starts with "[json.exception.parse_error.101] "; staff need only the rest.
    std::string message = failure.what();
    if (auto close = message.find("] "); message.starts_with("[json.exception") && close != std::string::npos) {
      message = message.substr(close + 2);
    }
    reporter.error("", "invalid JSON: " + message);
    return json(json::value_t::discarded);
  }
}

Fields::Fields(const json& value, std::string pointer, std::string_view what, Reporter& reporter)
    : pointer_(std::move(pointer)), reporter_(reporter) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    reporter_.error(pointer_, std::string(what) + " must be an object, not " + type_name(value));
  }
}

bool Fields::has(std::string_view key) const { return object_ && object_->contains(key); }

const json* Fields::get(std::string_view key) const {
  if (!object_) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

void Fields::require(std::string_view key) const {
  if (object_ && !has(key)) reporter_.error(pointer_, "missing required key \"" + std::string(key) + "\"");
}

std::optional<std::string> Fields::string(std::string_view key, bool required) const {
  if (required) require(key);
  const json* value = get(key);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    reporter_.error(at(key), "must be a string, not " + type_name(*value));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> Fields::boolean(std::string_view key) const {
  const json* value = get(key);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    reporter_.error(at(key), "must be true or false, not " + type_name(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::int64_t> Fields::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  const json* value = get(key);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) {
    reporter_.error(at(key), "must be a whole number, not " + type_name(*value));
    return std::nullopt;
  }
  auto number = value->get<std::int64_t>();
  if (number < min || number > max) {
    reporter_.error(at(key), "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<double> Fields::number(std::string_view key) const {
  const json* value = get(key);
  if (!value) return std::nullopt;
  if (!value->is_number()) {
    reporter_.error(at(key), "must be a number, not " + type_name(*value));
    return std::nullopt;
  }
  return value->get<double>();
}

void Fields::allow_only(const std::vector<std::string_view>& keys) const {
  if (!object_) return;
  for (const auto& [key, value] : object_->items()) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string message = "unknown key \"" + key + "\"";
    std::string_view closest;
    std::size_t best = 3; // suggest only a near miss: a typo, not a different word
    for (auto known : keys) {
      if (auto distance = edit_distance(key, known); distance < best) {
        best = distance;
        closest = known;
      }
    }
    if (!closest.empty()) message += " (did you mean \"" + std::string(closest) + "\"?)";
    reporter_.error(at(key), message);
  }
}

std::optional<std::int64_t> parse_duration_ms(const json& value, const std::string& pointer, Reporter& reporter) {
  std::int64_t ms = -1;
  if (value.is_number_integer()) {
    auto seconds = value.get<std::int64_t>();
    if (seconds > 0 && seconds <= max_duration_ms / 1000) ms = seconds * 1000;
  } else if (value.is_string()) {
    auto text = value.get<std::string>();
    std::int64_t unit = 0;
    if (!text.empty()) {
      switch (text.back()) {
        case 's': unit = 1000; break;
        case 'm': unit = 60 * 1000; break;
        case 'h': unit = 3600 * 1000; break;
        case 'd': unit = 24 * 3600 * 1000; break;
        default: break;
      }
    }
    std::string digits = text.empty() ? "" : text.substr(0, text.size() - 1);
    bool numeric = !digits.empty() && digits.size() <= 6 &&
                   std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (unit > 0 && numeric) ms = std::stoll(digits) * unit;
  }
  if (ms <= 0 || ms > max_duration_ms) {
    reporter.error(pointer, "must be a duration such as \"30m\", \"24h\" or \"7d\" (or seconds), from 1s to 90d");
    return std::nullopt;
  }
  return ms;
}

bool is_valid_name(std::string_view name, NameKind kind) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [kind](char c) {
    switch (kind) {
      case NameKind::node:
        return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
      case NameKind::flow: return is_lower_or_digit(c) || c == '_' || c == '-';
      case NameKind::identifier: return is_lower_or_digit(c) || c == '_';
    }
    return false;
  });
}

std::string name_rule(NameKind kind) {
  switch (kind) {
    case NameKind::node: return "letters, digits, \"_\", \".\" or \"-\"";
    case NameKind::flow: return "lower-case letters, digits, \"_\" or \"-\"";
    case NameKind::identifier: return "lower-case letters, digits or \"_\"";
  }
  return "";
}

bool is_language_code(std::string_view code) {
  auto dash = code.find('-');
  auto base = code.substr(0, dash);
  if (base.size() < 2 || base.size() > 3 || !std::all_of(base.begin(), base.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return false;
  }
  if (dash == std::string_view::npos) return true;
  auto region = code.substr(dash + 1);
  return region.size() >= 2 && region.size() <= 4 &&
         std::all_of(region.begin(), region.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

} // namespace stoop::flows::detail
