// String kernels of tf.strings (string_ops.py declares them): StringJoin, StringLength, StringUpper/Lower,
// StringStrip, Substr, StringToNumber, RegexReplace, RegexFullMatch and ReduceJoin. Bytes, as TF1's
// defaults: upper/lower change ASCII letters only, lengths and substrings count bytes. Regular expressions use
// std::regex (ECMAScript), which accepts the RE2 patterns TF1 programs usually write; "\1" in a rewrite is
// RE2's back reference and is given to std::regex as "$1".
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <regex>

#include "kernel.h"

namespace jf {
namespace {

const std::vector<std::string>& strings_of(const Tensor& t, const char* op) {
  if (t.dtype() != DType::String) invalid_argument(std::string(op) + " takes string tensors, got " + dtype_name(t.dtype()));
  return t.strings();
}

Tensor string_tensor(const Shape& shape) {
  Tensor out(DType::String, shape);
  out.strings().resize(static_cast<size_t>(num_elements(shape)));
  return out;
}

class StringJoinKernel : public OpKernel {
 public:
  explicit StringJoinKernel(const KernelInit& init) : separator_(init.node.attrs.get_or<std::string>("separator", "")) {}
  void compute(KernelContext& ctx) override {
    Shape shape;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      const Tensor& t = ctx.input(i);
      strings_of(t, "StringJoin");
      if (t.rank() == 0) continue;
      if (!shape.empty() && t.shape() != shape)
        invalid_argument("StringJoin: inputs must be scalars or of one shape, got " + shape_str(shape) + " and " +
                         shape_str(t.shape()));
      shape = t.shape();
    }
    Tensor out = string_tensor(shape);
    auto& result = out.strings();
    for (size_t k = 0; k < result.size(); ++k) {
      for (int i = 0; i < ctx.num_inputs(); ++i) {
        const Tensor& t = ctx.input(i);
        if (i) result[k] += separator_;
        result[k] += t.strings()[t.rank() == 0 ? 0 : k];
      }
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  std::string separator_;
};
JF_REGISTER_KERNEL("StringJoin", StringJoinKernel);

// The number of UTF-8 characters: every byte that does not continue a sequence (10xxxxxx) starts one.
int32_t utf8_length(const std::string& s) {
  int32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class StringLengthKernel : public OpKernel {
 public:
  explicit StringLengthKernel(const KernelInit& init)
      : utf8_(init.node.attrs.get_or<std::string>("unit", "BYTE") == "UTF8_CHAR") {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const auto& s = strings_of(in, "StringLength");
    Tensor out(DType::Int32, in.shape());
    int32_t* y = out.data<int32_t>();
    for (size_t i = 0; i < s.size(); ++i) y[i] = utf8_ ? utf8_length(s[i]) : static_cast<int32_t>(s[i].size());
    ctx.set_output(0, std::move(out));
  }

 private:
  bool utf8_;
};
JF_REGISTER_KERNEL("StringLength", StringLengthKernel);

template <typename F>
void map_strings(KernelContext& ctx, const char* op, F f) {
  const Tensor& in = ctx.input(0);
  const auto& s = strings_of(in, op);
  Tensor out = string_tensor(in.shape());
  for (size_t i = 0; i < s.size(); ++i) out.strings()[i] = f(s[i]);
  ctx.set_output(0, std::move(out));
}

void StringUpper_kernel(KernelContext& ctx) {
  map_strings(ctx, "StringUpper", [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  });
}
void StringLower_kernel(KernelContext& ctx) {
  map_strings(ctx, "StringLower", [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  });
}
void StringStrip_kernel(KernelContext& ctx) {
  map_strings(ctx, "StringStrip", [](const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
  });
}
JF_REGISTER_FUNCTION("StringUpper", StringUpper_kernel);
JF_REGISTER_FUNCTION("StringLower", StringLower_kernel);
JF_REGISTER_FUNCTION("StringStrip", StringStrip_kernel);

int64_t index_value(const Tensor& t, size_t i, const char* what) {
  const size_t k = t.size() == 1 ? 0 : i;
  if (t.dtype() == DType::Int32) return t.data<int32_t>()[k];
  if (t.dtype() == DType::Int64) return t.data<int64_t>()[k];
  invalid_argument(std::string("Substr: ") + what + " must be int32 or int64, got " + dtype_name(t.dtype()));
}

// Substr(input, pos, len): pos and len scalars or of input's shape. A pos past the end is an error (TF1's);
// a negative pos counts from the end; len is clipped at the end.
void Substr_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  const Tensor& pos = ctx.input(1);
  const Tensor& len = ctx.input(2);
  const auto& s = strings_of(in, "Substr");
  for (const Tensor* t : {&pos, &len})
    if (t->size() != 1 && t->shape() != in.shape())
      invalid_argument("Substr: pos and len must be scalars or of the input's shape " + shape_str(in.shape()) +
                       ", got " + shape_str(t->shape()));
  Tensor out = string_tensor(in.shape());
  for (size_t i = 0; i < s.size(); ++i) {
    const int64_t size = static_cast<int64_t>(s[i].size());
    int64_t p = index_value(pos, i, "pos");
    const int64_t n = index_value(len, i, "len");
    if (p < 0) p += size;
    if (p < 0 || p > size)
      invalid_argument("Substr: pos " + std::to_string(index_value(pos, i, "pos")) + " out of range for string b'" +
                       s[i] + "' at index " + std::to_string(i));
    if (n < 0) invalid_argument("Substr: len must be >= 0, got " + std::to_string(n));
    out.strings()[i] = s[i].substr(static_cast<size_t>(p), static_cast<size_t>(n));
  }
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Substr", Substr_kernel);

class StringToNumberKernel : public OpKernel {
 public:
  explicit StringToNumberKernel(const KernelInit& init) : out_(init.node.attrs.dtype("out_type")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const auto& s = strings_of(in, "StringToNumber");
    Tensor out(out_, in.shape());
    for (size_t i = 0; i < s.size(); ++i) {
      const char* begin = s[i].c_str();
      char* end = nullptr;
      errno = 0;
      if (out_ == DType::Float32 || out_ == DType::Float64) {
        const double v = std::strtod(begin, &end);
        if (end == begin || *end != '\0') fail_at(s[i]);
        if (out_ == DType::Float32) out.data<float>()[i] = static_cast<float>(v);
        else out.data<double>()[i] = v;
      } else {
        const long long v = std::strtoll(begin, &end, 10);
        if (end == begin || *end != '\0' || errno == ERANGE) fail_at(s[i]);
        if (out_ == DType::Int32) {
          if (v < INT32_MIN || v > INT32_MAX) fail_at(s[i]);
          out.data<int32_t>()[i] = static_cast<int32_t>(v);
        } else {
          out.data<int64_t>()[i] = v;
        }
      }
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  [[noreturn]] void fail_at(const std::string& s) const {
    invalid_argument("StringToNumberOp could not correctly convert string: " + s);
  }
  DType out_;
};
JF_REGISTER_KERNEL("StringToNumber", StringToNumberKernel);

std::regex compiled(const Tensor& pattern, const char* op) {
  const auto& p = strings_of(pattern, op);
  if (p.size() != 1) invalid_argument(std::string(op) + ": pattern must be a scalar, got shape " + shape_str(pattern.shape()));
  try {
    return std::regex(p[0], std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    invalid_argument(std::string(op) + ": invalid pattern '" + p[0] + "': " + e.what());
  }
}

// RE2 rewrites name groups \1..\9; std::regex formats name them $1..$9 (a literal $ is $$).
std::string ecmascript_rewrite(const std::string& rewrite) {
  std::string out;
  for (size_t i = 0; i < rewrite.size(); ++i) {
    if (rewrite[i] == '\\' && i + 1 < rewrite.size() && std::isdigit(static_cast<unsigned char>(rewrite[i + 1]))) {
      out += '$';
      out += rewrite[++i];
    } else if (rewrite[i] == '\\' && i + 1 < rewrite.size() && rewrite[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (rewrite[i] == '$') {
      out += "$$";
    } else {
      out += rewrite[i];
    }
  }
  return out;
}

class RegexReplaceKernel : public OpKernel {
 public:
  explicit RegexReplaceKernel(const KernelInit& init) : global_(init.node.attrs.get_or<bool>("replace_global", true)) {}
  void compute(KernelContext& ctx) override {
    const std::regex re = compiled(ctx.input(1), "RegexReplace");
    const auto& rewrite = strings_of(ctx.input(2), "RegexReplace");
    if (rewrite.size() != 1) invalid_argument("RegexReplace: rewrite must be a scalar");
    const std::string format = ecmascript_rewrite(rewrite[0]);
    const auto flags = global_ ? std::regex_constants::format_default : std::regex_constants::format_first_only;
    map_strings(ctx, "RegexReplace", [&](const std::string& s) { return std::regex_replace(s, re, format, flags); });
  }

 private:
  bool global_;
};
JF_REGISTER_KERNEL("RegexReplace", RegexReplaceKernel);

void RegexFullMatch_kernel(KernelContext& ctx) {
  const Tensor& in = ctx.input(0);
  const auto& s = strings_of(in, "RegexFullMatch");
  const std::regex re = compiled(ctx.input(1), "RegexFullMatch");
  Tensor out(DType::Bool, in.shape());
  for (size_t i = 0; i < s.size(); ++i) out.data<bool>()[i] = std::regex_match(s[i], re);
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("RegexFullMatch", RegexFullMatch_kernel);

// ReduceJoin(inputs, reduction_indices): the strings along the reduced axes joined with the separator, in
// row-major order of those axes; keep_dims leaves them as size-1 axes.
class ReduceJoinKernel : public OpKernel {
 public:
  explicit ReduceJoinKernel(const KernelInit& init)
      : keep_dims_(init.node.attrs.get_or<bool>("keep_dims", false)),
        separator_(init.node.attrs.get_or<std::string>("separator", "")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const Tensor& axes_t = ctx.input(1);
    const auto& s = strings_of(in, "ReduceJoin");
    const int rank = in.rank();
    std::vector<bool> reduced(static_cast<size_t>(rank), false);
    for (int64_t k = 0; k < axes_t.size(); ++k) {
      int64_t a = axes_t.dtype() == DType::Int64 ? axes_t.data<int64_t>()[k] : axes_t.data<int32_t>()[k];
      if (a < -rank || a >= rank)
        invalid_argument("ReduceJoin: reduction index " + std::to_string(a) + " out of range for rank " + std::to_string(rank));
      reduced[static_cast<size_t>(a < 0 ? a + rank : a)] = true;
    }
    Shape out_shape;
    for (int d = 0; d < rank; ++d) {
      if (!reduced[d]) out_shape.push_back(in.shape()[d]);
      else if (keep_dims_) out_shape.push_back(1);
    }
    Tensor out = string_tensor(out_shape);
    auto& result = out.strings();
    std::vector<bool> started(result.size(), false);
    // Walk the input in row-major order: each element goes to the output slot of its kept coordinates, and
    // the reduced coordinates vary fastest within that slot in the same row-major order.
    std::vector<int64_t> index(static_cast<size_t>(rank), 0);
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t slot = 0;
      for (int d = 0; d < rank; ++d)
        if (!reduced[d]) slot = slot * in.shape()[d] + index[d];
      auto& r = result[static_cast<size_t>(slot)];
      if (started[static_cast<size_t>(slot)]) r += separator_;
      started[static_cast<size_t>(slot)] = true;
      r += s[i];
      for (int d = rank - 1; d >= 0; --d) {
        if (++index[d] < in.shape()[d]) break;
        index[d] = 0;
      }
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  bool keep_dims_;
  std::string separator_;
};
JF_REGISTER_KERNEL("ReduceJoin", ReduceJoinKernel);

}  // namespace
}  // namespace jf
