// shuffle (a buffer sampled at random) and prefetch (a buffer filled by a background thread).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "dataset.h"

namespace jf::data {
namespace {

// TF1's shuffle: fill a buffer of `size` elements, emit a random one and put the next input
// element in its place. Seeds (graph seed, op seed) make the order repeatable; 0, 0 draws new
// numbers per initialization. With reshuffle_each_iteration each pass over the dataset (each
// repeat epoch) uses the next seed of the sequence; re-initializing starts the sequence again.
class Shuffle : public Dataset {
 public:
  Shuffle(DatasetPtr input, int64_t size, uint64_t seed, uint64_t seed2, bool reshuffle)
      : input_(std::move(input)), size_(size), reshuffle_(reshuffle) {
    if (size <= 0) invalid_argument("Dataset.shuffle: buffer_size must be greater than zero, got " + std::to_string(size));
    base_ = (seed == 0 && seed2 == 0) ? (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}()
                                      : seed * 0x9E3779B97F4A7C15ull + seed2;
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      std::unique_ptr<DatasetIterator> in;
      std::vector<Element> buffer;
      std::mt19937_64 gen;
      int64_t size = 0;
      bool end_of_input = false;
      bool next(Element& out, const RunControl* control) override {
        if (!end_of_input && static_cast<int64_t>(buffer.size()) < size) {
          const int64_t want = size - static_cast<int64_t>(buffer.size());
          end_of_input = pull(*in, want, control, [&](Element&& e) { buffer.push_back(std::move(e)); }) < want;
        }
        if (buffer.empty()) return false;
        size_t i = static_cast<size_t>(gen() % buffer.size());
        out = std::move(buffer[i]);
        if (!end_of_input) {
          Element e;
          if (in->next(e, control)) {
            buffer[i] = std::move(e);
            return true;
          }
          end_of_input = true;
        }
        buffer[i] = std::move(buffer.back());
        buffer.pop_back();
        return true;
      }
    };
    auto it = std::make_unique<It>();
    uint64_t epoch = reshuffle_ ? epochs_.fetch_add(1) : 0;
    it->gen.seed(base_ + epoch * 0xD1B54A32D192ED03ull);
    it->size = size_;
    it->in = input_->make_iterator();
    return it;
  }

 private:
  DatasetPtr input_;
  int64_t size_;
  bool reshuffle_;
  uint64_t base_;
  mutable std::atomic<uint64_t> epochs_{0};
};

// A producer thread keeps up to `size` elements ready. The hand-off costs a thread wake only
// when one is needed: get_next takes a ready element without waiting or waking anyone unless
// the producer sleeps on a full buffer and the buffer has drained to half (so it then refills
// several elements per wake); the producer wakes the consumer only if it is waiting. When the
// buffer is empty and the producer is not inside its input (it sleeps, or has not started),
// get_next makes the element itself, so a prefetch is never slower than no prefetch. The
// producer sleeps on a condition variable (never spins), runs the upstream pipeline with its
// own cancel flag (set when the iterator is destroyed: re-initialization, session close), and
// hands errors over to the consumer, which raises them from get_next.
// (The producer is its own thread for now; it can become a task of the engine's thread pool.)
class Prefetch : public Dataset {
 public:
  // buffer_size tf.data.experimental.AUTOTUNE (-1) keeps two elements ready.
  Prefetch(DatasetPtr input, int64_t size) : input_(std::move(input)), size_(size < 1 ? 2 : size) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    return std::make_unique<It>(input_->make_iterator(), static_cast<size_t>(size_));
  }

 private:
  struct It : DatasetIterator {
    It(std::unique_ptr<DatasetIterator> in, size_t size) : in_(std::move(in)), size_(size) {}
    ~It() override {
      {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
      }
      stop_flag_.store(true);
      room_.notify_all();
      if (thread_.joinable()) thread_.join();
    }
    bool next(Element& out, const RunControl* control) override {
      if (!thread_.joinable()) thread_ = std::thread([this] { produce(); });  // started by the first get_next
      int ready;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if ((ready = take(out)) >= 0) return ready;
      }
      std::unique_lock<std::mutex> input(in_mu_, std::try_to_lock);
      if (input.owns_lock()) {
        {
          std::unique_lock<std::mutex> lock(mu_);
          if ((ready = take(out)) >= 0) return ready;  // handed over while this thread took in_mu_
        }
        if (in_->next(out, control)) return true;
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
        room_.notify_all();
        return false;
      }
      // The producer is making the next element: wait for it, waking every 20 ms to let the
      // caller notice Ctrl-C.
      PollTimer poll(control);
      std::unique_lock<std::mutex> lock(mu_);
      while ((ready = take(out)) < 0) {
        consumer_waiting_ = true;
        ready_.wait_for(lock, std::chrono::milliseconds(20));
        consumer_waiting_ = false;
        lock.unlock();
        poll.tick();
        lock.lock();
      }
      return ready;
    }
    // Under mu_: 1 with an element taken, 0 at the end (or the producer's error), -1 not yet.
    int take(Element& out) {
      if (!buffer_.empty()) {
        out = std::move(buffer_.front());
        buffer_.pop_front();
        if (producer_waiting_ && buffer_.size() <= size_ / 2) room_.notify_one();
        return 1;
      }
      if (!done_) return -1;
      if (error_) std::rethrow_exception(error_);
      return 0;
    }
    void produce() {
      static const std::function<void()> no_poll;
      const RunControl control{no_poll, stop_flag_};
      try {
        while (true) {
          {
            std::unique_lock<std::mutex> lock(mu_);
            while (!stop_ && !done_ && buffer_.size() >= size_) {
              producer_waiting_ = true;
              room_.wait(lock);
              producer_waiting_ = false;
            }
            if (stop_ || done_) return;
          }
          // The element is pushed before in_mu_ is released, so a consumer making one itself
          // never overtakes an element in hand-over.
          std::lock_guard<std::mutex> input(in_mu_);
          {
            std::lock_guard<std::mutex> lock(mu_);
            if (stop_ || done_) return;
          }
          Element e;
          bool ok = in_->next(e, &control);
          std::lock_guard<std::mutex> lock(mu_);
          if (!ok) {
            done_ = true;
          } else {
            buffer_.push_back(std::move(e));
          }
          if (consumer_waiting_) ready_.notify_one();
          if (!ok) return;
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!stop_) error_ = std::current_exception();
        done_ = true;
        ready_.notify_all();
      }
    }
    std::unique_ptr<DatasetIterator> in_;
    size_t size_;
    std::mutex in_mu_;  // held by whichever thread advances in_
    std::mutex mu_;     // the buffer and the flags below
    std::condition_variable ready_, room_;
    std::deque<Element> buffer_;
    bool stop_ = false, done_ = false, producer_waiting_ = false, consumer_waiting_ = false;
    std::atomic<bool> stop_flag_{false};
    std::exception_ptr error_;
    std::thread thread_;
  };
  DatasetPtr input_;
  int64_t size_;
};

JF_REGISTER_DATASET("Shuffle", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Shuffle>(a.children.at(0), a.scalar_param(0, "buffer_size"), static_cast<uint64_t>(a.int_at(0)),
                                   static_cast<uint64_t>(a.int_at(1)), a.int_at(2) != 0);
});
JF_REGISTER_DATASET("Prefetch", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Prefetch>(a.children.at(0), a.scalar_param(0, "buffer_size"));
});

}  // namespace
}  // namespace jf::data
