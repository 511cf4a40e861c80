// One WebSocket connection with its own bounded write queue: a slow browser
// fills its own queue and is dropped, it never blocks the server or others.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "bot/asio.hpp"

namespace stoop {

class WebSocketPeer : public std::enable_shared_from_this<WebSocketPeer> {
 public:
  virtual ~WebSocketPeer() = default;
  // Queues a text frame; callable from any thread.
  virtual void send(std::string text) = 0;
  // The next text frame from the peer; nullopt once the connection is closed.
  virtual awaitable<std::optional<std::string>> receive() = 0;
  virtual void close() = 0;
};

} // namespace stoop
