// Who may do what in the dashboard. Every route names the permission it
// needs and the router checks it before the handler runs; the few rules that
// depend on the record (a student's own request) are functions here too.
#pragma once

#include "bot/auth.hpp"
#include "storage/dashboard_records.hpp"
#include "storage/records.hpp"

namespace stoop::api {

enum class Permission {
  signed_in,            // any role: the session, own requests, visible opportunities
  read_conversations,   // staff and admin
  change_conversations, // staff and admin
  read_contacts,        // staff and admin: addresses and personal data
  erase_contacts,       // staff and admin, with a reason in the audit log
  manage_opportunities, // staff and admin
  read_people,          // staff and admin: the user and team lists
  manage_people,        // admin
  read_reports,         // staff and admin
  read_audit,           // staff and admin
};

bool allows(auth::Role role, Permission permission);

// A student sees a request only while it is theirs; staff and admin see all.
bool may_view_request(auth::Role role, std::int64_t user_id, const storage::RequestRecord& request);

// Whether a student may see an opportunity (open to all teams or to theirs, not cancelled).
bool may_view_opportunity(auth::Role role, const storage::UserRecord& user, const storage::OpportunityRecord& item);

} // namespace stoop::api
