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

// After a step: every value it wrote has its declared dtype (unset outputs are caught by the
// reader, KernelContext::input).
inline void check_step_outputs(const Node& node, const Tensor* outputs) {
  for (size_t o = 0; o < node.out_dtypes.size(); ++o)
    if (outputs[o].valid() && outputs[o].dtype() != node.out_dtypes[o]) wrong_value_dtype(node, o, outputs[o].dtype());
}

}  // namespace jf
