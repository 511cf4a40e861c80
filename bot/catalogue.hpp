// The office's own texts (consent confirmations, HELP, the welcome before a
// flow takes over, safety messages...) in every language, from
// config/messages.json: {"key": {"en": "...", "es": "...", ...}, ...}.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace stoop {

class Catalogue {
 public:
  // Every key in `required` must have a text in the default language.
  static Expected<Catalogue> load(const std::string& path, const std::string& default_language,
                                  const std::vector<std::string>& required);
  static Expected<Catalogue> parse(std::string_view json, const std::string& default_language,
                                   const std::vector<std::string>& required);

  // The text in that language, else in the default language, else the key itself.
  std::string text(std::string_view key, std::string_view language) const;
  bool has(std::string_view key) const { return texts_.count(std::string(key)) > 0; }

 private:
  std::string default_language_;
  std::map<std::string, std::map<std::string, std::string>> texts_;
};

// The keys the pipeline itself needs.
const std::vector<std::string>& pipeline_catalogue_keys();

} // namespace stoop
