#include "bot/channel_commands.hpp"

#include <ostream>

#include "adapters/telegram/telegram_adapter.hpp"
#include "bot/asio.hpp"
#include "bot/channels.hpp"
#include "bot/http_client.hpp"

namespace stoop {

int telegram_set_webhook(const Config& config, const std::string& channel_id, std::ostream& out, std::ostream& err) {
  auto channels = ChannelSet::create(config);
  if (!channels) {
    err << "stoop channels: " << channels.error() << "\n";
    return 2;
  }
  const adapters::TelegramAdapter* telegram = nullptr;
  for (const auto& [id, adapter] : channels->all()) {
    if ((channel_id.empty() || id == channel_id) && adapter->type() == "telegram") {
      telegram = dynamic_cast<const adapters::TelegramAdapter*>(adapter.get());
      break;
    }
  }
  if (telegram == nullptr) {
    err << "stoop channels telegram set-webhook: no telegram channel"
        << (channel_id.empty() ? std::string() : " \"" + channel_id + "\"") << " in " << config.path << "\n";
    return 2;
  }
  auto request = telegram->set_webhook_request();
  if (!request) {
    err << "stoop channels telegram set-webhook: " << request.error() << "\n";
    return 2;
  }
  asio::io_context io;
  HttpClient client(io, HttpClient::Options{});
  ClientResponse response;
  auto send = [&]() -> awaitable<void> { response = co_await client.send(std::move(*request)); };
  asio::co_spawn(io, send(), logged("set-webhook"));
  io.run();
  auto answer = adapters::TelegramAdapter::read_set_webhook_response(response);
  if (!answer) {
    err << "stoop channels telegram set-webhook: Telegram refused: " << answer.error() << "\n";
    return 1;
  }
  out << "Telegram: " << *answer << " (" << config.server.public_url << "/hooks/" << telegram->channel_id() << ")\n";
  return 0;
}

} // namespace stoop
