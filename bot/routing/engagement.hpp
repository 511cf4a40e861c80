// Engagement prompts (design scenario 6). Opportunities posted by staff are
// offered by text to the students they suit (team, languages, skills); "YES 7"
// confirms while places remain and waitlists after, "NO 7" cancels and
// promotes the waitlist; confirmed students get a reminder before and a
// reflection question after. Recurring prompts from the config ask a cohort
// (a role, optionally one team) a question every week or every day. Answers
// (ANSWER ...) are stored with the question.
//
// Everything is driven by stored timers, so it survives restarts and fires
// once: opportunity_prompt (armed by the database whenever an opportunity is
// created or changed, whoever does it), opportunity_reminder,
// opportunity_reflection, and cohort_prompt (keyed by the prompt's id,
// re-armed for the next occurrence each time it fires). Prompts, reminders and
// reflections are OutboxKind::prompt: they wait out the recipient's quiet hours.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/routing/people.hpp"
#include "bot/routing_config.hpp"

namespace stoop {

class Engagement {
 public:
  static constexpr const char* opportunity_timer = "opportunity_prompt";
  static constexpr const char* reminder_timer = "opportunity_reminder";
  static constexpr const char* reflection_timer = "opportunity_reflection";
  static constexpr const char* cohort_timer = "cohort_prompt";

  Engagement(const RoutingConfig& config, const People& people, std::function<void()> timers_changed);

  void on_opportunity(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  void on_reminder(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  void on_reflection(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  void on_cohort(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now);
  // At start-up: a timer for each configured cohort prompt (kept if already
  // armed for the same schedule, so one missed while the bot was down still fires).
  void schedule_cohorts(storage::Store& store, std::int64_t now);

  // YES n / NO n. nullopt when it cannot mean a sign-up (no number and nothing
  // to answer): the words are then ordinary text.
  std::optional<std::string> answer(storage::Store& store, const storage::UserRecord& user, bool yes,
                                    std::optional<std::int64_t> id, std::int64_t now);
  // ANSWER text: to the latest question the person has not answered.
  std::string answer_prompt(storage::Store& store, const storage::UserRecord& user, const std::string& text,
                            std::int64_t now);
  bool awaits_answer(storage::Store& store, const storage::UserRecord& user);
  // Lines for MY: the person's upcoming sign-ups.
  std::vector<std::string> describe_for(storage::Store& store, const storage::UserRecord& user, std::int64_t now);

 private:
  bool suits(storage::Store& store, const storage::OpportunityRecord& opportunity, const storage::UserRecord& user);
  std::map<std::string, std::string> values(const storage::OpportunityRecord& opportunity) const;
  void arm(storage::Store& store, const char* kind, std::int64_t id, std::int64_t due, std::int64_t now);
  std::vector<storage::UserRecord> confirmed(storage::Store& store, std::int64_t opportunity_id);
  void cancelled(storage::Store& store, const storage::OpportunityRecord& opportunity, std::int64_t now);
  std::int64_t next_occurrence(const CohortPromptEntry& prompt, std::int64_t after) const;

  const RoutingConfig& config_;
  const People& people_;
  std::function<void()> timers_changed_;
};

} // namespace stoop
