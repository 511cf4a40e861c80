// The configured channels, each with its adapter, by channel id.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "adapters/adapter.hpp"
#include "bot/config.hpp"

namespace stoop {

class ChannelSet {
 public:
  // Builds every configured channel's adapter (the config was validated already).
  static Expected<ChannelSet> create(const Config& config);

  const adapters::Adapter* find(std::string_view id) const;
  const std::map<std::string, std::unique_ptr<adapters::Adapter>, std::less<>>& all() const { return adapters_; }

 private:
  std::map<std::string, std::unique_ptr<adapters::Adapter>, std::less<>> adapters_;
};

} // namespace stoop
