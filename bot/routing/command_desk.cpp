#include "bot/routing/command_desk.hpp"

#include "core/log.hpp"
#include "core/text.hpp"

namespace stoop {

CommandDesk::CommandDesk(const People& people, RequestRouter& requests, Relay& relay, Engagement& engagement,
                         CrisisDesk& crisis)
    : people_(people), requests_(requests), relay_(relay), engagement_(engagement), crisis_(crisis) {}

bool CommandDesk::handle(InboundContext& context) {
  auto user = people_.user_at(context.store, context.identity.channel_id, context.identity.address);
  if (!user) return false;
  auto command = routing::parse_command(context.message.text);
  log_debug("routing", "user ", user->id, ": ", routing::to_string(command.kind));
  auto reply = run(context.store, *user, command, std::string(trim(context.message.text)), context.now);
  if (!reply.empty()) context.reply_text(std::move(reply));
  return true;
}

std::string CommandDesk::run(storage::Store& store, const storage::UserRecord& user, const routing::Command& command,
                             const std::string& message, std::int64_t now) {
  using routing::CommandKind;
  switch (command.kind) {
    case CommandKind::accept: return requests_.accept(store, user, command.number, now);
    case CommandKind::pass: return requests_.pass(store, user, command.number, now);
    case CommandKind::done: return requests_.done(store, user, command.number, now);
    case CommandKind::mine: return mine(store, user, now);
    case CommandKind::away: return requests_.away(store, user, now);
    case CommandKind::back: return requests_.back(store, user, now);
    case CommandKind::relay: return relay_.from_holder(store, user, *command.number, command.text);
    case CommandKind::yes:
    case CommandKind::no: {
      auto reply = engagement_.answer(store, user, command.kind == CommandKind::yes, command.number, now);
      // A bare "yes" or "no" with nothing to sign up for is just words (to a member, say).
      return reply ? *reply : plain_text(store, user, message, now);
    }
    case CommandKind::clear:
      if (!command.number) return people_.text("which_number", {{"example", "CLEAR 3"}});
      return crisis_.clear_by_text(store, user, *command.number, now);
    case CommandKind::answer: return engagement_.answer_prompt(store, user, command.text, now);
    case CommandKind::commands: return people_.text("routing_commands");
    case CommandKind::text: return plain_text(store, user, command.text, now);
  }
  return people_.text("routing_commands");
}

std::string CommandDesk::mine(storage::Store& store, const storage::UserRecord& user, std::int64_t now) {
  auto lines = requests_.describe_for(store, user);
  for (auto& line : engagement_.describe_for(store, user, now)) lines.push_back(std::move(line));
  if (lines.empty()) return people_.text("my_nothing");
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string CommandDesk::plain_text(storage::Store& store, const storage::UserRecord& user, const std::string& text,
                                    std::int64_t now) {
  // A conversation under way comes first; then a question waiting for an answer.
  auto held = store.request_work().held_by(user.id);
  if (held.size() == 1) return relay_.from_holder(store, user, held.front(), text);
  if (engagement_.awaits_answer(store, user)) return engagement_.answer_prompt(store, user, text, now);
  if (held.size() > 1) return people_.text("which_number", {{"example", "#" + std::to_string(held.front()) + " Hello"}});
  return people_.text("routing_commands");
}

} // namespace stoop
