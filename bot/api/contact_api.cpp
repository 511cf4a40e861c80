// /api/contacts: staff look people up, see what is kept about them and their
// consent, merge two records of one person, and erase their personal data
// (with a reason, in the audit log).
#include <limits>

#include "bot/api/areas.hpp"
#include "bot/api/filters.hpp"
#include "bot/api/input.hpp"
#include "bot/api/views.hpp"
#include "bot/live_hub.hpp"
#include "bot/store_thread.hpp"
#include "bot/transparency.hpp"

namespace stoop::api {
namespace {

HttpResponse contact_page(storage::Store& s, const storage::ContactRecord& contact) {
  auto identities = nlohmann::json::array();
  for (const auto& i : s.contacts().identities(contact.id)) {
    identities.push_back({{"channel", i.channel_id},
                          {"address", i.address},
                          {"created_at", i.created_at},
                          {"last_inbound_at", id_or_null(i.last_inbound_at)}});
  }
  auto consents = nlohmann::json::array();
  for (const auto& c : s.contact_admin().consents(contact.id)) {
    consents.push_back({{"purpose", c.purpose}, {"granted", c.granted}, {"updated_at", c.updated_at}});
  }
  auto results = nlohmann::json::array();
  for (const auto& r : s.results().for_contact(contact.id)) {
    results.push_back({{"id", r.id},
                       {"flow", r.flow},
                       {"name", r.name},
                       {"category", r.category},
                       {"value", r.value},
                       {"raw", r.raw},
                       {"in_reports", r.in_reports},
                       {"at", r.created_at}});
  }
  storage::RequestFilter mine;
  mine.contact_id = contact.id;
  auto requests = nlohmann::json::array();
  for (const auto& r : s.requests().list(mine)) requests.push_back(request_json(r, false));
  auto conversation = s.conversations().get(contact.id);
  nlohmann::json body{{"contact",
                       {{"id", contact.id},
                        {"uuid", contact.uuid},
                        {"name", contact.name},
                        {"language", contact.language},
                        {"opted_out", contact.opted_out},
                        {"opted_out_at", id_or_null(contact.opted_out_at)},
                        {"fields", stored_json(contact.fields_json, nlohmann::json::object())},
                        {"groups", stored_json(contact.groups_json, nlohmann::json::array())},
                        {"created_at", contact.created_at},
                        {"last_inbound_at", id_or_null(contact.last_inbound_at)}}},
                      {"identities", identities},
                      {"consents", consents},
                      {"results", results},
                      {"requests", requests},
                      {"message_count", s.contact_admin().message_count(contact.id)},
                      {"conversation", conversation ? conversation_json(*conversation) : nlohmann::json(nullptr)}};
  return json_reply(200, body);
}

} // namespace

void ContactApi::add_routes(Router& r) {
  r.add("GET", "/api/contacts", Permission::read_contacts, [this](ApiCall& c) { return list(c); });
  r.add("GET", "/api/contacts/{id}", Permission::read_contacts, [this](ApiCall& c) { return detail(c); });
  r.add("POST", "/api/contacts/{id}/erase", Permission::erase_contacts, [this](ApiCall& c) { return erase(c); });
  r.add("POST", "/api/contacts/{id}/merge", Permission::change_conversations, [this](ApiCall& c) { return merge(c); });
}

awaitable<HttpResponse> ContactApi::list(ApiCall& call) {
  auto filter = contact_filter(call.query());
  if (!filter) co_return error_reply(400, filter.error());
  auto fetch = [f = *filter](storage::Store& s) { return s.contact_admin().list(f); };
  auto contacts = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& c : contacts) rows.push_back(contact_summary_json(c));
  nlohmann::json next = nullptr;
  if (contacts.size() == static_cast<std::size_t>(filter->limit)) next = {{"before", contacts.back().id}};
  co_return json_reply(200, {{"contacts", rows}, {"next", next}});
}

awaitable<HttpResponse> ContactApi::detail(ApiCall& call) {
  auto contact_id = call.id();
  auto actor = call.actor();
  auto view = [contact_id, actor](storage::Store& s) {
    auto contact = s.contacts().get(contact_id);
    if (!contact) return error_reply(404, "no such contact");
    actor.record(s, "contact.view", "contact", std::to_string(contact_id));
    return contact_page(s, *contact);
  };
  co_return co_await services_.store.write(std::move(view));
}

awaitable<HttpResponse> ContactApi::erase(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto reason = reader.text("reason", TextRule{3, 500, true}, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  auto contact_id = call.id();
  auto actor = call.actor();
  auto erase_job = [&rights = services_.transparency, contact_id, actor, reason = *reason](storage::Store& s) {
    if (!rights.erase_contact(s, contact_id)) return error_reply(404, "no such contact");
    actor.record(s, "contact.erase", "contact", std::to_string(contact_id), {{"reason", reason}});
    return json_reply(200, {{"erased", true}});
  };
  auto response = co_await services_.store.write(std::move(erase_job));
  if (response.status < 300) publish_change(services_.hub, "conversation", contact_id, "contact.erase");
  co_return response;
}

// The contact in the path keeps its id; the other's addresses, history,
// answers and requests move to it, and the stricter consent wins.
awaitable<HttpResponse> ContactApi::merge(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto absorb = reader.integer("absorb", 1, std::numeric_limits<std::int64_t>::max(), true);
  auto reason = reader.text("reason", TextRule{3, 500, true}, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  auto keep = call.id();
  if (*absorb == keep) co_return error_reply(400, "absorb: a contact cannot be merged into itself");
  auto actor = call.actor();
  auto merge_job = [keep, absorb = *absorb, actor, reason = *reason](storage::Store& s) {
    if (!s.contacts().get(keep)) return error_reply(404, "no such contact");
    if (!s.contacts().get(absorb)) return error_reply(404, "absorb: no such contact");
    s.contacts().merge(keep, absorb);
    actor.record(s, "contact.merge", "contact", std::to_string(keep), {{"absorbed", absorb}, {"reason", reason}});
    return json_reply(200, {{"merged", true}, {"contact_id", keep}});
  };
  auto response = co_await services_.store.write(std::move(merge_job));
  if (response.status < 300) {
    publish_change(services_.hub, "conversation", keep, "contact.merge");
    publish_change(services_.hub, "conversation", *absorb, "contact.merge");
  }
  co_return response;
}

} // namespace stoop::api
