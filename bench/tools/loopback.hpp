// The IPv4 loopback address at a port: every socket the bench tools open
// (load generator, fake provider, readiness probe) is on 127.0.0.1 only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>

namespace stoop::bench {

inline sockaddr_in loopback_address(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

} // namespace stoop::bench
