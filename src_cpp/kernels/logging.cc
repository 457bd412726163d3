// Logging ops: Print (TF1's tf.Print: passes its input through and prints some tensors),
// StringFormat (formats tensors into one string, as tf.strings.format) and PrintV2 (prints a
// string: tf.print). Values are summarized exactly as TF does (Tensor::SummarizeValue), so a
// program's log lines read the same as under TensorFlow.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "../print_sink.h"
#include "elementwise.h"

namespace jf {

// ----- the print sink -------------------------------------------------------------------------
namespace {
std::mutex sink_mu;
PrintSink& sink_slot() {
  static PrintSink sink;
  return sink;
}
}  // namespace

void set_print_sink(PrintSink sink) {
  std::lock_guard<std::mutex> lock(sink_mu);
  sink_slot() = std::move(sink);
}

void write_to_print_sink(PrintStream stream, const std::string& text) {
  PrintSink sink;
  {
    std::lock_guard<std::mutex> lock(sink_mu);
    sink = sink_slot();
  }
  // Called outside the lock: the Python sink takes the GIL, and a thread holding the GIL may be
  // waiting to print too.
  if (sink) {
    sink(stream, text);
    return;
  }
  std::ostream& out = stream == PrintStream::Stdout ? std::cout : std::cerr;
  out << text << std::flush;
}

namespace {

// ----- one element, as TF's PrintOneElement -----------------------------------------------------
// Shortest of %.6g / %.9g (float) or %.15g / %.17g (double) that reads back as the same value.
template <typename F>
std::string format_floating(F v, int short_digits, int long_digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", short_digits, static_cast<double>(v));
  F back = sizeof(F) == 4 ? static_cast<F>(std::strtof(buf, nullptr)) : static_cast<F>(std::strtod(buf, nullptr));
  if (back != v) std::snprintf(buf, sizeof buf, "%.*g", long_digits, static_cast<double>(v));
  return buf;
}

std::string c_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\"': out += "\\\""; break;
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string element(float v, bool) { return format_floating(v, 6, 9); }
std::string element(double v, bool) { return format_floating(v, 15, 17); }
std::string element(int32_t v, bool) { return std::to_string(v); }
std::string element(int64_t v, bool) { return std::to_string(v); }
std::string element(bool v, bool) { return v ? "1" : "0"; }
template <typename I, typename = std::enable_if_t<std::is_integral_v<I>>>
std::string element(I v, bool) { return std::to_string(v); }  // the 8-, 16-bit and unsigned integers
std::string element(float16 v, bool) { return format_floating(static_cast<float>(v), 4, 5); }
std::string element(bfloat16 v, bool) { return format_floating(static_cast<float>(v), 3, 4); }
template <typename R>
std::string element(std::complex<R> v, bool b) { return "(" + element(v.real(), b) + "," + element(v.imag(), b) + ")"; }
std::string element(const std::string& v, bool print_v2) {
  return print_v2 ? "\"" + c_escape(v) + "\"" : c_escape(v);
}

// ----- a whole tensor, as TF's SummarizeValue ----------------------------------------------------
// tf.Print: nested brackets, the first `limit` elements in row-major order, then "...".
template <typename T>
void print_one_dim(size_t dim, const Shape& shape, int64_t limit, const T* data, int64_t& index,
                   std::string& out) {
  if (index >= limit) return;
  const int64_t count = shape[dim];
  if (dim == shape.size() - 1) {
    for (int64_t i = 0; i < count; ++i) {
      if (index >= limit) {
        if (dim != 0) out += "...";
        return;
      }
      if (i > 0) out += " ";
      out += element(data[index++], false);
    }
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    bool opened = false;
    if (index < limit) {
      out += "[";
      opened = true;
    }
    print_one_dim(dim + 1, shape, limit, data, index, out);
    if (index < limit || opened) out += "]";
  }
}

void dim_spacing(size_t dim, size_t rank, std::string& out) {
  if (dim == rank - 1) {
    out += " ";
    return;
  }
  out.append(rank - dim - 1, '\n');
  out.append(dim + 1, ' ');
}

// tf.print: NumPy-like layout, the first and last `ends` entries of each dimension.
template <typename T>
void print_one_dim_v2(size_t dim, const Shape& shape, int64_t ends, const T* data, int64_t offset,
                      std::string& out) {
  if (dim == shape.size()) {
    out += element(data[offset], true);
    return;
  }
  out += "[";
  const int64_t count = shape[dim];
  const int64_t start_of_end = std::max(ends, count - ends);
  int64_t stride = 1;
  for (size_t i = dim + 1; i < shape.size(); ++i) stride *= shape[i];
  for (int64_t i = 0; i < ends && i < count; ++i) {
    if (i > 0) dim_spacing(dim, shape.size(), out);
    print_one_dim_v2(dim + 1, shape, ends, data, offset + stride * i, out);
  }
  if (count > 2 * ends) {
    dim_spacing(dim, shape.size(), out);
    out += "...";
  }
  for (int64_t i = start_of_end; i < count; ++i) {
    dim_spacing(dim, shape.size(), out);
    print_one_dim_v2(dim + 1, shape, ends, data, offset + stride * i, out);
  }
  out += "]";
}

template <typename T>
std::string summarize_array(const Tensor& t, const T* data, int64_t limit, bool print_v2) {
  std::string out;
  if (t.rank() == 0) {
    if (limit > 0) out += element(data[0], print_v2);
    return out;
  }
  if (print_v2) {
    print_one_dim_v2(0, t.shape(), limit, data, 0, out);
  } else {
    int64_t index = 0;
    print_one_dim(0, t.shape(), limit, data, index, out);
    if (t.size() > limit) out += "...";
  }
  return out;
}

std::string summarize(const Tensor& t, int64_t max_entries, bool print_v2) {
  const int64_t n = t.size();
  const int64_t limit = max_entries < 0 ? n : std::min(max_entries, n);
  if (t.dtype() == DType::String) return summarize_array(t, t.strings().data(), limit, print_v2);
  std::string out;
  JF_DISPATCH_EVERY(t.dtype(), "Print", { out = summarize_array(t, t.data<T>(), limit, print_v2); });
  return out;
}

// ----- Print -------------------------------------------------------------------------------------
class PrintKernel : public OpKernel {
 public:
  explicit PrintKernel(const KernelInit& init)
      : state_(init.state), node_id_(init.node.id),
        message_(init.node.attrs.get_or<std::string>("message", "")),
        first_n_(init.node.attrs.get_or<int64_t>("first_n", -1)),
        summarize_(init.node.attrs.get_or<int64_t>("summarize", 3)) {}

  void compute(KernelContext& ctx) override {
    ctx.set_output(0, ctx.input(0));  // the value passes through, sharing its buffer
    // first_n counts per session and node (TF shares a stateful kernel across a session's runs).
    if (first_n_ >= 0 && state_.count_run(node_id_) > first_n_) return;
    std::string msg = message_;
    for (int i = 1; i < ctx.num_inputs(); ++i) msg += "[" + summarize(ctx.input(i), summarize_, false) + "]";
    write_to_print_sink(PrintStream::Stderr, msg + "\n");
  }

 private:
  SessionState& state_;
  int64_t node_id_;
  std::string message_;
  int64_t first_n_;
  int64_t summarize_;
};
JF_REGISTER_KERNEL("Print", PrintKernel);

// ----- Assert ----------------------------------------------------------------------------------
// Assert(condition, data...): InvalidArgument "assertion failed: [d0] [d1] ..." when the boolean
// scalar condition is false (tf.Assert and the tf.assert_* checks).
class AssertKernel : public OpKernel {
 public:
  explicit AssertKernel(const KernelInit& init) : summarize_(init.node.attrs.get_or<int64_t>("summarize", 3)) {}

  void compute(KernelContext& ctx) override {
    const Tensor& cond = ctx.input(0);
    if (cond.dtype() != DType::Bool || cond.size() != 1)
      invalid_argument("Assert's condition must be a boolean scalar, got " + std::string(dtype_name(cond.dtype())) +
                       " of shape " + shape_str(cond.shape()));
    if (cond.data<bool>()[0]) return;
    std::string msg = "assertion failed: ";
    for (int i = 1; i < ctx.num_inputs(); ++i) msg += (i > 1 ? " [" : "[") + summarize(ctx.input(i), summarize_, false) + "]";
    invalid_argument(msg);
  }

 private:
  int64_t summarize_;
};
JF_REGISTER_KERNEL("Assert", AssertKernel);

// ----- StringFormat --------------------------------------------------------------------------------
class StringFormatKernel : public OpKernel {
 public:
  explicit StringFormatKernel(const KernelInit& init)
      : summarize_(init.node.attrs.get_or<int64_t>("summarize", 3)) {
    const auto& tmpl = init.node.attrs.get<std::string>("template");
    const auto& placeholder = init.node.attrs.get<std::string>("placeholder");
    size_t start = 0;
    for (;;) {
      size_t at = placeholder.empty() ? std::string::npos : tmpl.find(placeholder, start);
      pieces_.push_back(tmpl.substr(start, at == std::string::npos ? std::string::npos : at - start));
      if (at == std::string::npos) break;
      start = at + placeholder.size();
    }
    if (static_cast<int>(pieces_.size()) - 1 != static_cast<int>(init.node.inputs.size()))
      invalid_argument("StringFormat '" + init.node.name + "': the template has " +
                       std::to_string(pieces_.size() - 1) + " placeholders but the op has " +
                       std::to_string(init.node.inputs.size()) + " inputs");
  }

  void compute(KernelContext& ctx) override {
    std::string out = pieces_[0];
    for (int i = 0; i < ctx.num_inputs(); ++i) out += summarize(ctx.input(i), summarize_, true) + pieces_[i + 1];
    Tensor t(DType::String, {});
    t.strings()[0] = std::move(out);
    ctx.set_output(0, std::move(t));
  }

 private:
  int64_t summarize_;
  std::vector<std::string> pieces_;
};
JF_REGISTER_KERNEL("StringFormat", StringFormatKernel);

// ----- PrintV2 -------------------------------------------------------------------------------------
class PrintV2Kernel : public OpKernel {
 public:
  explicit PrintV2Kernel(const KernelInit& init)
      : stream_(init.node.attrs.get_or<std::string>("output_stream", "stderr") == "stdout" ? PrintStream::Stdout
                                                                                            : PrintStream::Stderr),
        end_(init.node.attrs.get_or<std::string>("end", "\n")) {}

  void compute(KernelContext& ctx) override {
    const Tensor& s = ctx.input(0);
    if (s.dtype() != DType::String || s.size() != 1)
      invalid_argument("PrintV2 prints one string (shape []), got " + std::string(dtype_name(s.dtype())) + " of shape " +
                       shape_str(s.shape()));
    write_to_print_sink(stream_, s.strings()[0] + end_);
  }

 private:
  PrintStream stream_;
  std::string end_;
};
JF_REGISTER_KERNEL("PrintV2", PrintV2Kernel);

}  // namespace
}  // namespace jf
