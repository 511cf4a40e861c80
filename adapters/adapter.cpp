#include "adapters/adapter.hpp"

namespace stoop::adapters {

HttpResponse Adapter::acknowledge() const { return HttpResponse::text(200, "ok"); }

HttpResponse Adapter::webhook_reply(const HttpRequest&) const { return acknowledge(); }

std::optional<SendResult> Adapter::send_refusal(const OutboundMessage&) const { return std::nullopt; }

HttpResponse Adapter::handshake(const HttpRequest&) const {
  return HttpResponse::text(405, "this channel has no verification handshake");
}

const AdapterSpec* find_adapter_spec(std::string_view type) {
  for (const auto& spec : adapter_specs()) {
    if (spec.type == type) return &spec;
  }
  return nullptr;
}

} // namespace stoop::adapters
