// Transcript tests: each file in tests/flows/transcripts/ is a conversation
// with the default flows — what the person sends, the replies expected — run
// through the engine exactly as the bot would run it. The format is described
// in tests/flows/transcripts/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "conversation.hpp"

namespace stoop::flows::testing {
namespace {

using nlohmann::json;

std::filesystem::path transcripts_dir() { return std::filesystem::path(STOOP_SOURCE_DIR) / "tests/flows/transcripts"; }

std::vector<std::string> transcript_names() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(transcripts_dir(), error)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += "\n    | " + line;
  return out.empty() ? " (none)" : out;
}

std::int64_t duration_ms(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  auto text = value.get<std::string>();
  std::int64_t number = std::stoll(text.substr(0, text.size() - 1));
  switch (text.back()) {
    case 's': return number * 1000;
    case 'm': return number * 60'000;
    case 'h': return number * 3'600'000;
    default: return number * 86'400'000;
  }
}

ContactView contact_from(const json& value) {
  ContactView contact;
  contact.language = value.value("language", "");
  contact.channel_has_buttons = value.value("buttons", false);
  if (value.contains("fields")) {
    for (const auto& [name, field] : value["fields"].items()) contact.fields[name] = field.get<std::string>();
  }
  if (value.contains("groups")) {
    for (const auto& group : value["groups"]) contact.groups.insert(group.get<std::string>());
  }
  return contact;
}

void perform(Conversation& conversation, const json& step) {
  if (step.contains("wait")) conversation.advance(duration_ms(step["wait"]));
  if (step.contains("buttons")) conversation.contact().channel_has_buttons = step["buttons"].get<bool>();
  if (step.contains("start")) {
    std::map<std::string, std::string> inputs;
    if (step.contains("inputs")) {
      for (const auto& [name, value] : step["inputs"].items()) inputs[name] = value.get<std::string>();
    }
    conversation.start(step["start"].get<std::string>(), inputs);
  } else if (step.contains("send") || step.contains("button")) {
    conversation.say(step.value("send", ""), step.value("button", ""));
  } else if (step.contains("timeout")) {
    if (step["timeout"] == "stale") {
      conversation.stale_time_out();
    } else {
      conversation.time_out();
    }
  } else if (step.value("restart", false)) {
    conversation.restart();
  } else if (step.value("stop", false)) {
    conversation.drop_session();
  }
}

void check_replies(const Conversation& conversation, const json& step, const std::string& where) {
  auto replies = conversation.replies();
  if (step.contains("replies")) {
    const auto& expected = step["replies"];
    EXPECT_EQ(replies.size(), expected.size()) << where << "replies were:" << join(replies);
    for (std::size_t i = 0; i < std::min(replies.size(), expected.size()); ++i) {
      EXPECT_NE(replies[i].find(expected[i].get<std::string>()), std::string::npos)
          << where << "reply " << i + 1 << " should contain \"" << expected[i].get<std::string>()
          << "\"; replies were:" << join(replies);
    }
  }
  if (step.contains("choices")) {
    std::vector<std::string> labels;
    for (const auto& action : conversation.last().actions) {
      if (const auto* send = std::get_if<SendMessage>(&action)) {
        labels.clear();
        for (const auto& choice : send->choices) labels.push_back(choice.label);
      }
    }
    EXPECT_EQ(labels, step["choices"].get<std::vector<std::string>>()) << where;
  }
}

void check_actions(const Conversation& conversation, const json& step, const std::string& where) {
  auto described = conversation.described_actions();
  if (step.contains("results")) {
    for (const auto& [name, expected] : step["results"].items()) {
      bool found = std::any_of(described.begin(), described.end(), [&](const std::string& line) {
        auto slash = line.find('/');
        return line.starts_with("save_result ") && slash != std::string::npos &&
               line.substr(slash + 1) == name + "=" + expected.get<std::string>();
      });
      EXPECT_TRUE(found) << where << "no result " << name << "=" << expected.get<std::string>()
                         << "; actions were:" << join(described);
    }
  }
  if (step.contains("actions")) {
    auto it = described.begin();
    for (const auto& prefix : step["actions"]) {
      it = std::find_if(it, described.end(), [&](const std::string& line) { return line.starts_with(prefix.get<std::string>()); });
      EXPECT_NE(it, described.end()) << where << "no action \"" << prefix.get<std::string>()
                                     << "\" (in this order); actions were:" << join(described);
      if (it == described.end()) break;
      ++it;
    }
  }
  if (!step.contains("absent")) return;
  for (const auto& prefix : step["absent"]) {
    bool present = std::any_of(described.begin(), described.end(),
                               [&](const std::string& line) { return line.starts_with(prefix.get<std::string>()); });
    EXPECT_FALSE(present) << where << "unexpected action \"" << prefix.get<std::string>() << "\"; actions were:" << join(described);
  }
}

void check_state(Conversation& conversation, const json& step, const std::string& where) {
  if (step.contains("waiting")) {
    std::string expected = step["waiting"].is_null() ? "" : step["waiting"].get<std::string>();
    EXPECT_EQ(conversation.waiting_at(), expected) << where << "(\"\" means no session)";
  }
  if (step.contains("language")) {
    EXPECT_EQ(conversation.contact().language, step["language"].get<std::string>()) << where;
  }
  if (step.contains("handled")) {
    EXPECT_EQ(conversation.last().handled, step["handled"].get<bool>()) << where;
  }
  EXPECT_TRUE(conversation.last().problems.empty()) << where << "engine problems:" << join(conversation.last().problems);
}

class Transcript : public ::testing::TestWithParam<std::string> {};

TEST_P(Transcript, Plays) {
  auto path = transcripts_dir() / (GetParam() + ".json");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  json transcript = json::parse(text.str(), nullptr, false, true);
  ASSERT_FALSE(transcript.is_discarded()) << path << " is not valid JSON";
  Conversation conversation(default_flows(), contact_from(transcript.value("contact", json::object())));
  const auto& steps = transcript["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    std::string where = GetParam() + " step " + std::to_string(i + 1) + " (" + step.dump().substr(0, 80) + "): ";
    perform(conversation, step);
    check_replies(conversation, step, where);
    check_actions(conversation, step, where);
    check_state(conversation, step, where);
    if (::testing::Test::HasFailure()) break; // later steps only repeat the first mistake
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

INSTANTIATE_TEST_SUITE_P(DefaultFlows, Transcript, ::testing::ValuesIn(transcript_names()), test_name);

} // namespace
} // namespace stoop::flows::testing
