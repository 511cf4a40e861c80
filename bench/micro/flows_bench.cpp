// One flow engine step with the default flows, and the session round trip
// through JSON that the pipeline does for every message.
#include <benchmark/benchmark.h>

#include "flows/engine.hpp"
#include "flows/loader.hpp"

namespace stoop {
namespace {

const flows::Engine& engine() {
  static const flows::Engine instance = [] {
    auto loaded = flows::load_flow_directory(STOOP_SOURCE_DIR "/config/flows");
    if (!loaded.ok()) throw std::runtime_error("the default flows do not load");
    return flows::Engine(loaded.flows);
  }();
  return instance;
}

void FlowFirstMessage(benchmark::State& state) {
  flows::ContactView contact;
  contact.language = "es";
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine().handle(std::nullopt, contact, flows::Event::message("Hola", 1'000)));
  }
}
BENCHMARK(FlowFirstMessage);

void FlowWelcomeStart(benchmark::State& state) {
  flows::ContactView contact;
  for (auto _ : state) benchmark::DoNotOptimize(engine().start("welcome", std::nullopt, contact, 1'000));
}
BENCHMARK(FlowWelcomeStart);

void FlowAnswerQuestion(benchmark::State& state) {
  flows::ContactView contact;
  auto first = engine().start("welcome", std::nullopt, contact, 1'000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine().handle(first.session, contact, flows::Event::message("1", 2'000)));
  }
}
BENCHMARK(FlowAnswerQuestion);

void SessionJsonRoundTrip(benchmark::State& state) {
  flows::ContactView contact;
  auto first = engine().start("welcome", std::nullopt, contact, 1'000);
  auto step = engine().handle(first.session, contact, flows::Event::message("1", 2'000));
  if (!step.session) step.session = first.session;
  for (auto _ : state) {
    auto json = flows::session_to_json(*step.session);
    benchmark::DoNotOptimize(engine().load_session(json));
  }
}
BENCHMARK(SessionJsonRoundTrip);

} // namespace
} // namespace stoop
