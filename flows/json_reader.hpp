// Reading hand-written JSON with precise complaints: every problem becomes a
// Diagnostic at the JSON pointer where it is, and parsing carries on so that
// one run of `stoop flows check` lists every mistake in a file, not just the
// first. Internal to stoop_flows (the only place nlohmann/json.hpp is included
// besides session.cpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/diagnostic.hpp"

namespace stoop::flows::detail {

using json = nlohmann::json;

class Reporter {
 public:
  Reporter(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  void error(const std::string& pointer, std::string message);
  void warning(const std::string& pointer, std::string message);
  const std::string& file() const { return file_; }
  int errors() const { return errors_; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  int errors_ = 0;
};

// "a string", "an object"... for "must be X, not Y" messages.
std::string type_name(const json& value);

// Parses JSON with // and /* */ comments. Syntax errors and duplicate keys
// (which a plain parser silently resolves by keeping the last) are reported;
// a syntax error returns a discarded value.
json parse_document(std::string_view text, Reporter& reporter);

// A view of one JSON object for reading its keys with type checks.
class Fields {
 public:
  // Reports and yields no keys if `value` is not an object.
  Fields(const json& value, std::string pointer, std::string_view what, Reporter& reporter);

  bool ok() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return pointer_join(pointer_, std::string(key)); }
  Reporter& reporter() const { return reporter_; }

  bool has(std::string_view key) const;
  const json* get(std::string_view key) const;
  void require(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required = false) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<double> number(std::string_view key) const;

  // Every key not listed is an error ("unknown key"), with a suggestion when one is close.
  void allow_only(const std::vector<std::string_view>& keys) const;

 private:
  const json* object_ = nullptr;
  std::string pointer_;
  Reporter& reporter_;
};

// "90s", "30m", "24h", "7d" or a number of seconds, from 1 second to 90 days.
std::optional<std::int64_t> parse_duration_ms(const json& value, const std::string& pointer, Reporter& reporter);

enum class NameKind {
  node,       // letters, digits, _ . - (no "/": it separates node and choice in button payloads)
  flow,       // lower-case letters, digits, _ -
  identifier, // results, fields, groups, categories, consent purposes: lower-case, digits, _
};

bool is_valid_name(std::string_view name, NameKind kind);
std::string name_rule(NameKind kind);

// "en", "kea", "pt-BR".
bool is_language_code(std::string_view code);

} // namespace stoop::flows::detail
