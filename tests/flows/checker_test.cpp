// `stoop flows check`: every message the checker can give, each on a small bad
// file in tests/flows/testdata/, and the command's output format and exit code.
#include <gtest/gtest.h>

#include <sstream>
#include <unistd.h>

#include "flows/loader.hpp"

namespace stoop::flows {
namespace {

std::string testdata(const std::string& name) { return std::string(STOOP_SOURCE_DIR) + "/tests/flows/testdata/" + name; }

struct Expected {
  std::vector<std::string> files;      // checked together
  std::string file;                    // the file the diagnostic is about
  std::string pointer;
  std::string message;                 // a part of the message
  Severity severity = Severity::error;
  FlowReferences references = FlowReferences::must_resolve;
};

std::ostream& operator<<(std::ostream& out, const Expected& expected) {
  return out << expected.file << ": " << expected.pointer << ": " << expected.message;
}

class CheckerMessage : public ::testing::TestWithParam<Expected> {};

TEST_P(CheckerMessage, IsReportedAtItsPointer) {
  const auto& expected = GetParam();
  std::vector<std::string> paths;
  for (const auto& file : expected.files) paths.push_back(testdata(file));
  auto loaded = load_flow_files(paths, expected.references);
  std::string all;
  bool found = false;
  for (const auto& diagnostic : loaded.diagnostics) {
    all += "\n  " + format_diagnostic(diagnostic);
    found = found || (diagnostic.file == testdata(expected.file) && diagnostic.json_pointer == expected.pointer &&
                      diagnostic.message.find(expected.message) != std::string::npos &&
                      diagnostic.severity == expected.severity);
  }
  EXPECT_TRUE(found) << "expected " << expected << "\ngot:" << all;
  EXPECT_EQ(loaded.ok(), expected.severity == Severity::warning) << all;
}

Expected one(std::string file, std::string pointer, std::string message, Severity severity = Severity::error) {
  return Expected{{file}, file, std::move(pointer), std::move(message), severity, FlowReferences::must_resolve};
}

const Expected messages[] = {
    // The file as a whole
    one("syntax_error.json", "", "invalid JSON: parse error at line 1, column 23"),
    one("duplicate_key.json", "/id", "duplicate key \"id\" (only the last one would count)"),
    one("not_an_object.json", "", "a flow file must be an object, not an array"),
    one("missing_nodes.json", "", "missing required key \"nodes\""),
    one("empty_nodes.json", "/nodes", "must be a non-empty array of nodes"),
    Expected{{"missing.json"}, "missing.json", "", "cannot read the file", Severity::error, FlowReferences::must_resolve},
    // Schema: unknown keys and wrong types
    one("unknown_key.json", "/nodes/0/nxt", "unknown key \"nxt\" (did you mean \"next\"?)"),
    one("wrong_types.json", "/nodes/0/text", "must be a text (a string, or translations by language code), not a number"),
    one("wrong_types.json", "/nodes/0/retries", "must be a whole number, not a string"),
    one("wrong_types.json", "/name", "must be a string, not a number"),
    one("wrong_types.json", "/catch_all", "must be true or false, not a string"),
    one("case_min_not_a_number.json", "/nodes/0/cases/0/min", "must be a number, not a string"),
    one("retries_out_of_range.json", "/nodes/0/retries", "must be from 0 to 10"),
    one("node_not_object.json", "/nodes/0", "a node must be an object, not a string"),
    one("unknown_node_type.json", "/nodes/0/type", "unknown node type \"sned\""),
    one("unknown_answer.json", "/nodes/0/answer", "unknown answer \"multiple_choice\""),
    one("unknown_test.json", "/nodes/0/cases/0/test", "unknown test \"contains\""),
    one("default_as_test.json", "/nodes/0/cases/0/test", "the branch for no match is the node's \"default\" or \"next\""),
    one("unknown_action.json", "/nodes/0/actions/0/type", "unknown action \"send_email\""),
    one("switch_on_unknown.json", "/nodes/0/on", "unknown value \"phone\""),
    one("bad_duration.json", "/nodes/0/timeout/after", "must be a duration such as \"30m\", \"24h\" or \"7d\""),
    one("timeout_not_object.json", "/nodes/0/timeout", "\"timeout\" must be an object, not a string"),
    one("empty_cases.json", "/nodes/0/cases", "must be a non-empty array of cases"),
    one("empty_actions.json", "/nodes/0/actions", "must be a non-empty array of actions"),
    one("choices_not_array.json", "/nodes/0/choices", "must be an array of choices, not an object"),
    one("synonyms_not_array.json", "/nodes/0/choices/0/synonyms/en", "must be an array of strings, not a string"),
    one("ask_case_without_category.json", "/nodes/0/cases/0", "missing required key \"category\""),
    one("case_key_unused.json", "/nodes/0/cases/0/min", "\"min\" is not used by the test \"any_word\""),
    one("case_value_wrong_type.json", "/nodes/0/cases/0/value", "must be a string, or strings by language code, not an array"),
    one("case_value_without_words.json", "/nodes/0/cases/0/value", "needs at least one letter or digit to match"),
    one("multiple_not_choice.json", "/nodes/0/multiple", "\"multiple\" is only for choice answers"),
    one("choices_not_choice.json", "/nodes/0/choices", "\"choices\" is only for choice and yes_no answers"),
    one("min_not_number.json", "/nodes/0/min", "\"min\" is only for number answers"),
    one("cases_on_choice.json", "/nodes/0/cases", "\"cases\" is only for number and text answers"),
    one("min_over_max.json", "/nodes/0/min", "\"min\" is more than \"max\""),
    one("case_min_over_max.json", "/nodes/0/cases/0/min", "\"min\" is more than \"max\""),
    one("next_without_return.json", "/nodes/0/next", "\"next\" needs \"return\": true"),
    one("in_group_needs_groups.json", "/nodes/0/cases/0", "in_group tests need \"on\": \"contact.groups\""),
    one("groups_need_in_group.json", "/nodes/0/cases/0", "a switch on contact.groups only takes in_group tests"),
    one("empty_choices.json", "/nodes/0/choices", "a choice question needs at least one choice"),
    one("yes_no_other_choice.json", "/nodes/0/choices/0/id", "a yes_no question has only the choices \"yes\" and \"no\""),
    one("duplicate_choice_id.json", "/nodes/0/choices/1/id", "duplicate choice id \"a\""),
    // Names
    one("bad_flow_id.json", "/id", "a flow id may only have lower-case letters, digits, \"_\" or \"-\""),
    one("bad_names.json", "/nodes/0/id", "a node id may only have letters, digits"),
    one("bad_names.json", "/nodes/0/choices/0/id", "a choice id may only have lower-case letters"),
    one("bad_names.json", "/nodes/1/actions/0/group", "\"group\" may only have lower-case letters"),
    one("bad_names.json", "/nodes/1/actions/1/extra/Bad Name", "a name may only have lower-case letters"),
    one("bad_names.json", "/nodes/1/actions/2", "missing required key \"value\""),
    one("bad_names.json", "/nodes/2/cases/0/group", "a group may only have lower-case letters"),
    one("bad_names.json", "/nodes/2/cases/0/category", "a category may only have lower-case letters"),
    one("bad_names.json", "/nodes/3/flow", "a flow id may only have lower-case letters"),
    one("bad_result_name.json", "/nodes/0/result", "a result name may only have lower-case letters"),
    // Texts and languages
    one("missing_default_text.json", "/nodes/0/text", "missing text in the default language \"en\""),
    one("missing_translation.json", "/nodes/0/text", "missing translation: vi", Severity::warning),
    one("undeclared_language.json", "/nodes/0/text/fr", "\"fr\" is not one of the flow's languages; never shown",
        Severity::warning),
    one("empty_text.json", "/nodes/0/text", "must not be empty"),
    one("bad_language_code.json", "/nodes/0/text/EN", "\"EN\" is not a language code (such as \"en\" or \"kea\")"),
    one("translation_object.json", "/nodes/0/text/en/txt", "unknown key \"txt\" (did you mean \"text\"?)"),
    one("translation_wrong_type.json", "/nodes/0/text/en", "must be a string or {\"text\": ..., \"reviewed\": ...}, not a number"),
    one("unknown_placeholder.json", "/nodes/0/text", "unknown placeholder \"{{name}}\""),
    one("unclosed_placeholder.json", "/nodes/0/text", "a \"{{\" with no \"}}\" after it"),
    one("languages_twice.json", "/languages/1", "\"en\" is listed twice"),
    one("languages_not_array.json", "/languages", "must be a non-empty array of language codes"),
    one("language_not_a_code.json", "/languages/1", "must be a language code such as \"en\" or \"kea\""),
    one("default_language_not_listed.json", "/default_language", "the default language \"en\" must be one of \"languages\""),
    // Triggers
    one("trigger_language.json", "/triggers/fr", "\"fr\" is not one of the flow's languages"),
    one("keyword_without_letters.json", "/triggers/en/0", "a keyword needs at least one letter or digit"),
    one("keyword_not_a_string.json", "/triggers/en", "must be a keyword or an array of keywords, not a number"),
    one("keyword_item_not_a_string.json", "/triggers/en/0", "a keyword must be a string, not a number"),
    one("reserved_keyword.json", "/triggers/en/0", "\"STOP\" is a word the pipeline answers before any flow",
        Severity::warning),
    Expected{{"keyword_first.json", "keyword_second.json"}, "keyword_second.json", "/triggers/en/0",
             "keyword \"Priorities\" is also a trigger of flow \"first\"", Severity::error, FlowReferences::must_resolve},
    // The shape of the flow
    one("duplicate_node_id.json", "/nodes/1/id", "duplicate node id \"a\" (also at /nodes/0/id)"),
    one("next_names_no_node.json", "/nodes/0/next", "no node with id \"b\" in this flow"),
    one("unreachable_node.json", "/nodes/1", "node \"b\" can never be reached"),
    one("choices_no_way_out.json", "/nodes/0/choices", "this choice list has no way out"),
    one("question_no_way_out.json", "/nodes/0", "no way out: every answer leads back to \"q\""),
    one("loop_without_wait.json", "/nodes/0", "these nodes loop forever without waiting for an answer: a -> b -> a"),
    one("invalid_regex.json", "/nodes/0/cases/0/value", "invalid regular expression: "),
    // Across files
    one("start_flow_unknown.json", "/nodes/0/flow", "no flow with id \"nowhere\""),
    Expected{{"start_flow_unknown.json"}, "start_flow_unknown.json", "/nodes/0/flow",
             "no flow with id \"nowhere\" among the files checked", Severity::warning, FlowReferences::may_be_elsewhere},
    Expected{{"catch_all_first.json", "catch_all_second.json"}, "catch_all_second.json", "/catch_all",
             "flow \"catch_first\"", Severity::error, FlowReferences::must_resolve},
    Expected{{"same_id_first.json", "same_id_second.json"}, "same_id_second.json", "/id", "flow id \"same\" is already used by",
             Severity::error, FlowReferences::must_resolve},
};

std::string name_of(const ::testing::TestParamInfo<Expected>& param) {
  std::string name = std::to_string(param.index) + "_" + param.param.file.substr(0, param.param.file.find('.'));
  return name;
}

INSTANTIATE_TEST_SUITE_P(Every, CheckerMessage, ::testing::ValuesIn(messages), name_of);

TEST(FlowsCheck, PrintsFilePointerAndMessageAndExitsOne) {
  std::ostringstream out;
  std::ostringstream err;
  auto file = testdata("next_names_no_node.json");
  EXPECT_EQ(run_flows_check({file}, out, err), 1);
  EXPECT_EQ(err.str(), file + ": /nodes/0/next: no node with id \"b\" in this flow\n");
  EXPECT_EQ(out.str(), "");
}

TEST(FlowsCheck, WarningsArePrintedButDoNotFail) {
  std::ostringstream out;
  std::ostringstream err;
  auto file = testdata("missing_translation.json");
  EXPECT_EQ(run_flows_check({file}, out, err), 0);
  EXPECT_EQ(err.str(), file + ": /nodes/0/text: warning: missing translation: vi\n");
  EXPECT_EQ(out.str(), file + ": ok: flow \"x\", 1 nodes; es 1/1 translated, 0 reviewed; vi 0/1 translated, 0 reviewed\n");
}

TEST(FlowsCheck, OneBadFileAmongGoodOnesFailsTheRun) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_flows_check({testdata("missing_translation.json"), testdata("unreachable_node.json")}, out, err), 1);
  EXPECT_NE(out.str().find("missing_translation.json: ok"), std::string::npos);
  EXPECT_EQ(out.str().find("unreachable_node.json: ok"), std::string::npos);
}

TEST(FlowsCheck, NoFilesIsAnError) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_flows_check({}, out, err), 1);
  EXPECT_NE(err.str().find("no flow files"), std::string::npos);
}

TEST(FlowsDirectory, ReportsAMissingDirectoryAndAnEmptyOne) {
  auto missing = load_flow_directory(testdata("no_such_directory"));
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_NE(missing.diagnostics[0].message.find("cannot read the flows directory"), std::string::npos);
  EXPECT_FALSE(missing.ok());
  auto empty_dir = std::filesystem::temp_directory_path() / ("stoop_flows_empty_" + std::to_string(::getpid()));
  std::filesystem::create_directories(empty_dir);
  auto empty = load_flow_directory(empty_dir);
  EXPECT_TRUE(empty.ok());
  ASSERT_EQ(empty.diagnostics.size(), 1u);
  EXPECT_NE(empty.diagnostics[0].message.find("no flow files"), std::string::npos);
  std::filesystem::remove(empty_dir);
}

} // namespace
} // namespace stoop::flows
