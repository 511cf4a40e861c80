// The crisis cases on the dashboard's router: staff list the open ones and
// clear them; students and anonymous callers are refused and change nothing;
// clearing is audited and open dashboards hear of it.
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

class CrisisApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ana_ = signed_in("ana@example.org", "staff");
    sam_ = signed_in("sam@example.org", "student");
    ASSERT_EQ(server_.sms(member, "I want to kill myself", "SM1").status, 200);
    contact_ = contact_of(member);
  }
  std::int64_t open_cases() { return db("SELECT COUNT(*) FROM crisis_cases WHERE cleared_at IS NULL"); }
  std::int64_t urgent() {
    return db("SELECT urgent FROM conversations WHERE contact_id = " + std::to_string(contact_));
  }

  static constexpr const char* member = "+16175550140";
  Session ana_;
  Session sam_;
  std::int64_t contact_ = 0;
};

TEST_F(CrisisApi, OnlyStaffSeeAndClearCases) {
  ASSERT_EQ(open_cases(), 1);
  ASSERT_EQ(urgent(), 1);
  EXPECT_EQ(http(server_.port(), "GET", "/api/crisis", "", {}).status, 401);
  EXPECT_EQ(http(server_.port(), "POST", "/api/crisis/1/clear", "{}", {{"content-type", "application/json"}}).status,
            401);
  EXPECT_EQ(get(sam_, "/api/crisis").status, 403);
  EXPECT_EQ(post(sam_, "/api/crisis/1/clear").status, 403);
  EXPECT_EQ(open_cases(), 1);
  EXPECT_EQ(urgent(), 1);

  auto listed = get(ana_, "/api/crisis");
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto cases = json_of(listed)["cases"];
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["contact_id"], contact_);
  EXPECT_EQ(cases[0]["category"], "suicide");
  // What the person wrote stays in their conversation, not in a list.
  EXPECT_EQ(listed.body.find("kill myself"), std::string::npos);
}

TEST_F(CrisisApi, ClearingIsAuditedAndPublished) {
  LiveClient live(server_.port(), ana_.cookie, public_url);
  ASSERT_TRUE(live.wait_for([](const auto& f) { return f.value("type", "") == "hello"; }, 2s));
  auto cleared = post(ana_, "/api/crisis/1/clear");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(open_cases(), 0);
  EXPECT_EQ(urgent(), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'crisis.clear' AND actor_user_id = " +
               std::to_string(ana_.user_id) + " AND target_id = '" + std::to_string(contact_) + "'"),
            1);
  EXPECT_TRUE(live.wait_for(
      [&](const auto& f) {
        return f.value("type", "") == "conversation" && f.value("change", "") == "crisis.clear" &&
               f.value("contact_id", std::int64_t{0}) == contact_;
      },
      2s));
  EXPECT_EQ(post(ana_, "/api/crisis/1/clear").status, 409);
  EXPECT_EQ(post(ana_, "/api/crisis/99/clear").status, 404);
  EXPECT_EQ(post(ana_, "/api/crisis/x/clear").status, 404);
}

} // namespace
} // namespace stoop::testing
