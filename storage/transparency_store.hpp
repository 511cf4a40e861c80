// Transparency and data rights in the store: public aggregates (only answers
// whose authors allow reports), what the office did about each priority
// (actions and their public steps), "you said, we did" broadcasts with one row
// per recipient, approved quotes, pending DELETE confirmations and retention.
// Reached through Store like the other repositories; nothing here commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/dashboard_records.hpp"

namespace stoop::storage {

struct ActionRecord {
  std::int64_t id = 0;
  std::string poll = "priorities";
  std::string category;
  std::string neighbourhood; // "" for the whole area
  std::string title_json = "{}"; // language -> title
  std::string stage = "heard";   // heard, discussed, acting, done
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct ActionStepRecord {
  std::int64_t id = 0;
  std::int64_t action_id = 0;
  std::string stage;
  std::string note_json = "{}"; // language -> note
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
};

struct BroadcastRecord {
  std::int64_t id = 0;
  std::int64_t step_id = 0;
  std::string poll;
  std::string text_json = "{}"; // language -> message
  std::string state = "running"; // running, done
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> finished_at;
};

// Where a broadcast stands: recipients by state, and what became of the
// messages queued for them.
struct BroadcastProgress {
  std::int64_t total = 0;
  std::int64_t pending = 0;     // not looked at yet
  std::int64_t queued = 0;      // handed to the outbox
  std::int64_t opted_out = 0;   // skipped: said STOP (or refused the service)
  std::int64_t unreachable = 0; // skipped: no address on a configured channel
  std::int64_t sent = 0;        // of the queued: accepted by the provider (or further)
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
};

struct QuoteRecord {
  std::int64_t id = 0;
  std::string category;
  std::string neighbourhood;
  std::string language;
  std::string text;
  std::optional<std::int64_t> approved_by;
  std::int64_t created_at = 0;
};

class TransparencyRepository {
 public:
  virtual ~TransparencyRepository() = default;

  // Answers to result `name` that may appear in public: the person agreed to
  // reports when answering and has not refused since (erased people's answers
  // keep counting). Each person counted once per group and category.
  virtual std::vector<CountRow> public_counts(std::string_view name, ReportDimension by) = 0;
  virtual std::vector<CountRow> public_respondents(std::string_view name, ReportDimension by) = 0;

  virtual ActionRecord create_action(ActionRecord action) = 0; // fills id
  virtual std::optional<ActionRecord> action(std::int64_t id) = 0;
  virtual std::vector<ActionRecord> actions() = 0; // newest first
  // Adds a step and moves the action to its stage.
  virtual ActionStepRecord add_step(ActionStepRecord step) = 0;
  virtual std::optional<ActionStepRecord> step(std::int64_t id) = 0;
  virtual std::vector<ActionStepRecord> steps(std::int64_t action_id) = 0; // oldest first

  // Creates the broadcast and its recipients: everyone (not erased) who
  // answered the poll. Returns the broadcast with its id.
  virtual BroadcastRecord create_broadcast(BroadcastRecord broadcast) = 0;
  virtual std::optional<BroadcastRecord> broadcast(std::int64_t id) = 0;
  virtual std::optional<BroadcastRecord> broadcast_for_step(std::int64_t step_id) = 0;
  virtual std::vector<std::int64_t> running_broadcasts() = 0;
  virtual std::vector<std::int64_t> pending_recipients(std::int64_t broadcast_id, std::size_t limit) = 0;
  virtual void mark_recipient(std::int64_t broadcast_id, std::int64_t contact_id, std::string_view state,
                              std::optional<std::int64_t> message_id, std::int64_t now) = 0;
  virtual void finish_broadcast(std::int64_t id, std::int64_t now) = 0;
  virtual BroadcastProgress progress(std::int64_t broadcast_id) = 0;

  virtual QuoteRecord add_quote(QuoteRecord quote) = 0;
  virtual bool remove_quote(std::int64_t id) = 0;
  virtual std::vector<QuoteRecord> quotes() = 0;

  virtual void set_erase_request(std::int64_t contact_id, std::int64_t expires_at) = 0;
  // Takes (removes) the contact's pending request; true when it had not expired.
  virtual bool take_erase_request(std::int64_t contact_id, std::int64_t now) = 0;

  // Retention: empties message bodies and attachments (and the payloads of
  // finished sends) created before `cutoff`, and what people typed as
  // answers; the chosen categories stay. Returns the messages emptied.
  virtual std::int64_t erase_old_message_bodies(std::int64_t cutoff) = 0;
};

} // namespace stoop::storage
