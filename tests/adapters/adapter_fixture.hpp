// Building an adapter from a JSON channel object, for the checks that are not tables.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/adapter.hpp"

namespace stoop::adapters::table {

inline std::unique_ptr<Adapter> make_adapter(const nlohmann::json& settings,
                                             const std::string& public_url = "https://stoop.example.org") {
  const AdapterSpec* spec = find_adapter_spec(settings.at("type").get<std::string>());
  if (spec == nullptr) return nullptr;
  ChannelConfig config{settings.at("id").get<std::string>(), public_url, &settings};
  auto created = spec->create(config);
  EXPECT_TRUE(created.ok()) << created.error();
  return created.ok() ? std::move(*created) : nullptr;
}

} // namespace stoop::adapters::table
