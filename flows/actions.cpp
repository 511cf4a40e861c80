#include "flows/actions.hpp"

#include <type_traits>

namespace stoop::flows {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string describe_request(const OpenRequest& request) {
  std::string out = "open_request " + request.kind + " topic=" + request.topic + " urgency=" + request.urgency +
                    " language=" + request.language;
  for (const auto& [name, value] : request.extra) out += " " + name + "=" + value;
  return out;
}

} // namespace

std::string_view to_string(EndReason reason) {
  switch (reason) {
    case EndReason::completed: return "completed";
    case EndReason::interrupted: return "interrupted";
    case EndReason::expired: return "expired";
    case EndReason::timed_out: return "timed_out";
    case EndReason::retries_exhausted: return "retries_exhausted";
    case EndReason::error: return "error";
  }
  return "?";
}

std::string describe(const Action& action) {
  return std::visit(
      [](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SendMessage>) {
          std::string out = "send " + a.text;
          for (const auto& choice : a.choices) out += " [" + choice.label + "]";
          return out;
        } else if constexpr (std::is_same_v<T, SetField>) {
          return "set_field " + a.field + "=" + a.value;
        } else if constexpr (std::is_same_v<T, SetLanguage>) {
          return "set_language " + a.language;
        } else if constexpr (std::is_same_v<T, AddToGroup>) {
          return "add_to_group " + a.group;
        } else if constexpr (std::is_same_v<T, RemoveFromGroup>) {
          return "remove_from_group " + a.group;
        } else if constexpr (std::is_same_v<T, SaveResult>) {
          return "save_result " + a.flow + "/" + a.name + "=" + join(a.categories.empty() ? std::vector{a.value}
                                                                                          : a.categories);
        } else if constexpr (std::is_same_v<T, RecordConsent>) {
          return "record_consent " + a.purpose + "=" + (a.granted ? "granted" : "refused");
        } else if constexpr (std::is_same_v<T, OpenRequest>) {
          return describe_request(a);
        } else if constexpr (std::is_same_v<T, ScheduleTimeout>) {
          return "schedule_timeout " + std::to_string(a.deadline_ms);
        } else if constexpr (std::is_same_v<T, CancelTimeout>) {
          return "cancel_timeout " + std::to_string(a.deadline_ms);
        } else if constexpr (std::is_same_v<T, FlowStarted>) {
          return "flow_started " + a.flow;
        } else {
          return "flow_ended " + a.flow + " " + std::string(to_string(a.reason));
        }
      },
      action);
}

} // namespace stoop::flows
