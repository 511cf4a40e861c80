#include <gtest/gtest.h>

#include <set>

#include "adapters/adapter.hpp"

namespace stoop::adapters {
namespace {

TEST(Registry, KnowsEveryProvider) {
  for (const char* type : {"twilio", "telegram", "whatsapp", "messenger", "webchat"}) {
    EXPECT_NE(find_adapter_spec(type), nullptr) << type;
  }
  EXPECT_EQ(find_adapter_spec("carrier-pigeon"), nullptr);
}

// The bot passes these to every adapter; a provider key of the same name would be ambiguous.
TEST(Registry, ProviderKeysAreUniqueAndDoNotShadowChannelKeys) {
  for (const auto& spec : adapter_specs()) {
    std::set<std::string> names;
    for (const auto& key : spec.keys) {
      EXPECT_TRUE(names.insert(key.name).second) << spec.type << ": " << key.name;
      for (const char* common : {"id", "type", "rate_per_second", "burst"}) EXPECT_NE(key.name, common);
    }
  }
}

} // namespace
} // namespace stoop::adapters
