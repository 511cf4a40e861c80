// Blocking HTTP and WebSocket helpers for tests: real requests over loopback sockets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/http_types.hpp"
#include "tests/support/temp_dir.hpp"

namespace stoop::testing {

struct Reply {
  int status = 0; // 0: no answer (connection refused or reset)
  std::vector<Header> headers;
  std::string body;
  std::string header(std::string_view lower_name) const;
};

Reply http(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
           const std::vector<Header>& headers = {});

// Sends raw bytes and returns whatever comes back before the peer closes or the timeout.
std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms = 2000);

// A Twilio webhook request signed as Twilio would sign it.
struct SignedForm {
  std::string body;
  std::vector<Header> headers;
};
SignedForm twilio_form(const std::string& public_url, const std::string& target, const std::string& auth_token,
                       const std::vector<std::pair<std::string, std::string>>& fields);

} // namespace stoop::testing
