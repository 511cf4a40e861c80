// List filters from query strings: what the inbox, contacts, requests and
// audit pages ask for, checked and turned into the store's filter values.
#pragma once

#include <string_view>

#include "core/expected.hpp"
#include "storage/dashboard_records.hpp"

namespace stoop::api {

// status=open|resolved|all, channel=ID, team=ID, assignee=me|none|ID, label=TEXT,
// urgent=1, search=TEXT, before_at=MS&before_id=ID, limit=1..200.
// The default status is "open".
Expected<storage::ConversationFilter> conversation_filter(std::string_view query, std::int64_t my_user_id);
// search=TEXT, opted_out=yes|no, before=ID, limit=1..200.
Expected<storage::ContactFilter> contact_filter(std::string_view query);
// status=WORD, assignee=me|ID, team=ID, before=ID, limit=1..500.
Expected<storage::RequestFilter> request_filter(std::string_view query, std::int64_t my_user_id);
// actor=ID, action=PREFIX, target_type=WORD, target_id=TEXT, before=ID, limit=1..500.
Expected<storage::AuditFilter> audit_filter(std::string_view query);

} // namespace stoop::api
