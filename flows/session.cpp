#include "flows/session.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <stdexcept>

#include "core/text.hpp"

namespace stoop::flows {
namespace {

using nlohmann::json;

constexpr int session_format_version = 1;

bool read_string(const json& object, const char* key, std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_strings(const json& value, std::vector<std::string>& out) {
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (!item.is_string()) return false;
    out.push_back(item.get<std::string>());
  }
  return true;
}

bool read_stack(const json& value, std::vector<Frame>& stack) {
  if (!value.is_array() || value.empty()) return false;
  for (const auto& item : value) {
    Frame frame;
    if (!item.is_object() || !read_string(item, "flow", frame.flow) || !read_string(item, "node", frame.node)) {
      return false;
    }
    stack.push_back(std::move(frame));
  }
  return true;
}

bool read_results(const json& value, std::map<std::string, ResultValue>& results) {
  if (!value.is_object()) return false;
  for (const auto& [name, item] : value.items()) {
    ResultValue result;
    if (!item.is_object() || !read_string(item, "value", result.value) || !read_string(item, "raw", result.raw) ||
        !read_string(item, "flow", result.flow) || !item.contains("categories") ||
        !read_strings(item["categories"], result.categories)) {
      return false;
    }
    results.emplace(name, std::move(result));
  }
  return true;
}

bool read_integer(const json& object, const char* key, std::int64_t& out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return true;
}

// Through a JSON document: the reference form, and the way for text that is
// not valid UTF-8 (a stray byte is replaced, never thrown).
std::string session_to_json_document(const Session& session) {
  json stack = json::array();
  for (const auto& frame : session.stack) stack.push_back({{"flow", frame.flow}, {"node", frame.node}});
  json results = json::object();
  for (const auto& [name, result] : session.results) {
    results[name] = {{"value", result.value}, {"categories", result.categories}, {"raw", result.raw},
                     {"flow", result.flow}};
  }
  json out = {{"version", session_format_version}, {"stack", std::move(stack)},
              {"retries", session.retries},        {"waiting_since_ms", session.waiting_since_ms},
              {"input", session.input},            {"results", std::move(results)}};
  if (session.deadline_ms) out["deadline_ms"] = *session.deadline_ms;
  // The engine only stores valid UTF-8; replacing keeps a stray byte from ever throwing here.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

void append_strings(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, values[i]);
  }
  out += ']';
}

// Reads exactly the text session_to_json writes. Anything else (spaces,
// another key order, an escape it never writes, a number it would not write)
// makes it give up, and the JSON document decides, as it always did: so for
// any text, both give the same session or the same refusal.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view text) : text_(text) {}

  bool literal(std::string_view expected) {
    if (text_.substr(at_, expected.size()) != expected) return false;
    at_ += expected.size();
    return true;
  }
  bool next_is(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool at_end() const { return at_ == text_.size(); }

  bool string(std::string& out) {
    out.clear();
    if (!literal("\"")) return false;
    while (at_ < text_.size()) {
      std::size_t run = at_;
      while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\') {
        if (static_cast<unsigned char>(text_[at_]) < 0x20) return false;
        ++at_;
      }
      out.append(text_.substr(run, at_ - run));
      if (at_ == text_.size()) return false;
      if (text_[at_++] == '"') return true;
      if (at_ == text_.size()) return false;
      switch (text_[at_++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': { // only the control characters are written as \u00XX
          if (!literal("00") || at_ + 2 > text_.size()) return false;
          // Hex digits only: from_chars would also take a sign ("\u00-1").
          int high = hex_value(text_[at_]);
          int low = hex_value(text_[at_ + 1]);
          if (high < 0 || low < 0 || high * 16 + low >= 0x20) return false;
          at_ += 2;
          out += static_cast<char>(high * 16 + low);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  bool integer(std::int64_t& out) {
    std::size_t digits = at_ + (next_is('-') ? 1 : 0);
    // JSON has no leading zeros ("01"), which from_chars would take.
    if (digits + 1 < text_.size() && text_[digits] == '0' && text_[digits + 1] >= '0' && text_[digits + 1] <= '9') {
      return false;
    }
    auto [end, error] = std::from_chars(text_.data() + at_, text_.data() + text_.size(), out);
    if (error != std::errc{}) return false;
    at_ = static_cast<std::size_t>(end - text_.data());
    return true;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

std::optional<Session> read_canonical(std::string_view text) {
  if (!is_valid_utf8(text)) return std::nullopt;
  CanonicalReader in(text);
  Session session;
  std::int64_t number = 0;
  if (!in.literal("{")) return std::nullopt;
  if (in.literal("\"deadline_ms\":")) {
    if (!in.integer(number) || !in.literal(",")) return std::nullopt;
    session.deadline_ms = number;
  }
  if (!in.literal("\"input\":") || !in.string(session.input) || !in.literal(",\"results\":{")) return std::nullopt;
  std::string name;
  while (!in.next_is('}')) {
    if (!session.results.empty() && !in.literal(",")) return std::nullopt;
    ResultValue result;
    if (!in.string(name) || !in.literal(":{\"categories\":[")) return std::nullopt;
    std::string category;
    while (!in.next_is(']')) {
      if (!result.categories.empty() && !in.literal(",")) return std::nullopt;
      if (!in.string(category)) return std::nullopt;
      result.categories.push_back(category);
    }
    if (!in.literal("],\"flow\":") || !in.string(result.flow) || !in.literal(",\"raw\":") || !in.string(result.raw) ||
        !in.literal(",\"value\":") || !in.string(result.value) || !in.literal("}")) {
      return std::nullopt;
    }
    // Names come sorted and once each, as a JSON object's keys are written.
    if (!session.results.empty() && !(session.results.rbegin()->first < name)) return std::nullopt;
    session.results.emplace_hint(session.results.end(), name, std::move(result));
  }
  if (!in.literal("},\"retries\":") || !in.integer(number) || number < 0 || number > 1000) return std::nullopt;
  session.retries = static_cast<int>(number);
  if (!in.literal(",\"stack\":[")) return std::nullopt;
  do {
    Frame frame;
    if (!in.literal("{\"flow\":") || !in.string(frame.flow) || !in.literal(",\"node\":") || !in.string(frame.node) ||
        !in.literal("}")) {
      return std::nullopt;
    }
    session.stack.push_back(std::move(frame));
  } while (in.literal(","));
  if (!in.literal("],\"version\":") || !in.integer(number) || number != session_format_version ||
      !in.literal(",\"waiting_since_ms\":") || !in.integer(session.waiting_since_ms) || !in.literal("}") ||
      !in.at_end()) {
    return std::nullopt;
  }
  return session;
}

} // namespace

std::optional<Session> parse_session_json_document(std::string_view text) {
  json document = json::parse(text, nullptr, false);
  if (!document.is_object()) return std::nullopt;
  std::int64_t version = 0;
  if (!read_integer(document, "version", version) || version != session_format_version) return std::nullopt;
  Session session;
  std::int64_t retries = 0;
  if (!document.contains("stack") || !read_stack(document["stack"], session.stack) ||
      !read_integer(document, "retries", retries) || retries < 0 || retries > 1000 ||
      !read_integer(document, "waiting_since_ms", session.waiting_since_ms) ||
      !read_string(document, "input", session.input) || !document.contains("results") ||
      !read_results(document["results"], session.results)) {
    return std::nullopt;
  }
  session.retries = static_cast<int>(retries);
  if (document.contains("deadline_ms")) {
    std::int64_t deadline = 0;
    if (!read_integer(document, "deadline_ms", deadline)) return std::nullopt;
    session.deadline_ms = deadline;
  }
  return session;
}

// Written directly, byte for byte what session_to_json_document makes (keys
// in sorted order, as nlohmann's objects keep them): every answer saves a
// session, and building the document was a tenth of the writer's work.
std::string session_to_json(const Session& session) {
  std::string out;
  out.reserve(256);
  try {
    out += '{';
    if (session.deadline_ms) {
      out += "\"deadline_ms\":";
      append_integer(out, *session.deadline_ms);
      out += ',';
    }
    out += "\"input\":";
    append_json_string(out, session.input);
    out += ",\"results\":{";
    bool first = true;
    for (const auto& [name, result] : session.results) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, name);
      out += ":{\"categories\":";
      append_strings(out, result.categories);
      out += ",\"flow\":";
      append_json_string(out, result.flow);
      out += ",\"raw\":";
      append_json_string(out, result.raw);
      out += ",\"value\":";
      append_json_string(out, result.value);
      out += '}';
    }
    out += "},\"retries\":";
    append_integer(out, session.retries);
    out += ",\"stack\":[";
    for (std::size_t i = 0; i < session.stack.size(); ++i) {
      out += i == 0 ? "{\"flow\":" : ",{\"flow\":";
      append_json_string(out, session.stack[i].flow);
      out += ",\"node\":";
      append_json_string(out, session.stack[i].node);
      out += '}';
    }
    out += "],\"version\":";
    append_integer(out, session_format_version);
    out += ",\"waiting_since_ms\":";
    append_integer(out, session.waiting_since_ms);
    out += '}';
  } catch (const std::invalid_argument&) { // text that is not valid UTF-8
    return session_to_json_document(session);
  }
  return out;
}

// Sessions are read back on every answer: the text the bot wrote itself is
// read directly, and only other text goes through a JSON document.
std::optional<Session> parse_session_json(std::string_view text) {
  if (auto session = read_canonical(text)) return session;
  return parse_session_json_document(text);
}

} // namespace stoop::flows
