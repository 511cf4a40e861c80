// /api/conversations: the inbox, a conversation's transcript, and what staff
// do with it. Every view and change writes its audit row in its own store job.
#include <set>

#include "bot/api/areas.hpp"
#include "bot/api/filters.hpp"
#include "bot/api/input.hpp"
#include "bot/api/views.hpp"
#include "bot/live_hub.hpp"
#include "bot/outbox.hpp"
#include "bot/store_thread.hpp"

namespace stoop::api {
namespace {

using Change = ConversationApi::Change;

constexpr int transcript_limit = 1000;

struct InboxPage {
  std::vector<storage::ConversationSummary> rows;
  std::vector<std::string> labels;
};

// "staff:7" → 7.
std::optional<std::int64_t> staff_author(const std::string& author) {
  if (author.rfind("staff:", 0) != 0) return std::nullopt;
  return parse_id(std::string_view(author).substr(6));
}

nlohmann::json full_conversation(storage::Store& s, const storage::ConversationRecord& conversation) {
  auto out = conversation_json(conversation);
  out["labels"] = s.conversations().labels(conversation.contact_id);
  return out;
}

// The transcript, the notes and who wrote what, as the conversation page shows them.
HttpResponse transcript(storage::Store& s, const storage::ContactRecord& contact,
                        const storage::ConversationRecord& conversation, std::int64_t after) {
  auto messages = s.messages().latest_for_contact(contact.id, after, transcript_limit);
  std::set<std::int64_t> author_ids;
  auto list = nlohmann::json::array();
  for (const auto& m : messages) {
    if (auto id = staff_author(m.author)) author_ids.insert(*id);
    list.push_back(message_json(m));
  }
  auto notes = nlohmann::json::array();
  for (const auto& note : s.conversations().notes(contact.id)) notes.push_back(note_json(note));
  auto people = nlohmann::json::object();
  if (conversation.taken_over_by) author_ids.insert(*conversation.taken_over_by);
  for (auto id : author_ids) {
    if (auto user = s.users().get(id)) people[std::to_string(id)] = user->name;
  }
  auto identities = nlohmann::json::array();
  for (const auto& identity : s.contacts().identities(contact.id)) {
    identities.push_back({{"channel", identity.channel_id}, {"address", identity.address}});
  }
  nlohmann::json body{{"conversation", full_conversation(s, conversation)},
                      {"contact",
                       {{"id", contact.id},
                        {"uuid", contact.uuid},
                        {"name", contact.name},
                        {"language", contact.language},
                        {"opted_out", contact.opted_out},
                        {"identities", identities}}},
                      {"messages", list},
                      {"truncated", messages.size() == static_cast<std::size_t>(transcript_limit)},
                      {"notes", notes},
                      {"people", people}};
  return json_reply(200, body);
}

std::optional<HttpResponse> check_assignee(storage::Store& s, std::optional<std::int64_t> user_id) {
  if (!user_id) return std::nullopt;
  auto user = s.users().get(*user_id);
  if (!user || user->disabled) return error_reply(400, "\"assignee_id\" names no active user");
  if (user->role == "student") return error_reply(400, "conversations are assigned to staff, not students");
  return std::nullopt;
}

} // namespace

void ConversationApi::add_routes(Router& r) {
  auto read = Permission::read_conversations;
  auto change = Permission::change_conversations;
  r.add("GET", "/api/conversations", read, [this](ApiCall& c) { return list(c); });
  r.add("GET", "/api/conversations/{id}", read, [this](ApiCall& c) { return detail(c); });
  r.add("POST", "/api/conversations/{id}/reply", change, [this](ApiCall& c) { return reply(c); });
  r.add("POST", "/api/conversations/{id}/take-over", change, [this](ApiCall& c) { return take_over(c); });
  r.add("POST", "/api/conversations/{id}/hand-back", change, [this](ApiCall& c) { return hand_back(c); });
  r.add("POST", "/api/conversations/{id}/assign", change, [this](ApiCall& c) { return assign(c); });
  r.add("PUT", "/api/conversations/{id}/labels", change, [this](ApiCall& c) { return set_labels(c); });
  r.add("POST", "/api/conversations/{id}/notes", change, [this](ApiCall& c) { return add_note(c); });
  r.add("POST", "/api/conversations/{id}/resolve", change, [this](ApiCall& c) { return resolve(c); });
  r.add("POST", "/api/conversations/{id}/reopen", change, [this](ApiCall& c) { return reopen(c); });
  r.add("POST", "/api/conversations/{id}/urgent", change, [this](ApiCall& c) { return set_urgent(c); });
}

awaitable<HttpResponse> ConversationApi::list(ApiCall& call) {
  auto filter = conversation_filter(call.query(), call.user.id);
  if (!filter) co_return error_reply(400, filter.error());
  auto fetch = [f = *filter](storage::Store& s) {
    InboxPage page;
    page.rows = s.conversations().list(f);
    page.labels = s.conversations().all_labels();
    return page;
  };
  auto page = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& row : page.rows) rows.push_back(conversation_summary_json(row));
  nlohmann::json next = nullptr;
  if (page.rows.size() == static_cast<std::size_t>(filter->limit)) {
    const auto& last = page.rows.back().conversation;
    next = {{"before_at", last.last_message_at}, {"before_id", last.contact_id}};
  }
  co_return json_reply(200, {{"conversations", rows}, {"labels", page.labels}, {"next", next}});
}

awaitable<HttpResponse> ConversationApi::detail(ApiCall& call) {
  auto after = query_integer(call.query(), "after", 0, INT64_MAX);
  if (!after) co_return error_reply(400, after.error());
  auto contact_id = call.id();
  auto actor = call.actor();
  auto since = after->value_or(0);
  // A write, because reading a transcript is itself recorded.
  auto view = [contact_id, actor, since](storage::Store& s) {
    auto contact = s.contacts().get(contact_id);
    if (!contact) return error_reply(404, "no such conversation");
    auto conversation = s.conversations().get_or_create(contact_id, actor.now);
    actor.record(s, "conversation.view", "conversation", std::to_string(contact_id), {{"after", since}});
    return transcript(s, *contact, conversation, since);
  };
  co_return co_await services_.store.write(std::move(view));
}

awaitable<HttpResponse> ConversationApi::apply(ApiCall& call, const char* action_name, nlohmann::json details,
                                               Change change) {
  std::string action = action_name;
  auto contact_id = call.id();
  auto actor = call.actor();
  auto job = [contact_id, actor, action, details, change = std::move(change)](storage::Store& s) -> HttpResponse {
    if (!s.contacts().get(contact_id)) return error_reply(404, "no such conversation");
    auto conversation = s.conversations().get_or_create(contact_id, actor.now);
    if (auto refusal = change(conversation, s)) return *refusal;
    conversation.updated_at = actor.now;
    s.conversations().update(conversation);
    actor.record(s, action, "conversation", std::to_string(contact_id), details);
    return json_reply(200, {{"conversation", full_conversation(s, conversation)}});
  };
  auto response = co_await services_.store.write(std::move(job));
  if (response.status < 300) publish_change(services_.hub, "conversation", contact_id, action);
  co_return response;
}

awaitable<HttpResponse> ConversationApi::reply(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto text = reader.text("text", TextRule{1, 1600, true}, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  auto contact_id = call.id();
  auto actor = call.actor();
  const Outbox* outbox = &services_.outbox;
  auto send = [contact_id, actor, text = *text, outbox](storage::Store& s) -> HttpResponse {
    auto contact = s.contacts().get(contact_id);
    if (!contact) return error_reply(404, "no such conversation");
    if (contact->opted_out) return error_reply(409, "this person has opted out: nothing can be sent to them");
    auto conversation = s.conversations().get_or_create(contact_id, actor.now);
    Outgoing outgoing;
    outgoing.text = text;
    outgoing.kind = OutboxKind::staff;
    outgoing.author = "staff:" + std::to_string(*actor.user_id);
    auto ids = outbox->enqueue_to_contact(s, *contact, outgoing);
    if (ids.empty()) return error_reply(409, "this person has no address on a configured channel");
    // Answering as a person takes the conversation over: the bot stays quiet until handed back.
    if (!conversation.taken_over_by) {
      conversation.taken_over_by = actor.user_id;
      conversation.taken_over_at = actor.now;
    }
    conversation.updated_at = actor.now;
    s.conversations().update(conversation);
    actor.record(s, "conversation.reply", "conversation", std::to_string(contact_id),
                 {{"message_ids", ids}, {"bytes", text.size()}});
    return json_reply(201, {{"message_ids", ids}, {"conversation", full_conversation(s, conversation)}});
  };
  auto response = co_await services_.store.write(std::move(send));
  if (response.status < 300) publish_change(services_.hub, "conversation", contact_id, "conversation.reply");
  co_return response;
}

awaitable<HttpResponse> ConversationApi::take_over(ApiCall& call) {
  auto me = call.user.id;
  auto now = call.now;
  Change change = [me, now](storage::ConversationRecord& c, storage::Store&) -> std::optional<HttpResponse> {
    c.taken_over_by = me;
    c.taken_over_at = now;
    return std::nullopt;
  };
  nlohmann::json details = nlohmann::json::object();
  co_return co_await apply(call, "conversation.take_over", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::hand_back(ApiCall& call) {
  Change change = [](storage::ConversationRecord& c, storage::Store&) -> std::optional<HttpResponse> {
    c.taken_over_by.reset();
    c.taken_over_at.reset();
    return std::nullopt;
  };
  nlohmann::json details = nlohmann::json::object();
  co_return co_await apply(call, "conversation.hand_back", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::assign(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto assignee = reader.nullable_id("assignee_id");
  auto team = reader.nullable_id("team_id");
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  if (!assignee.present && !team.present) co_return error_reply(400, "send \"assignee_id\", \"team_id\" or both");
  nlohmann::json details = nlohmann::json::object();
  if (assignee.present) details["assignee_id"] = id_or_null(assignee.value);
  if (team.present) details["team_id"] = id_or_null(team.value);
  Change change = [assignee, team](storage::ConversationRecord& c, storage::Store& s) -> std::optional<HttpResponse> {
    if (auto refusal = check_assignee(s, assignee.value)) return refusal;
    if (team.value && !s.users().team(*team.value)) return error_reply(400, "\"team_id\" names no team");
    if (assignee.present) c.assignee_id = assignee.value;
    if (team.present) c.team_id = team.value;
    return std::nullopt;
  };
  co_return co_await apply(call, "conversation.assign", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::set_labels(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto labels = reader.text_list("labels", TextRule{1, 40, false}, 20);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  if (!labels) co_return error_reply(400, "\"labels\" is required");
  if (auto problem = normalise_labels(*labels); !problem.empty()) co_return error_reply(400, problem);
  Change change = [labels = *labels](storage::ConversationRecord& c, storage::Store& s) -> std::optional<HttpResponse> {
    s.conversations().set_labels(c.contact_id, labels);
    return std::nullopt;
  };
  nlohmann::json details = {{"labels", *labels}};
  co_return co_await apply(call, "conversation.labels", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::add_note(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto text = reader.text("text", TextRule{1, 4000, true}, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  auto me = call.user.id;
  auto now = call.now;
  Change change = [text = *text, me, now](storage::ConversationRecord& c,
                                          storage::Store& s) -> std::optional<HttpResponse> {
    storage::NoteRecord note;
    note.contact_id = c.contact_id;
    note.author_id = me;
    note.body = text;
    note.created_at = now;
    s.conversations().add_note(note);
    return std::nullopt;
  };
  nlohmann::json details = nlohmann::json::object();
  co_return co_await apply(call, "conversation.note", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::resolve(ApiCall& call) {
  // Resolving also hands the conversation back, so nobody is left unanswered
  // by a bot that still waits for a person who has moved on.
  Change change = [](storage::ConversationRecord& c, storage::Store&) -> std::optional<HttpResponse> {
    c.status = "resolved";
    c.taken_over_by.reset();
    c.taken_over_at.reset();
    return std::nullopt;
  };
  nlohmann::json details = nlohmann::json::object();
  co_return co_await apply(call, "conversation.resolve", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::reopen(ApiCall& call) {
  Change change = [](storage::ConversationRecord& c, storage::Store&) -> std::optional<HttpResponse> {
    c.status = "open";
    return std::nullopt;
  };
  nlohmann::json details = nlohmann::json::object();
  co_return co_await apply(call, "conversation.reopen", std::move(details), std::move(change));
}

awaitable<HttpResponse> ConversationApi::set_urgent(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto urgent = reader.boolean("urgent", true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  Change change = [flag = *urgent](storage::ConversationRecord& c, storage::Store&) -> std::optional<HttpResponse> {
    c.urgent = flag;
    return std::nullopt;
  };
  nlohmann::json details = {{"urgent", *urgent}};
  co_return co_await apply(call, "conversation.urgent", std::move(details), std::move(change));
}

} // namespace stoop::api
