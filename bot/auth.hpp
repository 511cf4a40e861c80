// Dashboard sign-in, as pure functions over values: roles, the session
// cookie, session lifetimes, the CSRF and Origin checks, and what makes an
// acceptable email or password. The API calls these; tests call them directly.
//
// Invariants: the cookie's token is never stored (only its SHA-256); every
// state-changing request carries the session's CSRF token in X-CSRF-Token;
// a locked account is refused before its password is checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/config.hpp"
#include "core/http_types.hpp"
#include "storage/dashboard_records.hpp"

namespace stoop::auth {

enum class Role { admin, staff, student };

std::optional<Role> parse_role(std::string_view text);
std::string_view to_string(Role role);

inline constexpr std::string_view session_cookie_name = "stoop_session";
inline constexpr std::string_view csrf_header = "x-csrf-token";

// A new random session token (what the cookie carries) and the hash stored for it.
std::string new_session_token();
std::string hash_token(std::string_view token);

// The Set-Cookie value that signs a browser in; Secure when the public URL is https.
std::string session_cookie(std::string_view token, std::int64_t max_age_seconds, bool secure);
// The Set-Cookie value that signs it out.
std::string cleared_session_cookie(bool secure);
// The value of cookie `name` in a Cookie header, or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);
bool public_url_is_https(std::string_view public_url);

// When a session started at created_at and last used at now ends.
std::int64_t session_expiry(const AuthConfig& config, std::int64_t created_at, std::int64_t now);
bool session_is_live(const storage::WebSessionRecord& session, std::int64_t now);

// Whether the request may change state: the CSRF header matches the session's token.
bool csrf_matches(const HttpRequest& request, const storage::WebSessionRecord& session);
// GET and HEAD change nothing; everything else needs the CSRF token.
bool is_state_changing(std::string_view method);

// For the live WebSocket: a browser's Origin must be the public URL's origin or
// the origin of the Host it connected to. Browsers always send Origin on a
// WebSocket handshake; a request without one is not from a page and is refused.
bool origin_allowed(const HttpRequest& request, std::string_view public_url);

// Why a user may not sign in now (disabled, locked, no password), or "" if they may.
std::string signin_refusal(const storage::UserRecord& user, std::int64_t now);

// Shape checks for accounts. Each returns "" when fine, else the reason.
std::string check_email(std::string_view email);
std::string check_password(std::string_view password, const AuthConfig& config);

} // namespace stoop::auth
