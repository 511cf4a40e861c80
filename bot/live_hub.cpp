#include "bot/live_hub.hpp"

#include <vector>

#include "bot/websocket.hpp"

namespace stoop {

std::uint64_t LiveHub::subscribe(const std::string& topic, std::weak_ptr<WebSocketPeer> peer) {
  std::lock_guard lock(mutex_);
  auto id = next_id_++;
  entries_.emplace(id, Entry{topic, std::move(peer)});
  return id;
}

void LiveHub::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  entries_.erase(id);
}

void LiveHub::publish(const std::string& topic, const std::string& message) {
  std::vector<std::shared_ptr<WebSocketPeer>> targets;
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      auto peer = it->second.peer.lock();
      if (!peer) {
        it = entries_.erase(it);
        continue;
      }
      if (it->second.topic == topic) targets.push_back(std::move(peer));
      ++it;
    }
  }
  for (auto& peer : targets) peer->send(message);
}

std::size_t LiveHub::subscribers(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, entry] : entries_) n += entry.topic == topic && !entry.peer.expired();
  return n;
}

} // namespace stoop
