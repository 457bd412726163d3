"""tf.Variable: a VariableV2 node holding state in each session, its initializer (an Assign)
and its snapshot (`x/read`) that other ops read, as TF1 builds them."""
from ..framework import dtypes
from ..framework.default_session import session_for
from ..framework.graph import GraphKeys, Tensor, _TensorOperators, get_default_graph
from ..framework.tensor_shape import as_shape
from . import state_ops
from .array_ops import identity
from .constant_op import convert_to_tensor


class Variable(_TensorOperators):
    """A tensor whose value persists across runs of one session; it starts life when its
    initializer runs and ends when the session closes.

    >>> x = tf.Variable(3, name="x")
    >>> sess.run(x.initializer); x.eval()   # 3
    """

    __slots__ = ("_variable", "_initializer_op", "_snapshot", "_initial_value", "_trainable",
                 "_graph", "_caching_device", "_save_slice_info", "__weakref__", "_definition")

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if variable_def is not None:
            raise NotImplementedError("Variable(variable_def=...) is not supported; use tf.train.import_meta_graph")
        if initial_value is None:
            raise ValueError("initial_value must be specified (e.g. tf.Variable(3, name='x')).")
        g = get_default_graph()
        self._graph = g
        self._trainable = bool(trainable)
        self._caching_device = caching_device
        self._save_slice_info = None
        with g.as_default(), g.name_scope(name or "Variable") as scope:
            if callable(initial_value):
                initial_value = initial_value()
            init = convert_to_tensor(initial_value, dtype=dtype, name="initial_value") \
                if not isinstance(initial_value, Tensor) else initial_value
            if dtype is not None and init.dtype is not dtypes.as_dtype(dtype):
                raise ValueError(f"initial_value has dtype {init.dtype.name}, but dtype={dtypes.as_dtype(dtype).name} "
                                 f"was requested for variable '{scope[:-1]}'; use tf.cast on the initial value.")
            var_shape = init.shape if validate_shape else as_shape(None)
            if shape is not None:
                var_shape = as_shape(shape)
            if validate_shape and not var_shape.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {init!r} (variable "
                                 f"'{scope[:-1]}'); pass validate_shape=False for a variable of changing shape.")
            self._initial_value = init
            self._variable = state_ops.variable_op(var_shape, init.dtype, scope)
            self._initializer_op = state_ops.assign(self._variable, init, validate_shape=validate_shape,
                                                    name="Assign").op
            self._snapshot = identity(self._variable, name="read")
        # What the notebook compares to decide whether a re-created variable keeps its value.
        self._definition = (self._variable.op.name, init.dtype.name, str(var_shape), _describe(init))
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        g.add_to_collections(collections, self)
        if g._on_variable_created is not None:
            g._on_variable_created(self)

    # ----- TF1 attributes ----------------------------------------------------------------------
    @property
    def name(self):
        return self._variable.name

    @property
    def op(self):
        return self._variable.op

    @property
    def dtype(self):
        return self._variable.dtype

    @property
    def graph(self):
        return self._graph

    @property
    def shape(self):
        return self._variable.shape

    def get_shape(self):
        return self._variable.shape

    @property
    def initializer(self):
        """The op that sets the variable to its initial value."""
        return self._initializer_op

    @property
    def initial_value(self):
        return self._initial_value

    @property
    def trainable(self):
        return self._trainable

    @property
    def device(self):
        return ""

    def value(self):
        """The snapshot tensor (`<name>/read`) other ops read."""
        return self._snapshot

    def read_value(self):
        return identity(self._variable, name="read")

    def initialized_value(self):
        """The variable's value, running its initializer first if needed (to initialize
        another variable from this one)."""
        from .control_flow_ops import initialized_value
        return initialized_value(self)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """An op setting the variable to `value`: sess.run(x.assign(5))."""
        return state_ops.assign(self._variable, value, use_locking=use_locking, name=name)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)

    def count_up_to(self, limit):
        """An op incrementing this int variable, outputting its old value, until `limit` (then OutOfRangeError)."""
        from .count_up_to_op import count_up_to
        return count_up_to(self._variable, limit)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Set the rows `sparse_delta.indices` (an IndexedSlices-like object) to its values."""
        from . import scatter_ops
        return scatter_ops.scatter_update(self._variable, sparse_delta.indices, sparse_delta.values, use_locking, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        from . import scatter_ops
        return scatter_ops.scatter_add(self._variable, sparse_delta.indices, sparse_delta.values, use_locking, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        from . import scatter_ops
        return scatter_ops.scatter_sub(self._variable, sparse_delta.indices, sparse_delta.values, use_locking, name)

    def scatter_nd_update(self, indices, updates, name=None):
        from . import scatter_ops
        return scatter_ops.scatter_nd_update(self._variable, indices, updates, name=name)

    def eval(self, session=None):
        """The variable's current value in `session` (default: the default session)."""
        __tracebackhide__ = True
        return self._snapshot.eval(session=session)

    def load(self, value, session=None):
        """Write `value` into the variable in `session` without adding ops to the graph.

        >>> theta.load(np.zeros((9, 1)), sess)
        """
        import numpy as np
        sess = session_for(session, self._variable)
        arr = np.asarray(value, dtype=self.dtype.as_numpy_dtype)
        if not self.shape.is_compatible_with(arr.shape):
            raise ValueError(f"Cannot load a value of shape {arr.shape} into variable '{self.op.name}' of "
                             f"shape {self.shape}")
        sess._write_variable(self.op.name, arr, self.dtype)

    def to_proto(self, export_scope=None):
        return {"variable_name": self.name, "initializer_name": self._initializer_op.name,
                "snapshot_name": self._snapshot.name, "trainable": self._trainable}

    # ----- conversion --------------------------------------------------------------------------
    def _as_tensor(self):
        return self._snapshot

    def _as_graph_element(self):
        return self._variable

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}_ref>"

    __hash__ = object.__hash__

    @classmethod
    def _from_ops(cls, variable_op, initializer_op, snapshot, trainable=True):
        """Rebuild a Variable around existing ops (import_meta_graph)."""
        v = object.__new__(cls)
        v._graph = variable_op.graph
        v._variable = variable_op.outputs[0]
        v._initializer_op = initializer_op
        v._snapshot = snapshot
        v._initial_value = initializer_op.inputs[1] if initializer_op is not None else None
        v._trainable = trainable
        v._caching_device = None
        v._save_slice_info = None
        v._definition = (variable_op.name, variable_op.outputs[0].dtype.name, str(variable_op.outputs[0].shape),
                         _describe(v._initial_value) if v._initial_value is not None else "")
        return v


def _describe(init):
    """A fingerprint of an initial value's definition (op types and constant values)."""
    import numpy as np
    parts, stack, seen = [], [init.op], set()
    while stack and len(parts) < 64:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        attrs = []
        for k in sorted(op._attrs):
            v = op._attrs[k]
            if isinstance(v, np.ndarray):
                v = (v.dtype.str, v.shape, hash(v.tobytes()))
            elif k == "seed2" and v == op._id:
                v = "derived"  # the op seed TF1 derives from the graph seed: new on every re-run, not an edit
            attrs.append((k, str(v)))
        parts.append((op.type, tuple(attrs)))
        stack.extend(t.op for t in op.inputs)
    return hash(tuple(parts))


def is_variable(x):
    return isinstance(x, Variable)
