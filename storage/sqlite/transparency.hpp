// The SQLite implementation of TransparencyRepository. Private to storage/.
#pragma once

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/dashboard_repositories.hpp"
#include "storage/transparency_store.hpp"

namespace stoop::storage {

class SqliteTransparency final : public TransparencyRepository {
 public:
  explicit SqliteTransparency(Connection& connection) : db_(connection) {}
  std::vector<CountRow> public_counts(std::string_view name, ReportDimension by) override;
  std::vector<CountRow> public_respondents(std::string_view name, ReportDimension by) override;
  ActionRecord create_action(ActionRecord action) override;
  std::optional<ActionRecord> action(std::int64_t id) override;
  std::vector<ActionRecord> actions() override;
  ActionStepRecord add_step(ActionStepRecord step) override;
  std::optional<ActionStepRecord> step(std::int64_t id) override;
  std::vector<ActionStepRecord> steps(std::int64_t action_id) override;
  BroadcastRecord create_broadcast(BroadcastRecord broadcast) override;
  std::optional<BroadcastRecord> broadcast(std::int64_t id) override;
  std::optional<BroadcastRecord> broadcast_for_step(std::int64_t step_id) override;
  std::vector<std::int64_t> running_broadcasts() override;
  std::vector<std::int64_t> pending_recipients(std::int64_t broadcast_id, std::size_t limit) override;
  void mark_recipient(std::int64_t broadcast_id, std::int64_t contact_id, std::string_view state,
                      std::optional<std::int64_t> message_id, std::int64_t now) override;
  void finish_broadcast(std::int64_t id, std::int64_t now) override;
  BroadcastProgress progress(std::int64_t broadcast_id) override;
  QuoteRecord add_quote(QuoteRecord quote) override;
  bool remove_quote(std::int64_t id) override;
  std::vector<QuoteRecord> quotes() override;
  void set_erase_request(std::int64_t contact_id, std::int64_t expires_at) override;
  bool take_erase_request(std::int64_t contact_id, std::int64_t now) override;
  std::int64_t erase_old_message_bodies(std::int64_t cutoff) override;

 private:
  Connection& db_;
};

} // namespace stoop::storage
