"""tf.TensorArray: a list of tensors of one dtype and shape, written and read by index, usually
inside tf.while_loop. Its value (the `flow`) is a dense tensor [size, ...element] the kernels
(src_cpp/kernels/tensor_array.cc) update in place when the loop holds its only reference; a
TensorArray object is immutable, every write returns a new one (as TF1).

>>> ta = tf.TensorArray(tf.float32, size=3)
>>> ta = ta.write(0, x); y = ta.stack()
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.tensor_shape import UNKNOWN, TensorShape, as_shape
from .constant_op import convert_to_tensor


def _flow_shape(size_value, element_shape):
    if not element_shape.is_fully_defined():
        return UNKNOWN  # allocated at the first write: until then the flow is the empty vector
    return TensorShape([size_value]).concatenate(element_shape)


def _create_infer(inputs, attrs):
    elem = as_shape(attrs["element_shape"]) if attrs["element_shape_known"] else UNKNOWN
    from ..framework.tensor_util import constant_value
    n = None if attrs.get("dynamic_size") else constant_value(inputs[0])  # a dynamic array grows past its size
    return [(attrs["dtype"], _flow_shape(None if n is None else int(n), elem))]


def _same_flow(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


def _read_infer(inputs, attrs):
    elem = as_shape(attrs["element_shape"]) if attrs["element_shape_known"] else UNKNOWN
    return [(inputs[0]._dtype, elem)]


def _size_infer(inputs, attrs):
    return [(dtypes.int32, TensorShape([]))]


define_op("TensorArrayV3", infer=_create_infer)
define_op("TensorArrayWriteV3", infer=_same_flow)
define_op("TensorArrayScatterV3", infer=_same_flow)
define_op("TensorArrayReadV3", infer=_read_infer)
define_op("TensorArraySizeV3", infer=_size_infer)
not_differentiable("TensorArrayV3", "TensorArraySizeV3")


def _shape_attrs(shape):
    known = shape.ndims is not None
    return {"element_shape": [-1 if d is None else d for d in shape.as_list()] if known else [],
            "element_shape_known": known}


def _write(flow, index, value, size, dynamic_size, control=()):
    g = flow.graph
    return g.create_op("TensorArrayWriteV3", (flow, index, value, size), {"dynamic_size": bool(dynamic_size)},
                       "TensorArrayWrite", control_inputs=tuple(control))._outputs[0]


def _read(flow, index, element_shape, name="TensorArrayRead"):
    return flow.graph.create_op("TensorArrayReadV3", (flow, index), _shape_attrs(element_shape), name)._outputs[0]


@register_gradient("TensorArrayWriteV3")
def _write_grad(op, grad):
    from .array_ops import zeros_like
    flow, index, value, size = op.inputs
    d_value = _read(grad, index, value.shape)
    # The row was overwritten, so nothing flows to the old flow's row; the read comes first so
    # that this write is the flow gradient's last reader and updates it in place.
    d_flow = _write(grad, index, zeros_like(value), size, op.get_attr("dynamic_size"), control=(d_value.op,))
    return [d_flow, None, d_value, None]


@register_gradient("TensorArrayReadV3")
def _read_grad(op, grad):
    from .array_ops import zeros_like
    flow, index = op.inputs
    return [_write(zeros_like(flow), index, grad, _size_of(flow), False), None]


def _size_of(flow):
    from .shape_ops import shape
    from .indexing_ops import strided_slice
    return strided_slice(shape(flow), [0], [1], shrink_axis_mask=1)


@register_gradient("TensorArrayScatterV3")
def _scatter_grad(op, grad):
    from .array_ops import zeros_like
    from .indexing_ops import gather
    flow, indices, value, size = op.inputs
    d_value = gather(grad, indices)
    d_flow = grad.graph.create_op("TensorArrayScatterV3", (grad, indices, zeros_like(value), size),
                                  {"dynamic_size": op.get_attr("dynamic_size")}, "TensorArrayScatter",
                                  control_inputs=(d_value.op,))._outputs[0]
    return [d_flow, None, d_value, None]


class TensorArray:
    """A list of tensors written and read by index, mostly inside tf.while_loop.

    >>> ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    >>> ta = ta.write(0, 1.0).write(1, 2.0); ta.stack()   # [1.0, 2.0]
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        if handle is not None:
            raise NotImplementedError("TensorArray(handle=...) is not supported; create it with dtype and size")
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        # Shared by every TensorArray derived from this one, so a shape learned by a write inside a
        # loop body is known to the reads after the loop (as TF1).
        self._element_shape = [UNKNOWN if element_shape is None else as_shape(element_shape)]
        g = get_default_graph()
        with g.name_scope(name or "TensorArray"):
            if flow is not None:
                self._flow = flow
                self._size = _size_of(flow) if size is None else convert_to_tensor(size, dtype=dtypes.int32)
                return
            if size is None:
                raise ValueError("Size must be provided if handle is not provided")
            self._size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
            attrs = {"dtype": self._dtype, "dynamic_size": self._dynamic_size}
            attrs.update(_shape_attrs(self._element_shape[0]))
            self._flow = g.create_op("TensorArrayV3", (self._size,), attrs, "TensorArrayV3")._outputs[0]

    def _with_flow(self, flow):
        ta = object.__new__(TensorArray)
        ta._dtype, ta._dynamic_size, ta._infer_shape = self._dtype, self._dynamic_size, self._infer_shape
        ta._element_shape, ta._size, ta._flow = self._element_shape, self._size, flow
        return ta

    @property
    def flow(self):
        return self._flow

    @property
    def dtype(self):
        return self._dtype

    @property
    def handle(self):
        return self._flow

    @property
    def element_shape(self):
        return self._element_shape[0]

    def _merge_element_shape(self, shape):
        if self._infer_shape:
            cur = self._element_shape[0]
            if not cur.is_compatible_with(shape):
                raise ValueError(f"Inconsistent shapes: saw {shape} but expected {cur} (TensorArray elements must "
                                 f"all have one shape)")
            self._element_shape[0] = cur.merge_with(shape)

    def identity(self):
        """The same array (a new object, as TF1's)."""
        return self._with_flow(self._flow)

    def write(self, index, value, name=None):
        """A new TensorArray with `value` at `index`."""
        value = convert_to_tensor(value, dtype=self._dtype)
        self._merge_element_shape(value.shape)
        index = convert_to_tensor(index, dtype=dtypes.int32)
        return self._with_flow(_write(self._flow, index, value, self._size, self._dynamic_size))

    def read(self, index, name=None):
        """The element at `index`."""
        index = convert_to_tensor(index, dtype=dtypes.int32)
        return _read(self._flow, index, self._element_shape[0], name or "TensorArrayRead")

    def stack(self, name=None):
        """All elements stacked along a new first axis: [size, ...element]."""
        from .array_ops import identity
        out = identity(self._flow, name=name or "TensorArrayStack")
        out.set_shape(TensorShape([None]).concatenate(self._element_shape[0]) if self._element_shape[0].ndims
                      is not None else UNKNOWN)
        return out

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked."""
        from .indexing_ops import gather
        return gather(self._flow, indices, name=name or "TensorArrayGather")

    def unstack(self, value, name=None):
        """A TensorArray whose element i is value[i]."""
        from .array_ops import identity
        value = convert_to_tensor(value, dtype=self._dtype)
        if value.shape.ndims is not None:
            if value.shape.ndims == 0:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 (unstacking {value.name})")
            self._merge_element_shape(TensorShape(value.shape.as_list()[1:]))
        return self._with_flow(identity(value, name=name or "TensorArrayUnstack"))

    def scatter(self, indices, value, name=None):
        """A new TensorArray with value[k] at indices[k]."""
        value = convert_to_tensor(value, dtype=self._dtype)
        if value.shape.ndims:
            self._merge_element_shape(TensorShape(value.shape.as_list()[1:]))
        from .indexing_ops import _indices
        flow = self._flow.graph.create_op("TensorArrayScatterV3", (self._flow, _indices(indices), value, self._size),
                                          {"dynamic_size": self._dynamic_size},
                                          name or "TensorArrayScatter")._outputs[0]
        return self._with_flow(flow)

    def size(self, name=None):
        """The number of elements (int32)."""
        return self._flow.graph.create_op("TensorArraySizeV3", (self._flow, self._size), None,
                                          name or "TensorArraySize")._outputs[0]

    def close(self, name=None):
        from .control_flow_ops import no_op
        return no_op(name=name or "TensorArrayClose")
