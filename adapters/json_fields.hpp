// Reading provider JSON that nobody has validated yet. Webhook payloads are
// untrusted input: a missing or wrongly typed member must become a parse error
// or an ignored event, never an exception thrown through the data path, so
// every read here checks the type and answers "absent" instead of throwing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace stoop::adapters {

using Json = nlohmann::json;

// The member of an object, or nullptr when value is not an object or lacks it.
const Json* member(const Json& value, const char* key);
// The member when it is an object / an array / a string, else nullptr.
const Json* object_member(const Json& value, const char* key);
const Json* array_member(const Json& value, const char* key);
const std::string* string_member(const Json& value, const char* key);
// The string member, or "" when absent or not a string.
std::string text_member(const Json& value, const char* key);
// An identifier the provider may send as a number or as a string, as text.
std::optional<std::string> id_member(const Json& value, const char* key);
// An integer member (Telegram's retry_after, Graph error codes), or nullopt.
std::optional<long long> integer_member(const Json& value, const char* key);
// A number member (latitude, longitude), or nullopt.
std::optional<double> number_member(const Json& value, const char* key);

// Parses without throwing; a discarded value (is_discarded()) on malformed input.
Json parse_json(const std::string& text);

// "geo:LAT,LONG" (RFC 5870), how a shared location is recorded as an attachment URL.
std::string geo_uri(double latitude, double longitude);

} // namespace stoop::adapters
