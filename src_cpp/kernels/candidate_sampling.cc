// Candidate samplers of jupyter_flow/ops/candidate_sampling_ops.py (the negative classes of
// tf.nn.nce_loss / sampled_softmax_loss) and ComputeAccidentalHits. The distributions and the
// expected-count formulas are TF1's, so losses computed from them match TF1 for the same
// candidates; the random stream itself is ours (seeded as in random.cc).
#include <cmath>
#include <limits>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../kernel.h"
#include "../session_state.h"

namespace jf {
namespace {

uint64_t seed_of(const KernelInit& init) {
  int64_t seed = init.node.attrs.get_or<int64_t>("seed", 0), seed2 = init.node.attrs.get_or<int64_t>("seed2", 0);
  if (seed == 0 && seed2 == 0) return std::random_device{}() ^ (static_cast<uint64_t>(std::random_device{}()) << 32);
  return static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(seed2);
}

double uniform01(std::mt19937_64& gen) { return static_cast<double>(gen() >> 11) * 0x1.0p-53; }

// Zipf-like: P(k) = log((k + 2) / (k + 1)) / log(range + 1), for frequency-sorted vocabularies.
struct LogUniform {
  int64_t range;
  double log_range;
  explicit LogUniform(int64_t r) : range(r), log_range(std::log1p(static_cast<double>(r))) {}
  int64_t sample(std::mt19937_64& gen) const {
    int64_t v = static_cast<int64_t>(std::exp(uniform01(gen) * log_range)) - 1;
    return v % range;
  }
  double probability(int64_t k) const { return std::log((k + 2.0) / (k + 1.0)) / log_range; }
};

struct Uniform {
  int64_t range;
  explicit Uniform(int64_t r) : range(r) {}
  int64_t sample(std::mt19937_64& gen) const {
    return std::min<int64_t>(static_cast<int64_t>(uniform01(gen) * range), range - 1);
  }
  double probability(int64_t) const { return 1.0 / static_cast<double>(range); }
};

// How many times a class with probability p is expected among the draws: `num_tries` draws were
// needed for `count` unique candidates (equal when sampling with replacement).
double expected_count(double p, int64_t count, int64_t num_tries) {
  if (num_tries == count) return p * count;
  return -std::expm1(num_tries * std::log1p(-p));
}

// *CandidateSampler(true_classes [batch, num_true] int64) ->
//   (sampled_candidates [num_sampled] int64, true_expected_count [batch, num_true], sampled_expected_count [num_sampled])
template <class Distribution>
class CandidateSamplerKernel : public OpKernel {
 public:
  explicit CandidateSamplerKernel(const KernelInit& init)
      : rng_state_(init.state.rng(init.node.id, seed_of(init))),
        dist_(init.node.attrs.get<int64_t>("range_max")),
        num_true_(init.node.attrs.get<int64_t>("num_true")),
        num_sampled_(init.node.attrs.get<int64_t>("num_sampled")),
        unique_(init.node.attrs.get<bool>("unique")) {}

  void compute(KernelContext& ctx) override {
    const Tensor& true_classes = ctx.input(0);
    const std::string& name = ctx.node().name;
    if (true_classes.dtype() != DType::Int64 || true_classes.rank() != 2 || true_classes.dim(1) != num_true_)
      invalid_argument("candidate sampler '" + name + "': true_classes must be an int64 matrix [batch_size, " +
                       std::to_string(num_true_) + "] (num_true columns), got " +
                       std::string(dtype_name(true_classes.dtype())) + " " + shape_str(true_classes.shape()));
    if (unique_ && num_sampled_ > dist_.range)
      invalid_argument("candidate sampler '" + name + "': cannot draw num_sampled=" + std::to_string(num_sampled_) +
                       " unique candidates from range_max=" + std::to_string(dist_.range) + " classes");
    Tensor sampled(DType::Int64, Shape{num_sampled_});
    int64_t* out = sampled.data<int64_t>();
    int64_t num_tries = 0;
    {
      std::lock_guard<std::mutex> lock(rng_state_.mu);
      if (unique_) {
        std::unordered_set<int64_t> seen;
        for (int64_t got = 0; got < num_sampled_; ++num_tries) {
          int64_t v = dist_.sample(rng_state_.gen);
          if (seen.insert(v).second) out[got++] = v;
        }
      } else {
        for (int64_t i = 0; i < num_sampled_; ++i) out[i] = dist_.sample(rng_state_.gen);
        num_tries = num_sampled_;
      }
    }
    Tensor true_expected(DType::Float32, true_classes.shape());
    const int64_t* tc = true_classes.data<int64_t>();
    for (int64_t i = 0; i < true_classes.size(); ++i) {
      if (tc[i] < 0 || tc[i] >= dist_.range)
        invalid_argument("candidate sampler '" + name + "': true class " + std::to_string(tc[i]) +
                         " is outside [0, range_max=" + std::to_string(dist_.range) + ")");
      true_expected.data<float>()[i] =
          static_cast<float>(expected_count(dist_.probability(tc[i]), num_sampled_, num_tries));
    }
    Tensor sampled_expected(DType::Float32, Shape{num_sampled_});
    for (int64_t i = 0; i < num_sampled_; ++i)
      sampled_expected.data<float>()[i] =
          static_cast<float>(expected_count(dist_.probability(out[i]), num_sampled_, num_tries));
    ctx.set_output(0, std::move(sampled));
    ctx.set_output(1, std::move(true_expected));
    ctx.set_output(2, std::move(sampled_expected));
  }

 private:
  Rng& rng_state_;
  Distribution dist_;
  int64_t num_true_, num_sampled_;
  bool unique_;
};

// ComputeAccidentalHits(true_classes [batch, num_true], sampled_candidates [num_sampled]) ->
//   (indices int32: the row, ids int64: the position in sampled_candidates, weights: -FLT_MAX)
// for every sampled candidate that is one of its row's true classes.
void compute_accidental_hits_kernel(KernelContext& ctx) {
  const Tensor& true_classes = ctx.input(0);
  const Tensor& sampled = ctx.input(1);
  if (true_classes.dtype() != DType::Int64 || true_classes.rank() != 2 || sampled.dtype() != DType::Int64 ||
      sampled.rank() != 1)
    invalid_argument("compute_accidental_hits '" + ctx.node().name + "' needs int64 true_classes [batch_size, "
                     "num_true] and int64 sampled_candidates [num_sampled], got " + shape_str(true_classes.shape()) +
                     " and " + shape_str(sampled.shape()));
  std::unordered_map<int64_t, std::vector<int64_t>> positions;
  for (int64_t k = 0; k < sampled.dim(0); ++k) positions[sampled.data<int64_t>()[k]].push_back(k);
  std::vector<int32_t> rows;
  std::vector<int64_t> ids;
  const int64_t num_true = true_classes.dim(1);
  for (int64_t i = 0; i < true_classes.dim(0); ++i)
    for (int64_t j = 0; j < num_true; ++j) {
      auto it = positions.find(true_classes.data<int64_t>()[i * num_true + j]);
      if (it == positions.end()) continue;
      for (int64_t k : it->second) {
        rows.push_back(static_cast<int32_t>(i));
        ids.push_back(k);
      }
    }
  const int64_t n = static_cast<int64_t>(rows.size());
  Tensor indices(DType::Int32, Shape{n}), out_ids(DType::Int64, Shape{n}), weights(DType::Float32, Shape{n});
  for (int64_t h = 0; h < n; ++h) {
    indices.data<int32_t>()[h] = rows[h];
    out_ids.data<int64_t>()[h] = ids[h];
    weights.data<float>()[h] = -std::numeric_limits<float>::max();
  }
  ctx.set_output(0, std::move(indices));
  ctx.set_output(1, std::move(out_ids));
  ctx.set_output(2, std::move(weights));
}

}  // namespace

JF_REGISTER_KERNEL("LogUniformCandidateSampler", CandidateSamplerKernel<LogUniform>);
JF_REGISTER_KERNEL("UniformCandidateSampler", CandidateSamplerKernel<Uniform>);
JF_REGISTER_FUNCTION("ComputeAccidentalHits", compute_accidental_hits_kernel);

}  // namespace jf
