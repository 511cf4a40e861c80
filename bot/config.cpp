#include "bot/config.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "adapters/adapter.hpp"
#include "bot/config_reader.hpp"
#include "core/text.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

// Replaces ${NAME} in every string of the document; the first unset variable is an error.
void expand_environment(json& value, const std::string& pointer,
                        const std::function<const char*(const char*)>& getenv_fn, std::string& error) {
  if (!error.empty()) return;
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      auto start = text.find("${", pos);
      if (start == std::string::npos) {
        out.append(text, pos);
        break;
      }
      auto end = text.find('}', start + 2);
      if (end == std::string::npos) {
        error = pointer + ": unterminated ${ in string";
        return;
      }
      std::string name = text.substr(start + 2, end - start - 2);
      bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
      for (char c : name)
        valid &= (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
      if (!valid) {
        error = pointer + ": \"${" + name + "}\" is not a valid environment variable reference";
        return;
      }
      const char* found = getenv_fn(name.c_str());
      if (found == nullptr) {
        error = pointer + ": environment variable " + name + " is not set";
        return;
      }
      out.append(text, pos, start - pos);
      out += found;
      pos = end + 1;
    }
    value = out;
  } else if (value.is_object()) {
    for (auto& [key, child] : value.items())
      expand_environment(child, pointer + "/" + pointer_token(key), getenv_fn, error);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      expand_environment(value[i], pointer + "/" + std::to_string(i), getenv_fn, error);
  }
}

bool parse_listen(const std::string& listen, ServerConfig& server) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  int value = std::stoi(port);
  if (value > 65535) return false;
  server.listen_host = host;
  server.listen_port = static_cast<std::uint16_t>(value);
  return true;
}

void read_server(const json& root, Config& config, std::string& error) {
  const json* section = root.contains("server") ? &root["server"] : nullptr;
  if (!section) {
    error = "/: missing required key \"server\"";
    return;
  }
  ObjectReader r(*section, "/server", error);
  auto& s = config.server;
  std::string listen;
  r.string("listen", listen, true);
  if (error.empty() && !parse_listen(listen, s)) r.fail("listen", "expected HOST:PORT, e.g. \"127.0.0.1:8080\"");
  r.string("public_url", s.public_url, true);
  if (error.empty() &&
      !(starts_with_ignore_case(s.public_url, "https://") || starts_with_ignore_case(s.public_url, "http://"))) {
    r.fail("public_url", "expected an absolute http:// or https:// URL");
  }
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  r.integer("threads", s.threads, 1, 64);
  r.integer("webhook_body_limit", s.webhook_body_limit, 1024, 16 * 1024 * 1024);
  r.integer("api_body_limit", s.api_body_limit, 1024, 16 * 1024 * 1024);
  r.integer("header_limit", s.header_limit, 1024, 64 * 1024);
  r.integer("read_timeout_ms", s.read_timeout_ms, 100, 600'000);
  r.integer("idle_timeout_ms", s.idle_timeout_ms, 100, 3'600'000);
  r.integer("max_connections", s.max_connections, 1, 1'000'000);
  r.integer("shutdown_grace_ms", s.shutdown_grace_ms, 0, 600'000);
  r.string("dashboard_dir", s.dashboard_dir);
  r.finish();
}

void read_storage(const json& root, Config& config, std::string& error) {
  if (!root.contains("storage")) {
    error = "/: missing required key \"storage\"";
    return;
  }
  ObjectReader r(root["storage"], "/storage", error);
  r.string("sqlite", config.storage.sqlite, true);
  if (error.empty() && config.storage.sqlite.empty()) r.fail("sqlite", "must not be empty");
  r.one_of("synchronous", config.storage.synchronous, {"full", "normal"});
  r.integer("max_batch", config.storage.max_batch, 1, 100'000);
  r.one_of("checkpoint", config.storage.checkpoint, {"background", "commit"});
  r.integer("checkpoint_pages", config.storage.checkpoint_pages, 10, 1'000'000);
  r.integer("cache_kib", config.storage.cache_kib, 64, 4'000'000);
  r.integer("writer_cache_kib", config.storage.writer_cache_kib, 64, 4'000'000);
  r.finish();
}

void read_channel(const json& value, size_t index, Config& config, std::set<std::string>& ids, std::string& error) {
  std::string pointer = "/channels/" + std::to_string(index);
  ObjectReader r(value, pointer, error);
  ChannelEntry entry;
  r.string("id", entry.id, true);
  r.string("type", entry.type, true);
  if (!error.empty()) return;
  bool id_ok = !entry.id.empty() && entry.id.size() <= 32;
  for (char c : entry.id) id_ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  if (!id_ok) return r.fail("id", "must be 1 to 32 characters of a-z, 0-9, '-' or '_'");
  if (!ids.insert(entry.id).second) return r.fail("id", "\"" + entry.id + "\" is used by another channel");
  const auto* spec = adapters::find_adapter_spec(entry.type);
  if (spec == nullptr) {
    std::string known;
    for (const auto& s : adapters::adapter_specs()) known += (known.empty() ? "" : ", ") + s.type;
    return r.fail("type", "unknown channel type \"" + entry.type + "\" (known: " + known + ")");
  }
  double rate = 1;
  r.number("rate_per_second", rate, 0.001, 10'000);
  r.number("burst", rate, 1, 10'000);
  for (const auto& key : spec->keys) {
    const json* v = r.get(key.name.c_str(), key.required);
    if (!v) continue;
    bool type_ok = false;
    switch (key.type) {
      case adapters::KeyType::string:
        type_ok = v->is_string();
        break;
      case adapters::KeyType::integer:
        type_ok = v->is_number_integer();
        break;
      case adapters::KeyType::number:
        type_ok = v->is_number();
        break;
      case adapters::KeyType::boolean:
        type_ok = v->is_boolean();
        break;
      case adapters::KeyType::object:
        type_ok = v->is_object();
        break;
      case adapters::KeyType::array:
        type_ok = v->is_array();
        break;
    }
    if (!type_ok) return r.fail(key.name.c_str(), "has the wrong type");
    if (key.secret && key.type == adapters::KeyType::string && v->get<std::string>().size() < 4) {
      return r.fail(key.name.c_str(), "is too short to be a secret");
    }
  }
  r.finish();
  if (!error.empty()) return;
  entry.settings = std::make_shared<const json>(value);
  // Let the adapter check combinations (e.g. Twilio needs a number or a messaging service).
  adapters::ChannelConfig probe{entry.id, config.server.public_url, entry.settings.get()};
  auto created = spec->create(probe);
  if (!created) {
    error = pointer + ": " + created.error();
    return;
  }
  config.channels.push_back(std::move(entry));
}

void read_rate_limits(const json& root, Config& config, std::string& error) {
  if (!root.contains("rate_limits")) return;
  ObjectReader r(root["rate_limits"], "/rate_limits", error);
  r.number("webchat_per_minute", config.rate_limits.webchat_per_minute, 1, 1e6);
  r.number("api_per_minute", config.rate_limits.api_per_minute, 1, 1e6);
  r.number("inbound_per_contact_per_minute", config.rate_limits.inbound_per_contact_per_minute, 1, 1e6);
  r.number("signin_per_minute", config.rate_limits.signin_per_minute, 1, 1e6);
  r.finish();
}

void read_auth(const json& root, Config& config, std::string& error) {
  if (!root.contains("auth")) return;
  ObjectReader r(root["auth"], "/auth", error);
  auto& a = config.auth;
  // Low iteration counts are for tests; the default is the production strength.
  r.integer("pbkdf2_iterations", a.pbkdf2_iterations, 1'000, 10'000'000);
  r.integer("min_password_length", a.min_password_length, 8, 1024);
  r.integer("session_idle_minutes", a.session_idle_minutes, 1, 60 * 24 * 30);
  r.integer("session_max_hours", a.session_max_hours, 1, 24 * 90);
  r.integer("max_failed_signins", a.max_failed_signins, 1, 1000);
  r.integer("lockout_minutes", a.lockout_minutes, 1, 60 * 24 * 7);
  r.finish();
}

void read_baselines(const json& parent, TransparencyConfig& t, std::string& error) {
  if (!error.empty() || !parent.contains("baselines")) return;
  const json& baselines = parent["baselines"];
  const std::string pointer = "/transparency/baselines";
  if (!baselines.is_object()) {
    error = pointer + ": expected an object";
    return;
  }
  for (const auto& [dimension, groups] : baselines.items()) {
    auto where = pointer + "/" + pointer_token(dimension);
    if (dimension != "neighbourhood" && dimension != "language" && dimension != "age_band") {
      error = where + ": unknown dimension (expected \"neighbourhood\", \"language\" or \"age_band\")";
      return;
    }
    if (!groups.is_object() || groups.empty()) {
      error = where + ": expected an object of group shares";
      return;
    }
    double total = 0;
    for (const auto& [group, share] : groups.items()) {
      if (!share.is_number() || share.get<double>() < 0 || share.get<double>() > 1) {
        error = where + "/" + pointer_token(group) + ": expected a share between 0 and 1";
        return;
      }
      total += share.get<double>();
      t.baselines[dimension][group] = share.get<double>();
    }
    if (total > 1.01) {
      error = where + ": the shares add up to more than 1";
      return;
    }
  }
}

void read_transparency(const json& root, Config& config, std::string& error) {
  if (!root.contains("transparency")) return;
  ObjectReader r(root["transparency"], "/transparency", error);
  auto& t = config.transparency;
  r.string("poll", t.poll);
  r.string("result", t.result);
  r.string("neighbourhood_result", t.neighbourhood_result);
  r.string("age_band_result", t.age_band_result);
  r.integer("results_top", t.results_top, 1, 10);
  r.integer("delete_confirm_minutes", t.delete_confirm_minutes, 1, 24 * 60);
  r.integer("broadcast_batch", t.broadcast_batch, 1, 10'000);
  r.integer("broadcast_pause_ms", t.broadcast_pause_ms, 0, 3'600'000);
  r.number("flag_below", t.flag_below, 0.01, 1);
  r.allow("baselines");
  r.finish();
  read_baselines(root["transparency"], t, error);
}

void read_retention(const json& root, Config& config, std::string& error) {
  if (!root.contains("retention")) return;
  ObjectReader r(root["retention"], "/retention", error);
  r.integer("message_days", config.retention.message_days, 0, 36'500);
  r.integer("check_minutes", config.retention.check_minutes, 1, 7 * 24 * 60);
  r.finish();
}

void read_outbox(const json& root, Config& config, std::string& error) {
  if (!root.contains("outbox")) return;
  ObjectReader r(root["outbox"], "/outbox", error);
  auto& o = config.outbox;
  r.integer("max_attempts", o.max_attempts, 1, 100);
  r.integer("backoff_initial_ms", o.backoff_initial_ms, 1, 3'600'000);
  r.integer("backoff_max_ms", o.backoff_max_ms, 1, 86'400'000);
  r.integer("concurrency", o.concurrency, 1, 1024);
  r.integer("request_timeout_ms", o.request_timeout_ms, 100, 600'000);
  r.finish();
}

void read_languages(ObjectReader& top, Config& config, std::string& error) {
  if (const json* v = top.get("languages", false)) {
    if (!v->is_array() || v->empty()) return top.fail("languages", "expected a non-empty array of language codes");
    config.languages.clear();
    for (const auto& item : *v) {
      if (!item.is_string()) return top.fail("languages", "expected language codes as strings");
      config.languages.push_back(item.get<std::string>());
    }
  }
  top.string("default_language", config.default_language);
  if (!error.empty()) return;
  bool known = false;
  for (const auto& code : config.languages) known |= code == config.default_language;
  if (!known) top.fail("default_language", "\"" + config.default_language + "\" is not in \"languages\"");
}

void read_routing_config(const json& root, Config& config, std::string& error) {
  std::map<std::string, std::string> channel_types;
  for (const auto& channel : config.channels) channel_types[channel.id] = channel.type;
  read_routing_sections(root, config.routing, channel_types, config.languages, config.default_language, error);
}

} // namespace

const ChannelEntry* Config::channel(std::string_view id) const {
  for (const auto& c : channels) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Expected<Config> parse_config(std::string_view text, const std::string& path,
                              const std::function<const char*(const char*)>& getenv_fn) {
  json root = json::parse(text, nullptr, false, true);
  if (root.is_discarded()) return make_error("/: not valid JSON");
  if (!root.is_object()) return make_error("/: expected a JSON object");
  std::string error;
  expand_environment(root, "", getenv_fn, error);
  if (!error.empty()) return make_error(error);

  Config config;
  config.path = path;
  ObjectReader top(root, "", error);
  top.allow("server");
  top.allow("storage");
  top.allow("channels");
  top.allow("outbox");
  top.allow("rate_limits");
  for (const char* key : {"routing", "teams", "people", "prompts"}) top.allow(key);
  top.allow("auth");
  top.allow("transparency");
  top.allow("retention");
  read_server(root, config, error);
  read_storage(root, config, error);
  top.string("flows_dir", config.flows_dir);
  top.string("messages_file", config.messages_file);
  read_languages(top, config, error);
  std::string level = "info";
  top.one_of("log_level", level, {"debug", "info", "warn", "error"});
  parse_log_level(level, config.log_level);
  read_outbox(root, config, error);
  read_rate_limits(root, config, error);
  read_auth(root, config, error);
  read_transparency(root, config, error);
  read_retention(root, config, error);
  if (error.empty()) {
    if (const json* channels = top.get("channels", true); channels != nullptr) {
      if (!channels->is_array()) {
        top.fail("channels", "expected an array");
      } else {
        std::set<std::string> ids;
        for (size_t i = 0; i < channels->size() && error.empty(); ++i)
          read_channel((*channels)[i], i, config, ids, error);
      }
    }
  }
  if (error.empty()) read_routing_config(root, config, error);
  top.finish();
  if (!error.empty()) return make_error(error);
  config.raw = std::make_shared<const json>(std::move(root));
  return config;
}

Expected<Config> load_config_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read the file");
  std::ostringstream text;
  text << file.rdbuf();
  return parse_config(text.str(), path, [](const char* name) { return std::getenv(name); });
}

std::vector<std::string> config_secrets(const Config& config) {
  std::vector<std::string> secrets;
  for (const auto& channel : config.channels) {
    const auto* spec = adapters::find_adapter_spec(channel.type);
    if (!spec) continue;
    for (const auto& key : spec->keys) {
      if (!key.secret) continue;
      auto it = channel.settings->find(key.name);
      if (it != channel.settings->end() && it->is_string()) secrets.push_back(it->get<std::string>());
    }
  }
  return secrets;
}

} // namespace stoop
