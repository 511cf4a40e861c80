// The {{...}} placeholders in flow texts and action parameters, and the values
// a switch node tests. One small expression language for both:
//
//   answer                      the last message the person sent
//   contact.language            the contact's language code
//   contact.groups              the contact's groups (switch with in_group only)
//   fields.NAME                 a contact field
//   results.NAME                a saved result's value
//   results.NAME.category       its categories, joined by ","
//   results.NAME.text           exactly what the person sent
//
// Unknown expressions are load errors; a missing field or result renders as "".
// Internal to stoop_flows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flows/engine.hpp"
#include "flows/session.hpp"

namespace stoop::flows::detail {

bool is_valid_expression(std::string_view expression);

// A message describing the first bad placeholder in `text`, or nullopt.
std::optional<std::string> template_error(std::string_view text);

struct TemplateScope {
  const Session& session;
  const ContactView& contact;
};

std::string evaluate(std::string_view expression, const TemplateScope& scope);
std::string render(std::string_view text, const TemplateScope& scope);

} // namespace stoop::flows::detail
