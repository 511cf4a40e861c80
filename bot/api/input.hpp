// Reading what a dashboard client sends: JSON bodies field by field and query
// parameters, with the first problem kept as the message of the 400 answer.
// Plain functions over values, so every rule is unit-tested without a server.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/http_types.hpp"

namespace stoop::api {

// The body as a JSON object. Refuses other content types (a cross-site form
// cannot send application/json without a CORS preflight, which we never allow).
Expected<nlohmann::json> parse_json_body(const HttpRequest& request);
bool has_json_content_type(const HttpRequest& request);

struct TextRule {
  std::size_t min_characters = 1;
  std::size_t max_characters = 200;
  bool multiline = false; // otherwise control characters, newlines included, are refused
};

// Checks one text value against a rule; "" when fine, else why not.
std::string check_text(std::string_view text, const TextRule& rule);

// A field of an updatable record: absent (leave as is), null (clear) or a value.
template <class T>
struct Patch {
  bool present = false;
  std::optional<T> value;
};

class BodyReader {
 public:
  explicit BodyReader(const nlohmann::json& body) : body_(body) {}
  // It keeps a reference: a temporary body would be gone before the first read.
  explicit BodyReader(nlohmann::json&& body) = delete;

  // Each getter returns nullopt when the key is absent (and records an error
  // if it was required) or when the value is wrong (and records the error).
  std::optional<std::string> text(const char* key, const TextRule& rule, bool required = false);
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max, bool required = false);
  std::optional<bool> boolean(const char* key, bool required = false);
  // A string exactly as sent (passwords: spaces count), at most max_bytes.
  std::optional<std::string> secret(const char* key, std::size_t max_bytes, bool required = false);
  // An array of distinct short strings, each checked against rule.
  std::optional<std::vector<std::string>> text_list(const char* key, const TextRule& rule, std::size_t max_items);
  // A positive id, or null.
  Patch<std::int64_t> nullable_id(const char* key);
  // A JSON object, returned serialised.
  std::optional<std::string> object(const char* key, std::size_t max_bytes = 8192);

  // Refuses keys no getter asked about, so a typo is an error, not a silent no-op.
  void finish();
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  const nlohmann::json* find(const char* key, bool required);
  void fail(const char* key, const std::string& message);

  const nlohmann::json& body_;
  std::set<std::string, std::less<>> known_;
  std::string error_;
};

// Query parameters. Each returns the value, nullopt when absent, or an error.
Expected<std::optional<std::int64_t>> query_integer(std::string_view query, std::string_view name, std::int64_t min,
                                                    std::int64_t max);
// One of the allowed words, or "" when absent.
Expected<std::string> query_word(std::string_view query, std::string_view name,
                                 std::initializer_list<std::string_view> allowed);
// A date "YYYY-MM-DD" as milliseconds at 00:00 UTC.
Expected<std::optional<std::int64_t>> query_date(std::string_view query, std::string_view name);
std::string query_text(std::string_view query, std::string_view name, std::size_t max_bytes = 200);

// Parses a decimal id from a path segment; nullopt if it is not one.
std::optional<std::int64_t> parse_id(std::string_view segment);

// Conversation labels: trimmed, 1 to 40 characters, no control characters;
// duplicates removed, order kept. Error message or "".
std::string normalise_labels(std::vector<std::string>& labels);

} // namespace stoop::api
