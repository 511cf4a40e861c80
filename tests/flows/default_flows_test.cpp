// The shipped flows in config/flows: they load with no error and no warning,
// every one is translated into all six languages, and the names that reports
// and routing rely on are there.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "conversation.hpp"
#include "flows/loader.hpp"

namespace stoop::flows::testing {
namespace {

std::string flows_dir() { return std::string(STOOP_SOURCE_DIR) + "/config/flows"; }

TEST(DefaultFlows, LoadWithoutErrorsOrWarnings) {
  auto loaded = load_flow_directory(flows_dir());
  for (const auto& diagnostic : loaded.diagnostics) ADD_FAILURE() << format_diagnostic(diagnostic);
  std::vector<std::string> ids;
  for (const auto& flow : loaded.flows->flows) ids.push_back(flow.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"catch_all", "educators", "feedback", "language", "priorities", "request",
                                           "welcome"}));
}

TEST(DefaultFlows, CheckCommandAcceptsThem) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(flows_dir())) files.push_back(entry.path().string());
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_flows_check(files, out, err), 0) << err.str();
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(out.str().find("ok: flow \"priorities\""), std::string::npos) << out.str();
}

TEST(DefaultFlows, EveryTextIsInAllSixLanguagesAndMarkedUnreviewed) {
  for (const auto& flow : default_flows()->flows) {
    EXPECT_EQ(flow.languages, (std::vector<std::string>{"en", "es", "ht", "kea", "zh", "vi"})) << flow.id;
    for (const auto& count : translation_counts(flow)) {
      EXPECT_EQ(count.translated, count.texts) << flow.id << " " << count.language;
      EXPECT_EQ(count.reviewed, 0) << flow.id << " " << count.language << ": nobody has reviewed these yet";
    }
  }
}

std::vector<std::string> choice_ids(const Flow& flow, const std::string& node_id) {
  std::vector<std::string> ids;
  const Node* node = flow.find_node(node_id);
  if (node) {
    for (const auto& choice : node->choices) ids.push_back(choice.id);
  }
  return ids;
}

TEST(DefaultFlows, PollResultNamesAndCategoriesAreTheReportOnes) {
  const Flow* poll = default_flows()->find("priorities");
  ASSERT_NE(poll, nullptr);
  EXPECT_EQ(poll->find_node("neighbourhood")->result, "neighbourhood");
  EXPECT_EQ(choice_ids(*poll, "neighbourhood"),
            (std::vector<std::string>{"roxbury", "mission_hill", "jamaica_plain", "other"}));
  EXPECT_EQ(poll->find_node("priorities")->result, "priorities");
  EXPECT_TRUE(poll->find_node("priorities")->multiple);
  EXPECT_EQ(choice_ids(*poll, "priorities"),
            (std::vector<std::string>{"access_to_care", "food", "housing", "mental_health", "violence_safety",
                                      "environment_air", "youth", "older_adults", "language_access", "other"}));
  EXPECT_EQ(poll->find_node("doctors_learn")->result, "doctors_learn");
}

TEST(DefaultFlows, RequestAndFeedbackNamesAreTheRoutingOnes) {
  const Flow* request = default_flows()->find("request");
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(choice_ids(*request, "topic"), (std::vector<std::string>{"find_care", "insurance_costs", "food", "housing",
                                                                     "mental_health", "benefits_forms", "other"}));
  EXPECT_EQ(choice_ids(*request, "urgency"), (std::vector<std::string>{"today", "this_week", "no_rush"}));
  const Flow* feedback = default_flows()->find("feedback");
  ASSERT_NE(feedback, nullptr);
  EXPECT_EQ(choice_ids(*feedback, "rating"), (std::vector<std::string>{"1", "2", "3", "4", "5"}));
}

} // namespace
} // namespace stoop::flows::testing
