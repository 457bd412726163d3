"""What a program is: Graph, Operation and Tensor, with TF1's naming and default-graph rules.

Python only builds the graph here; a session sends new operations to the C++ engine in
batches (Graph._flush) when it runs. Edits after the fact go through Graph.edit() (graph_edit.py).
"""
import contextlib
import gc
import itertools
import re
import threading
import weakref

from .. import _engine
from . import dtypes as _dtypes
from .default_session import session_for
from .engine_records import EngineNode
from .op_def import OP_DEFS
from .tensor_shape import TensorShape, as_shape
from .traceback_capture import capture_stack, traceback_of

class _TensorOperators:
    """Python operators shared by Tensor and Variable; each builds a graph op. The ops modules
    install them (install_operators): `x + one` then runs the op's own function, with no
    dispatch frame between the user's line and the op (each frame costs its share of the
    creation stack, see traceback_capture.py)."""

    __slots__ = ()
    __array_priority__ = 100  # NumPy defers to our reflected operators

    def __pos__(self):
        return self

    def __bool__(self):
        raise TypeError("Using a tf.Tensor as a Python `bool` is not allowed: the value is only known "
                        "when the graph runs. Use tf.cond/tf.where, or evaluate it with sess.run first.")

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To iterate "
                        "over this tensor, evaluate it first (sess.run) or use tf.unstack/slicing.")

    # TF1 keeps == as object identity so tensors can be dict keys (feed_dict).
    __hash__ = object.__hash__


class Tensor(_TensorOperators):
    """One output of an Operation; its value exists only while a session runs the graph.

    >>> f = x * x * y + y + 2
    >>> f.name, f.eval()   # ('add_1:0', 42) inside a session
    """

    # _keras_history: (layer, node_index, tensor_index) set by tf.keras layers for the functional API;
    # _keras_mask: the [batch, time] mask Embedding(mask_zero=True)/Masking attach for the layers after them.
    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_keras_history", "_keras_mask", "__weakref__")

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape

    @property
    def op(self):
        return self._op

    @property
    def value_index(self):
        return self._value_index

    @property
    def dtype(self):
        return self._dtype

    @property
    def graph(self):
        return self._op._graph

    @property
    def name(self):
        return f"{self._op._name}:{self._value_index}"

    @property
    def shape(self):
        return self._shape

    @property
    def device(self):
        return ""

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Refine the static shape (merging with what is known)."""
        self._shape = self._shape.merge_with(as_shape(shape))

    def consumers(self):
        return [op for op in self._op._graph._ops.values() if self in op._inputs]

    def eval(self, feed_dict=None, session=None):
        """The value of this tensor, computed by `session` (default: the default session).

        >>> with tf.Session(): print(f.eval())
        """
        __tracebackhide__ = True  # IPython shows the learner's line, not this one
        return session_for(session, self).run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def _engine_edge(self):
        return (self._op._id, self._value_index)


class Operation:
    """A node of the graph: a typed computation with input tensors and output tensors.

    >>> init = tf.global_variables_initializer()
    >>> init.run()     # inside a session
    """

    __slots__ = ("_graph", "_id", "_name", "_type", "_inputs", "_control_inputs", "_outputs",
                 "_attrs", "_cell", "_stack", "__weakref__")

    def __init__(self, graph, op_id, name, op_type, inputs, control_inputs, attrs, cell, stack=()):
        self._graph = graph
        self._id = op_id
        self._name = name
        self._type = op_type
        self._inputs = inputs
        self._control_inputs = control_inputs
        self._attrs = attrs
        self._cell = cell
        self._stack = stack  # capture_stack()'s record, resolved only when asked (traceback_capture.py)
        self._outputs = ()

    @property
    def name(self):
        return self._name

    @property
    def type(self):
        return self._type

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return self._inputs

    @property
    def control_inputs(self):
        return self._control_inputs

    @property
    def outputs(self):
        return self._outputs

    @property
    def device(self):
        return ""

    @property
    def cell(self):
        """The notebook cell that created this op (None outside %%graph cells)."""
        return self._cell

    @property
    def traceback(self):
        """Where this op was created, as TF1: [(filename, lineno, name, line)], outermost first,
        without jupyter_flow's own frames."""
        return traceback_of(self._stack)

    @property
    def node_def(self):
        return {"name": self._name, "op": self._type,
                "input": [t.name for t in self._inputs] + ["^" + c._name for c in self._control_inputs],
                "attr": dict(self._attrs)}

    def values(self):
        return self._outputs

    def get_attr(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.") from None

    def node_def_attrs(self):
        """Attributes as plain Python values (dtype names, shape lists), for serializers."""
        out = {}
        for k, v in self._attrs.items():
            if isinstance(v, _dtypes.DType):
                v = v.name
            elif isinstance(v, TensorShape):
                v = None if v.ndims is None else v.as_list()
            out[k] = v
        return out

    def run(self, feed_dict=None, session=None):
        """Run this operation in `session` (default: the default session).

        >>> init.run()
        """
        __tracebackhide__ = True  # IPython shows the learner's line, not this one
        session_for(session, self, "operation").run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def _engine_node(self):
        attrs = self._attrs
        if attrs:
            attrs = _engine_attrs(attrs)
        # (the engine only reads `attrs`: an op without attributes lends its own empty dict)
        # Few allocations per op (flat tuples, one per field): the flush of a big graph is
        # dominated by them, and by the garbage collector passes they trigger.
        inputs = self._inputs
        if len(inputs) == 2:
            a, b = inputs
            edges = (a._op._id, a._value_index, b._op._id, b._value_index)
        elif len(inputs) == 1:
            edges = (inputs[0]._op._id, inputs[0]._value_index)
        else:
            edges = tuple(x for t in inputs for x in (t._op._id, t._value_index))
        outputs = self._outputs
        out_dtypes = (outputs[0]._dtype._enum,) if len(outputs) == 1 else tuple(t._dtype._enum for t in outputs)
        control = tuple(c._id for c in self._control_inputs) if self._control_inputs else ()
        # tuple.__new__ builds the NamedTuple in C: EngineNode(...) runs a Python __new__ per op.
        return _new_record(EngineNode, (self._id, self._type, self._name, edges, control, out_dtypes, attrs,
                                        OP_DEFS[self._type].stateful))


_new_record = tuple.__new__


def _engine_attrs(attrs):
    """Attributes as the engine holds them: DType as its enum, TensorShape as dims with -1."""
    out = {}
    for k, v in attrs.items():
        if isinstance(v, _dtypes.DType):
            v = v._enum
        elif isinstance(v, TensorShape):
            v = v._engine_dims()
        elif isinstance(v, (list, tuple)) and v and isinstance(v[0], _dtypes.DType):
            v = [d._enum for d in v]
        out[k] = v
    return out


_graph_serials = itertools.count(1)
_FLUSH_BATCH = 256  # ops per add_nodes call (Graph._flush)
_SCALAR_SHAPE = TensorShape(())

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")
# Names create_op has found valid ('add', 'Mul', 'dense/MatMul'...): most ops reuse a few names, so
# the check runs once per name. Bounded, since names come from user code.
_checked_op_names = set()
_CHECKED_OP_NAMES_MAX = 4096


_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1


def _check_attrs(attrs, op_type, name):
    """Integer attributes reach the engine as int64: a bigger one (seed=2**70) is refused here,
    naming the op, instead of failing later when the graph is sent to the engine."""
    for key, v in attrs.items():
        if type(v) is int:
            bad = not _INT64_MIN <= v <= _INT64_MAX
        elif type(v) in (list, tuple):
            bad = any(type(x) is int and not _INT64_MIN <= x <= _INT64_MAX for x in v)
        elif isinstance(v, TensorShape):
            bad = v._dims is not None and any(d is not None and d > _INT64_MAX for d in v._dims)
        else:
            continue
        if bad:
            raise ValueError(f"attribute '{key}' of op '{name}' ({op_type}) is {v!r}; integer attributes must fit "
                             f"in 64 bits (-2**63 .. 2**63-1)")


def _check_op_name(name, op_type):
    """Op names reach the engine and checkpoints as UTF-8 text (a lone surrogate cannot be)."""
    if not isinstance(name, str):
        raise TypeError(f"the name of a {op_type} op must be a string, got {name!r} of type {type(name).__name__}")
    # TF1's rule for node names (a trailing '/' marks a name already made unique by a name scope).
    if name and not name.endswith("/") and not _VALID_OP_NAME.match(name):
        raise ValueError(f"'{name}' is not a valid node name: a {op_type} op's name starts with a letter, digit or '.' "
                         f"and holds only letters, digits and _ . - / > (summary names are cleaned this way "
                         f"automatically; for other ops choose another name)")
    if not name.isascii():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"the name {name!r} of a {op_type} op is not valid Unicode text "
                             f"(it holds a lone surrogate); use another name") from None


class Graph:
    """A TensorFlow computation, as a graph of Operations and Tensors.

    >>> g = tf.Graph()
    >>> with g.as_default(): x = tf.constant(1)
    """

    def __init__(self):
        # Keys per-graph state kept elsewhere (variable scopes); unlike id(), never reused.
        self._serial = next(_graph_serials)
        self._ops = {}  # id -> Operation, in creation order
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._control_dependencies_stack = []
        self._collections = {}
        self._next_id = 1
        self._seed = None
        self._finalized = False
        self._pending = []  # ops not yet sent to the engine
        self._engine = None
        self._edit_version = 0  # bumped when ops are removed or re-linked
        self._current_cell = None  # set by the notebook extension while a %%graph cell runs
        self._on_variable_created = None  # the notebook's hook: decides whether a re-created variable keeps its value
        self._stale_ops = {}  # op id -> why it cannot run (the notebook could not re-link an input)
        self._sessions = weakref.WeakSet()  # open sessions, whose variable values the notebook may drop
        self._variable_store = {}  # get_variable's name -> Variable
        self._variable_scope_counts = {}  # variable_scope name -> times opened (for default_name)
        self._lock = threading.RLock()

    # ----- default graph -------------------------------------------------------------------
    def as_default(self):
        """Make this graph the default graph inside a `with` block."""
        return _default_graph_stack.get_controller(self)

    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, value):
        self._seed = value

    @property
    def finalized(self):
        return self._finalized

    def finalize(self):
        self._finalized = True

    @property
    def version(self):
        return self._next_id - 1

    def as_graph_def(self, from_version=None, add_shapes=False):
        """This graph as TF1's GraphDef protobuf message (framework/graph_def_export.py)."""
        from .graph_def_export import graph_def_of
        return graph_def_of(self, from_version, add_shapes)

    @property
    def building_function(self):
        return False

    # ----- names ---------------------------------------------------------------------------
    def get_name_scope(self):
        return self._name_stack

    def unique_name(self, name, mark_as_used=True):
        """TF1's unique naming: 'x', then 'x_1', 'x_2', ... (case-insensitive)."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        return self._unique_full_name(name, mark_as_used)

    def _unique_full_name(self, name, mark_as_used=True):
        """unique_name for a name that already holds its scope ('add/y'), whatever the current
        name scope is (the fast path of `x + 1.0` names its constant without entering 'add/')."""
        names = self._names_in_use
        name_key = name.lower()
        i = names.get(name_key, 0)
        if mark_as_used:
            names[name_key] = i + 1
        if i > 0:
            # the first free 'x_<i>', 'x_<i+1>', ... from the count of 'x' (TF1's rule)
            candidate = f"{name_key}_{i}"
            while candidate in names:
                i += 1
                candidate = f"{name_key}_{i}"
            if mark_as_used:
                names[candidate] = 1
            name = candidate if name_key == name else f"{name}_{i}"
        return name

    @contextlib.contextmanager
    def name_scope(self, name):
        """Prefix the names of ops created inside with `name/` (made unique: relu, relu_1...)."""
        if name:
            if not isinstance(name, str):
                raise TypeError(f"name scope must be a string, got {name!r}")
            if name.endswith("/"):
                new_stack = name[:-1]  # re-enter an existing scope as is
            else:
                if not _VALID_OP_NAME.match(name):
                    raise ValueError(f"'{name}' is not a valid scope name")
                new_stack = self.unique_name(name)
        else:
            new_stack = ""
        old = self._name_stack
        self._name_stack = new_stack
        try:
            yield "" if not new_stack else new_stack + "/"
        finally:
            self._name_stack = old

    def gradient_override_map(self, op_type_map):
        """Ops of the mapped types created inside the block use the gradient registered (with
        tf.RegisterGradient) under the mapped name (framework/gradient_override.py).

        >>> with g.gradient_override_map({"Identity": "ReverseGrad"}): y = tf.identity(x)
        """
        from .gradient_override import gradient_override_map
        return gradient_override_map(self, op_type_map)

    # ----- control dependencies ----------------------------------------------------------------
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after `control_inputs` (None clears outer ones)."""
        if control_inputs is None:
            saved = self._control_dependencies_stack
            self._control_dependencies_stack = []
            try:
                yield
            finally:
                self._control_dependencies_stack = saved
            return
        ops = []
        for c in control_inputs:
            el = self.as_graph_element(c, allow_tensor=True, allow_operation=True)
            ops.append(el.op if isinstance(el, Tensor) else el)
        self._control_dependencies_stack.append(ops)
        try:
            yield
        finally:
            self._control_dependencies_stack.pop()

    def _current_control_inputs(self, inputs):
        if not self._control_dependencies_stack:
            return ()
        input_ops = {t._op for t in inputs}
        seen, out = set(), []
        for group in self._control_dependencies_stack:
            for op in group:
                if op not in seen and op not in input_ops:
                    seen.add(op)
                    out.append(op)
        return tuple(out)

    # ----- creating ops --------------------------------------------------------------------
    def create_op(self, op_type, inputs, attrs=None, name=None, control_inputs=()):
        """Create an Operation of a registered type; outputs get dtypes and static shapes
        from the op's shape rule, which raises ValueError on incompatible inputs.

        >>> g.create_op("Add", [a, b], name="sum").outputs[0]
        """
        try:
            opdef = OP_DEFS[op_type]
        except KeyError:
            raise ValueError(f"Unknown op type '{op_type}'") from None
        inputs = tuple(inputs)
        if self._finalized or control_inputs or self._control_dependencies_stack:
            self._check_can_add(op_type, inputs, control_inputs)
        else:  # _check_can_add's common case, inline (it names the culprit when this fails)
            ops = self._ops
            for t in inputs:
                op = t._op
                if op._graph is not self or ops.get(op._id) is not op:
                    self._check_can_add(op_type, inputs, control_inputs)
        if attrs is None:
            attrs = {}
        if name is not None and (type(name) is not str or name not in _checked_op_names):
            _check_op_name(name, op_type)
            if len(_checked_op_names) < _CHECKED_OP_NAMES_MAX:
                _checked_op_names.add(name)
        if attrs:
            _check_attrs(attrs, op_type, (name or op_type).rstrip("/"))
        stack = capture_stack()
        with self._lock:
            if name and name[-1] == "/":
                op_name = name[:-1]  # name already made unique by a name scope
            else:  # unique_name, inline
                op_name = name or op_type
                if self._name_stack:
                    op_name = self._name_stack + "/" + op_name
                op_name = self._unique_full_name(op_name)
            return self._add_op(opdef, op_name, inputs, attrs, control_inputs, stack)

    def _create_op_with_constant(self, op_type, tensor, value, tensor_first, scope_name):
        """`x + 1.0` in one step: a scalar Const '<scope>/y' (or '/x') holding `value` (a 0-d array
        of `tensor`'s dtype) and the `op_type` op '<scope>' reading both: the ops and names of
        the general path (name_scope + convert_to_tensor + create_op), without entering the
        graph and its name scope. One lock, one stack capture (both ops come from the same line
        of user code), no name or attribute checks (there are none to fail).

        >>> g._create_op_with_constant("Add", x, np.array(1.0, np.float32), True, "add")  # x + 1.0
        """
        op = tensor._op
        if self._finalized or self._control_dependencies_stack or op._graph is not self or self._ops.get(op._id) is not op:
            self._check_can_add(op_type, (tensor,), ())
        dtype = tensor._dtype
        stack = capture_stack()
        with self._lock:
            op_name = self._unique_full_name(f"{self._name_stack}/{scope_name}" if self._name_stack else scope_name)
            const = self._add_op(OP_DEFS["Const"], self._unique_full_name(op_name + ("/y" if tensor_first else "/x")), (),
                                 {"value": value, "dtype": dtype}, (), stack, ((dtype, _SCALAR_SHAPE),))
            y = const._outputs[0]
            return self._add_op(OP_DEFS[op_type], op_name, (tensor, y) if tensor_first else (y, tensor), {}, (), stack)

    def _check_can_add(self, op_type, inputs, control_inputs):
        """Refuse an op on a finalized graph, or reading a tensor of another graph or an op a
        cell re-run removed (checked before any name is taken)."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        ops = self._ops
        for t in inputs:
            op = t._op
            if op._graph is not self:
                raise ValueError(f"Tensor {t.name} must be from the same graph as the op being "
                                 f"created ('{op_type}'); pass tensors of one graph only.")
            if ops.get(op._id) is not op:
                raise ValueError(_removed_message(f"Tensor '{t.name}'", op))
        if control_inputs or self._control_dependencies_stack:
            for group in (control_inputs, *self._control_dependencies_stack):
                for c in group:
                    if ops.get(c._id) is not c:
                        raise ValueError(_removed_message(f"Control dependency '{c.name}'", c))

    def _add_op(self, opdef, op_name, inputs, attrs, control_inputs, stack, out_specs=None):
        """The one place an op joins the graph (called under the lock with its final unique name):
        its outputs from the shape rule (or `out_specs` when the caller knows them), the control
        inputs of the enclosing control_dependencies blocks, the cell being run, the creation
        stack, its id, and the queue of ops the engine has not seen. A new per-op rule goes here."""
        op_type = opdef.type
        if out_specs is None:
            try:
                out_specs = opdef.infer(inputs, attrs)
            except ValueError as e:
                shapes = ", ".join(t._shape._bracket_str() for t in inputs)
                raise ValueError(f"{e} for '{op_name}' (op: '{op_type}') with input shapes: {shapes}.") from None
        ctrl = self._current_control_inputs(inputs) if self._control_dependencies_stack else ()
        if control_inputs:
            ctrl = tuple(ctrl) + tuple(c for c in control_inputs if c not in ctrl)
        op = Operation(self, self._next_id, op_name, op_type, inputs, ctrl, attrs, self._current_cell, stack)
        if len(out_specs) == 1:
            dt, shape = out_specs[0]
            op._outputs = (Tensor(op, 0, dt, shape),)
        elif out_specs:
            op._outputs = tuple(Tensor(op, i, dt, shape) for i, (dt, shape) in enumerate(out_specs))
        self._next_id += 1
        self._ops[op._id] = op
        self._ops_by_name[op_name] = op
        self._pending.append(op)
        return op

    # ----- lookup ----------------------------------------------------------------------------
    def get_operations(self):
        return list(self._ops.values())

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        try:
            return self._ops_by_name[name]
        except KeyError:
            raise KeyError(f"The name '{name}' refers to an Operation not in the graph.") from None

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """The Tensor or Operation that `obj` (a name, tensor, op or variable) refers to."""
        conv = getattr(obj, "_as_graph_element", None)
        if conv is not None:
            obj = conv()
        if isinstance(obj, str):
            if ":" in obj:
                if not allow_tensor:
                    raise ValueError(f"Name '{obj}' appears to refer to a Tensor, not an Operation.")
                op_name, _, idx = obj.rpartition(":")
                op = self._ops_by_name.get(op_name)
                if op is None:
                    raise KeyError(f"The name '{obj}' refers to a Tensor which does not exist. The "
                                   f"operation, '{op_name}', does not exist in the graph.")
                try:
                    return op._outputs[int(idx)]
                except (ValueError, IndexError):
                    raise KeyError(f"The name '{obj}' refers to a Tensor which does not exist. The operation, "
                                   f"'{op_name}', exists but only has {len(op._outputs)} outputs.") from None
            if not allow_operation:
                raise ValueError(f"The name '{obj}' looks like an (invalid) Operation name, not a Tensor. "
                                 f"Tensor names must be of the form \"<op_name>:<output_index>\".")
            op = self._ops_by_name.get(obj)
            if op is None:
                raise KeyError(f"The name '{obj}' refers to an Operation not in the graph.")
            return op
        if isinstance(obj, Tensor) and allow_tensor:
            if obj._op._graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a "
                        f"{'Tensor or Operation' if allow_operation and allow_tensor else 'Tensor' if allow_tensor else 'Operation'}.")

    # ----- collections -----------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for n in names:
            self.add_to_collection(n, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        items = list(self._collections.get(name, ()))
        if scope is None:
            return items
        pattern = re.compile(scope)
        return [i for i in items if getattr(i, "name", None) is not None and pattern.match(i.name)]

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if v]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # ----- edits (the notebook's cell re-runs) -------------------------------------------------
    def edit(self, cell=None, on_variable_created=None):
        """Start an undoable change (a GraphEdit): ops created until it ends are tagged with
        `cell`, and every tf.Variable created calls `on_variable_created(var)`.

        >>> change = g.edit(cell=ref); change.remove_ops(old_ops); ...; change.commit()
        """
        from .graph_edit import GraphEdit
        return GraphEdit(self, cell, on_variable_created)

    def contains(self, op):
        """Whether `op` is an operation of this graph now (a cell re-run may have removed it)."""
        return self._ops.get(op._id) is op

    def stale_reason(self, op):
        """Why `op` cannot run (an input's cell was re-run and re-linking failed), or None."""
        return self._stale_ops.get(op._id)

    def stale_ops(self):
        """The ops that cannot run until rebuilt."""
        return [self._ops[i] for i in self._stale_ops if i in self._ops]

    def _open_sessions(self):
        return [s for s in list(self._sessions) if not s._closed]

    # ----- engine synchronisation -------------------------------------------------------------
    def _engine_graph(self):
        if self._engine is None:
            self._engine = _engine.Graph()
        return self._engine

    def _flush(self):
        """Send the ops created since the last flush to the engine (one call per few hundred ops)."""
        # _pending empties only once the engine holds every op in it: Session.run reads it without
        # the lock, so a thread seeing it empty must be able to plan at once (another thread may
        # be mid-flush; a non-empty list sends it here, to wait on the lock).
        with self._lock:
            pending = self._pending
            if pending:
                engine = self._engine_graph()
                # In batches, so each batch's records die before the garbage collector's next
                # pass: records for the whole graph at once would make it scan the graph again.
                sent = 0
                # The records are acyclic and die by reference counting; collector passes
                # triggered by their allocations would only rescan the whole graph (a third of
                # a 10,000-op graph's flush), so the collector pauses while they are made.
                collecting = gc.isenabled()
                gc.disable()
                try:
                    while sent < len(pending):
                        engine.add_nodes([op._engine_node() for op in pending[sent:sent + _FLUSH_BATCH]])
                        sent += _FLUSH_BATCH
                except (TypeError, ValueError, OverflowError):
                    # add_nodes adds all of a batch or nothing. Send the rest one by one so a single op
                    # the engine refuses cannot break every later run: it alone becomes unrunnable.
                    for op in pending[sent:]:
                        try:
                            engine.add_nodes([op._engine_node()])
                        except (TypeError, ValueError, OverflowError) as e:
                            self._stale_ops[op._id] = (f"op '{op.name}' ({op.type}) could not be sent to the "
                                                       f"engine: {e}. Create it again with valid arguments.")
                finally:
                    if collecting:
                        gc.enable()
                self._pending = []

    def _op_by_id(self, op_id):
        return self._ops.get(op_id)

    def _remove_ops(self, ops):
        """Remove ops (the notebook's cell re-run). Their names become free again."""
        with self._lock:
            removed = {op._id for op in ops}
            self._pending = [op for op in self._pending if op._id not in removed]
            for op in ops:
                if self._ops.pop(op._id, None) is None:
                    continue
                self._stale_ops.pop(op._id, None)
                if self._ops_by_name.get(op._name) is op:
                    del self._ops_by_name[op._name]
                if self._engine is not None:
                    self._engine.remove_node(op._id)
            self._edit_version += 1

    def _restore_ops(self, ops):
        """Put back ops taken out by _remove_ops, with their ids (the notebook's undo of a
        failed cell re-run): consumers still pointing at them become valid again."""
        with self._lock:
            for op in ops:
                self._ops[op._id] = op
                self._ops_by_name[op._name] = op
                self._pending.append(op)
            self._ops = dict(sorted(self._ops.items()))  # keep creation order
            self._edit_version += 1

    def _forget_names(self, names):
        """Release names (and the scopes they implied) so a re-run cell gets the same names."""
        for n in names:
            key = n.lower()
            if self._names_in_use.pop(key, None) is None:
                continue
            # 'x_1' freed while 'x' lives: restart the 'x' counter so the next 'x' probes 'x_1' again.
            base, sep, suffix = key.rpartition("_")
            if sep and suffix.isdigit() and base in self._names_in_use:
                self._names_in_use[base] = 1

    def _replace_input(self, consumer, index, new_tensor):
        """Point input `index` of `consumer` at `new_tensor` (the notebook's re-link)."""
        with self._lock:
            old = consumer._inputs[index]
            inputs = list(consumer._inputs)
            inputs[index] = new_tensor
            consumer._inputs = tuple(inputs)
            if self._engine is not None and consumer not in self._pending:
                self._engine.replace_input(consumer._id, old._engine_edge(), new_tensor._engine_edge())
            self._edit_version += 1

    def _replace_control_input(self, consumer, old_op, new_op):
        with self._lock:
            consumer._control_inputs = tuple(new_op if c is old_op else c for c in consumer._control_inputs)
            if self._engine is not None and consumer not in self._pending:
                self._engine.replace_input(consumer._id, (old_op._id, -1), (new_op._id, -1))
            self._edit_version += 1


def install_operators(methods):
    """Make `methods` ({"__add__": fn(self, other), ...}) the operators of Tensor and Variable.

    >>> install_operators({"__neg__": lambda x: unary_op("Neg", x, "Neg")})
    """
    for name, fn in methods.items():
        setattr(_TensorOperators, name, fn)


def _removed_message(what, op):
    where = f" when cell {op._cell} was re-run" if op._cell is not None else ""
    return (f"{what} was removed from the graph{where}; use the one the cell created now "
            f"(e.g. tf.get_default_graph().get_operation_by_name('{op._name}')), or re-run the cell "
            f"that holds this old reference.")


class _DefaultGraphStack(threading.local):
    def __init__(self):
        self.stack = []
        self.global_default = None

    def get_default(self):
        if self.stack:
            return self.stack[-1]
        if self.global_default is None:
            self.global_default = Graph()
        return self.global_default

    @contextlib.contextmanager
    def get_controller(self, graph):
        self.stack.append(graph)
        try:
            yield graph
        finally:
            self.stack.remove(graph) if graph in self.stack else None

    def reset(self):
        if self.stack:
            raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                                 "need a cleared graph, exit the nesting and create a new graph.")
        self.global_default = None


_default_graph_stack = _DefaultGraphStack()


def get_default_graph():
    """The graph new ops are added to (a `with g.as_default():` block overrides it).

    >>> x1 = tf.Variable(1); x1.graph is tf.get_default_graph()
    True
    """
    return _default_graph_stack.get_default()


def reset_default_graph():
    """Replace the global default graph with a new, empty one.

    >>> tf.reset_default_graph()
    """
    _default_graph_stack.reset()
    for ref in list(_default_graph_reset_hooks):
        hook = ref()
        if hook is None:
            _default_graph_reset_hooks.remove(ref)
        else:
            hook()


# Bound methods to call after tf.reset_default_graph(), held weakly (the notebook's kernel-wide
# session follows the new default graph; other sessions keep theirs, as in TF1).
_default_graph_reset_hooks = []


def on_default_graph_reset(method):
    """Call bound method `method` after every tf.reset_default_graph() while its object lives.

    >>> on_default_graph_reset(kernel_session._follow_default_graph)
    """
    _default_graph_reset_hooks.append(weakref.WeakMethod(method))


def name_scope(name, default_name=None, values=None):
    """A context manager prefixing op names with `name/` in the default graph.

    >>> with tf.name_scope("loss"): mse = tf.reduce_mean(tf.square(error), name="mse")
    """
    if values:
        g = next((v.graph for v in values if hasattr(v, "graph")), None) or get_default_graph()
    else:
        g = get_default_graph()
    n = name if name is not None else default_name
    if name is None and default_name is None:
        n = None
    return g.name_scope(n) if n is not None else _reset_scope(g)


@contextlib.contextmanager
def _reset_scope(g):
    with g.name_scope(None) as s:
        yield s


def control_dependencies(control_inputs):
    """Ops created inside the block run after `control_inputs`.

    >>> with tf.control_dependencies([train_op]): loss_after = tf.identity(loss)
    """
    return get_default_graph().control_dependencies(control_inputs)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


class GraphKeys:
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    MODEL_VARIABLES = "model_variables"
    SUMMARIES = "summaries"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    GLOBAL_STEP = "global_step"
    SAVERS = "savers"
    TRAIN_OP = "train_op"
    INIT_OP = "init_op"
    REGULARIZATION_LOSSES = "regularization_losses"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    TABLE_INITIALIZERS = "table_initializer"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    QUEUE_RUNNERS = "queue_runners"
    ASSET_FILEPATHS = "asset_filepaths"  # tf.saved_model: the files a SavedModel copies into assets/
