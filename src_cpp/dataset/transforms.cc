// Datasets that transform one input element by element: map and filter (traced functions run as
// sub-plans), take, skip, repeat. (cache: cache.cc; shuffle, prefetch: buffering.cc.)
#include "dataset.h"

namespace jf::data {
namespace {

// The captured outer values a function reads: the node's parameters after `skip` fixed ones.
std::vector<Tensor> captures_of(DatasetArgs& a, size_t skip) {
  return std::vector<Tensor>(a.params.begin() + static_cast<long>(skip), a.params.end());
}

class Map : public Dataset {
 public:
  Map(DatasetPtr input, FunctionPtr fn, std::vector<Tensor> captures)
      : input_(std::move(input)), fn_(std::move(fn)), captures_(std::move(captures)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Map* ds;
      std::unique_ptr<DatasetIterator> in;
      Element arg;
      bool next(Element& out, const RunControl* control) override {
        if (!in->next(arg, control)) return false;
        out = ds->fn_->call(arg, ds->captures_, control);
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
  FunctionPtr fn_;
  std::vector<Tensor> captures_;
};

class Filter : public Dataset {
 public:
  Filter(DatasetPtr input, FunctionPtr fn, std::vector<Tensor> captures)
      : input_(std::move(input)), fn_(std::move(fn)), captures_(std::move(captures)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Filter* ds;
      std::unique_ptr<DatasetIterator> in;
      bool next(Element& out, const RunControl* control) override {
        PollTimer poll(control);  // a predicate that rejects everything must stay interruptible
        while (in->next(out, control)) {
          std::vector<Tensor> keep = ds->fn_->call(out, ds->captures_, control);
          const Tensor& k = keep.at(0);
          if (k.dtype() != DType::Bool || k.size() != 1)
            invalid_argument("the predicate of Dataset.filter must return a boolean scalar, got " + element_str(keep));
          if (k.data<bool>()[0]) return true;
          poll.tick();
        }
        return false;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = input_->make_iterator();
    return it;
  }

 private:
  DatasetPtr input_;
  FunctionPtr fn_;
  std::vector<Tensor> captures_;
};

// take(n) (n < 0: all) and skip(n) (n < 0: everything).
class TakeSkip : public Dataset {
 public:
  TakeSkip(DatasetPtr input, int64_t count, bool take) : input_(std::move(input)), count_(count), take_(take) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const TakeSkip* ds;
      std::unique_ptr<DatasetIterator> in;
      int64_t seen = 0;     // take: elements handed on
      bool skipped = false;  // skip: the first count elements are gone
      bool next(Element& out, const RunControl* control) override {
        if (ds->take_) {
          if (ds->count_ >= 0 && seen >= ds->count_) return false;
          ++seen;
          return in->next(out, control);
        }
        if (!skipped) {
          skipped = true;
          if (pull(*in, ds->count_, control, [](Element&&) {}) < ds->count_ || ds->count_ < 0) return false;
        }
        return in->next(out, control);
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = input_->make_iterator();
    return it;
  }

 private:
  DatasetPtr input_;
  int64_t count_;
  bool take_;
};

class Repeat : public Dataset {
 public:
  Repeat(DatasetPtr input, int64_t count) : input_(std::move(input)), count_(count) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Repeat* ds;
      std::unique_ptr<DatasetIterator> in;
      int64_t epoch = 0;
      bool produced = false;
      bool next(Element& out, const RunControl* control) override {
        while (ds->count_ < 0 || epoch < ds->count_) {
          if (!in) {
            in = ds->input_->make_iterator();
            produced = false;
          }
          if (in->next(out, control)) {
            produced = true;
            return true;
          }
          in.reset();
          ++epoch;
          // An empty input repeated forever would spin: it ends instead, as in TF.
          if (!produced && ds->count_ < 0) return false;
        }
        return false;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    return it;
  }

 private:
  DatasetPtr input_;
  int64_t count_;
};

JF_REGISTER_DATASET("Map", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Map>(a.children.at(0), a.spec.fn, captures_of(a, 0));
});
JF_REGISTER_DATASET("Filter", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Filter>(a.children.at(0), a.spec.fn, captures_of(a, 0));
});
JF_REGISTER_DATASET("Take", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<TakeSkip>(a.children.at(0), a.scalar_param(0, "count"), true);
});
JF_REGISTER_DATASET("Skip", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<TakeSkip>(a.children.at(0), a.scalar_param(0, "count"), false);
});
JF_REGISTER_DATASET("Repeat", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Repeat>(a.children.at(0), a.scalar_param(0, "count"));
});

}  // namespace
}  // namespace jf::data
