// Routing's repositories: the work on requests (offers, holders, history),
// engagement (sign-ups and prompts) and crisis cases. Reached through Store
// like the others; nothing here commits on its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storage/routing_records.hpp"

namespace stoop::storage {

class RequestWorkRepository {
 public:
  virtual ~RequestWorkRepository() = default;
  virtual std::int64_t add_event(const RequestEventRecord& event) = 0;
  virtual std::vector<RequestEventRecord> events(std::int64_t request_id) = 0;
  // The request's status, holder and team, as the dashboard shows them.
  virtual void set_state(std::int64_t request_id, std::string_view status, std::optional<std::int64_t> assignee_id,
                         std::optional<std::int64_t> team_id, std::int64_t now) = 0;

  // Offers the request to the person (again, after a withdrawn offer).
  virtual std::int64_t add_offer(std::int64_t request_id, std::int64_t user_id, std::int64_t now,
                                 std::int64_t expires_at) = 0;
  virtual std::optional<OfferRecord> pending_offer(std::int64_t request_id) = 0;
  virtual std::vector<OfferRecord> pending_offers_to(std::int64_t user_id) = 0;
  virtual void close_offer(std::int64_t offer_id, std::string_view outcome, std::int64_t now) = 0;
  // People who passed on the request or let its offer time out.
  virtual std::set<std::int64_t> declined_by(std::int64_t request_id) = 0;

  // Per person: requests they hold plus offers waiting for their answer.
  virtual std::map<std::int64_t, int> open_load() = 0;
  // Per person: when they were last offered a request.
  virtual std::map<std::int64_t, std::int64_t> last_offered() = 0;
  // Request ids with that status, oldest first.
  virtual std::vector<std::int64_t> with_status(std::string_view status) = 0;
  // Requests the person holds (accepted), oldest first.
  virtual std::vector<std::int64_t> held_by(std::int64_t user_id) = 0;
  // A contact's requests that are still open (not resolved or closed), oldest first.
  virtual std::vector<std::int64_t> open_for_contact(std::int64_t contact_id) = 0;
  // The accepted request of a contact, whose messages are relayed; the newest if several.
  virtual std::optional<std::int64_t> relayed_for_contact(std::int64_t contact_id) = 0;
  // The user whose reach channel and address these are, if any (enabled or not).
  virtual std::optional<std::int64_t> user_at(std::string_view channel_id, std::string_view address) = 0;
};

class EngagementRepository {
 public:
  virtual ~EngagementRepository() = default;
  virtual std::vector<SignupRecord> signups(std::int64_t opportunity_id) = 0;
  virtual std::vector<SignupRecord> signups_of(std::int64_t user_id) = 0;
  virtual void set_signup(std::int64_t opportunity_id, std::int64_t user_id, std::string_view status,
                          std::int64_t now) = 0;
  // The skills a person lists (users.skills), matched against opportunities'.
  virtual std::vector<std::string> skills_of(std::int64_t user_id) = 0;
  virtual void set_skills(std::int64_t user_id, std::string_view skills_json) = 0;
  // False when that person already got that prompt for that occurrence.
  virtual bool add_prompt(PromptRecord& prompt) = 0; // fills id
  virtual std::optional<PromptRecord> latest_unanswered_prompt(std::int64_t user_id) = 0;
  virtual void answer_prompt(std::int64_t prompt_id, std::string_view answer, std::int64_t now) = 0;
  virtual std::vector<PromptRecord> prompts(std::string_view kind, std::string_view ref) = 0;
};

class CrisisCaseRepository {
 public:
  virtual ~CrisisCaseRepository() = default;
  virtual std::int64_t open(const CrisisCaseRecord& crisis) = 0; // returns the case number
  virtual std::optional<CrisisCaseRecord> get(std::int64_t id) = 0;
  virtual std::optional<CrisisCaseRecord> open_for(std::int64_t contact_id) = 0;
  virtual std::vector<CrisisCaseRecord> open_cases() = 0;
  // False when the case does not exist or was already cleared.
  virtual bool clear(std::int64_t id, std::string_view by, std::int64_t now) = 0;
};

} // namespace stoop::storage
