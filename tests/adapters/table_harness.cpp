// Loading case files and the checks every case shares (see table_harness.hpp).
#include "tests/adapters/table_harness.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "core/log.hpp"
#include "tests/adapters/table_support.hpp"

namespace stoop::adapters::table {

std::string testdata_path(const std::string& provider, const std::string& file) {
  return std::string(STOOP_SOURCE_DIR) + "/tests/adapters/" + provider + "/testdata/" + file;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {

Json read_json(const std::string& path) { return Json::parse(read_bytes(path)); }

} // namespace

std::vector<CaseRef> load_cases(const std::string& provider, const std::string& kind) {
  std::vector<CaseRef> refs;
  try {
    Json cases = read_json(testdata_path(provider, kind + ".json"));
    for (std::size_t i = 0; i < cases.size(); ++i) {
      refs.push_back(CaseRef{provider, kind, i, cases.at(i).at("label").get<std::string>(), ""});
    }
  } catch (const std::exception& error) {
    // Reported as a failing case rather than as a suite that silently has no cases.
    refs.push_back(CaseRef{provider, kind, 0, "case_file", error.what()});
  }
  return refs;
}

void PrintTo(const CaseRef& ref, std::ostream* out) {
  *out << ref.provider << "/testdata/" << ref.kind << ".json[" << ref.index << "] \"" << ref.label << "\"";
}

std::string case_name(const ::testing::TestParamInfo<CaseRef>& info) {
  std::string name;
  for (char c : info.param.label) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name += keep ? c : '_';
  }
  return name + "_" + std::to_string(info.param.index);
}

LoadedCase load_case(const CaseRef& ref) {
  LoadedCase loaded;
  Json channel_file = read_json(testdata_path(ref.provider, "channel.json"));
  loaded.data = read_json(testdata_path(ref.provider, ref.kind + ".json")).at(ref.index);
  loaded.settings = channel_file.at("channel");
  if (loaded.data.contains("channel")) loaded.settings.merge_patch(loaded.data["channel"]);
  loaded.public_url = loaded.data.value("public_url", channel_file.at("public_url").get<std::string>());
  const AdapterSpec* spec = find_adapter_spec(loaded.settings.at("type").get<std::string>());
  if (spec == nullptr) throw std::runtime_error("no adapter for the channel's type");
  for (const auto& key : spec->keys) {
    bool configured = loaded.settings.contains(key.name) && loaded.settings[key.name].is_string();
    // An empty value cannot leak (and would match every text).
    if (key.secret && configured && !loaded.settings[key.name].get<std::string>().empty()) {
      loaded.secret_values.push_back(loaded.settings[key.name].get<std::string>());
    }
  }
  ChannelConfig config{loaded.settings.at("id").get<std::string>(), loaded.public_url, &loaded.settings};
  loaded.adapter = spec->create(config);
  return loaded;
}

std::string case_body(const CaseRef& ref, const Json& data) {
  if (data.contains("body_file")) return read_bytes(testdata_path(ref.provider, data["body_file"].get<std::string>()));
  return data.value("body", "");
}

LogCapture::LogCapture() {
  set_log_level(LogLevel::debug);
  set_log_sink([this](std::string_view line) { lines_.emplace_back(line); });
}

LogCapture::~LogCapture() {
  set_log_sink(nullptr);
  set_log_level(LogLevel::info);
}

void expect_no_secrets(const std::vector<std::string>& secret_values, const std::vector<std::string>& texts) {
  for (const auto& secret : secret_values) {
    for (const auto& text : texts) {
      EXPECT_EQ(text.find(secret), std::string::npos) << "a secret reached a log line or error text: " << text;
    }
  }
}

void expect_declared_secrets(const std::string& provider) {
  Json channel_file = read_json(testdata_path(provider, "channel.json"));
  const AdapterSpec* spec = find_adapter_spec(channel_file.at("channel").at("type").get<std::string>());
  ASSERT_NE(spec, nullptr);
  std::set<std::string> declared;
  for (const auto& key : spec->keys) {
    if (key.secret) declared.insert(key.name);
  }
  auto expected = channel_file.at("secrets").get<std::set<std::string>>();
  EXPECT_EQ(declared, expected);
  // Every declared secret is configured in the table's channel, so the cases check it.
  for (const auto& name : declared) EXPECT_TRUE(channel_file["channel"].contains(name)) << name;
}

} // namespace stoop::adapters::table
