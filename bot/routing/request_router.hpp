// The life of a request (docs/routing.md): new → offered → accepted →
// resolved, or queued while everyone suitable is busy, escalated to on-call
// staff when nobody is left, closed when the member leaves. Every change is a
// row of request_events with who and when. Runs inside the caller's store
// transaction (the pipeline's for a text command, the scheduler's for a timer).
//
// Timers, all keyed by the request id so re-arming replaces:
//   request_offer  – the person offered it did not answer in time;
//   request_queue  – it waited in the queue too long: escalate;
//   request_sweep  – (key "queue") look at the queue again, for people whose
//                    availability hours have begun.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bot/routing/people.hpp"
#include "bot/routing_config.hpp"

namespace stoop {

class FlowResponder;

class RequestRouter {
 public:
  static constexpr const char* offer_timer = "request_offer";
  static constexpr const char* queue_timer = "request_queue";
  static constexpr const char* sweep_timer = "request_sweep";

  RequestRouter(const RoutingConfig& config, const People& people, const Outbox& outbox, FlowResponder& flows,
                std::function<void()> timers_changed);

  // A new request, from the intake flow or from staff: offer, queue or escalate it.
  void open(storage::Store& store, std::int64_t request_id, std::int64_t now, const std::string& actor = "system");

  void on_offer_timeout(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  void on_queue_timeout(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  void on_sweep(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);

  // Text commands; each returns the reply to the person who sent it.
  std::string accept(storage::Store& store, const storage::UserRecord& user, std::optional<std::int64_t> id,
                     std::int64_t now);
  std::string pass(storage::Store& store, const storage::UserRecord& user, std::optional<std::int64_t> id,
                   std::int64_t now);
  std::string done(storage::Store& store, const storage::UserRecord& user, std::optional<std::int64_t> id,
                   std::int64_t now);
  std::string away(storage::Store& store, storage::UserRecord user, std::int64_t now);
  std::string back(storage::Store& store, storage::UserRecord user, std::int64_t now);
  // "#14 (find care, es): yours; DONE 14 when resolved" lines for MY.
  std::vector<std::string> describe_for(storage::Store& store, const storage::UserRecord& user);

  // The member opted out: their open requests close and whoever holds or was
  // offered one is told.
  void member_left(storage::Store& store, std::int64_t contact_id, std::int64_t now);
  // The person cannot take offers now (AWAY, opted out): their offers move on.
  void withdraw_offers(storage::Store& store, std::int64_t user_id, std::int64_t now, const std::string& actor);
  // Someone may have freed up: offer queued requests, oldest first.
  void drain_queue(storage::Store& store, std::int64_t now);

  // Told of every change of a request (its id and the action), inside the
  // transaction that makes it: open dashboards refetch the board.
  void set_change_listener(std::function<void(std::int64_t request_id, const std::string& action)> listener) {
    changed_ = std::move(listener);
  }

  // "find care, es, roxbury": what a student sees about a request, never who asked.
  static std::string facts(const storage::RequestRecord& request);

 private:
  void route(storage::Store& store, const storage::RequestRecord& request, std::int64_t now, const std::string& actor);
  void offer(storage::Store& store, const storage::RequestRecord& request, const storage::UserRecord& user,
             std::optional<std::int64_t> team_id, std::int64_t now, const std::string& actor);
  void queue(storage::Store& store, const storage::RequestRecord& request, std::optional<std::int64_t> team_id,
             std::int64_t now, const std::string& actor);
  void escalate(storage::Store& store, const storage::RequestRecord& request, std::optional<std::int64_t> team_id,
                const std::string& reason_key, std::int64_t now, const std::string& actor);
  void record(storage::Store& store, std::int64_t request_id, const std::string& actor, const std::string& action,
              const std::string& status, std::optional<std::int64_t> user_id, std::int64_t now,
              const std::string& details_json = "{}");
  void tell_member(storage::Store& store, const storage::RequestRecord& request, const std::string& key,
                   OutboxKind kind) const;
  std::string masked_details(storage::Store& store, const storage::RequestRecord& request) const;
  std::optional<std::int64_t> resolve_id(storage::Store& store, std::optional<std::int64_t> id,
                                         const std::vector<std::int64_t>& candidates) const;

  const RoutingConfig& config_;
  const People& people_;
  const Outbox& outbox_;
  FlowResponder& flows_;
  std::function<void()> timers_changed_;
  std::function<void(std::int64_t, const std::string&)> changed_;
};

} // namespace stoop
