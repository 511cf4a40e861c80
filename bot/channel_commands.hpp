// `stoop channels ...`: one-off calls to a provider for set-up.
#pragma once

#include <iosfwd>
#include <string>

#include "bot/config.hpp"

namespace stoop {

// `stoop channels telegram set-webhook --config FILE [--channel ID]`: registers
// public_url/hooks/ID with Telegram, with the channel's secret token. Returns
// the exit code.
int telegram_set_webhook(const Config& config, const std::string& channel_id, std::ostream& out, std::ostream& err);

} // namespace stoop
