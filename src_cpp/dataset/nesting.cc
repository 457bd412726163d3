// flat_map and interleave: each input element makes a dataset (the traced function computes its
// parameters, the function's DatasetSpec binds them), whose elements are emitted in turn.
#include "dataset.h"

namespace jf::data {
namespace {

struct Open {
  DatasetPtr dataset;  // kept alive for its iterator
  std::unique_ptr<DatasetIterator> it;
};

Open open_inner(const DatasetFunction& fn, const Element& arg, const std::vector<Tensor>& captures, const RunControl* control) {
  Open o;
  o.dataset = fn.returns->bind(fn.call(arg, captures, control));
  o.it = o.dataset->make_iterator();
  return o;
}

// cycle_length 1, block_length 1 is flat_map.
class Interleave : public Dataset {
 public:
  Interleave(DatasetPtr input, FunctionPtr fn, std::vector<Tensor> captures, int64_t cycle, int64_t block)
      : input_(std::move(input)), fn_(std::move(fn)), captures_(std::move(captures)), cycle_(cycle), block_(block) {
    if (cycle <= 0) invalid_argument("Dataset.interleave: cycle_length must be greater than zero, got " + std::to_string(cycle));
    if (block <= 0) invalid_argument("Dataset.interleave: block_length must be greater than zero, got " + std::to_string(block));
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Interleave* ds;
      std::unique_ptr<DatasetIterator> in;
      std::vector<Open> slots;
      size_t ci = 0;
      int64_t bi = 0, open = 0;
      bool end_of_input = false;
      Element arg;
      void advance() {
        bi = 0;
        ci = (ci + 1) % slots.size();
      }
      bool next(Element& out, const RunControl* control) override {
        PollTimer poll(control);
        while (!end_of_input || open > 0) {
          poll.tick();
          Open& s = slots[ci];
          if (s.it) {
            if (s.it->next(out, control)) {
              if (++bi == ds->block_) advance();
              return true;
            }
            s = Open{};
            --open;
            advance();
          } else if (!end_of_input) {
            if (!in->next(arg, control)) {
              end_of_input = true;
              continue;
            }
            s = open_inner(*ds->fn_, arg, ds->captures_, control);
            ++open;
          } else {
            advance();
          }
        }
        return false;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = input_->make_iterator();
    it->slots.resize(static_cast<size_t>(cycle_));
    return it;
  }

 private:
  DatasetPtr input_;
  FunctionPtr fn_;
  std::vector<Tensor> captures_;
  int64_t cycle_, block_;
};

JF_REGISTER_DATASET("FlatMap", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Interleave>(a.children.at(0), a.spec.fn, std::move(a.params), 1, 1);
});
// params: cycle_length, block_length, then the captures.
JF_REGISTER_DATASET("Interleave", [](DatasetArgs& a) -> DatasetPtr {
  int64_t cycle = a.scalar_param(0, "cycle_length"), block = a.scalar_param(1, "block_length");
  return std::make_shared<Interleave>(a.children.at(0), a.spec.fn, std::vector<Tensor>(a.params.begin() + 2, a.params.end()),
                                      cycle, block);
});

}  // namespace
}  // namespace jf::data
