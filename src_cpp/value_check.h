// The one check every value passes before a kernel can read it: its dtype is the one the
// plan was built for. Kernels dispatch on dtypes and trust shapes they read from the tensor
// itself (a Tensor's buffer always fits its own shape and dtype), so a value of another dtype
// is the only way a kernel could run over a buffer of the wrong size; whatever produced it (a
// doctored constant in a meta graph file, a future importer, a kernel bug) it stops here.
#pragma once
#include <string>

#include "errors.h"
#include "graph.h"
#include "tensor.h"

namespace jf {

[[noreturn]] inline void wrong_value_dtype(const Node& node, size_t output, DType got) {
  fail(Code::InvalidArgument, "'" + node.name + "' (" + node.type + ") produced a " + dtype_name(got) +
                                  " value for output " + std::to_string(output) + ", which the graph declares as " +
                                  dtype_name(node.out_dtypes[output]) +
                                  "; the graph is malformed (a damaged or edited meta graph?)");
}

[[noreturn]] inline void missing_value(const Node& node, size_t output) {
  fail(Code::Internal, "'" + node.name + "' (" + node.type + ") did not produce its output " + std::to_string(output));
}

// After a step: every output is set and has its declared dtype, before any kernel reads it.
inline void check_step_outputs(const Node& node, const Tensor* outputs) {
  const size_t n = node.out_dtypes.size();
  for (size_t o = 0; o < n; ++o) {
    if (!outputs[o].valid()) [[unlikely]] missing_value(node, o);
    if (outputs[o].dtype() != node.out_dtypes[o]) [[unlikely]] wrong_value_dtype(node, o, outputs[o].dtype());
  }
}

}  // namespace jf
