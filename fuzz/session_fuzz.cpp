// libFuzzer target for stored sessions: the direct reader and the JSON
// document must agree on any text, and a session read back writes and reads
// again to the same session.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flows/session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto session = stoop::flows::parse_session_json(text);
  if (session != stoop::flows::parse_session_json_document(text)) __builtin_trap();
  if (session && stoop::flows::parse_session_json(stoop::flows::session_to_json(*session)) != session) {
    __builtin_trap();
  }
  return 0;
}
