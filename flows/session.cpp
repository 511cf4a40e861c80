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

} // namespace

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

std::optional<Session> parse_session_json(std::string_view text) {
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

} // namespace stoop::flows
