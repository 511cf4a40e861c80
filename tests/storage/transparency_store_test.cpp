// The transparency tables on their own: who counts in public aggregates,
// broadcast recipients and their states, merging and erasing a recipient,
// DELETE confirmations, and what the retention job empties and keeps.
#include <gtest/gtest.h>

#include "storage/store.hpp"

namespace stoop::storage {
namespace {

class TransparencyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_sqlite_store({":memory:"});
    store_->begin();
  }
  void TearDown() override { store_->commit(); }

  std::int64_t contact(const std::string& name) {
    ContactRecord c;
    c.uuid = "uuid-" + name;
    c.created_at = 1;
    auto id = store_->contacts().create(c).id;
    store_->contacts().add_identity(id, "sms", "+1617555" + std::to_string(1000 + id), "", 1);
    return id;
  }
  void answer(std::optional<std::int64_t> contact_id, const std::string& category, bool in_reports = true,
              std::int64_t at = 10, const std::string& raw = "") {
    ResultRecord r;
    r.contact_id = contact_id;
    r.flow = "priorities";
    r.name = "priorities";
    r.category = category;
    r.value = category.empty() ? raw : category;
    r.raw = raw;
    r.neighbourhood = "roxbury";
    r.in_reports = in_reports;
    r.created_at = at;
    store_->results().add(r);
  }
  std::int64_t count(const std::string& category) {
    for (const auto& row : store_->transparency().public_counts("priorities", ReportDimension::all)) {
      if (row.category == category) return row.count;
    }
    return 0;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(TransparencyStoreTest, PublicCountsFollowConsentAndKeepErasedPeople) {
  auto ana = contact("ana");
  auto ben = contact("ben");
  auto cy = contact("cy");
  answer(ana, "housing");
  answer(ana, "housing", true, 11); // the same person twice counts once
  answer(ben, "housing");
  answer(cy, "housing", false); // never agreed to reports
  EXPECT_EQ(count("housing"), 2);
  store_->consents().set(ben, "reports", false, 20); // refused later
  EXPECT_EQ(count("housing"), 1);
  ASSERT_TRUE(store_->contact_admin().erase(ana));
  EXPECT_EQ(count("housing"), 2) << "an erased person's two answers, told apart by time, still count";
}

TEST_F(TransparencyStoreTest, BroadcastRecipientsAreThePollsParticipantsOnceEach) {
  auto ana = contact("ana");
  auto ben = contact("ben");
  contact("never-answered");
  answer(ana, "housing");
  answer(ana, "food");
  answer(ben, "food");
  ActionRecord action;
  action.category = "food";
  action.created_at = action.updated_at = 1;
  auto created = store_->transparency().create_action(action);
  ActionStepRecord step;
  step.action_id = created.id;
  step.stage = "acting";
  step.created_at = 2;
  auto added = store_->transparency().add_step(step);
  EXPECT_EQ(store_->transparency().action(created.id)->stage, "acting");
  BroadcastRecord b;
  b.step_id = added.id;
  b.poll = "priorities";
  b.created_at = 3;
  b = store_->transparency().create_broadcast(b);
  EXPECT_EQ(store_->transparency().progress(b.id).total, 2);
  auto first = store_->transparency().pending_recipients(b.id, 1);
  ASSERT_EQ(first, std::vector<std::int64_t>{ana});
  store_->transparency().mark_recipient(b.id, ana, "queued", std::nullopt, 4);
  EXPECT_EQ(store_->transparency().pending_recipients(b.id, 10), std::vector<std::int64_t>{ben});
  ASSERT_TRUE(store_->contact_admin().erase(ben));
  EXPECT_TRUE(store_->transparency().pending_recipients(b.id, 10).empty()) << "erased: nothing left to send to";
  auto progress = store_->transparency().progress(b.id);
  EXPECT_EQ(progress.total, 1);
  EXPECT_EQ(progress.queued, 1);
  EXPECT_EQ(store_->transparency().running_broadcasts(), std::vector<std::int64_t>{b.id});
  store_->transparency().finish_broadcast(b.id, 5);
  EXPECT_TRUE(store_->transparency().running_broadcasts().empty());
}

TEST_F(TransparencyStoreTest, EraseRequestsExpire) {
  auto ana = contact("ana");
  EXPECT_FALSE(store_->transparency().take_erase_request(ana, 100));
  store_->transparency().set_erase_request(ana, 200);
  EXPECT_TRUE(store_->transparency().take_erase_request(ana, 150));
  EXPECT_FALSE(store_->transparency().take_erase_request(ana, 150)) << "used up";
  store_->transparency().set_erase_request(ana, 200);
  EXPECT_FALSE(store_->transparency().take_erase_request(ana, 201));
}

TEST_F(TransparencyStoreTest, RetentionEmptiesOldTextsAndKeepsRowsAndWhatWaitsToBeSent) {
  auto ana = contact("ana");
  auto message = [&](Direction direction, const std::string& body, std::int64_t at) {
    MessageRecord m;
    m.contact_id = ana;
    m.channel_id = "sms";
    m.direction = direction;
    m.provider_message_id = body;
    m.body = body;
    m.status = direction == Direction::in ? "received" : "queued";
    m.created_at = m.updated_at = at;
    return direction == Direction::in ? *store_->messages().insert_inbound(m) : store_->messages().insert_outbound(m);
  };
  auto old_in = message(Direction::in, "old secret", 10);
  auto old_waiting = message(Direction::out, "still to send", 10);
  OutboxRecord row;
  row.message_id = old_waiting;
  row.contact_id = ana;
  row.channel_id = "sms";
  row.address = "+16175551001";
  row.payload_json = R"({"text":"still to send"})";
  row.kind = "broadcast";
  row.idempotency_key = "k1";
  row.next_attempt_at = 10;
  row.created_at = 10;
  store_->outbox().enqueue(row);
  auto recent = message(Direction::in, "recent", 500);
  answer(ana, "", true, 10, "what I typed");
  answer(ana, "housing", true, 10, "housing, my landlord");

  EXPECT_EQ(store_->transparency().erase_old_message_bodies(100), 1);
  EXPECT_EQ(store_->messages().get(old_in)->body, "");
  EXPECT_EQ(store_->messages().get(old_waiting)->body, "still to send");
  EXPECT_EQ(store_->messages().get(recent)->body, "recent");
  for (const auto& r : store_->results().for_contact(ana)) {
    EXPECT_EQ(r.raw, "");
    if (!r.category.empty()) {
      EXPECT_EQ(r.value, "housing") << "chosen categories stay";
    } else {
      EXPECT_EQ(r.value, "") << "free text goes";
    }
  }
  EXPECT_EQ(store_->transparency().erase_old_message_bodies(100), 0) << "nothing twice";
}

} // namespace
} // namespace stoop::storage
