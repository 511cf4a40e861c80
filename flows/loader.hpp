// Loading and checking flow files. Parsing and checking are pure functions over
// the files' text (load_flow_sources); only the two thin wrappers at the bottom
// read the disk. A flow set with any error diagnostic must not be used: the
// server refuses to start and `stoop flows check` exits 1, with the same messages.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "flows/diagnostic.hpp"
#include "flows/flow.hpp"

namespace stoop::flows {

struct FlowSource {
  std::string file; // the name diagnostics carry (a path as the user typed it)
  std::string text; // JSON, comments allowed
};

struct LoadedFlows {
  std::shared_ptr<const FlowSet> flows; // every flow that parsed, even when there are errors
  std::vector<Diagnostic> diagnostics;  // grouped by file, in the order found

  bool ok() const { return !has_errors(diagnostics); }
};

enum class FlowReferences {
  must_resolve, // a whole set (the server's directory): start_flow naming no flow is an error
  may_be_elsewhere, // some files of a set (the CLI): it is a warning
};

LoadedFlows load_flow_sources(const std::vector<FlowSource>& sources,
                              FlowReferences references = FlowReferences::must_resolve);

// Reads each file (an unreadable file is an error diagnostic, not an exception).
LoadedFlows load_flow_files(const std::vector<std::string>& files, FlowReferences references);

// Every *.json file directly in `directory`, in name order: what the server loads at start-up.
LoadedFlows load_flow_directory(const std::filesystem::path& directory);

// `stoop flows check FILE...`: errors and warnings on `err` as FILE: JSON-POINTER: message,
// a one-line summary per valid file on `out`. Returns 0 when there is no error, else 1.
int run_flows_check(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

} // namespace stoop::flows
