#include "bot/api/filters.hpp"

#include "adapters/url.hpp"
#include "bot/api/input.hpp"

namespace stoop::api {
namespace {

constexpr std::int64_t max_id = 1'000'000'000'000'000'000;

// "me" → my id, "none" → nobody (when allowed), a number → that id.
Expected<std::optional<std::int64_t>> person(std::string_view query, std::string_view name, std::int64_t my_user_id,
                                             bool& nobody, bool allow_nobody) {
  auto text = adapters::query_parameter(query, name);
  nobody = false;
  if (text.empty()) return std::optional<std::int64_t>{};
  if (text == "me") return std::optional<std::int64_t>{my_user_id};
  if (text == "none" && allow_nobody) {
    nobody = true;
    return std::optional<std::int64_t>{};
  }
  if (auto id = parse_id(text)) return std::optional<std::int64_t>{*id};
  return make_error("\"" + std::string(name) + "\" must be \"me\"" + (allow_nobody ? ", \"none\"" : "") +
                    " or a user id");
}

template <class T>
bool take(const Expected<T>& value, std::string& error) {
  if (!value && error.empty()) error = value.error();
  return value.ok();
}

// A page of a list: `before=ID` (newest first, ids below it) and `limit`.
void read_page(std::string_view query, std::int64_t max_limit, std::optional<std::int64_t>& before_id, int& limit,
               std::string& error) {
  auto before = query_integer(query, "before", 1, max_id);
  if (take(before, error)) before_id = *before;
  auto page = query_integer(query, "limit", 1, max_limit);
  if (take(page, error) && *page) limit = static_cast<int>(**page);
}

} // namespace

Expected<storage::ConversationFilter> conversation_filter(std::string_view query, std::int64_t my_user_id) {
  storage::ConversationFilter f;
  std::string error;
  auto status = query_word(query, "status", {"open", "resolved", "all"});
  if (take(status, error)) f.status = status->empty() ? "open" : *status == "all" ? "" : *status;
  f.channel_id = query_text(query, "channel", 32);
  auto team = query_integer(query, "team", 1, max_id);
  if (take(team, error)) f.team_id = *team;
  bool nobody = false;
  auto assignee = person(query, "assignee", my_user_id, nobody, true);
  if (take(assignee, error)) {
    if (nobody) {
      f.assignee = storage::AssigneeFilter::nobody;
    } else if (*assignee) {
      f.assignee = storage::AssigneeFilter::user;
      f.assignee_id = **assignee;
    }
  }
  f.label = query_text(query, "label", 160);
  auto urgent = query_word(query, "urgent", {"1", "0", "true", "false"});
  if (take(urgent, error)) f.urgent_only = *urgent == "1" || *urgent == "true";
  f.search = query_text(query, "search", 200);
  auto before_at = query_integer(query, "before_at", 0, INT64_MAX);
  auto before_id = query_integer(query, "before_id", 1, max_id);
  if (take(before_at, error) && take(before_id, error) && *before_at) {
    f.before_at = *before_at;
    f.before_contact_id = before_id->value_or(max_id);
  }
  auto limit = query_integer(query, "limit", 1, 200);
  if (take(limit, error) && *limit) f.limit = static_cast<int>(**limit);
  if (!error.empty()) return make_error(error);
  return f;
}

Expected<storage::ContactFilter> contact_filter(std::string_view query) {
  storage::ContactFilter f;
  std::string error;
  f.search = query_text(query, "search", 200);
  auto opted_out = query_word(query, "opted_out", {"yes", "no"});
  if (take(opted_out, error) && !opted_out->empty()) f.opted_out = *opted_out == "yes";
  read_page(query, 200, f.before_id, f.limit, error);
  if (!error.empty()) return make_error(error);
  return f;
}

Expected<storage::RequestFilter> request_filter(std::string_view query, std::int64_t my_user_id) {
  storage::RequestFilter f;
  std::string error;
  f.status = query_text(query, "status", 32);
  bool nobody = false;
  auto assignee = person(query, "assignee", my_user_id, nobody, false);
  if (take(assignee, error)) f.assignee_id = *assignee;
  auto team = query_integer(query, "team", 1, max_id);
  if (take(team, error)) f.team_id = *team;
  read_page(query, 500, f.before_id, f.limit, error);
  if (!error.empty()) return make_error(error);
  return f;
}

Expected<storage::AuditFilter> audit_filter(std::string_view query) {
  storage::AuditFilter f;
  std::string error;
  auto actor = query_integer(query, "actor", 1, max_id);
  if (take(actor, error)) f.actor_user_id = *actor;
  f.action_prefix = query_text(query, "action", 64);
  f.target_type = query_text(query, "target_type", 32);
  f.target_id = query_text(query, "target_id", 64);
  read_page(query, 500, f.before_id, f.limit, error);
  if (!error.empty()) return make_error(error);
  return f;
}

} // namespace stoop::api
