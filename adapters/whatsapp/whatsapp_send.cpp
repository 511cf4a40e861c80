// Building WhatsApp sends: text, reply buttons, lists, and templates outside the
// 24-hour window.
#include <nlohmann/json.hpp>

#include "adapters/choices.hpp"
#include "adapters/json_fields.hpp"
#include "adapters/meta/meta_graph.hpp"
#include "adapters/url.hpp"
#include "adapters/whatsapp/whatsapp_adapter.hpp"

namespace stoop::adapters {
namespace {

// Limits of interactive messages, from Meta's reference for each kind.
constexpr std::size_t max_buttons = 3;
constexpr std::size_t max_button_title = 20;
constexpr std::size_t max_button_body = 1024;
constexpr std::size_t max_row_id_bytes = 200;
constexpr std::size_t max_row_title = 24;
constexpr std::size_t max_row_description = 72;
// A template variable may not hold newlines, tabs or more than four spaces in a row.
constexpr std::size_t max_template_parameter = 1024;

Json envelope(const std::string& to) {
  return Json{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
}

Json text_message(const std::string& to, const std::string& text) {
  Json message = envelope(to);
  message["type"] = "text";
  message["text"] = Json{{"preview_url", false}, {"body", text}};
  return message;
}

bool fits_buttons(const OutboundMessage& message) {
  return message.choices.size() <= max_buttons && labels_fit(message.choices, max_button_title) &&
         character_count(message.text) <= max_button_body;
}

Json reply_buttons(const OutboundMessage& message) {
  Json buttons = Json::array();
  for (const auto& choice : message.choices) {
    buttons.push_back(Json{{"type", "reply"}, {"reply", Json{{"id", choice.id}, {"title", choice.label}}}});
  }
  return Json{{"type", "button"}, {"body", Json{{"text", message.text}}}, {"action", Json{{"buttons", buttons}}}};
}

// A row title holds 24 characters; a longer label is cut there and shown whole
// (up to 72 characters) in the row's description.
Json list_row(const Choice& choice) {
  Json row{{"id", choice.id}, {"title", truncate_characters(choice.label, max_row_title)}};
  if (character_count(choice.label) > max_row_title) {
    row["description"] = truncate_characters(choice.label, max_row_description);
  }
  return row;
}

Json list_message(const OutboundMessage& message, const std::string& button_label) {
  Json rows = Json::array();
  for (const auto& choice : message.choices) rows.push_back(list_row(choice));
  Json action{{"button", truncate_characters(button_label, max_button_title)},
              {"sections", Json::array({Json{{"rows", rows}}})}};
  return Json{{"type", "list"}, {"body", Json{{"text", message.text}}}, {"action", action}};
}

// Newlines, tabs and long runs of spaces become single spaces, which a template
// variable accepts; the choices follow inline so the person can still answer.
std::string template_parameter(const OutboundMessage& message) {
  std::string flat;
  std::string source = message.text;
  for (std::size_t i = 0; i < message.choices.size(); ++i) {
    source += (i == 0 ? " (" : "; ") + std::to_string(i + 1) + ". " + message.choices[i].label;
    if (i + 1 == message.choices.size()) source += ")";
  }
  for (char c : source) {
    bool blank = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (blank && (flat.empty() || flat.back() == ' ')) continue;
    flat += blank ? ' ' : c;
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return truncate_characters(flat, max_template_parameter);
}

} // namespace

const WhatsAppTemplate* WhatsAppAdapter::window_template() const {
  auto found = settings_.templates.find("default");
  return found == settings_.templates.end() ? nullptr : &found->second;
}

std::optional<SendResult> WhatsAppAdapter::send_refusal(const OutboundMessage& message) const {
  if (meta::inside_window(message) || window_template() != nullptr) return std::nullopt;
  SendResult held;
  held.outcome = SendOutcome::held;
  held.error = "outside WhatsApp's 24-hour window and no \"default\" template is configured";
  return held;
}

ClientRequest WhatsAppAdapter::build_send(const OutboundMessage& message) const {
  std::string body;
  const WhatsAppTemplate* chosen = window_template();
  // Without a template, send_refusal has already held this message; should a
  // dispatcher send it anyway, Meta answers 131047, which reads as held too.
  if (!meta::inside_window(message) && chosen != nullptr) {
    body = template_message(message, *chosen);
  } else {
    body = interactive_or_text(message);
  }
  return meta::graph_post(join_url(settings_.api_base, "/" + settings_.phone_number_id + "/messages"),
                          settings_.access_token, std::move(body));
}

std::string WhatsAppAdapter::interactive_or_text(const OutboundMessage& message) const {
  const auto& choices = message.choices;
  bool usable = !choices.empty() && !message.text.empty() && choices_fit_ids(choices, max_row_id_bytes);
  if (usable && fits_buttons(message)) {
    Json out = envelope(message.to);
    out["type"] = "interactive";
    out["interactive"] = reply_buttons(message);
    return out.dump();
  }
  if (usable && choices.size() <= max_list_rows) {
    Json out = envelope(message.to);
    out["type"] = "interactive";
    out["interactive"] = list_message(message, settings_.list_button_label);
    return out.dump();
  }
  return text_message(message.to, with_numbered_choices(message.text, choices)).dump();
}

std::string WhatsAppAdapter::template_message(const OutboundMessage& message, const WhatsAppTemplate& chosen) const {
  Json body{{"name", chosen.name}, {"language", Json{{"code", chosen.language}}}};
  if (chosen.text_parameter) {
    Json parameter{{"type", "text"}, {"text", template_parameter(message)}};
    body["components"] = Json::array({Json{{"type", "body"}, {"parameters", Json::array({parameter})}}});
  }
  Json out = envelope(message.to);
  out["type"] = "template";
  out["template"] = std::move(body);
  return out.dump();
}

} // namespace stoop::adapters
