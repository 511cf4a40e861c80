#include "flows/loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "flows/parse.hpp"

namespace stoop::flows {
namespace {

constexpr std::uintmax_t max_flow_file_bytes = 4 * 1024 * 1024;

std::optional<std::string> read_file(const std::string& path, std::vector<Diagnostic>& diagnostics) {
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error || !std::filesystem::is_regular_file(path, error)) {
    diagnostics.push_back({path, "", "cannot read the file: " + (error ? error.message() : "not a regular file"),
                           Severity::error});
    return std::nullopt;
  }
  if (size > max_flow_file_bytes) {
    diagnostics.push_back({path, "", "the file is larger than 4 MB; is it really a flow?", Severity::error});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    diagnostics.push_back({path, "", "cannot read the file", Severity::error});
    return std::nullopt;
  }
  return text.str();
}

// Set-level checks report per file; keep each file's diagnostics together.
void group_by_file(const std::vector<FlowSource>& sources, std::vector<Diagnostic>& diagnostics) {
  auto rank = [&](const Diagnostic& d) {
    auto it = std::find_if(sources.begin(), sources.end(), [&](const FlowSource& s) { return s.file == d.file; });
    return it - sources.begin();
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
}

std::string summary(const Flow& flow) {
  std::string line = "ok: flow \"" + flow.id + "\", " + std::to_string(flow.nodes.size()) + " nodes";
  for (const auto& count : translation_counts(flow)) {
    line += "; " + count.language + " " + std::to_string(count.translated) + "/" + std::to_string(count.texts) +
            " translated, " + std::to_string(count.reviewed) + " reviewed";
  }
  return line;
}

} // namespace

LoadedFlows load_flow_sources(const std::vector<FlowSource>& sources, FlowReferences references) {
  auto flows = std::make_shared<FlowSet>();
  LoadedFlows loaded;
  for (const auto& source : sources) {
    detail::Reporter reporter(source.file, loaded.diagnostics);
    auto document = detail::parse_document(source.text, reporter);
    if (document.is_discarded()) continue;
    if (auto flow = detail::parse_flow(document, reporter)) flows->flows.push_back(std::move(*flow));
  }
  detail::check_flow_set(flows->flows, references, loaded.diagnostics);
  group_by_file(sources, loaded.diagnostics);
  loaded.flows = std::move(flows);
  return loaded;
}

LoadedFlows load_flow_files(const std::vector<std::string>& files, FlowReferences references) {
  std::vector<FlowSource> sources;
  std::vector<Diagnostic> unreadable;
  for (const auto& file : files) {
    if (auto text = read_file(file, unreadable)) sources.push_back(FlowSource{file, std::move(*text)});
  }
  auto loaded = load_flow_sources(sources, references);
  loaded.diagnostics.insert(loaded.diagnostics.begin(), unreadable.begin(), unreadable.end());
  return loaded;
}

LoadedFlows load_flow_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".json" && it->is_regular_file(error)) files.push_back(it->path().string());
  }
  if (error) {
    LoadedFlows failed;
    failed.flows = std::make_shared<FlowSet>();
    failed.diagnostics.push_back(
        {directory.string(), "", "cannot read the flows directory: " + error.message(), Severity::error});
    return failed;
  }
  std::sort(files.begin(), files.end());
  auto loaded = load_flow_files(files, FlowReferences::must_resolve);
  if (files.empty()) {
    loaded.diagnostics.push_back({directory.string(), "", "no flow files (*.json) in this directory", Severity::warning});
  }
  return loaded;
}

int run_flows_check(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  if (files.empty()) {
    err << "stoop flows check: no flow files given\n";
    return 1;
  }
  auto loaded = load_flow_files(files, FlowReferences::may_be_elsewhere);
  for (const auto& diagnostic : loaded.diagnostics) err << format_diagnostic(diagnostic) << '\n';
  for (const auto& flow : loaded.flows->flows) {
    bool clean = std::none_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [&](const Diagnostic& d) {
      return d.file == flow.file && d.severity == Severity::error;
    });
    if (clean) out << flow.file << ": " << summary(flow) << '\n';
  }
  return loaded.ok() ? 0 : 1;
}

} // namespace stoop::flows
