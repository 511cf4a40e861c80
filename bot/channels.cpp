#include "bot/channels.hpp"

namespace stoop {

Expected<ChannelSet> ChannelSet::create(const Config& config) {
  ChannelSet set;
  for (const auto& channel : config.channels) {
    const auto* spec = adapters::find_adapter_spec(channel.type);
    if (!spec) return make_error("channel " + channel.id + ": unknown type " + channel.type);
    adapters::ChannelConfig settings{channel.id, config.server.public_url, channel.settings.get()};
    auto adapter = spec->create(settings);
    if (!adapter) return make_error("channel " + channel.id + ": " + adapter.error());
    set.adapters_.emplace(channel.id, std::move(adapter.value()));
  }
  return set;
}

const adapters::Adapter* ChannelSet::find(std::string_view id) const {
  auto it = adapters_.find(id);
  return it == adapters_.end() ? nullptr : it->second.get();
}

} // namespace stoop
