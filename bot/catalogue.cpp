#include "bot/catalogue.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace stoop {

const std::vector<std::string>& pipeline_catalogue_keys() {
  static const std::vector<std::string> keys{"opt_out_confirmation", "opt_in_confirmation", "help", "request_opened"};
  return keys;
}

Expected<Catalogue> Catalogue::parse(std::string_view text, const std::string& default_language,
                                     const std::vector<std::string>& required) {
  auto json = nlohmann::json::parse(text, nullptr, false, true);
  if (json.is_discarded() || !json.is_object()) return make_error("/: expected a JSON object");
  Catalogue catalogue;
  catalogue.default_language_ = default_language;
  for (auto& [key, translations] : json.items()) {
    if (key == "$comment") continue;
    if (!translations.is_object()) return make_error("/" + key + ": expected an object of language → text");
    for (auto& [language, value] : translations.items()) {
      if (!value.is_string()) return make_error("/" + key + "/" + language + ": expected a string");
      catalogue.texts_[key][language] = value.get<std::string>();
    }
  }
  for (const auto& key : required) {
    auto it = catalogue.texts_.find(key);
    if (it == catalogue.texts_.end() || !it->second.count(default_language)) {
      return make_error("/" + key + ": missing the text in the default language \"" + default_language + "\"");
    }
  }
  return catalogue;
}

Expected<Catalogue> Catalogue::load(const std::string& path, const std::string& default_language,
                                    const std::vector<std::string>& required) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  auto catalogue = parse(text.str(), default_language, required);
  if (!catalogue) return make_error(path + ": " + catalogue.error());
  return catalogue;
}

std::string Catalogue::text(std::string_view key, std::string_view language) const {
  auto it = texts_.find(std::string(key));
  if (it != texts_.end()) {
    if (auto t = it->second.find(std::string(language)); t != it->second.end()) return t->second;
    if (auto t = it->second.find(default_language_); t != it->second.end()) return t->second;
  }
  return std::string(key);
}

} // namespace stoop
