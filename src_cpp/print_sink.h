// Where the Print and PrintV2 kernels write their text. Kernels know no Python, so the binding
// layer installs a sink once at import (one that writes to Python's sys.stdout / sys.stderr, which
// a notebook shows under the cell); without a sink the text goes to the process's own streams.
#pragma once
#include <functional>
#include <string>

namespace jf {

enum class PrintStream : int { Stdout = 1, Stderr = 2 };

using PrintSink = std::function<void(PrintStream, const std::string&)>;

void set_print_sink(PrintSink sink);
void write_to_print_sink(PrintStream stream, const std::string& text);

}  // namespace jf
