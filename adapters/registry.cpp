// The list of providers. A new provider adds its folder and one line here.
#include "adapters/adapter.hpp"
#include "adapters/messenger/messenger_adapter.hpp"
#include "adapters/telegram/telegram_adapter.hpp"
#include "adapters/twilio/twilio_adapter.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "adapters/whatsapp/whatsapp_adapter.hpp"

namespace stoop::adapters {

const std::vector<AdapterSpec>& adapter_specs() {
  static const std::vector<AdapterSpec> specs{
      twilio_spec(),
      telegram_spec(),
      whatsapp_spec(),
      messenger_spec(),
      webchat_spec(),
  };
  return specs;
}

} // namespace stoop::adapters
