// The dashboard API's handlers, one class per area. Each registers its routes
// (with the permission they need) and keeps its handlers thin: read the
// input, check what the record-level rules say, run one store job that
// changes, audits and answers, then tell open dashboards.
#pragma once

#include "bot/api/router.hpp"

namespace stoop::api {

class ConversationApi {
 public:
  using Change = std::function<std::optional<HttpResponse>(storage::ConversationRecord&, storage::Store&)>;

  explicit ConversationApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list(ApiCall& call);
  awaitable<HttpResponse> detail(ApiCall& call);
  awaitable<HttpResponse> reply(ApiCall& call);
  awaitable<HttpResponse> take_over(ApiCall& call);
  awaitable<HttpResponse> hand_back(ApiCall& call);
  awaitable<HttpResponse> assign(ApiCall& call);
  awaitable<HttpResponse> set_labels(ApiCall& call);
  awaitable<HttpResponse> add_note(ApiCall& call);
  awaitable<HttpResponse> resolve(ApiCall& call);
  awaitable<HttpResponse> reopen(ApiCall& call);
  awaitable<HttpResponse> set_urgent(ApiCall& call);

  // Changes one conversation: change() edits the record (or answers a refusal),
  // then it is saved and audited as `action` in the same transaction.
  awaitable<HttpResponse> apply(ApiCall& call, const char* action, nlohmann::json details, Change change);

  ApiServices& services_;
};

class ContactApi {
 public:
  explicit ContactApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list(ApiCall& call);
  awaitable<HttpResponse> detail(ApiCall& call);
  awaitable<HttpResponse> erase(ApiCall& call);
  awaitable<HttpResponse> merge(ApiCall& call);

  ApiServices& services_;
};

// Requests (filled by routing) and opportunities (sign-ups come with routing).
class WorkApi {
 public:
  explicit WorkApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list_requests(ApiCall& call);
  awaitable<HttpResponse> request_detail(ApiCall& call);
  awaitable<HttpResponse> create_request(ApiCall& call);
  awaitable<HttpResponse> list_opportunities(ApiCall& call);
  awaitable<HttpResponse> opportunity_detail(ApiCall& call);
  awaitable<HttpResponse> create_opportunity(ApiCall& call);
  awaitable<HttpResponse> update_opportunity(ApiCall& call);

  ApiServices& services_;
};

// Crisis cases (routing's crisis path): staff see the open ones and clear them.
class CrisisApi {
 public:
  explicit CrisisApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list(ApiCall& call);
  awaitable<HttpResponse> clear(ApiCall& call);

  ApiServices& services_;
};

// Users and teams.
class PeopleApi {
 public:
  // on_user_blocked closes the live connections of a user who was disabled.
  PeopleApi(ApiServices& services, std::function<void(std::int64_t user_id)> on_user_blocked)
      : services_(services), on_user_blocked_(std::move(on_user_blocked)) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list_users(ApiCall& call);
  awaitable<HttpResponse> user_detail(ApiCall& call);
  awaitable<HttpResponse> create_user(ApiCall& call);
  awaitable<HttpResponse> update_user(ApiCall& call);
  awaitable<HttpResponse> list_teams(ApiCall& call);
  awaitable<HttpResponse> create_team(ApiCall& call);
  awaitable<HttpResponse> update_team(ApiCall& call);
  // The hash of a new password, made on the worker thread; "" when none was given.
  awaitable<std::string> hash_new_password(const std::optional<std::string>& password);

  ApiServices& services_;
  std::function<void(std::int64_t)> on_user_blocked_;
};

// Reports, flows and the audit log: what staff read.
class InsightApi {
 public:
  explicit InsightApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> priorities(ApiCall& call);
  awaitable<HttpResponse> overview(ApiCall& call);
  awaitable<HttpResponse> flows(ApiCall& call);
  awaitable<HttpResponse> audit(ApiCall& call);

  ApiServices& services_;
};

// Results back to the community: what the office did about each priority
// (actions and their public steps), "you said, we did" broadcasts, quotes
// approved for the public page, and the representativeness report.
class TransparencyApi {
 public:
  explicit TransparencyApi(ApiServices& services) : services_(services) {}
  void add_routes(Router& router);

 private:
  awaitable<HttpResponse> list_actions(ApiCall& call);
  awaitable<HttpResponse> create_action(ApiCall& call);
  awaitable<HttpResponse> add_step(ApiCall& call);
  awaitable<HttpResponse> broadcast_step(ApiCall& call);
  awaitable<HttpResponse> broadcast_detail(ApiCall& call);
  awaitable<HttpResponse> list_quotes(ApiCall& call);
  awaitable<HttpResponse> add_quote(ApiCall& call);
  awaitable<HttpResponse> remove_quote(ApiCall& call);
  awaitable<HttpResponse> representativeness(ApiCall& call);

  ApiServices& services_;
};

} // namespace stoop::api
