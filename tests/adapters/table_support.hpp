// Internals shared by the table harness's files: reading case data, building the
// adapter a case describes, and catching secrets on their way to a log.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "tests/adapters/table_harness.hpp"

namespace stoop::adapters::table {

using Json = nlohmann::json;

std::string testdata_path(const std::string& provider, const std::string& file);
// The whole file, byte for byte (bodies are signed over their exact bytes).
std::string read_bytes(const std::string& path);

// A case with everything it needs: its data, its channel and the adapter built from them.
struct LoadedCase {
  Json data;                     // the case object
  Json settings;                 // channel.json's channel, patched by the case's "channel"
  std::string public_url;
  std::vector<std::string> secret_values; // values of the keys the spec flags as secret
  Expected<std::unique_ptr<Adapter>> adapter = make_error("not built");
};

LoadedCase load_case(const CaseRef& ref);

// The body of a case (inline "body" or the bytes of "body_file").
std::string case_body(const CaseRef& ref, const Json& data);

// Captures log lines at debug level for its lifetime.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::vector<std::string> lines_;
};

// Fails the test for every text that contains one of the secret values.
void expect_no_secrets(const std::vector<std::string>& secret_values, const std::vector<std::string>& texts);

} // namespace stoop::adapters::table
