// The students and staff that routing works with, as the store holds them
// (users), and how the bot texts them. Each person's reach channel and address
// belong to a contact of their own, so what the bot sends them goes through
// the same outbox (ordered, retried, rate-limited, visible to staff) as any
// other message, and their replies arrive through the same pipeline.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/catalogue.hpp"
#include "bot/outbox.hpp"
#include "routing/router.hpp"
#include "storage/store.hpp"

namespace stoop {

class People {
 public:
  People(const Outbox& outbox, const ChannelSet& channels, const Catalogue& catalogue, routing::TimeZone office_zone);

  std::optional<storage::UserRecord> user(storage::Store& store, std::int64_t id) const;
  // The enabled user whose reach address this is, if any.
  std::optional<storage::UserRecord> user_at(storage::Store& store, std::string_view channel_id,
                                             std::string_view address) const;
  // Everyone routing may consider, with their current load and idle time.
  std::vector<routing::Person> roster(storage::Store& store) const;
  routing::Person person_of(storage::Store& store, const storage::UserRecord& user) const;

  // Whether the bot can text this person: enabled, with an address on a
  // configured channel that has not opted out.
  bool reachable(storage::Store& store, const storage::UserRecord& user) const;
  // Queues a text to the person; false when they cannot be reached.
  bool notify(storage::Store& store, const storage::UserRecord& user, const std::string& text, OutboxKind kind,
              std::int64_t now, const std::string& author = "bot") const;
  // The contact behind a person's reach address, created on first use.
  std::optional<storage::ContactRecord> contact_of(storage::Store& store, const storage::UserRecord& user,
                                                   std::int64_t now) const;

  // On-call staff who can be reached; when nobody is on call, every staff
  // member and admin who can be: an alert must reach someone.
  std::vector<storage::UserRecord> on_call(storage::Store& store) const;

  // A catalogue text for students and staff, with {placeholders} filled.
  std::string text(std::string_view key, const std::map<std::string, std::string>& values = {}) const;
  const Catalogue& catalogue() const { return catalogue_; }
  const routing::TimeZone& office_zone() const { return office_zone_; }
  routing::TimeZone zone_of(const storage::UserRecord& user) const;

 private:
  const Outbox& outbox_;
  const ChannelSet& channels_;
  const Catalogue& catalogue_;
  routing::TimeZone office_zone_;
};

// A JSON array of strings from a users column; [] when malformed.
std::vector<std::string> json_strings(const std::string& json_array);

} // namespace stoop
