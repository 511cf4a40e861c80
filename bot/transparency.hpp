// Results back to the community and a person's data rights, on the writer
// thread like the pipeline: RESULTS (top priorities of the person's
// neighbourhood and of the whole area, small counts suppressed), MYDATA,
// DELETE with its confirmation, the "you said, we did" broadcast runner (one
// batch of recipients per timer firing, so a broadcast resumes after a
// restart) and the retention job.
#pragma once

#include <functional>

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "bot/catalogue.hpp"
#include "bot/config.hpp"
#include "bot/outbox.hpp"
#include "storage/store.hpp"

namespace stoop::flows {
class Engine;
}

namespace stoop {

struct InboundContext;

class Transparency {
 public:
  static constexpr const char* broadcast_timer = "broadcast";
  static constexpr const char* retention_timer = "retention";

  Transparency(const Config& config, const Catalogue& catalogue, const Outbox& outbox,
               std::shared_ptr<const flows::Engine> engine);

  // Called in the erasing transaction, before anything is erased, so what was
  // under way for the person ends properly (a relay tells the student the
  // member left, offers are withdrawn, flows stop).
  using BeforeErase = std::function<void(storage::Store&, const storage::ContactRecord&)>;
  void set_before_erase(BeforeErase hook) { before_erase_ = std::move(hook); }
  // Erases a person's data (storage's ContactAdminRepository::erase) after the
  // hook above; false when there is no such contact.
  bool erase_contact(storage::Store& store, std::int64_t contact_id) const;

  // MYDATA, DELETE and a DELETE's confirmation: answered to everyone, like the
  // consent words. True when the message was one of them; `erased` tells
  // whether the sender's data is gone (the context's contact no longer exists).
  bool handle_rights(InboundContext& context, bool& erased) const;
  // RESULTS; true when the message was that word.
  bool handle_results(InboundContext& context) const;

  std::string results_text(storage::Store& store, std::string_view language, std::string_view neighbourhood) const;
  std::string my_data_text(storage::Store& store, const storage::ContactRecord& contact) const;

  // A choice's label from the poll's flow, in that language (the id when unknown).
  std::string category_label(std::string_view category, std::string_view language) const;
  std::string neighbourhood_label(std::string_view neighbourhood, std::string_view language) const;
  // Every category and neighbourhood label in every configured language, for the public page.
  nlohmann::json labels() const;

  // Scheduler handlers. A broadcast timer's key is the broadcast id; it
  // queues one batch and re-arms itself until no recipient is pending.
  void run_broadcast(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) const;
  void run_retention(storage::Store& store, std::int64_t now) const;
  // At start-up: arms the retention job (when configured).
  void arm(storage::Store& store, std::int64_t now) const;

 private:
  std::string choice_label(std::string_view result, std::string_view id, std::string_view language) const;
  std::string top_list(const std::vector<storage::CountRow>& counts, std::string_view group,
                       std::string_view language) const;

  const Config& config_;
  const Catalogue& catalogue_;
  const Outbox& outbox_;
  std::shared_ptr<const flows::Engine> engine_;
  BeforeErase before_erase_;
};

// The catalogue keys Transparency uses.
const std::vector<std::string>& transparency_catalogue_keys();

} // namespace stoop
