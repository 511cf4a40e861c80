// libFuzzer target for the flow loader and checker; a flow set that loads
// without errors is then run for a few events, which must not throw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "flows/engine.hpp"
#include "flows/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = stoop::flows::load_flow_sources({{"fuzz.json", text}});
  if (!loaded.ok() || !loaded.flows) return 0;
  stoop::flows::Engine engine(loaded.flows);
  stoop::flows::ContactView contact;
  std::optional<stoop::flows::Session> session;
  for (const char* said : {"hi", "1", "yes", "", "2"}) {
    auto step = engine.handle(session, contact, stoop::flows::Event::message(said, 1000));
    session = step.session;
    if (session) {
      auto reloaded = engine.load_session(stoop::flows::session_to_json(*session));
      if (!reloaded) __builtin_trap(); // a session the engine made must load again
    }
  }
  return 0;
}
