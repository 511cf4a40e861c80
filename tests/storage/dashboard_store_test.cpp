// The dashboard's tables on their own: conversations kept current by the
// messages trigger, inbox filters, sign-in counters, the audit log, merging
// and erasing a person.
#include <gtest/gtest.h>

#include "storage/store.hpp"

namespace stoop::storage {
namespace {

class DashboardStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_sqlite_store({":memory:"});
    store_->begin();
  }
  void TearDown() override { store_->commit(); }

  std::int64_t contact(const std::string& name) {
    ContactRecord c;
    c.uuid = "uuid-" + name;
    c.name = name;
    c.created_at = 1;
    auto id = store_->contacts().create(c).id;
    store_->contacts().add_identity(id, "sms", "+1617555" + std::to_string(1000 + id), "", 1);
    return id;
  }
  std::int64_t message(std::int64_t contact_id, Direction direction, const std::string& body, std::int64_t at,
                       const std::string& author = "contact") {
    MessageRecord m;
    m.contact_id = contact_id;
    m.channel_id = "sms";
    m.direction = direction;
    m.provider_message_id = "p" + std::to_string(++next_);
    m.body = body;
    m.status = direction == Direction::in ? "received" : "sent";
    m.author = author;
    m.created_at = at;
    m.updated_at = at;
    if (direction == Direction::in) return *store_->messages().insert_inbound(m);
    return store_->messages().insert_outbound(m);
  }
  UserRecord user(const std::string& email, const std::string& role) {
    UserRecord u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    u.password_hash = "x";
    u.created_at = 1;
    return store_->users().create(u);
  }

  std::unique_ptr<Store> store_;
  int next_ = 0;
};

TEST_F(DashboardStoreTest, MessagesKeepTheConversationCurrentAndReopenIt) {
  auto maria = contact("Maria");
  EXPECT_FALSE(store_->conversations().get(maria));
  message(maria, Direction::in, "Hola", 100);
  auto conversation = store_->conversations().get(maria);
  ASSERT_TRUE(conversation);
  EXPECT_EQ(conversation->status, "open");
  EXPECT_EQ(conversation->last_message_at, 100);
  EXPECT_EQ(conversation->last_inbound_at, 100);

  conversation->status = "resolved";
  store_->conversations().update(*conversation);
  message(maria, Direction::out, "Hello", 200, "bot");
  EXPECT_EQ(store_->conversations().get(maria)->status, "resolved"); // our own message does not reopen it
  EXPECT_EQ(store_->conversations().get(maria)->last_message_at, 200);
  message(maria, Direction::in, "one more thing", 300);
  EXPECT_EQ(store_->conversations().get(maria)->status, "open");
  EXPECT_EQ(store_->conversations().get(maria)->last_inbound_at, 300);
}

TEST_F(DashboardStoreTest, ATranscriptPageIsTheNewestMessagesInOrder) {
  auto maria = contact("Maria");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(message(maria, Direction::in, "m" + std::to_string(i), 100 + i));
  auto page = store_->messages().latest_for_contact(maria, 0, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[3]);
  EXPECT_EQ(page[1].id, ids[4]);
  EXPECT_EQ(store_->messages().latest_for_contact(maria, ids[3], 10).size(), 1u);
}

TEST_F(DashboardStoreTest, InboxFiltersAndSearch) {
  auto ana = user("ana@example.org", "staff");
  auto maria = contact("Maria");
  auto jo = contact("Jo");
  message(maria, Direction::in, "I need a clinic that speaks Spanish", 100);
  message(jo, Direction::in, "housing 50%_off", 200);
  auto c = *store_->conversations().get(jo);
  c.assignee_id = ana.id;
  c.urgent = true;
  store_->conversations().update(c);
  store_->conversations().set_labels(jo, {"housing", "follow up"});

  ConversationFilter all;
  auto rows = store_->conversations().list(all);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].contact_name, "Jo"); // newest first
  EXPECT_EQ(rows[0].assignee_name, "ana");
  EXPECT_EQ(rows[0].labels, (std::vector<std::string>{"follow up", "housing"}));
  EXPECT_EQ(rows[0].last_message_preview, "housing 50%_off");

  ConversationFilter mine;
  mine.assignee = AssigneeFilter::user;
  mine.assignee_id = ana.id;
  EXPECT_EQ(store_->conversations().list(mine).size(), 1u);
  ConversationFilter nobody;
  nobody.assignee = AssigneeFilter::nobody;
  EXPECT_EQ(store_->conversations().list(nobody).at(0).contact_name, "Maria");
  ConversationFilter urgent;
  urgent.urgent_only = true;
  EXPECT_EQ(store_->conversations().list(urgent).size(), 1u);
  ConversationFilter labelled;
  labelled.label = "housing";
  EXPECT_EQ(store_->conversations().list(labelled).size(), 1u);
  ConversationFilter search;
  search.search = "spanish";
  EXPECT_EQ(store_->conversations().list(search).at(0).contact_name, "Maria");
  search.search = "50%_";
  EXPECT_EQ(store_->conversations().list(search).at(0).contact_name, "Jo"); // LIKE wildcards are literal
  search.search = "housing_50";                                             // an unescaped _ would match the space
  EXPECT_TRUE(store_->conversations().list(search).empty());
  ConversationFilter older;
  older.before_at = 200;
  older.before_contact_id = jo;
  EXPECT_EQ(store_->conversations().list(older).at(0).contact_name, "Maria");
}

TEST_F(DashboardStoreTest, FailedSigninsLockAfterTheLimit) {
  auto ana = user("ana@example.org", "staff");
  EXPECT_EQ(store_->users().record_failed_signin(ana.id, 3, 1000, 60'000), 1);
  EXPECT_EQ(store_->users().record_failed_signin(ana.id, 3, 1000, 60'000), 2);
  EXPECT_FALSE(store_->users().get(ana.id)->locked_until);
  EXPECT_EQ(store_->users().record_failed_signin(ana.id, 3, 1000, 60'000), 3);
  EXPECT_EQ(store_->users().get(ana.id)->locked_until, 61'000);
  store_->users().clear_failed_signins(ana.id);
  EXPECT_FALSE(store_->users().get(ana.id)->locked_until);
  EXPECT_TRUE(store_->users().find_by_email("ANA@example.org")); // emails compare without case
}

TEST_F(DashboardStoreTest, AuditFiltersByActionPrefixAndTarget) {
  AuditRecord entry;
  entry.at = 1;
  entry.actor = "cli";
  entry.action = "conversation.view";
  entry.target_type = "conversation";
  entry.target_id = "7";
  store_->audit().record(entry);
  entry.action = "contact.erase";
  entry.target_type = "contact";
  store_->audit().record(entry);
  AuditFilter filter;
  filter.action_prefix = "conversation.";
  EXPECT_EQ(store_->audit().list(filter).size(), 1u);
  filter = {};
  filter.target_type = "contact";
  filter.target_id = "7";
  EXPECT_EQ(store_->audit().list(filter).at(0).action, "contact.erase");
  filter = {};
  EXPECT_EQ(store_->audit().list(filter).at(0).action, "contact.erase"); // newest first
}

// The inbox's index is on a copy of the last message time that may be up
// to a minute behind (migration 0013); the list is still in the exact order,
// page after page, with filters on too.
TEST_F(DashboardStoreTest, TheInboxIsInExactOrderWhileItsIndexLags) {
  auto ana = contact("Ana");
  auto bo = contact("Bo");
  auto cy = contact("Cy");
  auto di = contact("Di");
  message(ana, Direction::in, "first", 1'000);
  message(bo, Direction::in, "hello", 10'000);
  message(cy, Direction::in, "hi", 20'000);
  message(ana, Direction::in, "again", 50'000); // last at 50 s, listed by its copy at 1 s
  message(di, Direction::in, "old", 500);
  auto names = [&](ConversationFilter filter) {
    std::vector<std::string> out;
    for (const auto& row : store_->conversations().list(filter)) out.push_back(row.contact_name);
    return out;
  };
  ConversationFilter first;
  first.limit = 1;
  EXPECT_EQ(names(first), std::vector<std::string>{"Ana"});
  first.limit = 2;
  EXPECT_EQ(names(first), (std::vector<std::string>{"Ana", "Cy"}));
  ConversationFilter next = first;
  next.before_at = 20'000;
  next.before_contact_id = cy;
  EXPECT_EQ(names(next), (std::vector<std::string>{"Bo", "Di"}));
  next.before_at = 500;
  next.before_contact_id = di;
  EXPECT_TRUE(names(next).empty());

  auto resolved = *store_->conversations().get(cy);
  resolved.status = "resolved";
  store_->conversations().update(resolved);
  ConversationFilter open;
  open.status = "open";
  open.limit = 2;
  EXPECT_EQ(names(open), (std::vector<std::string>{"Ana", "Bo"}));
  ConversationFilter everyone;
  EXPECT_EQ(names(everyone), (std::vector<std::string>{"Ana", "Cy", "Bo", "Di"}));
}

TEST_F(DashboardStoreTest, MergingContactsMergesTheirConversations) {
  auto ana = user("ana@example.org", "staff");
  auto keep = contact("Maria");
  auto absorb = contact("");
  message(keep, Direction::in, "first", 100);
  message(absorb, Direction::in, "second", 200);
  auto c = *store_->conversations().get(absorb);
  c.taken_over_by = ana.id;
  c.urgent = true;
  store_->conversations().update(c);
  store_->conversations().set_labels(absorb, {"food"});
  NoteRecord note;
  note.contact_id = absorb;
  note.body = "called back";
  note.created_at = 5;
  store_->conversations().add_note(note);

  store_->contacts().merge(keep, absorb);
  auto merged = store_->conversations().get(keep);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->taken_over_by, ana.id);
  EXPECT_TRUE(merged->urgent);
  EXPECT_EQ(merged->last_message_at, 200);
  EXPECT_EQ(store_->conversations().labels(keep), (std::vector<std::string>{"food"}));
  EXPECT_EQ(store_->conversations().notes(keep).size(), 1u);
  EXPECT_FALSE(store_->conversations().get(absorb));
}

TEST_F(DashboardStoreTest, ErasingKeepsOnlyAnonymousAnswers) {
  auto maria = contact("Maria");
  message(maria, Direction::in, "my address is 12 Elm St", 100);
  ResultRecord answer;
  answer.contact_id = maria;
  answer.flow = "priorities";
  answer.name = "priorities";
  answer.category = "housing";
  answer.value = "housing";
  answer.raw = "housing, my landlord";
  answer.neighbourhood = "roxbury";
  answer.in_reports = true;
  answer.created_at = 100;
  store_->results().add(answer);
  RequestRecord request;
  request.contact_id = maria;
  request.details = "call me at 617";
  request.created_at = 100;
  request.updated_at = 100;
  auto request_id = store_->requests().create(request);

  EXPECT_TRUE(store_->contact_admin().erase(maria));
  EXPECT_FALSE(store_->contacts().get(maria));
  EXPECT_TRUE(store_->contacts().identities(maria).empty());
  EXPECT_EQ(store_->contact_admin().message_count(maria), 0);
  auto counts = store_->reports().result_counts("priorities", ReportDimension::neighbourhood, {});
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].group, "roxbury");
  EXPECT_EQ(counts[0].count, 1);
  auto kept = store_->requests().get(request_id);
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->contact_id);
  EXPECT_EQ(kept->details, "");
  EXPECT_FALSE(store_->contact_admin().erase(maria));
}

TEST_F(DashboardStoreTest, ReportsCountEachPersonOncePerGroup) {
  auto add = [this](std::int64_t contact_id, const std::string& category, const std::string& language, bool in_reports,
                    std::int64_t at) {
    ResultRecord r;
    r.contact_id = contact_id;
    r.flow = "priorities";
    r.name = "priorities";
    r.category = category;
    r.language = language;
    r.in_reports = in_reports;
    r.created_at = at;
    store_->results().add(r);
  };
  auto a = contact("a");
  auto b = contact("b");
  add(a, "food", "es", true, 1'767'225'600'000);
  add(a, "food", "es", true, 1'767'225'600'000 + 1000); // answered twice: one person
  add(a, "housing", "es", true, 1'767'225'600'000);
  add(b, "food", "en", true, 1'769'904'000'000);   // 2026-02-01
  add(b, "youth", "en", false, 1'769'904'000'000); // not agreed: not counted
  auto by_language = store_->reports().result_counts("priorities", ReportDimension::language, {});
  ASSERT_EQ(by_language.size(), 3u);
  EXPECT_EQ(by_language[0].group, "en");
  EXPECT_EQ(by_language[0].category, "food");
  EXPECT_EQ(by_language[1].count, 1); // es food: a, once
  auto months = store_->reports().result_counts("priorities", ReportDimension::month, {});
  EXPECT_EQ(months.front().group, "2026-01");
  EXPECT_EQ(months.back().group, "2026-02");
  auto respondents = store_->reports().respondents("priorities", ReportDimension::all, {});
  ASSERT_EQ(respondents.size(), 1u);
  EXPECT_EQ(respondents[0].count, 2);
  auto weeks = store_->reports().result_counts("priorities", ReportDimension::week, {});
  EXPECT_EQ(weeks.front().group, "2025-12-29"); // the Monday of 2026-01-01's week
}

} // namespace
} // namespace stoop::storage
