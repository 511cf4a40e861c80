// Reading one object of the configuration: typed getters that record the
// first error as "POINTER: message", and a check that refuses unknown keys.
// Shared by the config sections (bot/config.cpp, bot/routing_config.cpp).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace stoop {

// Escapes a key for use in a JSON pointer (RFC 6901).
inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Reads one object's keys, remembering which it saw, so leftovers are refused.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string pointer, std::string& error)
      : object_(object), pointer_(std::move(pointer)), error_(error) {
    if (error_.empty() && !object_.is_object()) error_ = where() + ": expected an object";
  }

  const nlohmann::json* get(const char* key, bool required) {
    known_.insert(key);
    if (!error_.empty() || !object_.is_object()) return nullptr;
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) error_ = where() + ": missing required key \"" + key + "\"";
      return nullptr;
    }
    return &*it;
  }

  void string(const char* key, std::string& out, bool required = false) {
    if (const nlohmann::json* v = get(key, required)) {
      if (!v->is_string()) return fail(key, "expected a string");
      out = v->get<std::string>();
    }
  }

  template <class Int>
  void integer(const char* key, Int& out, long long min, long long max) {
    if (const nlohmann::json* v = get(key, false)) {
      if (!v->is_number_integer()) return fail(key, "expected an integer");
      auto n = v->get<long long>();
      if (n < min || n > max) {
        return fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      }
      out = static_cast<Int>(n);
    }
  }

  void number(const char* key, double& out, double min, double max) {
    if (const nlohmann::json* v = get(key, false)) {
      if (!v->is_number()) return fail(key, "expected a number");
      double n = v->get<double>();
      if (n < min || n > max) return fail(key, "is out of range");
      out = n;
    }
  }

  void one_of(const char* key, std::string& out, std::initializer_list<const char*> allowed) {
    if (const nlohmann::json* v = get(key, false)) {
      if (!v->is_string()) return fail(key, "expected a string");
      auto s = v->get<std::string>();
      for (const char* a : allowed) {
        if (s == a) {
          out = s;
          return;
        }
      }
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string("\"") + a + "\"";
      fail(key, "must be one of " + list);
    }
  }

  void boolean(const char* key, bool& out) {
    if (const nlohmann::json* v = get(key, false)) {
      if (!v->is_boolean()) return fail(key, "expected true or false");
      out = v->get<bool>();
    }
  }

  // A string or an array of strings (["es", "en"], or just "es").
  void string_list(const char* key, std::vector<std::string>& out) {
    if (const nlohmann::json* v = get(key, false)) {
      out.clear();
      if (v->is_string()) {
        out.push_back(v->get<std::string>());
        return;
      }
      if (!v->is_array()) return fail(key, "expected a string or an array of strings");
      for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string()) return fail(key, "expected a string or an array of strings");
        out.push_back((*v)[i].get<std::string>());
      }
    }
  }

  // Keys that a later part of Stoop reads from Config::raw.
  void allow(const char* key) { known_.insert(key); }

  void finish() {
    if (!error_.empty() || !object_.is_object()) return;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!known_.count(it.key())) {
        error_ = pointer_ + "/" + pointer_token(it.key()) + ": unknown key";
        return;
      }
    }
  }

  void fail(const char* key, const std::string& message) {
    if (error_.empty()) error_ = pointer_ + "/" + pointer_token(key) + ": " + message;
  }
  std::string where() const { return pointer_.empty() ? "/" : pointer_; }
  const std::string& pointer() const { return pointer_; }

 private:
  const nlohmann::json& object_;
  std::string pointer_;
  std::string& error_;
  std::set<std::string, std::less<>> known_;
};

} // namespace stoop
