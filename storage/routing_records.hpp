// Rows of routing's tables (migration 0004) as plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace stoop::storage {

struct RequestEventRecord {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::int64_t at = 0;
  std::string actor = "system"; // "system", "user:7", "contact:12", "cli"
  std::string action;
  std::string status; // after the change
  std::optional<std::int64_t> user_id;
  std::string details_json = "{}";
};

struct OfferRecord {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::int64_t user_id = 0;
  std::int64_t offered_at = 0;
  std::int64_t expires_at = 0;
  std::string outcome = "pending"; // pending, accepted, passed, timed_out, withdrawn
  std::optional<std::int64_t> answered_at;
};

struct SignupRecord {
  std::int64_t opportunity_id = 0;
  std::int64_t user_id = 0;
  std::string status; // prompted, confirmed, waitlisted, declined, cancelled
  std::int64_t changed_at = 0;
  std::int64_t created_at = 0;
};

struct PromptRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind; // "reflection", "cohort"
  std::string ref;  // "opportunity:7", a cohort prompt's id
  std::int64_t occurrence = 0;
  std::string question;
  std::int64_t sent_at = 0;
  std::optional<std::string> answer;
  std::optional<std::int64_t> answered_at;
};

struct CrisisCaseRecord {
  std::int64_t id = 0;
  std::int64_t contact_id = 0;
  std::optional<std::int64_t> message_id;
  std::string language;
  std::string category;
  std::string phrase;
  std::int64_t flagged_at = 0;
  std::optional<std::int64_t> cleared_at;
  std::string cleared_by;
};

} // namespace stoop::storage
