// libFuzzer target for the configuration loader: any text gives a Config or a
// one-line error, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bot/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = stoop::parse_config(text, "fuzz.json", [](const char* name) -> const char* {
    return std::string_view(name) == "UNSET" ? nullptr : "from-env";
  });
  if (!config && config.error().find('\n') != std::string::npos) __builtin_trap();
  return 0;
}
