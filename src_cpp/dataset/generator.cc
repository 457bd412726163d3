// Dataset.from_generator: each pass starts a new Python iterator over the generator and asks it
// for one element per get_next (through GeneratorHooks, installed by bindings.cc).
#include "dataset.h"

namespace jf::data {
namespace {

GeneratorHooks& hooks() {
  static GeneratorHooks h;
  return h;
}

class Generator : public Dataset {
 public:
  Generator(int64_t id, std::vector<DType> dtypes) : id_(id), dtypes_(std::move(dtypes)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Generator* ds;
      int64_t instance = -1;
      bool ended = false;
      ~It() override {
        if (instance >= 0 && hooks().stop) hooks().stop(instance);
      }
      bool next(Element& out, const RunControl*) override {
        if (ended) return false;
        if (!hooks().start) fail(Code::Internal, "from_generator needs the Python binding");
        if (instance < 0) instance = hooks().start(ds->id_);
        if (!hooks().next(instance, ds->dtypes_, out)) ended = true;
        return !ended;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    return it;
  }

 private:
  int64_t id_;
  std::vector<DType> dtypes_;
};

// ints: the generator's id (jupyter_flow/data/generator.py), then the components' dtypes.
JF_REGISTER_DATASET("Generator", [](DatasetArgs& a) -> DatasetPtr {
  std::vector<DType> dts;
  for (size_t i = 1; i < a.spec.ints.size(); ++i) dts.push_back(static_cast<DType>(a.spec.ints[i]));
  return std::make_shared<Generator>(a.int_at(0), std::move(dts));
});

}  // namespace

void set_generator_hooks(GeneratorHooks h) { hooks() = std::move(h); }

}  // namespace jf::data
