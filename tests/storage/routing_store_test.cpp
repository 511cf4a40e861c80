// Routing's repositories on an in-memory store: request history and offers,
// sign-ups, prompts and their answers, crisis cases.
#include <gtest/gtest.h>

#include "storage/store.hpp"

namespace stoop::storage {
namespace {

class RoutingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_sqlite_store({":memory:"});
    store_->begin();
    ContactRecord c;
    c.uuid = "member";
    c.created_at = 1;
    member_ = store_->contacts().create(c).id;
  }
  void TearDown() override { store_->commit(); }

  std::int64_t request(std::int64_t created_at = 1) {
    RequestRecord r;
    r.contact_id = member_;
    r.topic = "find_care";
    r.status = "new";
    r.created_at = created_at;
    r.updated_at = created_at;
    return store_->requests().create(r);
  }

  std::unique_ptr<Store> store_;
  std::int64_t member_ = 0;
};

TEST_F(RoutingStoreTest, EventsKeepWhoDidWhatAndWhen) {
  auto id = request();
  RequestEventRecord e;
  e.request_id = id;
  e.at = 10;
  e.actor = "user:7";
  e.action = "accepted";
  e.status = "accepted";
  e.user_id = 7;
  store_->request_work().add_event(e);
  e.at = 20;
  e.action = "resolved";
  e.status = "resolved";
  store_->request_work().add_event(e);
  auto events = store_->request_work().events(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].actor, "user:7");
  EXPECT_EQ(events[1].action, "resolved");
  EXPECT_EQ(events[1].at, 20);
  EXPECT_EQ(events[1].user_id, 7);
}

TEST_F(RoutingStoreTest, OffersTheirAnswersAndWhoDeclined) {
  auto id = request();
  auto first = store_->request_work().add_offer(id, 7, 100, 200);
  EXPECT_EQ(store_->request_work().pending_offer(id)->user_id, 7);
  EXPECT_EQ(store_->request_work().pending_offers_to(7).size(), 1u);
  store_->request_work().close_offer(first, "passed", 150);
  EXPECT_FALSE(store_->request_work().pending_offer(id));
  auto second = store_->request_work().add_offer(id, 8, 150, 250);
  store_->request_work().close_offer(second, "timed_out", 250);
  auto third = store_->request_work().add_offer(id, 9, 250, 350);
  store_->request_work().close_offer(third, "withdrawn", 260); // went AWAY: not a refusal
  EXPECT_EQ(store_->request_work().declined_by(id), (std::set<std::int64_t>{7, 8}));
  // Offered again after a withdrawal: the same row, pending once more.
  EXPECT_EQ(store_->request_work().add_offer(id, 9, 300, 400), third);
  EXPECT_EQ(store_->request_work().pending_offer(id)->expires_at, 400);
  EXPECT_EQ(store_->request_work().last_offered()[9], 300);
}

TEST_F(RoutingStoreTest, RequestsByStatusOldestFirst) {
  auto later = request(20);
  auto earlier = request(10);
  EXPECT_EQ(store_->request_work().with_status("new"), (std::vector<std::int64_t>{earlier, later}));
  EXPECT_EQ(store_->request_work().open_for_contact(member_).size(), 2u);
}

TEST_F(RoutingStoreTest, SignupsUpsertAndKeepTheirOrder) {
  store_->engagement().set_signup(3, 7, "prompted", 10);
  store_->engagement().set_signup(3, 8, "waitlisted", 20);
  store_->engagement().set_signup(3, 7, "confirmed", 30);
  auto rows = store_->engagement().signups(3);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].user_id, 8);
  EXPECT_EQ(rows[1].status, "confirmed");
  EXPECT_EQ(rows[1].created_at, 10);
  EXPECT_EQ(store_->engagement().signups_of(7).size(), 1u);
}

TEST_F(RoutingStoreTest, APromptIsSentOncePerOccurrenceAndTakesOneAnswer) {
  PromptRecord p;
  p.user_id = 7;
  p.kind = "cohort";
  p.ref = "weekly";
  p.occurrence = 1000;
  p.question = "What did you learn?";
  p.sent_at = 1000;
  EXPECT_TRUE(store_->engagement().add_prompt(p));
  auto again = p;
  EXPECT_FALSE(store_->engagement().add_prompt(again));
  auto waiting = store_->engagement().latest_unanswered_prompt(7);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->id, p.id);
  EXPECT_FALSE(waiting->answer);
  store_->engagement().answer_prompt(p.id, "To listen", 1100);
  EXPECT_FALSE(store_->engagement().latest_unanswered_prompt(7));
  auto all = store_->engagement().prompts("cohort", "weekly");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].answer, "To listen");
  EXPECT_EQ(all[0].answered_at, 1100);
}

TEST_F(RoutingStoreTest, CrisisCasesOpenAndClearOnce) {
  CrisisCaseRecord c;
  c.contact_id = member_;
  c.language = "es";
  c.category = "suicide";
  c.phrase = "quiero morir";
  c.flagged_at = 10;
  auto id = store_->crisis_cases().open(c);
  EXPECT_EQ(store_->crisis_cases().open_for(member_)->id, id);
  EXPECT_EQ(store_->crisis_cases().open_cases().size(), 1u);
  EXPECT_TRUE(store_->crisis_cases().clear(id, "user:7", 20));
  EXPECT_FALSE(store_->crisis_cases().clear(id, "user:7", 30));
  EXPECT_FALSE(store_->crisis_cases().open_for(member_));
  EXPECT_EQ(store_->crisis_cases().get(id)->cleared_by, "user:7");
  EXPECT_FALSE(store_->crisis_cases().clear(999, "user:7", 30));
}

TEST_F(RoutingStoreTest, ACrisisCaseFollowsItsContactIntoAMerge) {
  ContactRecord other;
  other.uuid = "other";
  other.created_at = 1;
  auto absorbed = store_->contacts().create(other).id;
  CrisisCaseRecord c;
  c.contact_id = absorbed;
  c.language = "en";
  c.category = "emergency";
  c.phrase = "emergency";
  c.flagged_at = 10;
  auto id = store_->crisis_cases().open(c);
  store_->contacts().merge(member_, absorbed);
  EXPECT_EQ(store_->crisis_cases().get(id)->contact_id, member_);
  EXPECT_TRUE(store_->crisis_cases().open_for(member_));
}

TEST_F(RoutingStoreTest, TimersCanBeLookedUp) {
  store_->timers().set("cohort_prompt", "weekly", 500, R"({"schedule":"x"})");
  auto found = store_->timers().find("cohort_prompt", "weekly");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->due_at, 500);
  EXPECT_FALSE(store_->timers().find("cohort_prompt", "daily"));
}

} // namespace
} // namespace stoop::storage
