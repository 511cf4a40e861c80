// Roles enforced on the server: students see only their own requests and
// the opportunities open to them; only admins manage people.
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using RolesApi = ApiTest;

TEST_F(RolesApi, StudentsAreRefusedStaffEndpoints) {
  auto sam = signed_in("sam@example.org", "student");
  for (const char* path :
       {"/api/conversations", "/api/conversations/1", "/api/contacts", "/api/contacts/1", "/api/users", "/api/teams",
        "/api/reports/priorities", "/api/reports/overview", "/api/flows", "/api/audit"}) {
    EXPECT_EQ(get(sam, path).status, 403) << path;
  }
  EXPECT_EQ(post(sam, "/api/conversations/1/reply", {{"text", "hi"}}).status, 403);
  EXPECT_EQ(post(sam, "/api/contacts/1/erase", {{"reason", "because"}}).status, 403);
  EXPECT_EQ(post(sam, "/api/opportunities", {{"title", "x"}, {"starts_at", 1}, {"slots", 1}}).status, 403);
  EXPECT_EQ(post(sam, "/api/users", {{"email", "x@y.z"}, {"name", "x"}, {"role", "admin"}}).status, 403);
  EXPECT_EQ(get(sam, "/api/session").status, 200);
  EXPECT_EQ(get(sam, "/api/users/" + std::to_string(sam.user_id)).status, 200); // themself
}

TEST_F(RolesApi, OnlyAdminsManagePeople) {
  auto ana = signed_in("ana@example.org", "staff");
  auto ada = signed_in("ada@example.org", "admin");
  nlohmann::json person{{"email", "sam@example.org"},
                        {"name", "Sam"},
                        {"role", "student"},
                        {"languages", {"es", "en"}},
                        {"password", "a long enough passphrase"}};
  EXPECT_EQ(post(ana, "/api/users", person).status, 403);
  EXPECT_EQ(post(ana, "/api/teams", {{"name", "Navigators"}}).status, 403);
  auto created = post(ada, "/api/users", person);
  ASSERT_EQ(created.status, 201) << created.body;
  auto sam_id = json_of(created)["user"]["id"].get<std::int64_t>();
  EXPECT_EQ(json_of(created)["user"]["languages"], nlohmann::json({"es", "en"}));
  EXPECT_EQ(post(ada, "/api/users", person).status, 409);
  person["email"] = "other@example.org";
  person["role"] = "root";
  EXPECT_EQ(post(ada, "/api/users", person).status, 400);
  person["role"] = "staff";
  person["password"] = "short";
  EXPECT_EQ(post(ada, "/api/users", person).status, 400);
  person.erase("password");
  person["reach_channel"] = "carrier-pigeon";
  EXPECT_EQ(post(ada, "/api/users", person).status, 400);
  sign_in("sam@example.org", "a long enough passphrase");

  auto team = post(ada, "/api/teams", {{"name", "Navigators"}, {"description", "Health navigation"}});
  ASSERT_EQ(team.status, 201);
  auto team_id = json_of(team)["team"]["id"].get<std::int64_t>();
  EXPECT_EQ(post(ada, "/api/teams", {{"name", "navigators"}}).status, 409);
  EXPECT_EQ(call(ada, "PATCH", "/api/users/" + std::to_string(sam_id), {{"team_id", team_id}, {"capacity", 2}}).status,
            200);
  EXPECT_EQ(call(ada, "PATCH", "/api/users/" + std::to_string(sam_id), {{"team_id", 999}}).status, 400);
  EXPECT_EQ(call(ada, "PATCH", "/api/users/9999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(call(ada, "PATCH", "/api/teams/" + std::to_string(team_id), {{"description", "Navigation"}}).status, 200);

  // Staff read the lists, without where the bot reaches people.
  auto users = json_of(get(ana, "/api/users"));
  EXPECT_EQ(users["users"].size(), 3u);
  EXPECT_FALSE(users["users"][0].contains("reach_address"));
  EXPECT_TRUE(json_of(get(ada, "/api/users"))["users"][0].contains("reach_address"));
  EXPECT_EQ(json_of(get(ana, "/api/teams"))["teams"].size(), 1u);

  // The last admin cannot be demoted or disabled.
  EXPECT_EQ(call(ada, "PATCH", "/api/users/" + std::to_string(ada.user_id), {{"role", "staff"}}).status, 409);
  EXPECT_EQ(call(ada, "PATCH", "/api/users/" + std::to_string(ada.user_id), {{"disabled", true}}).status, 409);
  EXPECT_GE(db("SELECT COUNT(*) FROM audit_log WHERE action IN ('user.create', 'user.update', 'team.create', "
               "'team.update') AND actor_user_id = " +
               std::to_string(ada.user_id)),
            4);
}

TEST_F(RolesApi, StudentsSeeOnlyTheirOwnRequests) {
  auto sam = signed_in("sam@example.org", "student");
  auto kim = signed_in("kim@example.org", "student");
  auto ana = signed_in("ana@example.org", "staff");
  std::int64_t mine = 0;
  std::int64_t theirs = 0;
  std::int64_t nobodys = 0;
  in_store([&](storage::Store& s) {
    storage::ContactRecord contact;
    contact.uuid = "uuid-maria";
    contact.name = "Maria";
    contact.created_at = 1;
    auto contact_id = s.contacts().create(contact).id;
    auto make = [&](const std::string& topic, std::optional<std::int64_t> holder) {
      storage::RequestRecord r;
      r.assignee_id = holder; // routing's job; the test does it by hand
      r.contact_id = contact_id;
      r.topic = topic;
      r.language = "es";
      r.details = "a Spanish-speaking clinic";
      r.status = "offered";
      r.created_at = 1;
      r.updated_at = 1;
      return s.requests().create(r);
    };
    mine = make("access_to_care", sam.user_id);
    theirs = make("food", kim.user_id);
    nobodys = make("housing", std::nullopt);
  });

  auto list = json_of(get(sam, "/api/requests"));
  ASSERT_EQ(list["requests"].size(), 1u);
  EXPECT_EQ(list["requests"][0]["id"], mine);
  EXPECT_FALSE(list["requests"][0].contains("contact_id"));
  // Asking for someone else's does not widen it.
  EXPECT_EQ(json_of(get(sam, "/api/requests?assignee=" + std::to_string(kim.user_id)))["requests"].size(), 1u);

  auto own = get(sam, "/api/requests/" + std::to_string(mine));
  ASSERT_EQ(own.status, 200);
  EXPECT_FALSE(json_of(own)["request"].contains("contact_id"));
  EXPECT_EQ(own.body.find("+1617"), std::string::npos);
  EXPECT_EQ(get(sam, "/api/requests/" + std::to_string(theirs)).status, 403);
  EXPECT_EQ(get(sam, "/api/requests/" + std::to_string(nobodys)).status, 403);
  EXPECT_EQ(get(sam, "/api/requests/9999").status, 404);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'request.view_refused' AND actor_user_id = " +
               std::to_string(sam.user_id)),
            2);

  auto all = json_of(get(ana, "/api/requests"));
  EXPECT_EQ(all["requests"].size(), 3u);
  auto detail = json_of(get(ana, "/api/requests/" + std::to_string(theirs)));
  EXPECT_EQ(detail["request"]["contact_name"], "Maria");
  EXPECT_EQ(detail["request"]["assignee_name"], "kim");
  EXPECT_EQ(json_of(get(ana, "/api/requests?assignee=" + std::to_string(kim.user_id)))["requests"].size(), 1u);
  EXPECT_EQ(get(ana, "/api/requests?assignee=nobody").status, 400);
}

TEST_F(RolesApi, OpportunitiesArePostedByStaffAndShownToTheRightStudents) {
  auto ana = signed_in("ana@example.org", "staff");
  auto navigators = add_team("Navigators");
  auto teachers = add_team("Teachers");
  add_user("sam@example.org", "student", navigators);
  auto sam = sign_in("sam@example.org");

  nlohmann::json fair{{"title", "Health fair, Nubian Square"},
                      {"location", "Nubian Square"},
                      {"starts_at", 1'767'859'200'000},
                      {"slots", 4},
                      {"languages", {"es"}}};
  auto created = post(ana, "/api/opportunities", fair);
  ASSERT_EQ(created.status, 201) << created.body;
  auto fair_id = json_of(created)["opportunity"]["id"].get<std::int64_t>();
  fair["title"] = "Teaching session";
  fair["team_id"] = teachers;
  auto other_id = json_of(post(ana, "/api/opportunities", fair))["opportunity"]["id"].get<std::int64_t>();
  fair["team_id"] = navigators;
  fair["title"] = "Navigators' day";
  ASSERT_EQ(post(ana, "/api/opportunities", fair).status, 201);

  EXPECT_EQ(post(ana, "/api/opportunities", {{"title", "No date"}, {"slots", 4}}).status, 400);
  EXPECT_EQ(post(ana, "/api/opportunities", {{"title", "x"}, {"starts_at", 1}, {"slots", 0}}).status, 400);
  EXPECT_EQ(post(ana, "/api/opportunities", {{"title", "x"}, {"starts_at", 1}, {"slots", 1}, {"team_id", 99}}).status,
            400);
  EXPECT_EQ(post(ana, "/api/opportunities", {{"title", "x"}, {"starts_at", 10}, {"ends_at", 5}, {"slots", 1}}).status,
            400);

  auto seen = json_of(get(sam, "/api/opportunities"));
  EXPECT_EQ(seen["opportunities"].size(), 2u); // everyone's and their team's, not the teachers'
  EXPECT_EQ(get(sam, "/api/opportunities/" + std::to_string(other_id)).status, 403);
  EXPECT_EQ(get(sam, "/api/opportunities/" + std::to_string(fair_id)).status, 200);
  EXPECT_EQ(json_of(get(ana, "/api/opportunities"))["opportunities"].size(), 3u);

  auto cancelled = call(ana, "PATCH", "/api/opportunities/" + std::to_string(fair_id), {{"status", "cancelled"}});
  ASSERT_EQ(cancelled.status, 200);
  EXPECT_EQ(json_of(get(sam, "/api/opportunities"))["opportunities"].size(), 1u);
  EXPECT_EQ(call(ana, "PATCH", "/api/opportunities/" + std::to_string(fair_id), {{"status", "maybe"}}).status, 400);
  EXPECT_EQ(call(sam, "PATCH", "/api/opportunities/" + std::to_string(fair_id), {{"status", "open"}}).status, 403);
  EXPECT_EQ(call(ana, "PATCH", "/api/opportunities/9999", {{"status", "open"}}).status, 404);
}

} // namespace
} // namespace stoop::testing
