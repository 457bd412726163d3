// TensorArray kernels. A TensorArray's value (its "flow") is one dense tensor [size, ...element]:
// written row by row, read row by row, stacked for free. Until the element shape is known (the
// first write, when the array was made without a full element_shape) the flow is the empty
// vector [0] and the array's size comes from the `size` input. Writes reuse the flow's buffer
// when they hold its only reference (KernelContext::forward_input), so a loop writing one row per
// iteration does not copy the array.
#include <algorithm>
#include <cstring>

#include "../kernel.h"

namespace jf {
namespace {

int64_t scalar_index(const Tensor& t, const char* what) {
  if (t.size() != 1 || (t.dtype() != DType::Int32 && t.dtype() != DType::Int64))
    invalid_argument(std::string("the ") + what + " of a TensorArray op must be an integer scalar, got shape " +
                     shape_str(t.shape()));
  return t.dtype() == DType::Int32 ? t.data<int32_t>()[0] : t.data<int64_t>()[0];
}

bool allocated(const Tensor& flow) { return !(flow.rank() == 1 && flow.dim(0) == 0); }

Shape element_shape_of(const Tensor& flow) { return Shape(flow.shape().begin() + 1, flow.shape().end()); }

size_t row_bytes(const Tensor& flow) {
  return static_cast<size_t>(num_elements(element_shape_of(flow))) * dtype_size(flow.dtype());
}

Tensor zeros(DType dt, const Shape& shape) {
  Tensor t(dt, shape);
  if (dt == DType::String) return t;
  if (t.nbytes()) std::memset(t.raw(), 0, t.nbytes());
  return t;
}

void copy_row(Tensor& flow, int64_t row, const Tensor& value) {
  if (flow.dtype() == DType::String) {
    std::copy(value.strings().begin(), value.strings().end(), flow.strings().begin() + row * value.size());
    return;
  }
  size_t rb = row_bytes(flow);
  if (rb) std::memcpy(static_cast<char*>(flow.raw()) + row * rb, value.raw(), rb);
}

// The flow ready to take `value` at `index`: allocated on the first write, grown when dynamic.
Tensor writable_flow(KernelContext& ctx, int64_t index, const Tensor& value, int64_t size) {
  const std::string& name = ctx.node().name;
  bool dynamic = ctx.attrs().get_or<bool>("dynamic_size", false);
  if (index < 0)
    invalid_argument("Tried to write to index " + std::to_string(index) + " of TensorArray '" + name + "'");
  Tensor flow = ctx.forward_input(0);
  if (flow.dtype() != value.dtype())
    invalid_argument("TensorArray '" + name + "' holds " + dtype_name(flow.dtype()) + " but the value written is " +
                     dtype_name(value.dtype()));
  if (!allocated(flow)) {
    int64_t rows = std::max<int64_t>(size, dynamic ? index + 1 : 0);
    Shape shape{rows};
    shape.insert(shape.end(), value.shape().begin(), value.shape().end());
    flow = zeros(value.dtype(), shape);
  } else if (element_shape_of(flow) != value.shape()) {
    invalid_argument("Could not write to TensorArray index " + std::to_string(index) + " because the value shape is " +
                     shape_str(value.shape()) + " which is incompatible with the TensorArray's element shape: " +
                     shape_str(element_shape_of(flow)) + " (TensorArray '" + name + "')");
  }
  if (index >= flow.dim(0)) {
    if (!dynamic)
      invalid_argument("Tried to write to index " + std::to_string(index) +
                       " but array is not resizeable and size is: " + std::to_string(flow.dim(0)) +
                       " (TensorArray '" + name + "'; pass dynamic_size=True to grow)");
    Shape shape = flow.shape();
    shape[0] = index + 1;  // exact, so the flow's rows stay the array's size
    Tensor grown = zeros(flow.dtype(), shape);
    if (flow.dtype() == DType::String) std::copy(flow.strings().begin(), flow.strings().end(), grown.strings().begin());
    else if (flow.nbytes()) std::memcpy(grown.raw(), flow.raw(), flow.dim(0) * row_bytes(flow));
    flow = std::move(grown);
  }
  flow.make_unique();
  return flow;
}

// TensorArrayV3(size): a new array; allocated now when its element shape is fully known.
void tensor_array_kernel(KernelContext& ctx) {
  int64_t size = scalar_index(ctx.input(0), "size");
  if (size < 0)
    invalid_argument("TensorArray '" + ctx.node().name + "' cannot have negative size " + std::to_string(size));
  DType dt = ctx.attrs().dtype("dtype");
  const auto& elem = ctx.attrs().get<std::vector<int64_t>>("element_shape");
  bool known = ctx.attrs().get_or<bool>("element_shape_known", false) &&
               std::all_of(elem.begin(), elem.end(), [](int64_t d) { return d >= 0; });
  if (!known) {
    ctx.set_output(0, zeros(dt, Shape{0}));
    return;
  }
  Shape shape{size};
  shape.insert(shape.end(), elem.begin(), elem.end());
  ctx.set_output(0, zeros(dt, shape));
}

// TensorArrayWriteV3(flow, index, value, size) -> flow
void tensor_array_write_kernel(KernelContext& ctx) {
  int64_t index = scalar_index(ctx.input(1), "index");
  const Tensor& value = ctx.input(2);
  Tensor flow = writable_flow(ctx, index, value, scalar_index(ctx.input(3), "size"));
  copy_row(flow, index, value);
  ctx.set_output(0, std::move(flow));
}

// TensorArrayScatterV3(flow, indices, value, size) -> flow: value[k] goes to row indices[k].
void tensor_array_scatter_kernel(KernelContext& ctx) {
  const Tensor& idx = ctx.input(1);
  const Tensor& value = ctx.input(2);
  if (idx.rank() != 1 || value.rank() < 1 || value.dim(0) != idx.dim(0))
    invalid_argument("TensorArray scatter needs a vector of indices and a value with one row per index; got indices " +
                     shape_str(idx.shape()) + " and value " + shape_str(value.shape()));
  std::vector<int64_t> rows(idx.size());
  for (int64_t k = 0; k < idx.size(); ++k)
    rows[k] = idx.dtype() == DType::Int32 ? idx.data<int32_t>()[k] : idx.data<int64_t>()[k];
  Shape elem(value.shape().begin() + 1, value.shape().end());
  Tensor proto(value.dtype(), elem);
  int64_t top = rows.empty() ? 0 : *std::max_element(rows.begin(), rows.end());
  Tensor flow = writable_flow(ctx, top, proto, scalar_index(ctx.input(3), "size"));
  size_t rb = static_cast<size_t>(num_elements(elem)) * dtype_size(value.dtype());
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] < 0) invalid_argument("TensorArray scatter: negative index " + std::to_string(rows[k]));
    if (value.dtype() == DType::String) {
      int64_t n = num_elements(elem);
      std::copy(value.strings().begin() + k * n, value.strings().begin() + (k + 1) * n,
                flow.strings().begin() + rows[k] * n);
    } else if (rb) {
      std::memcpy(static_cast<char*>(flow.raw()) + rows[k] * rb, static_cast<const char*>(value.raw()) + k * rb, rb);
    }
  }
  ctx.set_output(0, std::move(flow));
}

// TensorArrayReadV3(flow, index) -> element
void tensor_array_read_kernel(KernelContext& ctx) {
  const Tensor& flow = ctx.input(0);
  int64_t index = scalar_index(ctx.input(1), "index");
  if (!allocated(flow))
    invalid_argument("Could not read from TensorArray index " + std::to_string(index) +
                     " because it has not yet been written to (TensorArray '" + ctx.node().name + "')");
  if (index < 0 || index >= flow.dim(0))
    invalid_argument("Tried to read from index " + std::to_string(index) + " but array size is: " +
                     std::to_string(flow.dim(0)) + " (TensorArray '" + ctx.node().name + "')");
  Tensor out(flow.dtype(), element_shape_of(flow));
  if (flow.dtype() == DType::String) {
    std::copy(flow.strings().begin() + index * out.size(), flow.strings().begin() + (index + 1) * out.size(),
              out.strings().begin());
  } else if (out.nbytes()) {
    std::memcpy(out.raw(), static_cast<const char*>(flow.raw()) + index * row_bytes(flow), row_bytes(flow));
  }
  ctx.set_output(0, std::move(out));
}

// TensorArraySizeV3(flow, size) -> int32
void tensor_array_size_kernel(KernelContext& ctx) {
  const Tensor& flow = ctx.input(0);
  Tensor out(DType::Int32, Shape{});
  out.data<int32_t>()[0] = static_cast<int32_t>(allocated(flow) ? flow.dim(0) : scalar_index(ctx.input(1), "size"));
  ctx.set_output(0, out);
}

}  // namespace

JF_REGISTER_FUNCTION("TensorArrayV3", tensor_array_kernel);
JF_REGISTER_FUNCTION("TensorArrayWriteV3", tensor_array_write_kernel);
JF_REGISTER_FUNCTION("TensorArrayScatterV3", tensor_array_scatter_kernel);
JF_REGISTER_FUNCTION("TensorArrayReadV3", tensor_array_read_kernel);
JF_REGISTER_FUNCTION("TensorArraySizeV3", tensor_array_size_kernel);

}  // namespace jf
