// tf.train.Example parsing: ParseExample (a vector of serialized Examples, tf.parse_example) and
// ParseSingleExample (one, tf.parse_single_example), and DecodeRaw (bytes reinterpreted as numbers).
// Examples are read straight from the protobuf wire format (example_wire.h). Error texts are
// TensorFlow's, since programs and tests match on them.
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "../kernel.h"
#include "example_wire.h"

namespace jf {
namespace {

using namespace example_wire;  // NOLINT: this file is its only user

Kind kind_of(DType dt) { return dt == DType::Float32 ? kFloat : dt == DType::Int64 ? kInt64 : kBytes; }
const char* type_name(Kind k) { return k == kFloat ? "float" : k == kInt64 ? "int64" : "string"; }
const char* count_name(Kind k) { return k == kFloat ? "float" : k == kInt64 ? "int64" : "bytes"; }

std::string dims_str(const Shape& s, bool variable) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + (variable && i == 0 ? std::string("?") : std::to_string(s[i]));
  return out + "]";
}

// Non-printable bytes as C escapes, so the message stays text (TF prints them raw).
std::string escaped(std::string_view s) {
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\'' || c == '\\') (out += '\\') += static_cast<char>(c);
    else if (c >= 32 && c < 127) out += static_cast<char>(c);
    else (((out += "\\x") += hex[c >> 4]) += hex[c & 15]);
  }
  return out;
}

struct DenseSpec {
  std::string key;
  DType dtype;
  Shape shape;        // of one example's value; shape[0] is -1 when `variable`
  bool variable;      // tf.FixedLenSequenceFeature: any number of rows, padded with the default
  int64_t row = 1;    // elements per row (variable) or per example (fixed)
};

void put(Tensor& t, int64_t at, const Values& v, size_t from, size_t n) {
  switch (t.dtype()) {
    case DType::Float32: std::memcpy(t.data<float>() + at, v.f.data() + from, n * sizeof(float)); break;
    case DType::Int64: std::memcpy(t.data<int64_t>() + at, v.i.data() + from, n * sizeof(int64_t)); break;
    default: for (size_t k = 0; k < n; ++k) t.strings()[at + k] = v.s[from + k];
  }
}

// Fill t[at, at+n) from `def`, repeating it (a one-element padding value) or copying it (a full default).
void put_default(Tensor& t, int64_t at, int64_t n, const Tensor& def) {
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = def.size() == 1 ? 0 : k;
    switch (t.dtype()) {
      case DType::Float32: t.data<float>()[at + k] = def.data<float>()[src]; break;
      case DType::Int64: t.data<int64_t>()[at + k] = def.data<int64_t>()[src]; break;
      default: t.strings()[at + k] = def.strings()[src];
    }
  }
}

class ParseExampleKernel : public OpKernel {
 public:
  explicit ParseExampleKernel(const KernelInit& init) : single_(init.node.type == "ParseSingleExample") {
    const Attrs& a = init.node.attrs;
    sparse_keys_ = a.get_or<std::vector<std::string>>("sparse_keys", {});
    for (int64_t t : a.get_or<std::vector<int64_t>>("sparse_types", {})) sparse_types_.push_back(feature_dtype(t, init));
    auto dense_keys = a.get_or<std::vector<std::string>>("dense_keys", {});
    auto dense_types = a.get_or<std::vector<int64_t>>("dense_types", {});
    auto ranks = a.get_or<std::vector<int64_t>>("dense_ranks", {});
    auto dims = a.get_or<std::vector<int64_t>>("dense_dims", {});
    auto variable = a.get_or<std::vector<int64_t>>("dense_variable", {});
    if (sparse_types_.size() != sparse_keys_.size() || dense_types.size() != dense_keys.size() ||
        ranks.size() != dense_keys.size() || variable.size() != dense_keys.size())
      invalid_argument(init.node.type + ": the feature attributes disagree in length (a damaged graph?)");
    size_t at = 0;
    for (size_t d = 0; d < dense_keys.size(); ++d) {
      DenseSpec spec{dense_keys[d], feature_dtype(dense_types[d], init), {}, variable[d] != 0};
      if (spec.variable && ranks[d] < 1) invalid_argument(init.node.type + ": a sequence feature needs a rank (a damaged graph?)");
      for (int64_t r = 0; r < ranks[d]; ++r, ++at) {
        if (at >= dims.size()) invalid_argument(init.node.type + ": dense_dims is too short (a damaged graph?)");
        bool rows = spec.variable && r == 0;
        if (rows ? dims[at] != -1 : dims[at] < 0)
          invalid_argument(init.node.type + ": dense shape of '" + spec.key + "' is invalid (a damaged graph?)");
        spec.shape.push_back(dims[at]);
        if (!rows) spec.row *= dims[at];
      }
      dense_.push_back(std::move(spec));
    }
    for (size_t s = 0; s < sparse_keys_.size(); ++s) wanted_[sparse_keys_[s]].push_back(static_cast<int>(s));
    for (size_t d = 0; d < dense_.size(); ++d) wanted_[dense_[d].key].push_back(static_cast<int>(sparse_keys_.size() + d));
  }

  static DType feature_dtype(int64_t t, const KernelInit& init) {
    DType dt = static_cast<DType>(t);
    if (dt != DType::Float32 && dt != DType::Int64 && dt != DType::String)
      invalid_argument(init.node.type + ": features are float32, int64 or string (a damaged graph?)");
    return dt;
  }

  void compute(KernelContext& ctx) override {
    const Tensor& serialized = ctx.input(0);
    const Tensor& names = ctx.input(1);
    if (names.dtype() != DType::String) invalid_argument("ParseExample: names must be a string tensor");
    if (serialized.dtype() != DType::String) invalid_argument("ParseExample: serialized must be a string tensor");
    if (single_ ? serialized.rank() != 0 : serialized.rank() != 1)
      invalid_argument(std::string(single_ ? "ParseSingleExample: serialized must be a scalar" : "ParseExample: serialized must be a vector") +
                       ", got shape " + shape_str(serialized.shape()));
    const int64_t batch = serialized.size();
    if (names.size() != 0 && names.size() != batch)
      invalid_argument("Expected len(names) == len(serialized), but got: " + std::to_string(names.size()) + " vs. " + std::to_string(batch));
    const size_t ns = sparse_keys_.size(), nd = dense_.size();
    for (size_t d = 0; d < nd; ++d) {
      const Tensor& def = ctx.input(static_cast<int>(2 + d));
      if (def.dtype() != dense_[d].dtype) invalid_argument("ParseExample: dense_defaults[" + std::to_string(d) + "] has the wrong dtype");
      if (dense_[d].variable ? def.size() != 1 : (def.size() != 0 && def.size() != dense_[d].row))
        invalid_argument("ParseExample: dense_defaults[" + std::to_string(d) + "] for key '" + dense_[d].key + "' has " +
                         std::to_string(def.size()) + " elements; it must have " +
                         (dense_[d].variable ? std::string("1 (the padding value)") : std::to_string(dense_[d].row) + " or 0"));
    }
    // Per feature, per example: decoded values (sparse and variable-length features only).
    std::vector<std::vector<Values>> kept(ns + nd, std::vector<Values>(static_cast<size_t>(batch)));
    std::vector<Tensor> fixed(nd);
    for (size_t d = 0; d < nd; ++d)
      if (!dense_[d].variable) fixed[d] = Tensor(dense_[d].dtype, out_shape(dense_[d], batch, 0));
    std::vector<FeatureView> found(ns + nd);
    for (int64_t b = 0; b < batch; ++b) {
      const std::string& ex = serialized.strings()[b];
      std::fill(found.begin(), found.end(), FeatureView{});
      try {
        find_features(ex, wanted_, found);
      } catch (const WireError&) {
        invalid_argument("Could not parse example input, value: '" + escaped(ex) + "'");
      }
      const std::string name = names.size() ? names.strings()[b] : "<unknown>";
      auto where = [&](const std::string& key) {
        return single_ ? "Key: " + key + ".  " : "Name: " + name + ", Key: " + key + ", Index: " + std::to_string(b) + ".  ";
      };
      for (size_t s = 0; s < ns; ++s) {
        const FeatureView& fv = found[s];
        if (fv.kind == kNone) continue;
        Kind want = kind_of(sparse_types_[s]);
        if (fv.kind != want)
          invalid_argument(where(sparse_keys_[s]) + "Data types don't match. Expected type: " + type_name(want) +
                           ", Actual type: " + type_name(fv.kind));
        decode(fv, kept[s][b], ex);
      }
      for (size_t d = 0; d < nd; ++d) parse_dense(ctx, d, found[ns + d], b, ex, name, where, kept[ns + d][b], fixed[d]);
    }
    emit(ctx, kept, fixed, batch);
  }

 private:
  template <typename Where>
  void parse_dense(KernelContext& ctx, size_t d, const FeatureView& fv, int64_t b, const std::string& ex, const std::string& name,
                   const Where& where, Values& v, Tensor& out) {
    const DenseSpec& spec = dense_[d];
    const Tensor& def = ctx.input(static_cast<int>(2 + d));
    Kind want = kind_of(spec.dtype);
    if (fv.kind == kNone) {
      if (spec.variable) return;
      if (def.size() == 0)
        invalid_argument((single_ ? std::string() : "Name: " + name + ", ") + "Feature: " + spec.key + " (data type: " +
                         type_name(want) + ") is required but could not be found.");
      put_default(out, b * spec.row, spec.row, def);
      return;
    }
    if (fv.kind != want)
      invalid_argument(where(spec.key) + "Data types don't match. Data type: " + type_name(fv.kind) + " but expected type: " + type_name(want));
    decode(fv, v, ex);
    const size_t n = v.size(spec.dtype);
    if (spec.variable) {
      if (spec.row == 0 ? n != 0 : n % static_cast<size_t>(spec.row) != 0) {
        if (single_)
          invalid_argument("Error while parsing feature with key " + spec.key + ": number of elements should be divisible by " +
                           std::to_string(spec.row) + ", found " + std::to_string(n) + " instead");
        invalid_argument(where(spec.key) + "Number of " + count_name(want) + " values is not a multiple of stride length. Saw " +
                         std::to_string(n) + " values but output shape is: " + dims_str(spec.shape, true));
      }
      return;
    }
    if (static_cast<int64_t>(n) != spec.row) {
      if (single_)
        invalid_argument(where(spec.key) + "Can't parse serialized Example: Some " + count_name(want) + "_list slice was not parsed.");
      invalid_argument(where(spec.key) + "Number of " + count_name(want) + " values != expected.  Values size: " + std::to_string(n) +
                       " but output shape: " + dims_str(spec.shape, false));
    }
    put(out, b * spec.row, v, 0, n);
    v = Values{};
  }

  static void decode(const FeatureView& fv, Values& v, const std::string& ex) {
    try {
      decode_list(fv, v);
    } catch (const WireError&) {
      invalid_argument("Could not parse example input, value: '" + escaped(ex) + "'");
    }
  }

  Shape out_shape(const DenseSpec& spec, int64_t batch, int64_t rows) const {
    Shape s = single_ ? Shape{} : Shape{batch};
    for (size_t i = 0; i < spec.shape.size(); ++i) s.push_back(spec.variable && i == 0 ? rows : spec.shape[i]);
    return s;
  }

  void emit(KernelContext& ctx, std::vector<std::vector<Values>>& kept, std::vector<Tensor>& fixed, int64_t batch) {
    const size_t ns = sparse_keys_.size(), nd = dense_.size();
    const int rank = single_ ? 1 : 2;
    for (size_t s = 0; s < ns; ++s) {
      int64_t total = 0, longest = 0;
      for (auto& v : kept[s]) {
        int64_t n = static_cast<int64_t>(v.size(sparse_types_[s]));
        total += n;
        longest = std::max(longest, n);
      }
      Tensor idx(DType::Int64, Shape{total, rank}), vals(sparse_types_[s], Shape{total}), shape(DType::Int64, Shape{rank});
      int64_t k = 0;
      for (int64_t b = 0; b < batch; ++b) {
        const Values& v = kept[s][b];
        size_t n = v.size(sparse_types_[s]);
        put(vals, k, v, 0, n);
        for (size_t j = 0; j < n; ++j, ++k) {
          if (!single_) idx.data<int64_t>()[2 * k] = b;
          idx.data<int64_t>()[rank * k + rank - 1] = static_cast<int64_t>(j);
        }
      }
      if (single_) {
        shape.data<int64_t>()[0] = longest;
      } else {
        shape.data<int64_t>()[0] = batch;
        shape.data<int64_t>()[1] = longest;
      }
      ctx.set_output(static_cast<int>(s), std::move(idx));
      ctx.set_output(static_cast<int>(ns + s), std::move(vals));
      ctx.set_output(static_cast<int>(2 * ns + s), std::move(shape));
    }
    for (size_t d = 0; d < nd; ++d) {
      const DenseSpec& spec = dense_[d];
      if (!spec.variable) {
        ctx.set_output(static_cast<int>(3 * ns + d), std::move(fixed[d]));
        continue;
      }
      int64_t rows = 0;  // a row of zero elements ([?, 0]) only ever holds no values (checked in parse_dense)
      if (spec.row)
        for (auto& v : kept[ns + d]) rows = std::max(rows, static_cast<int64_t>(v.size(spec.dtype)) / spec.row);
      Tensor out(spec.dtype, out_shape(spec, batch, rows));
      const Tensor& pad = ctx.input(static_cast<int>(2 + d));
      const int64_t per_example = rows * spec.row;
      for (int64_t b = 0; b < batch; ++b) {
        const Values& v = kept[ns + d][b];
        int64_t n = static_cast<int64_t>(v.size(spec.dtype));
        put(out, b * per_example, v, 0, static_cast<size_t>(n));
        put_default(out, b * per_example + n, per_example - n, pad);
      }
      ctx.set_output(static_cast<int>(3 * ns + d), std::move(out));
    }
  }

  bool single_;
  std::vector<std::string> sparse_keys_;
  std::vector<DType> sparse_types_;
  std::vector<DenseSpec> dense_;
  std::unordered_map<std::string, std::vector<int>> wanted_;  // key -> output slots (sparse first, then dense)
};

// DataTypeString's names, which TF's DecodeRaw message uses ("float", not "float32").
std::string tf_type_name(DType dt) {
  switch (dt) {
    case DType::Float32: return "float";
    case DType::Float64: return "double";
    case DType::Float16: return "half";
    default: return dtype_name(dt);
  }
}

// tf.decode_raw: each string's bytes as a vector of out_type (all strings the same length).
class DecodeRawKernel : public OpKernel {
 public:
  explicit DecodeRawKernel(const KernelInit& init)
      : out_(init.node.attrs.dtype("out_type")), little_(init.node.attrs.get_or<bool>("little_endian", true)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    if (in.dtype() != DType::String) invalid_argument("DecodeRaw: input_bytes must be a string tensor");
    const size_t width = out_ == DType::String || out_ == DType::BFloat16 ? 0 : dtype_size(out_);
    if (width == 0) invalid_argument(std::string("DecodeRaw: out_type ") + dtype_name(out_) + " is not a numeric type");
    Shape shape = in.shape();
    if (in.size() == 0) {
      shape.push_back(0);
      ctx.set_output(0, Tensor(out_, shape));
      return;
    }
    const size_t len = in.strings()[0].size();
    if (len % width != 0)
      invalid_argument("Input to DecodeRaw has length " + std::to_string(len) + " that is not a multiple of " + std::to_string(width) +
                       ", the size of " + tf_type_name(out_));
    for (int64_t i = 1; i < in.size(); ++i)
      if (in.strings()[i].size() != len)
        invalid_argument("DecodeRaw requires input strings to all be the same size, but element " + std::to_string(i) + " has size " +
                         std::to_string(len) + " != " + std::to_string(in.strings()[i].size()));
    shape.push_back(static_cast<int64_t>(len / width));
    Tensor out(out_, shape);
    auto* dst = static_cast<unsigned char*>(out.raw());
    for (int64_t i = 0; i < in.size(); ++i) std::memcpy(dst + i * len, in.strings()[i].data(), len);
    const bool host_little = [] {
      uint16_t one = 1;
      unsigned char first;
      std::memcpy(&first, &one, 1);
      return first == 1;
    }();
    // A complex number is two scalars, each swapped on its own.
    const size_t unit = (out_ == DType::Complex64 || out_ == DType::Complex128) ? width / 2 : width;
    if (little_ != host_little && unit > 1)
      for (size_t at = 0; at + unit <= static_cast<size_t>(out.size()) * width; at += unit) std::reverse(dst + at, dst + at + unit);
    ctx.set_output(0, std::move(out));
  }

 private:
  DType out_;
  bool little_;
};

}  // namespace

JF_REGISTER_KERNEL("ParseExample", ParseExampleKernel);
JF_REGISTER_KERNEL("ParseSingleExample", ParseExampleKernel);
JF_REGISTER_KERNEL("DecodeRaw", DecodeRawKernel);

}  // namespace jf
