// SMS segment counting and splitting: run for every queued reply.
#include <benchmark/benchmark.h>

#include "core/sms_segments.hpp"

namespace stoop {
namespace {

const std::string gsm_text =
    "Thank you! A student volunteer will help you with request #14 and will not see your number. "
    "Reply STOP to stop, HELP for help.";
const std::string ucs2_text = "谢谢！一位学生志愿者会帮助您处理第14号请求，不会看到您的号码。回复STOP停止。";

void SegmentsGsm7(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(count_segments(gsm_text));
}
BENCHMARK(SegmentsGsm7);

void SegmentsUcs2(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(count_segments(ucs2_text));
}
BENCHMARK(SegmentsUcs2);

void SplitLongText(benchmark::State& state) {
  std::string text;
  while (text.size() < 4000) text += gsm_text + " ";
  for (auto _ : state) benchmark::DoNotOptimize(split_long_text(text, 1600));
}
BENCHMARK(SplitLongText);

} // namespace
} // namespace stoop
