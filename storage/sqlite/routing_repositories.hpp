// The SQLite implementations of routing's repositories. Private to storage/.
#pragma once

#include "storage/routing_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace stoop::storage {

class SqliteRequestWork final : public RequestWorkRepository {
 public:
  explicit SqliteRequestWork(Connection& connection) : db_(connection) {}
  std::int64_t add_event(const RequestEventRecord& event) override;
  std::vector<RequestEventRecord> events(std::int64_t request_id) override;
  void set_state(std::int64_t request_id, std::string_view status, std::optional<std::int64_t> assignee_id,
                 std::optional<std::int64_t> team_id, std::int64_t now) override;
  std::int64_t add_offer(std::int64_t request_id, std::int64_t user_id, std::int64_t now,
                         std::int64_t expires_at) override;
  std::optional<OfferRecord> pending_offer(std::int64_t request_id) override;
  std::vector<OfferRecord> pending_offers_to(std::int64_t user_id) override;
  void close_offer(std::int64_t offer_id, std::string_view outcome, std::int64_t now) override;
  std::set<std::int64_t> declined_by(std::int64_t request_id) override;
  std::map<std::int64_t, int> open_load() override;
  std::map<std::int64_t, std::int64_t> last_offered() override;
  std::vector<std::int64_t> with_status(std::string_view status) override;
  std::vector<std::int64_t> held_by(std::int64_t user_id) override;
  std::vector<std::int64_t> open_for_contact(std::int64_t contact_id) override;
  std::optional<std::int64_t> relayed_for_contact(std::int64_t contact_id) override;
  std::optional<std::int64_t> user_at(std::string_view channel_id, std::string_view address) override;

 private:
  std::vector<OfferRecord> read_offers(Query& q);
  Connection& db_;
};

class SqliteEngagement final : public EngagementRepository {
 public:
  explicit SqliteEngagement(Connection& connection) : db_(connection) {}
  std::vector<SignupRecord> signups(std::int64_t opportunity_id) override;
  std::vector<SignupRecord> signups_of(std::int64_t user_id) override;
  void set_signup(std::int64_t opportunity_id, std::int64_t user_id, std::string_view status,
                  std::int64_t now) override;
  std::vector<std::string> skills_of(std::int64_t user_id) override;
  void set_skills(std::int64_t user_id, std::string_view skills_json) override;
  bool add_prompt(PromptRecord& prompt) override;
  std::optional<PromptRecord> latest_unanswered_prompt(std::int64_t user_id) override;
  void answer_prompt(std::int64_t prompt_id, std::string_view answer, std::int64_t now) override;
  std::vector<PromptRecord> prompts(std::string_view kind, std::string_view ref) override;

 private:
  Connection& db_;
};

class SqliteCrisisCases final : public CrisisCaseRepository {
 public:
  explicit SqliteCrisisCases(Connection& connection) : db_(connection) {}
  std::int64_t open(const CrisisCaseRecord& crisis) override;
  std::optional<CrisisCaseRecord> get(std::int64_t id) override;
  std::optional<CrisisCaseRecord> open_for(std::int64_t contact_id) override;
  std::vector<CrisisCaseRecord> open_cases() override;
  bool clear(std::int64_t id, std::string_view by, std::int64_t now) override;

 private:
  Connection& db_;
};

} // namespace stoop::storage
