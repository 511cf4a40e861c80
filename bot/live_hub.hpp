// Publish/subscribe between the pipeline and open WebSockets: the dashboard
// listens to "dashboard", a web chat visitor to "webchat:<channel>:<visitor>".
// Publishing never blocks: each peer queues its own frames.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace stoop {

class WebSocketPeer;

class LiveHub {
 public:
  std::uint64_t subscribe(const std::string& topic, std::weak_ptr<WebSocketPeer> peer);
  void unsubscribe(std::uint64_t id);
  void publish(const std::string& topic, const std::string& message);
  std::size_t subscribers(const std::string& topic) const;

 private:
  struct Entry {
    std::string topic;
    std::weak_ptr<WebSocketPeer> peer;
  };
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Entry> entries_;
};

} // namespace stoop
