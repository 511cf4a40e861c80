// The public page's data (GET /community/data, no sign-in): the community's
// priorities overall, by neighbourhood and by month, what the office did
// about them, and quotes staff approved. Only answers whose authors allow
// reports; every count below 5 is replaced by "fewer than 5"; no free text
// but approved quotes; neighbourhoods only as the poll's own choices.
#pragma once

#include <nlohmann/json.hpp>

#include "bot/config.hpp"
#include "storage/store.hpp"

namespace stoop {

class Transparency;

nlohmann::json community_data(storage::Store& store, const Transparency& transparency, const Config& config);

// An action with its steps, as both the public page and the dashboard show it.
nlohmann::json action_json(const storage::ActionRecord& action, const std::vector<storage::ActionStepRecord>& steps);

} // namespace stoop
