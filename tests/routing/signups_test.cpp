#include <gtest/gtest.h>

#include "routing/signups.hpp"

namespace stoop::routing {
namespace {

// Applies an outcome the way the bot stores it.
void apply(std::vector<Signup>& signups, const SignupOutcome& outcome, std::int64_t now) {
  for (const auto& change : outcome.changes) {
    bool found = false;
    for (auto& s : signups) {
      if (s.user_id == change.user_id) {
        s.status = change.status;
        s.changed_at = now;
        found = true;
      }
    }
    if (!found) signups.push_back({change.user_id, change.status, now});
  }
}

TEST(Signups, FirstComeFirstConfirmedThenWaitlisted) {
  std::vector<Signup> signups;
  for (std::int64_t user = 1; user <= 4; ++user) {
    auto outcome = answer_yes(signups, user, 4, true);
    EXPECT_EQ(outcome.reply, SignupReply::confirmed);
    apply(signups, outcome, user);
  }
  auto fifth = answer_yes(signups, 5, 4, true);
  EXPECT_EQ(fifth.reply, SignupReply::waitlisted);
  EXPECT_EQ(fifth.position, 1);
  apply(signups, fifth, 5);
  auto sixth = answer_yes(signups, 6, 4, true);
  EXPECT_EQ(sixth.position, 2);
  apply(signups, sixth, 6);
  EXPECT_EQ(answer_yes(signups, 2, 4, true).reply, SignupReply::already_confirmed);
  auto again = answer_yes(signups, 6, 4, true);
  EXPECT_EQ(again.reply, SignupReply::already_waitlisted);
  EXPECT_EQ(again.position, 2);
  EXPECT_TRUE(again.changes.empty());
}

TEST(Signups, CancellingAPlacePromotesTheFirstWaiting) {
  std::vector<Signup> signups{{1, SignupStatus::confirmed, 1}, {2, SignupStatus::confirmed, 2},
                              {3, SignupStatus::waitlisted, 4}, {4, SignupStatus::waitlisted, 3}};
  auto outcome = answer_no(signups, 1, 2, true);
  EXPECT_EQ(outcome.reply, SignupReply::cancelled);
  ASSERT_EQ(outcome.promoted.size(), 1u);
  EXPECT_EQ(outcome.promoted[0], 4); // waited longest
  ASSERT_EQ(outcome.changes.size(), 2u);
  EXPECT_EQ(outcome.changes[1].status, SignupStatus::confirmed);
  apply(signups, outcome, 10);
  // Leaving the waitlist promotes nobody.
  auto leave = answer_no(signups, 3, 2, true);
  EXPECT_EQ(leave.reply, SignupReply::cancelled);
  EXPECT_TRUE(leave.promoted.empty());
}

TEST(Signups, NoToThePromptDeclinesAndAFreedPlaceGoesToTheWaitlistFirst) {
  std::vector<Signup> signups{{1, SignupStatus::prompted, 0}, {2, SignupStatus::waitlisted, 1}};
  auto outcome = answer_no(signups, 1, 1, true);
  EXPECT_EQ(outcome.reply, SignupReply::declined);
  // A place is free but someone waits: a newcomer joins the queue behind them.
  auto newcomer = answer_yes(signups, 3, 1, true);
  EXPECT_EQ(newcomer.reply, SignupReply::waitlisted);
  EXPECT_EQ(fill_free_places(signups, 1), std::vector<std::int64_t>{2});
}

TEST(Signups, ClosedOpportunitiesTakeNoNewAnswersButLetPeopleLeave) {
  std::vector<Signup> signups{{1, SignupStatus::confirmed, 0}, {2, SignupStatus::waitlisted, 1}};
  EXPECT_EQ(answer_yes(signups, 3, 4, false).reply, SignupReply::closed);
  EXPECT_EQ(answer_no(signups, 3, 4, false).reply, SignupReply::closed);
  auto leave = answer_no(signups, 1, 1, false);
  EXPECT_EQ(leave.reply, SignupReply::cancelled);
  EXPECT_TRUE(leave.promoted.empty()); // nobody is promoted once it has closed
}

TEST(Signups, StatusNamesRoundTrip) {
  for (auto s : {SignupStatus::prompted, SignupStatus::confirmed, SignupStatus::waitlisted, SignupStatus::declined,
                 SignupStatus::cancelled}) {
    EXPECT_EQ(signup_status_from(to_string(s)), s);
  }
  EXPECT_FALSE(signup_status_from("maybe"));
}

} // namespace
} // namespace stoop::routing
