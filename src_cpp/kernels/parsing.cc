// Text parsing for input pipelines: DecodeCSV (one output per column) and the string splits
// StringSplit (tf.string_split: any of the delimiter's characters) and StringSplitV2
// (tf.strings.split: a whole separator, or runs of whitespace), which return a sparse matrix.
#include <cerrno>
#include <cstdlib>
#include <limits>

#include "../kernel.h"

namespace jf {
namespace {

// One CSV record's fields; quoted fields may hold the delimiter and "" for a quote.
std::vector<std::string> csv_fields(const std::string& rec, char delim, bool quotes, int64_t record) {
  std::vector<std::string> out;
  size_t i = 0;
  const size_t n = rec.size();
  while (true) {
    std::string f;
    if (quotes && i < n && rec[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (rec[i] == '"') {
          if (i + 1 < n && rec[i + 1] == '"') {
            f += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        f += rec[i++];
      }
      if (!closed) invalid_argument("Quoted field has to end with quote followed by delim or end in record " + std::to_string(record));
      if (i < n && rec[i] != delim)
        invalid_argument("Quote inside a string has to be escaped by another quote in record " + std::to_string(record));
    } else {
      while (i < n && rec[i] != delim) f += rec[i++];
    }
    out.push_back(std::move(f));
    if (i >= n) break;
    ++i;  // the delimiter
  }
  return out;
}

[[noreturn]] void bad_field(size_t field, int64_t record, const char* type, const std::string& text) {
  invalid_argument("Field " + std::to_string(field) + " in record " + std::to_string(record) + " is not a valid " + type +
                   ": " + text);
}

// TF1 parses numbers with leading and trailing spaces allowed ("4., 5. ,1"); a blank field is still bad.
bool only_spaces(const char* p) {
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f') ++p;
  return *p == 0;
}

void parse_into(Tensor& out, int64_t i, const std::string& s, size_t field, int64_t record) {
  const char* b = s.c_str();
  char* end = nullptr;
  errno = 0;
  switch (out.dtype()) {
    case DType::Float32: {
      float v = std::strtof(b, &end);
      if (end == b || !only_spaces(end)) bad_field(field, record, "float", s);
      out.data<float>()[i] = v;
      break;
    }
    case DType::Float64: {
      double v = std::strtod(b, &end);
      if (end == b || !only_spaces(end)) bad_field(field, record, "double", s);
      out.data<double>()[i] = v;
      break;
    }
    case DType::Int32: {
      long long v = std::strtoll(b, &end, 10);
      if (end == b || !only_spaces(end) || errno || v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
        bad_field(field, record, "int32", s);
      out.data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    }
    case DType::Int64: {
      long long v = std::strtoll(b, &end, 10);
      if (end == b || !only_spaces(end) || errno) bad_field(field, record, "int64", s);
      out.data<int64_t>()[i] = v;
      break;
    }
    case DType::String: out.strings()[i] = s; break;
    default: invalid_argument("decode_csv: record_defaults must be float32, float64, int32, int64 or string");
  }
}

void set_default(Tensor& out, int64_t i, const Tensor& def) {
  switch (out.dtype()) {
    case DType::Float32: out.data<float>()[i] = def.data<float>()[0]; break;
    case DType::Float64: out.data<double>()[i] = def.data<double>()[0]; break;
    case DType::Int32: out.data<int32_t>()[i] = def.data<int32_t>()[0]; break;
    case DType::Int64: out.data<int64_t>()[i] = def.data<int64_t>()[0]; break;
    case DType::String: out.strings()[i] = def.strings()[0]; break;
    default: invalid_argument("decode_csv: record_defaults must be float32, float64, int32, int64 or string");
  }
}

class DecodeCSVKernel : public OpKernel {
 public:
  explicit DecodeCSVKernel(const KernelInit& init) {
    const auto& a = init.node.attrs;
    std::string d = a.get_or<std::string>("field_delim", ",");
    if (d.size() != 1) invalid_argument("decode_csv: field_delim must be one character, got '" + d + "'");
    delim_ = d[0];
    quotes_ = a.get_or<bool>("use_quote_delim", true);
    na_ = a.get_or<std::string>("na_value", "");
    select_ = a.get_or<std::vector<int64_t>>("select_cols", {});
  }
  void compute(KernelContext& ctx) override {
    const Tensor& rec = ctx.input(0);
    if (rec.dtype() != DType::String) invalid_argument("decode_csv: records must be strings");
    const size_t ncols = static_cast<size_t>(ctx.num_inputs() - 1);
    std::vector<Tensor> outs;
    for (size_t c = 0; c < ncols; ++c) {
      const Tensor& def = ctx.input(static_cast<int>(c + 1));
      if (def.size() > 1) invalid_argument("decode_csv: record_defaults[" + std::to_string(c) + "] must have at most one element");
      outs.emplace_back(def.dtype(), rec.shape());
    }
    for (int64_t r = 0; r < rec.size(); ++r) {
      std::vector<std::string> fields = csv_fields(rec.strings()[r], delim_, quotes_, r);
      if (!select_.empty()) {
        std::vector<std::string> kept;
        for (int64_t col : select_) {
          if (col < 0 || static_cast<size_t>(col) >= fields.size())
            invalid_argument("decode_csv: select_cols index " + std::to_string(col) + " is out of range for record " +
                             std::to_string(r) + " with " + std::to_string(fields.size()) + " fields");
          kept.push_back(fields[col]);
        }
        fields = std::move(kept);
      }
      if (fields.size() != ncols)
        invalid_argument("Expect " + std::to_string(ncols) + " fields but have " + std::to_string(fields.size()) +
                         " in record " + std::to_string(r));
      for (size_t c = 0; c < ncols; ++c) {
        const Tensor& def = ctx.input(static_cast<int>(c + 1));
        if (fields[c].empty() || fields[c] == na_) {
          if (def.size() == 0)
            invalid_argument("Field " + std::to_string(c) + " is required but missing in record " + std::to_string(r) + "!");
          set_default(outs[c], r, def);
        } else {
          parse_into(outs[c], r, fields[c], c, r);
        }
      }
    }
    for (size_t c = 0; c < ncols; ++c) ctx.set_output(static_cast<int>(c), std::move(outs[c]));
  }

 private:
  char delim_ = ',';
  bool quotes_ = true;
  std::string na_;
  std::vector<int64_t> select_;
};

// tokens per input string -> (indices [n, 2], values [n], dense_shape [2]).
void emit_sparse(KernelContext& ctx, const std::vector<std::vector<std::string>>& tokens) {
  int64_t n = 0, width = 0;
  for (auto& t : tokens) {
    n += static_cast<int64_t>(t.size());
    width = std::max(width, static_cast<int64_t>(t.size()));
  }
  Tensor idx(DType::Int64, Shape{n, 2}), vals(DType::String, Shape{n}), shape(DType::Int64, Shape{2});
  int64_t k = 0;
  for (size_t r = 0; r < tokens.size(); ++r)
    for (size_t j = 0; j < tokens[r].size(); ++j, ++k) {
      idx.data<int64_t>()[2 * k] = static_cast<int64_t>(r);
      idx.data<int64_t>()[2 * k + 1] = static_cast<int64_t>(j);
      vals.strings()[k] = tokens[r][j];
    }
  shape.data<int64_t>()[0] = static_cast<int64_t>(tokens.size());
  shape.data<int64_t>()[1] = width;
  ctx.set_output(0, std::move(idx));
  ctx.set_output(1, std::move(vals));
  ctx.set_output(2, std::move(shape));
}

const Tensor& string_vector(KernelContext& ctx, const char* op) {
  const Tensor& in = ctx.input(0);
  if (in.dtype() != DType::String || in.rank() != 1)
    invalid_argument(std::string(op) + ": input must be a vector of strings, got " + dtype_name(in.dtype()) + shape_str(in.shape()));
  return in;
}

class StringSplitKernel : public OpKernel {
 public:
  explicit StringSplitKernel(const KernelInit& init) : skip_empty_(init.node.attrs.get_or<bool>("skip_empty", true)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = string_vector(ctx, "string_split");
    const Tensor& d = ctx.input(1);
    if (d.dtype() != DType::String || d.size() != 1) invalid_argument("string_split: delimiter must be a string scalar");
    const std::string& delim = d.strings()[0];
    std::vector<std::vector<std::string>> tokens(static_cast<size_t>(in.size()));
    for (int64_t r = 0; r < in.size(); ++r) {
      const std::string& s = in.strings()[r];
      if (delim.empty()) {
        for (char ch : s) tokens[r].emplace_back(1, ch);
        continue;
      }
      std::string cur;
      for (char ch : s) {
        if (delim.find(ch) != std::string::npos) {
          if (!cur.empty() || !skip_empty_) tokens[r].push_back(cur);
          cur.clear();
        } else {
          cur += ch;
        }
      }
      if (!cur.empty() || !skip_empty_) tokens[r].push_back(cur);
    }
    emit_sparse(ctx, tokens);
  }

 private:
  bool skip_empty_;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

class StringSplitV2Kernel : public OpKernel {
 public:
  explicit StringSplitV2Kernel(const KernelInit& init) : maxsplit_(init.node.attrs.get_or<int64_t>("maxsplit", -1)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = string_vector(ctx, "strings.split");
    const Tensor& d = ctx.input(1);
    if (d.dtype() != DType::String || d.size() != 1) invalid_argument("strings.split: sep must be a string scalar");
    const std::string& sep = d.strings()[0];
    std::vector<std::vector<std::string>> tokens(static_cast<size_t>(in.size()));
    for (int64_t r = 0; r < in.size(); ++r) {
      const std::string& s = in.strings()[r];
      auto& out = tokens[r];
      if (sep.empty()) {  // runs of whitespace; no empty tokens
        size_t i = 0;
        while (i < s.size()) {
          while (i < s.size() && is_space(s[i])) ++i;
          if (i >= s.size()) break;
          if (maxsplit_ >= 0 && static_cast<int64_t>(out.size()) == maxsplit_) {
            out.push_back(s.substr(i));
            break;
          }
          size_t j = i;
          while (j < s.size() && !is_space(s[j])) ++j;
          out.push_back(s.substr(i, j - i));
          i = j;
        }
        continue;
      }
      size_t start = 0;  // an empty string gives one empty token, as in TF
      while (true) {
        size_t p = s.find(sep, start);
        if (p == std::string::npos || (maxsplit_ >= 0 && static_cast<int64_t>(out.size()) == maxsplit_)) {
          out.push_back(s.substr(start));
          break;
        }
        out.push_back(s.substr(start, p - start));
        start = p + sep.size();
      }
    }
    emit_sparse(ctx, tokens);
  }

 private:
  int64_t maxsplit_;
};

}  // namespace

JF_REGISTER_KERNEL("DecodeCSV", DecodeCSVKernel);
JF_REGISTER_KERNEL("StringSplit", StringSplitKernel);
JF_REGISTER_KERNEL("StringSplitV2", StringSplitV2Kernel);

}  // namespace jf
