#include "bot/transparency.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/api/reports.hpp"
#include "bot/data_rights.hpp"
#include "bot/message_reading.hpp"
#include "bot/pipeline.hpp"
#include "core/log.hpp"
#include "flows/engine.hpp"
#include "flows/flow.hpp"

namespace stoop {
namespace {

constexpr std::int64_t minute_ms = 60'000;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

} // namespace

const std::vector<std::string>& transparency_catalogue_keys() {
  static const std::vector<std::string> keys{
      "results_neighbourhood", "results_area", "results_none", "results_more",  "fewer_than_5", "mydata",
      "mydata_none",           "word_yes",     "word_no",      "delete_confirm"};
  return keys;
}

Transparency::Transparency(const Config& config, const Catalogue& catalogue, const Outbox& outbox,
                           std::shared_ptr<const flows::Engine> engine)
    : config_(config), catalogue_(catalogue), outbox_(outbox), engine_(std::move(engine)) {}

std::string Transparency::choice_label(std::string_view result, std::string_view id, std::string_view language) const {
  const auto* flow = engine_ ? engine_->flows().find(config_.transparency.poll) : nullptr;
  if (flow != nullptr) {
    for (const auto& node : flow->nodes) {
      if (node.result != result) continue;
      for (const auto& choice : node.choices) {
        if (choice.id != id) continue;
        if (const auto* text = choice.label.find(language, flow->default_language)) return *text;
      }
    }
  }
  return std::string(id);
}

std::string Transparency::category_label(std::string_view category, std::string_view language) const {
  return choice_label(config_.transparency.result, category, language);
}

std::string Transparency::neighbourhood_label(std::string_view neighbourhood, std::string_view language) const {
  return choice_label(config_.transparency.neighbourhood_result, neighbourhood, language);
}

nlohmann::json Transparency::labels() const {
  nlohmann::json out{{"categories", nlohmann::json::object()}, {"neighbourhoods", nlohmann::json::object()}};
  const auto* flow = engine_ ? engine_->flows().find(config_.transparency.poll) : nullptr;
  if (flow == nullptr) return out;
  for (const auto& node : flow->nodes) {
    const char* kind = node.result == config_.transparency.result                 ? "categories"
                       : node.result == config_.transparency.neighbourhood_result ? "neighbourhoods"
                                                                                  : nullptr;
    if (kind == nullptr) continue;
    for (const auto& choice : node.choices) {
      auto& entry = out[kind][choice.id] = nlohmann::json::object();
      for (const auto& language : config_.languages) {
        const auto* text = choice.label.find(language, flow->default_language);
        entry[language] = text ? *text : choice.id;
      }
    }
  }
  return out;
}

std::string Transparency::top_list(const std::vector<storage::CountRow>& counts, std::string_view group,
                                   std::string_view language) const {
  std::vector<storage::CountRow> rows;
  for (const auto& row : counts) {
    if (row.group == group && !row.category.empty()) rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    // Counts too small to show are not ranked among themselves either.
    auto shown_a = a.count < api::suppression_threshold ? 0 : a.count;
    auto shown_b = b.count < api::suppression_threshold ? 0 : b.count;
    return shown_a != shown_b ? shown_a > shown_b : a.category < b.category;
  });
  if (rows.size() > static_cast<std::size_t>(config_.transparency.results_top)) {
    rows.resize(static_cast<std::size_t>(config_.transparency.results_top));
  }
  std::vector<std::string> parts;
  for (const auto& row : rows) {
    auto shown =
        row.count < api::suppression_threshold ? catalogue_.text("fewer_than_5", language) : std::to_string(row.count);
    parts.push_back(category_label(row.category, language) + " (" + shown + ")");
  }
  return join(parts, ", ");
}

std::string Transparency::results_text(storage::Store& store, std::string_view language,
                                       std::string_view neighbourhood) const {
  const auto& result = config_.transparency.result;
  auto whole_area = top_list(store.transparency().public_counts(result, storage::ReportDimension::all), "", language);
  if (whole_area.empty()) return catalogue_.text("results_none", language);
  std::vector<std::string> lines;
  if (!neighbourhood.empty()) {
    auto local = top_list(store.transparency().public_counts(result, storage::ReportDimension::neighbourhood),
                          neighbourhood, language);
    if (!local.empty()) {
      auto line = replace_placeholder(catalogue_.text("results_neighbourhood", language), "{neighbourhood}",
                                      neighbourhood_label(neighbourhood, language));
      lines.push_back(replace_placeholder(line, "{list}", local));
    }
  }
  lines.push_back(replace_placeholder(catalogue_.text("results_area", language), "{list}", whole_area));
  lines.push_back(replace_placeholder(catalogue_.text("results_more", language), "{url}",
                                      config_.server.public_url + "/community"));
  return join(lines, "\n");
}

std::string Transparency::my_data_text(storage::Store& store, const storage::ContactRecord& contact) const {
  const auto& language = contact.language;
  auto none = catalogue_.text("mydata_none", language);
  std::vector<std::string> channels;
  for (const auto& identity : store.contacts().identities(contact.id)) {
    if (std::find(channels.begin(), channels.end(), identity.channel_id) == channels.end()) {
      channels.push_back(identity.channel_id);
    }
  }
  std::vector<std::string> fields;
  auto parsed = nlohmann::json::parse(contact.fields_json, nullptr, false);
  if (parsed.is_object()) {
    for (const auto& [key, value] : parsed.items()) {
      fields.push_back(key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()));
    }
  }
  std::vector<std::string> consents;
  for (const auto& consent : store.contact_admin().consents(contact.id)) {
    consents.push_back(consent.purpose + ": " + catalogue_.text(consent.granted ? "word_yes" : "word_no", language));
  }
  std::vector<std::string> requests;
  storage::RequestFilter mine;
  mine.contact_id = contact.id;
  for (const auto& request : store.requests().list(mine)) {
    if (request.status == "done" || request.status == "closed" || request.status == "cancelled") continue;
    requests.push_back("#" + std::to_string(request.id) + (request.topic.empty() ? "" : " " + request.topic) + " (" +
                       request.status + ")");
  }
  auto or_none = [&none](const std::vector<std::string>& list) { return list.empty() ? none : join(list, ", "); };
  auto text = catalogue_.text("mydata", language);
  text = replace_placeholder(text, "{name}", contact.name.empty() ? none : contact.name);
  text = replace_placeholder(text, "{language}", language.empty() ? none : language);
  text = replace_placeholder(text, "{channels}", or_none(channels));
  text = replace_placeholder(text, "{fields}", or_none(fields));
  text = replace_placeholder(text, "{consents}", or_none(consents));
  text = replace_placeholder(text, "{messages}", std::to_string(store.contact_admin().message_count(contact.id)));
  return replace_placeholder(text, "{requests}", or_none(requests));
}

bool Transparency::erase_contact(storage::Store& store, std::int64_t contact_id) const {
  auto contact = store.contacts().get(contact_id);
  if (!contact) return false;
  if (before_erase_) before_erase_(store, *contact);
  return store.contact_admin().erase(contact_id);
}

bool Transparency::handle_rights(InboundContext& context, bool& erased) const {
  erased = false;
  auto word = context.reading.rights;
  auto& contact = context.contact;
  auto& rights = context.store.transparency();
  if (word == RightsWord::my_data) {
    context.store.contacts().update(contact); // what this message changed counts too
    context.reply_text(my_data_text(context.store, contact), OutboxKind::consent);
    return true;
  }
  if (word != RightsWord::erase) return false;
  if (rights.take_erase_request(contact.id, context.now)) {
    auto contact_id = contact.id;
    erase_contact(context.store, contact_id);
    storage::AuditRecord entry;
    entry.at = context.now;
    entry.actor = "contact";
    entry.action = "contact.erase";
    entry.target_type = "contact";
    entry.target_id = std::to_string(contact_id);
    entry.details_json = R"({"reason":"the person texted DELETE and confirmed"})";
    context.store.audit().record(entry);
    erased = true;
    log_info("pipeline", "contact ", contact_id, " erased their data by text");
    return true;
  }
  auto minutes = config_.transparency.delete_confirm_minutes;
  rights.set_erase_request(contact.id, context.now + minutes * minute_ms);
  context.reply_text(
      replace_placeholder(catalogue_.text("delete_confirm", contact.language), "{minutes}", std::to_string(minutes)),
      OutboxKind::consent);
  return true;
}

bool Transparency::handle_results(InboundContext& context) const {
  if (context.reading.rights != RightsWord::results) return false;
  std::string neighbourhood;
  auto fields = nlohmann::json::parse(context.contact.fields_json, nullptr, false);
  if (fields.is_object()) {
    if (auto it = fields.find("neighbourhood"); it != fields.end() && it->is_string()) {
      neighbourhood = it->get<std::string>();
    }
  }
  context.reply_text(results_text(context.store, context.contact.language, neighbourhood));
  return true;
}

void Transparency::run_broadcast(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) const {
  std::int64_t id = 0;
  try {
    id = std::stoll(timer.key);
  } catch (const std::exception&) {
    log_warn("broadcast", "ignoring a broadcast timer with key ", timer.key);
    return;
  }
  auto& rights = store.transparency();
  auto broadcast = rights.broadcast(id);
  if (!broadcast || broadcast->state != "running") return;
  auto texts = nlohmann::json::parse(broadcast->text_json, nullptr, false);
  if (!texts.is_object()) texts = nlohmann::json::object();
  auto batch = rights.pending_recipients(id, static_cast<std::size_t>(config_.transparency.broadcast_batch));
  for (auto contact_id : batch) {
    auto contact = store.contacts().get(contact_id);
    if (!contact) {
      rights.mark_recipient(id, contact_id, "unreachable", std::nullopt, now);
      continue;
    }
    if (contact->opted_out || store.consents().get(contact_id, "service") == std::optional<bool>(false)) {
      rights.mark_recipient(id, contact_id, "opted_out", std::nullopt, now);
      continue;
    }
    Outgoing message;
    message.kind = OutboxKind::broadcast;
    message.text = texts.value(contact->language, texts.value(config_.default_language, std::string()));
    if (message.text.empty() && !texts.empty()) message.text = texts.begin()->get<std::string>();
    auto ids = outbox_.enqueue_to_contact(store, *contact, message);
    if (ids.empty()) {
      rights.mark_recipient(id, contact_id, "unreachable", std::nullopt, now);
    } else {
      rights.mark_recipient(id, contact_id, "queued", ids.front(), now);
    }
  }
  if (rights.pending_recipients(id, 1).empty()) {
    rights.finish_broadcast(id, now);
    log_info("broadcast", "broadcast ", id, " has queued every recipient");
  } else {
    store.timers().set(broadcast_timer, timer.key, now + config_.transparency.broadcast_pause_ms, "{}");
  }
}

void Transparency::run_retention(storage::Store& store, std::int64_t now) const {
  const auto& retention = config_.retention;
  if (retention.message_days > 0) {
    auto cutoff = now - static_cast<std::int64_t>(retention.message_days) * 24 * 60 * minute_ms;
    auto emptied = store.transparency().erase_old_message_bodies(cutoff);
    if (emptied > 0)
      log_info("retention", "emptied ", emptied, " message bodies older than ", retention.message_days, " days");
  }
  store.timers().set(retention_timer, "messages", now + retention.check_minutes * minute_ms, "{}");
}

void Transparency::arm(storage::Store& store, std::int64_t now) const {
  if (config_.retention.message_days > 0) store.timers().set(retention_timer, "messages", now, "{}");
}

} // namespace stoop
