// The only file that knows about Python: converts between NumPy arrays and engine tensors,
// maps engine errors to one Python exception type (EngineError(code, node_id, message)),
// and releases the GIL while plans run.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <iostream>
#include <optional>

#include "blas_threads.h"
#include "plan_schedule.h"
#include "dataset/dataset.h"
#include "engine_session.h"
#include "kernels/fused_elementwise.h"
#include "print_sink.h"
#include "run_trace.h"
#include "script_call.h"

namespace py = pybind11;
using namespace jf;

namespace {

// bfloat16 arrays are ml_dtypes.bfloat16 (the NumPy extension type TF uses for them).
py::dtype bfloat16_numpy_dtype() {
  static py::object dt = py::dtype::from_args(py::module_::import("ml_dtypes").attr("bfloat16"));
  return py::reinterpret_borrow<py::dtype>(dt);
}

py::dtype numpy_dtype(DType dt) {
  switch (dt) {
    case DType::Float32: return py::dtype::of<float>();
    case DType::Float64: return py::dtype::of<double>();
    case DType::Int32: return py::dtype::of<int32_t>();
    case DType::Int64: return py::dtype::of<int64_t>();
    case DType::Bool: return py::dtype::of<bool>();
    case DType::String: return py::dtype("O");
    case DType::Int8: return py::dtype::of<int8_t>();
    case DType::Int16: return py::dtype::of<int16_t>();
    case DType::UInt8: return py::dtype::of<uint8_t>();
    case DType::UInt16: return py::dtype::of<uint16_t>();
    case DType::UInt32: return py::dtype::of<uint32_t>();
    case DType::UInt64: return py::dtype::of<uint64_t>();
    case DType::Float16: return py::dtype("float16");
    case DType::BFloat16: return bfloat16_numpy_dtype();
    case DType::Complex64: return py::dtype("complex64");
    case DType::Complex128: return py::dtype("complex128");
  }
  throw std::logic_error("unknown dtype");
}

DType dtype_of_numpy(const py::dtype& d) {
  const auto size = d.itemsize();
  switch (d.kind()) {
    case 'f':
      if (size == 2) return DType::Float16;
      if (size == 4) return DType::Float32;
      if (size == 8) return DType::Float64;
      break;
    case 'i':
      if (size == 1) return DType::Int8;
      if (size == 2) return DType::Int16;
      if (size == 4) return DType::Int32;
      if (size == 8) return DType::Int64;
      break;
    case 'u':
      if (size == 1) return DType::UInt8;
      if (size == 2) return DType::UInt16;
      if (size == 4) return DType::UInt32;
      if (size == 8) return DType::UInt64;
      break;
    case 'c':
      if (size == 8) return DType::Complex64;
      if (size == 16) return DType::Complex128;
      break;
    case 'V':
      if (py::str(d).cast<std::string>() == "bfloat16") return DType::BFloat16;
      break;
    case 'b': return DType::Bool;
    case 'O': case 'S': case 'U': return DType::String;
  }
  throw py::type_error("unsupported NumPy dtype " + py::str(d).cast<std::string>());
}

std::string to_bytes(py::handle h) {
  if (py::isinstance<py::bytes>(h)) return h.cast<std::string>();
  if (py::isinstance<py::str>(h)) {
    Py_ssize_t n = 0;
    const char* s = PyUnicode_AsUTF8AndSize(h.ptr(), &n);
    if (!s) {
      PyErr_Clear();
      throw py::value_error("string tensors hold bytes or UTF-8 text; " + py::repr(h).cast<std::string>() +
                            " cannot be encoded as UTF-8 (a lone surrogate?)");
    }
    return std::string(s, static_cast<size_t>(n));
  }
  throw py::type_error("string tensors hold bytes or str, got " +
                       py::str(py::type::handle_of(h)).cast<std::string>());
}

// Any array-like to a tensor of dtype `dt` (NumPy's casting rules, as TF1's feed_dict).
Tensor to_tensor(py::handle obj, DType dt) {
  if (dt == DType::String) {
    py::array arr = py::module_::import("numpy").attr("asarray")(obj, "object");
    Shape shape(arr.shape(), arr.shape() + arr.ndim());
    Tensor t(dt, shape);
    py::object flat = arr.attr("ravel")();
    auto& out = t.strings();
    size_t i = 0;
    for (auto item : flat) out[i++] = to_bytes(item);
    return t;
  }
  py::array arr;
  switch (dt) {
    case DType::Float32: arr = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(obj); break;
    case DType::Float64: arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj); break;
    case DType::Int32: arr = py::array_t<int32_t, py::array::c_style | py::array::forcecast>::ensure(obj); break;
    case DType::Int64: arr = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(obj); break;
    case DType::Bool: arr = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(obj); break;
    default: {
      // The other dtypes: NumPy converts (its casting rules, as for the types above).
      py::dtype want = numpy_dtype(dt);
      try {
        // (asarray, not ascontiguousarray: that one turns a scalar into shape (1,))
        arr = py::array::ensure(py::module_::import("numpy").attr("asarray")(obj, want), py::array::c_style);
      } catch (py::error_already_set& e) {
        if (e.matches(PyExc_MemoryError)) throw;
      }
      break;
    }
  }
  if (!arr) {
    // ensure() drops NumPy's reason; ask NumPy again so the message says what is wrong
    // (a ragged list, an int that does not fit...). A MemoryError stays a MemoryError.
    std::string why;
    try {
      py::module_::import("numpy").attr("ascontiguousarray")(obj, numpy_dtype(dt));
    } catch (py::error_already_set& e) {
      if (e.matches(PyExc_MemoryError)) throw;
      why = std::string(" (") + e.what() + ")";
    }
    throw py::type_error("cannot convert a value of type " + py::str(py::type::handle_of(obj)).cast<std::string>() +
                         " to a " + dtype_name(dt) + " tensor" + why);
  }
  Shape shape(arr.shape(), arr.shape() + arr.ndim());
  Tensor t(dt, shape);
  if (t.nbytes()) std::memcpy(t.raw(), arr.data(), t.nbytes());
  return t;
}

Tensor array_to_tensor(py::handle obj) {
  py::array arr = py::array::ensure(obj, py::array::c_style);
  if (!arr) throw py::type_error("expected an array");
  return to_tensor(arr, dtype_of_numpy(arr.dtype()));
}

// A tensor to a NumPy array sharing its buffer (0-d tensors become NumPy scalars, as in TF1).
py::object to_numpy(const Tensor& t) {
  std::vector<py::ssize_t> shape(t.shape().begin(), t.shape().end());
  py::array arr;
  if (t.dtype() == DType::String) {
    const auto& s = t.strings();
    if (t.rank() == 0) return py::bytes(s[0]);
    py::list items;
    for (auto& x : s) items.append(py::bytes(x));
    arr = py::module_::import("numpy").attr("array")(items, "object").attr("reshape")(shape);
    return std::move(arr);
  }
  // Hand the buffer over when the result is its only owner; copy when a constant, a variable or
  // a folded value still holds it, so writing into the array never changes the engine's state.
  if (t.buffer().use_count() > 1) return to_numpy(t.clone());
  auto* keep = new std::shared_ptr<Buffer>(t.buffer());
  py::capsule owner(keep, [](void* p) { delete static_cast<std::shared_ptr<Buffer>*>(p); });
  arr = py::array(numpy_dtype(t.dtype()), shape, {}, t.raw(), owner);
  if (t.rank() == 0) return arr[py::tuple()];
  // The array shares the engine's buffer: safe, because the engine copies a shared buffer
  // before writing in place (Tensor::make_unique), so it never changes under the user.
  return std::move(arr);
}

std::string numpy_shape_str(const Shape& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

// TF1 checks fed values against the tensor's static shape before running.
void check_feed_shape(const FeedSpec& spec, const Tensor& value) {
  if (!spec.rank_known) return;
  bool ok = spec.dims.size() == value.shape().size();
  for (size_t i = 0; ok && i < spec.dims.size(); ++i) ok = spec.dims[i] < 0 || spec.dims[i] == value.shape()[i];
  if (!ok)
    throw py::value_error("Cannot feed value of shape " + numpy_shape_str(value.shape()) + " for Tensor '" +
                          spec.name + "', which has shape '" + spec.shape_str + "'");
}

AttrValue to_attr(py::handle v) {
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
  if (py::isinstance<py::int_>(v)) return v.cast<int64_t>();
  if (py::isinstance<py::float_>(v)) return v.cast<double>();
  if (py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v)) return v.cast<std::string>();
  if (py::isinstance<py::array>(v)) return array_to_tensor(v);
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    auto seq = py::reinterpret_borrow<py::sequence>(v);
    bool any_float = false, any_str = false;
    for (auto item : seq) {
      any_float |= py::isinstance<py::float_>(item);
      any_str |= py::isinstance<py::str>(item) || py::isinstance<py::bytes>(item);
    }
    if (any_str) return seq.cast<std::vector<std::string>>();
    if (any_float) return seq.cast<std::vector<double>>();
    return seq.cast<std::vector<int64_t>>();
  }
  throw py::type_error("unsupported attribute value " + py::repr(v).cast<std::string>());
}

std::vector<Edge> to_edges(const std::vector<std::pair<int64_t, int>>& v) {
  std::vector<Edge> out;
  out.reserve(v.size());
  for (auto& p : v) out.push_back(Edge{p.first, p.second});
  return out;
}

// The items of a list or tuple without a copy (the record's fields are lists or tuples).
py::handle item_of(PyObject* seq, Py_ssize_t i) {
  return PyList_Check(seq) ? PyList_GET_ITEM(seq, i) : PyTuple_GET_ITEM(seq, i);
}

Py_ssize_t size_of(py::handle seq, const char* field) {
  if (PyList_Check(seq.ptr())) return PyList_GET_SIZE(seq.ptr());
  if (PyTuple_Check(seq.ptr())) return PyTuple_GET_SIZE(seq.ptr());
  throw py::type_error(std::string("EngineNode.") + field + " must be a list or tuple");
}

// One EngineNode (jupyter_flow/framework/engine_records.py). It is a NamedTuple, read here by
// position: attribute lookups by name cost more than the rest of the conversion (issue 13:
// a 10,000-op graph's first run). engine_records.py keeps its field order in step with this.
std::shared_ptr<Node> node_from_record(py::handle item) {
  PyObject* rec = item.ptr();
  if (!PyTuple_Check(rec) || PyTuple_GET_SIZE(rec) != 8)
    throw py::type_error("add_nodes takes EngineNode records (jupyter_flow/framework/engine_records.py), got " +
                         py::repr(item).cast<std::string>());
  auto field = [rec](Py_ssize_t i) { return py::handle(PyTuple_GET_ITEM(rec, i)); };
  auto n = std::make_shared<Node>();
  n->id = field(0).cast<int64_t>();
  n->type = field(1).cast<std::string>();
  n->name = field(2).cast<std::string>();
  py::handle inputs = field(3);  // flat: op id, output index, op id, output index...
  const Py_ssize_t num_input_items = size_of(inputs, "inputs");
  if (num_input_items % 2) throw py::type_error("EngineNode.inputs holds (op id, output index) pairs, flattened");
  n->inputs.reserve(static_cast<size_t>(num_input_items / 2));
  for (Py_ssize_t i = 0; i < num_input_items; i += 2)
    n->inputs.push_back(Edge{item_of(inputs.ptr(), i).cast<int64_t>(), item_of(inputs.ptr(), i + 1).cast<int>()});
  py::handle control = field(4);
  const Py_ssize_t num_control = size_of(control, "control_inputs");
  n->control_inputs.reserve(static_cast<size_t>(num_control));
  for (Py_ssize_t i = 0; i < num_control; ++i) n->control_inputs.push_back(item_of(control.ptr(), i).cast<int64_t>());
  py::handle out_dtypes = field(5);
  const Py_ssize_t num_outputs = size_of(out_dtypes, "out_dtypes");
  n->out_dtypes.reserve(static_cast<size_t>(num_outputs));
  for (Py_ssize_t i = 0; i < num_outputs; ++i)
    n->out_dtypes.push_back(static_cast<DType>(item_of(out_dtypes.ptr(), i).cast<int>()));
  py::handle attrs = field(6);
  if (!PyDict_Check(attrs.ptr())) throw py::type_error("EngineNode.attrs must be a dict");
  if (PyDict_GET_SIZE(attrs.ptr())) {
    for (auto kv : py::reinterpret_borrow<py::dict>(attrs)) {
      if (kv.second.is_none()) continue;
      auto key = kv.first.cast<std::string>();
      try {
        n->attrs.set(key, to_attr(kv.second));
      } catch (py::cast_error&) {
        throw py::value_error("attribute '" + key + "' of op '" + n->name + "' (" + n->type +
                              ") has a value the engine cannot hold: " + py::repr(kv.second).cast<std::string>() +
                              " (numbers must fit in 64 bits, lists hold one kind of value)");
      }
    }
  }
  n->stateful = PyObject_IsTrue(field(7).ptr()) == 1;
  return n;
}

// Lets Ctrl-C (SIGINT) stop a long run: with the GIL held, run Python's signal handlers;
// a KeyboardInterrupt propagates as error_already_set and leaves the session intact.
void poll_python_signals() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

// tf.Print / tf.print write to Python's current sys.stderr (or sys.stdout), looked up at each
// call, so a notebook shows the text under the cell and pytest's capsys captures it.
void write_to_python_stream(PrintStream stream, const std::string& text) {
  py::gil_scoped_acquire gil;
  try {
    py::object out = py::module_::import("sys").attr(stream == PrintStream::Stdout ? "stdout" : "stderr");
    if (out.is_none()) throw std::runtime_error("no Python stream");
    out.attr("write")(py::reinterpret_steal<py::str>(
        PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace")));
    out.attr("flush")();
  } catch (const std::exception&) {  // a closed or missing stream must not fail the run
    PyErr_Clear();
    (stream == PrintStream::Stdout ? std::cout : std::cerr) << text << std::flush;
  }
}

std::vector<Tensor> feeds_for(const Plan& plan, py::sequence feed_values) {
  const auto& specs = plan.feeds();
  if (feed_values.size() != specs.size()) throw py::value_error("wrong number of feed values");
  std::vector<Tensor> feeds;
  feeds.reserve(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    try {
      feeds.push_back(to_tensor(feed_values[i], specs[i].dtype));
    } catch (py::type_error& e) {
      throw py::type_error("Cannot feed the value given for Tensor '" + specs[i].name + "': " + e.what());
    } catch (py::value_error& e) {
      throw py::value_error("Cannot feed the value given for Tensor '" + specs[i].name + "': " + e.what());
    }
    check_feed_shape(specs[i], feeds.back());
  }
  return feeds;
}

py::list results(const std::vector<Tensor>& out) {
  py::list result(out.size());
  for (size_t i = 0; i < out.size(); ++i) result[i] = to_numpy(out[i]);
  return result;
}

// A run watched by `timer` (may be null) and, when %flow_debug nan is on, the NaN/Inf check.
std::vector<Tensor> run_observed(const Plan& plan, EngineSession& session, std::vector<Tensor> feeds,
                                 StepTimer* timer) {
  NumericsCheck numerics(session.graph());
  const bool check = check_numerics_in_every_run().load(std::memory_order_relaxed);
  std::optional<ObserverPair> both;
  RunObserver* observer = timer;
  if (check) observer = timer ? &both.emplace(*timer, numerics) : static_cast<RunObserver*>(&numerics);
  py::gil_scoped_release release;
  return plan.run(std::move(feeds), poll_python_signals, session.cancelled(), observer);
}

// Trace records for Python: (start wall micros, [(node id, name, type, start ns, end ns, inner ns,
// thread, depth, [(dtype enum, shape, bytes)])], folded step names). Read by client/step_stats.py.
py::tuple trace_to_python(int64_t start_wall_micros, const std::vector<StepRecord>& records,
                          const std::vector<std::string>& folded) {
  py::list steps;
  for (const StepRecord& r : records) {
    py::list outputs;
    for (const OutputRecord& o : r.outputs) outputs.append(py::make_tuple(static_cast<int>(o.dtype), o.shape, o.bytes));
    steps.append(py::make_tuple(r.node->id, r.node->name, r.node->type, r.start_ns, r.end_ns, r.inner_ns, r.thread,
                                r.depth, outputs));
  }
  return py::make_tuple(start_wall_micros, steps, folded);
}

// A plain Session.run while a debug switch is on: checked, and captured if asked.
py::list run_debugged(const Plan& plan, EngineSession& session, std::vector<Tensor> feeds) {
  if (!trace_capture().claim_run()) return results(run_observed(plan, session, std::move(feeds), nullptr));
  StepTimer timer;
  std::vector<Tensor> out = run_observed(plan, session, std::move(feeds), &timer);
  trace_capture().add(CapturedRun{timer.start_wall_micros(), timer.take_records(), plan.folded_step_names()});
  return results(out);
}

// Dataset.from_generator's Python side (jupyter_flow/data/generator.py): start(id) -> instance,
// next(instance) -> list of arrays or None at the end, stop(instance). Each call takes the GIL.
void install_generator_hooks(py::function start, py::function next, py::function stop) {
  // Kept for the process's life: iterators may stop their generators while Python shuts down.
  auto* fns = new std::vector<py::function>{std::move(start), std::move(next), std::move(stop)};
  data::GeneratorHooks h;
  h.start = [fns](int64_t id) {
    py::gil_scoped_acquire gil;
    return (*fns)[0](id).cast<int64_t>();
  };
  h.next = [fns](int64_t instance, const std::vector<DType>& dtypes, data::Element& out) {
    py::gil_scoped_acquire gil;
    try {
      py::object r = (*fns)[1](instance);
      if (r.is_none()) return false;
      auto items = r.cast<py::list>();
      if (items.size() != dtypes.size())
        throw EngineError(Code::InvalidArgument, "from_generator: the generator yielded " + std::to_string(items.size()) +
                                                     " components, but output_types has " + std::to_string(dtypes.size()));
      out.clear();
      for (size_t i = 0; i < dtypes.size(); ++i) out.push_back(to_tensor(items[i], dtypes[i]));
      return true;
    } catch (py::error_already_set& e) {
      throw EngineError(Code::InvalidArgument, std::string("from_generator: the generator raised ") + e.what());
    } catch (py::type_error& e) {
      throw EngineError(Code::InvalidArgument, std::string("from_generator: ") + e.what());
    }
  };
  h.stop = [fns](int64_t instance) {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    try {
      (*fns)[2](instance);
    } catch (py::error_already_set&) {
      PyErr_Clear();
    }
  };
  data::set_generator_hooks(std::move(h));
}

// tf.py_func: the kernel (kernels/script.cc) calls jupyter_flow.ops.script_ops.run_registered
// with the GIL held. A Python exception becomes InvalidArgument ("ValueError: ..."), as in TF1;
// the engine then names the op. Ctrl-C (KeyboardInterrupt) still stops the run.
std::vector<Tensor> call_python_function(int64_t token, const std::vector<Tensor>& inputs,
                                         const std::vector<DType>& out_dtypes) {
  py::gil_scoped_acquire gil;
  std::string failure;
  try {
    py::list args;
    for (const Tensor& t : inputs) args.append(to_numpy(t));
    py::object results = py::module_::import("jupyter_flow.ops.script_ops").attr("run_registered")(token, args);
    py::list values(results);
    if (values.size() != out_dtypes.size())
      invalid_argument("the Python function returned " + std::to_string(values.size()) + " values but Tout lists " +
                       std::to_string(out_dtypes.size()) + " dtypes");
    std::vector<Tensor> out;
    for (size_t i = 0; i < out_dtypes.size(); ++i) out.push_back(to_tensor(values[i], out_dtypes[i]));
    return out;
  } catch (py::error_already_set& e) {
    if (e.matches(PyExc_KeyboardInterrupt)) throw;
    failure = py::str(e.type().attr("__name__")).cast<std::string>() + ": " + py::str(e.value()).cast<std::string>();
  } catch (const EngineError&) {
    throw;
  } catch (const std::exception& e) {  // a returned value that does not convert (py::type_error...)
    failure = std::string("TypeError: ") + e.what();
  }
  invalid_argument(failure);
}

}  // namespace

PYBIND11_MODULE(_engine, m) {
  m.doc() = "jupyter_flow's C++ execution engine";
  set_print_sink(write_to_python_stream);
  set_script_caller(call_python_function);
  static py::exception<EngineError> engine_error(m, "EngineError");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const EngineError& e) {
      py::tuple args = py::make_tuple(static_cast<int>(e.code), e.node_id, std::string(e.what()));
      PyErr_SetObject(engine_error.ptr(), args.ptr());
    }
  });

  py::class_<Graph, std::shared_ptr<Graph>>(m, "Graph")
      .def(py::init<>())
      .def("add_nodes",
           [](Graph& g, py::list nodes) {
             // All items are converted before any is added: a bad one leaves the graph unchanged.
             std::vector<std::shared_ptr<Node>> batch;
             batch.reserve(nodes.size());
             for (auto item : nodes) batch.push_back(node_from_record(item));
             for (auto& n : batch) g.add_node(std::move(n));
           })
      .def("remove_node", &Graph::remove_node)
      .def("replace_input",
           [](Graph& g, int64_t consumer, std::pair<int64_t, int> from, std::pair<int64_t, int> to) {
             g.replace_input(consumer, Edge{from.first, from.second}, Edge{to.first, to.second});
           })
      .def("__len__", &Graph::size);

  py::class_<Plan, std::shared_ptr<Plan>>(m, "Plan")
      .def("step_names", &Plan::step_names)
      .def("folded_step_names", &Plan::folded_step_names)
      .def("fused_groups", &Plan::fused_groups)
      .def("schedule", &Plan::schedule)
      .def("run", [](const Plan& plan, EngineSession& session, py::sequence feed_values) {
        std::vector<Tensor> feeds = feeds_for(plan, feed_values);
        if (check_numerics_in_every_run().load(std::memory_order_relaxed) || trace_capture().active()) [[unlikely]]
          return run_debugged(plan, session, std::move(feeds));
        std::vector<Tensor> out;
        {
          py::gil_scoped_release release;
          out = plan.run(std::move(feeds), poll_python_signals, session.cancelled());
        }
        return results(out);
      })
      // A run with every step timed (RunOptions(trace_level=FULL_TRACE)): (results, trace).
      .def("run_traced", [](const Plan& plan, EngineSession& session, py::sequence feed_values) {
        std::vector<Tensor> feeds = feeds_for(plan, feed_values);
        StepTimer timer;
        std::vector<Tensor> out = run_observed(plan, session, std::move(feeds), &timer);
        return py::make_tuple(results(out), trace_to_python(timer.start_wall_micros(), timer.take_records(),
                                                              plan.folded_step_names()));
      });

  py::class_<EngineSession, std::shared_ptr<EngineSession>>(m, "Session")
      .def(py::init<std::shared_ptr<Graph>>())
      .def("make_plan",
           [](EngineSession& s, const std::vector<std::pair<int64_t, int>>& fetches, py::list feeds,
              const std::vector<int64_t>& targets) {
             // Each feed is an EngineFeed (jupyter_flow/framework/engine_records.py), read by field name.
             std::vector<FeedSpec> specs;
             for (auto item : feeds) {
               FeedSpec f;
               f.tensor = Edge{item.attr("node_id").cast<int64_t>(), item.attr("output_index").cast<int>()};
               py::object dims = item.attr("dims");
               f.rank_known = !dims.is_none();
               if (f.rank_known) f.dims = dims.cast<Shape>();
               f.name = item.attr("name").cast<std::string>();
               f.shape_str = item.attr("shape_str").cast<std::string>();
               specs.push_back(std::move(f));
             }
             return s.make_plan(to_edges(fetches), std::move(specs), targets);
           })
      .def("read_variable",
           [](EngineSession& s, const std::string& name) -> py::object {
             auto slot = s.state().find(name);
             Tensor value = slot ? slot->get() : Tensor();
             if (!value.valid()) return py::none();
             return to_numpy(value.clone());
           })
      .def("write_variable",
           [](EngineSession& s, const std::string& name, py::handle value, int dtype) {
             s.state().slot(name)->set(to_tensor(value, static_cast<DType>(dtype)));
           })
      .def("drop_variable", [](EngineSession& s, const std::string& name) { s.state().drop(name); })
      .def("initialized_variables", [](EngineSession& s) { return s.state().initialized_names(); })
      .def("cancel", [](EngineSession& s) { s.cancelled() = true; })
      .def("close", &EngineSession::close, py::call_guard<py::gil_scoped_release>())
      .def("clear_cancel", [](EngineSession& s) { s.cancelled() = false; });

  m.def("intra_op_threads", &blas_threads::intra_op_threads);
  m.def("set_intra_op_threads", &blas_threads::set_intra_op_threads);
  m.def("blas_library_threads", &blas_threads::library_threads);
  m.def("split_multiply_adds", &blas_threads::split_multiply_adds);
  m.def("set_split_multiply_adds", &blas_threads::set_split_multiply_adds);
  m.def("inter_op_threads", &inter_op_threads);
  m.def("set_inter_op_threads", &set_inter_op_threads);
  // For tests, as JUPYTER_FLOW_INTER_OP: "auto", "force" or "off" (plans already run keep theirs).
  m.def("inter_op_mode", [] {
    InterOpMode mode = inter_op_mode();
    return std::string(mode == InterOpMode::Force ? "force" : mode == InterOpMode::Off ? "off" : "auto");
  });
  m.def("set_inter_op_mode", [](const std::string& mode) {
    if (mode != "auto" && mode != "force" && mode != "off")
      throw py::value_error("inter-op mode must be 'auto', 'force' or 'off', not '" + mode + "'");
    set_inter_op_mode(mode == "force" ? InterOpMode::Force : mode == "off" ? InterOpMode::Off : InterOpMode::Auto);
  });
  m.def("registered_kernels", &registered_kernels);
  // Debugging (run_trace.h): the NaN/Inf check of every run, traces captured from the next runs.
  m.def("set_check_numerics", [](bool on) { check_numerics_in_every_run() = on; });
  m.def("check_numerics", [] { return check_numerics_in_every_run().load(); });
  m.def("capture_traces", [](int64_t runs) { trace_capture().start(runs); });
  m.def("take_captured_traces", [] {
    py::list out;
    for (const CapturedRun& run : trace_capture().take())
      out.append(trace_to_python(run.start_wall_micros, run.records, run.folded));
    return out;
  });
  m.def("timed_steps_total", &timed_steps_total);
  m.def("set_generator_hooks", &install_generator_hooks);
  // Element-wise fusion in plans built from now on (JUPYTER_FLOW_FUSION=0 starts with it off).
  m.def("fusion_enabled", &fusion::enabled);
  m.def("set_fusion_enabled", &fusion::set_enabled);
  m.def("kernel_ref_inputs", [](const std::string& type) {
    const KernelDef* d = find_kernel(type);
    return d ? d->ref_inputs : std::vector<int>{};
  });
}
