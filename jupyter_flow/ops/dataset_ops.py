"""The graph ops of tf.data (jupyter_flow/data/ builds them; src_cpp/kernels/dataset_iterator.cc
runs them, src_cpp/dataset/ holds the pipeline objects).

- `Iterator` outputs an iterator's handle (a string scalar naming a session resource);
- `MakeIterator(handle, params...)` is an iterator's initializer: it binds the values of the
  pipeline's parameter tensors (its attributes describe the pipeline) and starts a pass;
- `OneShotIterator(params...)` does the same on its first run in a session and outputs the handle;
- `IteratorGetNext(handle)` yields one element per run (OutOfRangeError at the end);
- `DatasetArg` is an element component inside a traced map/filter/flat_map function.
"""
from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape


def encode_shapes(shapes):
    """Static shapes as one flat integer attribute: rank (-1: unknown), then the dims (-1: unknown)."""
    flat = []
    for s in shapes:
        if s.ndims is None:
            flat.append(-1)
            continue
        flat.append(s.ndims)
        flat.extend(-1 if d is None else int(d) for d in s.as_list())
    return flat


def decode_shapes(flat):
    out, i = [], 0
    while i < len(flat):
        rank = flat[i]
        i += 1
        if rank < 0:
            out.append(TensorShape(None))
            continue
        out.append(TensorShape([None if d < 0 else d for d in flat[i:i + rank]]))
        i += rank
    return out


def _handle_infer(inputs, attrs):
    return [(dtypes.string, TensorShape([]))]


def _make_iterator_infer(inputs, attrs):
    if not inputs or inputs[0]._dtype is not dtypes.string:
        raise TypeError("MakeIterator's first input must be an iterator handle (a string scalar)")
    return []


def _get_next_infer(inputs, attrs):
    if not inputs or inputs[0]._dtype is not dtypes.string:
        raise TypeError("IteratorGetNext's input must be an iterator handle (a string scalar)")
    types = [dtypes.as_dtype(t) for t in attrs["output_types"]]
    shapes = decode_shapes(attrs["output_shapes"])
    if len(types) != len(shapes):
        raise ValueError(f"IteratorGetNext has {len(types)} output types but {len(shapes)} output shapes")
    return list(zip(types, shapes))


def _dataset_arg_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


define_op("Iterator", infer=_handle_infer, stateful=True)
define_op("OneShotIterator", infer=_handle_infer, stateful=True)
define_op("MakeIterator", infer=_make_iterator_infer, stateful=True)
define_op("IteratorGetNext", infer=_get_next_infer, stateful=True)
define_op("DatasetArg", infer=_dataset_arg_infer)
not_differentiable("Iterator", "OneShotIterator", "MakeIterator", "IteratorGetNext", "DatasetArg")
