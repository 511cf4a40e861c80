#include "bot/auth.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace stoop::auth {

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::admin;
  if (text == "staff") return Role::staff;
  if (text == "student") return Role::student;
  return std::nullopt;
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::staff:
      return "staff";
    case Role::student:
      return "student";
  }
  return "student";
}

std::string new_session_token() { return random_hex(32); }

std::string hash_token(std::string_view token) { return hex_encode(sha256(token)); }

std::string session_cookie(std::string_view token, std::int64_t max_age_seconds, bool secure) {
  std::string cookie = std::string(session_cookie_name) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string cleared_session_cookie(bool secure) {
  std::string cookie = std::string(session_cookie_name) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
  for (auto piece : split_any(cookie_header, ";")) {
    auto pair = trim(piece);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
  }
  return {};
}

bool public_url_is_https(std::string_view public_url) { return starts_with_ignore_case(public_url, "https://"); }

std::int64_t session_expiry(const AuthConfig& config, std::int64_t created_at, std::int64_t now) {
  std::int64_t idle_end = now + std::int64_t{config.session_idle_minutes} * 60'000;
  std::int64_t hard_end = created_at + std::int64_t{config.session_max_hours} * 3'600'000;
  return std::min(idle_end, hard_end);
}

bool session_is_live(const storage::WebSessionRecord& session, std::int64_t now) { return now < session.expires_at; }

bool is_state_changing(std::string_view method) { return method != "GET" && method != "HEAD"; }

bool csrf_matches(const HttpRequest& request, const storage::WebSessionRecord& session) {
  auto sent = request.header(csrf_header);
  return !sent.empty() && constant_time_equal(sent, session.csrf_token);
}

namespace {

// "https://Bot.example.org:443/x" → "https://bot.example.org"; "" when not a URL.
std::string origin_of(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string scheme = to_lower_ascii(url.substr(0, scheme_end));
  auto rest = url.substr(scheme_end + 3);
  auto host = rest.substr(0, rest.find('/'));
  std::string lowered = to_lower_ascii(host);
  if ((scheme == "https" && lowered.ends_with(":443")) || (scheme == "http" && lowered.ends_with(":80"))) {
    lowered.resize(lowered.size() - (scheme == "https" ? 4 : 3));
  }
  if (lowered.empty()) return {};
  return scheme + "://" + lowered;
}

} // namespace

bool origin_allowed(const HttpRequest& request, std::string_view public_url) {
  auto origin = origin_of(request.header("origin"));
  if (origin.empty()) return false;
  if (origin == origin_of(public_url)) return true;
  // Behind no proxy (development, tests) the page's origin is the address it was served from.
  auto host = request.header("host");
  return !host.empty() &&
         (origin == origin_of("http://" + std::string(host)) || origin == origin_of("https://" + std::string(host)));
}

std::string signin_refusal(const storage::UserRecord& user, std::int64_t now) {
  if (user.disabled) return "this account is disabled";
  if (user.locked_until && *user.locked_until > now) return "locked";
  if (user.password_hash.empty()) return "this account has no dashboard password";
  return {};
}

std::string check_email(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return "must be an email address";
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size() || email.find('@', at + 1) != email.npos) {
    return "must be an email address";
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == ',') {
      return "must be an email address";
    }
  }
  return {};
}

std::string check_password(std::string_view password, const AuthConfig& config) {
  if (!is_valid_utf8(password)) return "must be valid UTF-8";
  // Counted in characters, not bytes, so a passphrase in any script is measured fairly.
  auto length = static_cast<int>(decode_utf8(password).size());
  if (length < config.min_password_length) {
    return "must be at least " + std::to_string(config.min_password_length) + " characters";
  }
  if (password.size() > 1024) return "must be at most 1024 bytes";
  return {};
}

} // namespace stoop::auth
