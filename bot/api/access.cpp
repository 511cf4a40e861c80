#include "bot/api/access.hpp"

namespace stoop::api {

bool allows(auth::Role role, Permission permission) {
  switch (role) {
    case auth::Role::admin:
      return true;
    case auth::Role::staff:
      return permission != Permission::manage_people;
    case auth::Role::student:
      return permission == Permission::signed_in;
  }
  return false;
}

bool may_view_request(auth::Role role, std::int64_t user_id, const storage::RequestRecord& request) {
  if (role != auth::Role::student) return true;
  return request.assignee_id && *request.assignee_id == user_id;
}

bool may_view_opportunity(auth::Role role, const storage::UserRecord& user, const storage::OpportunityRecord& item) {
  if (role != auth::Role::student) return true;
  if (item.status == "cancelled") return false;
  return !item.team_id || (user.team_id && *item.team_id == *user.team_id);
}

} // namespace stoop::api
