// batch and padded_batch: consecutive elements stacked along a new first dimension.
#include <cstring>

#include "dataset.h"

namespace jf::data {
namespace {

// Pulls up to `size` elements; false when none (or fewer than `size` with drop_remainder).
bool gather(DatasetIterator& in, int64_t size, bool drop_remainder, std::vector<Element>& items,
            const RunControl* control) {
  items.clear();
  const int64_t got = pull(in, size, control, [&](Element&& e) { items.push_back(std::move(e)); });
  return got > 0 && !(drop_remainder && got < size);
}

class Batch : public Dataset {
 public:
  Batch(DatasetPtr input, int64_t size, bool drop) : input_(std::move(input)), size_(size), drop_(drop) {
    if (size <= 0) invalid_argument("Dataset.batch: batch_size must be greater than zero, got " + std::to_string(size));
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Batch* ds;
      std::unique_ptr<DatasetIterator> in;
      std::vector<Element> items;
      bool by_element = false;  // the input has no next_block
      bool next(Element& out, const RunControl* control) override {
        if (!by_element) {
          int64_t k = in->next_block(ds->size_, out);
          if (k >= 0) return k > 0 && !(ds->drop_ && k < ds->size_);
          by_element = true;
        }
        if (!gather(*in, ds->size_, ds->drop_, items, control)) return false;
        out.clear();
        const int64_t n = static_cast<int64_t>(items.size());
        for (size_t c = 0; c < items[0].size(); ++c) {
          const Tensor& first = items[0][c];
          Shape s{n};
          s.insert(s.end(), first.shape().begin(), first.shape().end());
          Tensor t(first.dtype(), s);
          for (int64_t i = 0; i < n; ++i) {
            const Tensor& x = items[i].at(c);
            if (x.shape() != first.shape() || x.dtype() != first.dtype())
              invalid_argument("Cannot batch tensors with different shapes in component " + std::to_string(c) +
                               ". First element had shape " + shape_str(first.shape()) + " and element " +
                               std::to_string(i) + " had shape " + shape_str(x.shape()) +
                               " (use padded_batch for elements of different shapes).");
            copy_row(t, i, x);
          }
          out.push_back(std::move(t));
        }
        return true;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = input_->make_iterator();
    return it;
  }

 private:
  DatasetPtr input_;
  int64_t size_;
  bool drop_;
};

// Copies `src` into the leading corner of `dst`'s row `row` (dst row shape >= src shape per dim).
void copy_padded(Tensor& dst, int64_t row, const Tensor& src) {
  const Shape& ds = dst.shape();
  const int rank = src.rank();
  const int64_t n = src.size();
  if (n == 0) return;
  const size_t esize = src.dtype() == DType::String ? 0 : dtype_size(src.dtype());
  int64_t row_elems = 1;
  for (int d = 1; d <= rank; ++d) row_elems *= ds[d];
  std::vector<int64_t> idx(rank, 0);
  // Contiguous runs along the last dimension.
  const int64_t run = rank ? src.shape()[rank - 1] : 1;
  for (int64_t done = 0; done < n; done += run) {
    int64_t off = 0;
    for (int d = 0; d < rank; ++d) off = off * ds[d + 1] + idx[d];
    off += row * row_elems;
    if (src.dtype() == DType::String)
      std::copy(src.strings().begin() + done, src.strings().begin() + done + run, dst.strings().begin() + off);
    else
      std::memcpy(static_cast<char*>(dst.raw()) + off * esize, static_cast<const char*>(src.raw()) + done * esize, run * esize);
    for (int d = rank - 2; d >= 0; --d) {
      if (++idx[d] < src.shape()[d]) break;
      idx[d] = 0;
    }
  }
}

void fill_with(Tensor& t, const Tensor& value) {
  if (value.size() != 1 || value.dtype() != t.dtype())
    invalid_argument("padded_batch: a padding value must be a scalar of the component's dtype " +
                     std::string(dtype_name(t.dtype())) + ", got " + dtype_name(value.dtype()) + shape_str(value.shape()));
  if (t.dtype() == DType::String) {
    std::fill(t.strings().begin(), t.strings().end(), value.strings()[0]);
    return;
  }
  const size_t es = dtype_size(t.dtype());
  char* p = static_cast<char*>(t.raw());
  for (int64_t i = 0; i < t.size(); ++i) std::memcpy(p + i * es, value.raw(), es);
}

class PaddedBatch : public Dataset {
 public:
  // params: per component, its padded shape (int64 vector, -1: the batch's longest) and padding value.
  PaddedBatch(DatasetPtr input, int64_t size, bool drop, std::vector<Tensor> params)
      : input_(std::move(input)), size_(size), drop_(drop) {
    if (size <= 0) invalid_argument("Dataset.padded_batch: batch_size must be greater than zero, got " + std::to_string(size));
    for (size_t i = 0; i + 1 < params.size(); i += 2) {
      const Tensor& s = params[i];
      if (s.dtype() != DType::Int64 || s.rank() != 1) invalid_argument("padded_batch: padded_shapes must be int64 vectors");
      shapes_.emplace_back(s.data<int64_t>(), s.data<int64_t>() + s.size());
      values_.push_back(params[i + 1]);
    }
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const PaddedBatch* ds;
      std::unique_ptr<DatasetIterator> in;
      std::vector<Element> items;
      bool next(Element& out, const RunControl* control) override {
        if (!gather(*in, ds->size_, ds->drop_, items, control)) return false;
        out.clear();
        const int64_t n = static_cast<int64_t>(items.size());
        if (items[0].size() != ds->shapes_.size())
          fail(Code::Internal, "padded_batch got elements of " + std::to_string(items[0].size()) + " components");
        for (size_t c = 0; c < items[0].size(); ++c) {
          const Shape& pad = ds->shapes_[c];
          Shape s(pad.size(), 0);
          for (int64_t i = 0; i < n; ++i) {
            const Tensor& x = items[i].at(c);
            if (x.rank() != static_cast<int>(pad.size()))
              invalid_argument("padded_batch: component " + std::to_string(c) + " has shape " + shape_str(x.shape()) +
                               " but its padded shape has rank " + std::to_string(pad.size()));
            for (size_t d = 0; d < pad.size(); ++d) {
              if (pad[d] >= 0 && x.dim(static_cast<int>(d)) > pad[d])
                invalid_argument("padded_batch: component " + std::to_string(c) + " has shape " + shape_str(x.shape()) +
                                 ", larger than its padded shape " + shape_str(pad) + " in dimension " + std::to_string(d));
              s[d] = std::max(s[d], pad[d] >= 0 ? pad[d] : x.dim(static_cast<int>(d)));
            }
          }
          Shape full{n};
          full.insert(full.end(), s.begin(), s.end());
          Tensor t(items[0][c].dtype(), full);
          fill_with(t, ds->values_[c]);
          for (int64_t i = 0; i < n; ++i) copy_padded(t, i, items[i][c]);
          out.push_back(std::move(t));
        }
        return true;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = input_->make_iterator();
    return it;
  }

 private:
  DatasetPtr input_;
  int64_t size_;
  bool drop_;
  std::vector<Shape> shapes_;
  std::vector<Tensor> values_;
};

JF_REGISTER_DATASET("Batch", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Batch>(a.children.at(0), a.scalar_param(0, "batch_size"), a.int_at(0) != 0);
});
JF_REGISTER_DATASET("PaddedBatch", [](DatasetArgs& a) -> DatasetPtr {
  int64_t size = a.scalar_param(0, "batch_size");
  return std::make_shared<PaddedBatch>(a.children.at(0), size, a.int_at(0) != 0,
                                       std::vector<Tensor>(a.params.begin() + 1, a.params.end()));
});

}  // namespace
}  // namespace jf::data
