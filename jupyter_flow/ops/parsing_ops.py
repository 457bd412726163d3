"""Text parsing for input pipelines: tf.decode_csv, tf.string_split and tf.strings.split
(kernels in src_cpp/kernels/parsing.cc).

>>> x, y = tf.decode_csv(line, record_defaults=[[0.0], [0.0]])
>>> tf.string_split(["a b"]).values      # [b'a', b'b']
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor, is_tensor

_CSV_DTYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _decode_csv_infer(inputs, attrs):
    records, defaults = inputs[0], inputs[1:]
    if records._dtype is not dtypes.string:
        raise TypeError(f"decode_csv: records must be a string tensor, got {records._dtype.name} ({records.name})")
    out = []
    for i, d in enumerate(defaults):
        if d._dtype not in _CSV_DTYPES:
            raise TypeError(f"decode_csv: record_defaults[{i}] is {d._dtype.name}; it must be float32, float64, int32, "
                            f"int64 or string")
        if d._shape.ndims is not None and d._shape.num_elements() is not None and d._shape.num_elements() > 1:
            raise ValueError(f"decode_csv: record_defaults[{i}] must have one element (the default) or none (the "
                             f"field is required), got shape {d._shape}")
        out.append((d._dtype, records._shape))
    return out


def _split_infer(inputs, attrs):
    src, sep = inputs
    if src._dtype is not dtypes.string or sep._dtype is not dtypes.string:
        raise TypeError("string split: the input and the delimiter must be strings")
    if src._shape.ndims is not None and src._shape.ndims != 1:
        raise ValueError(f"string split: the input must be a vector of strings, got shape {src._shape}")
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.string, TensorShape([None])), (dtypes.int64, TensorShape([2]))]


define_op("DecodeCSV", infer=_decode_csv_infer)
define_op("StringSplit", infer=_split_infer)
define_op("StringSplitV2", infer=_split_infer)
not_differentiable("DecodeCSV", "StringSplit", "StringSplitV2")


def _default_tensor(value, i):
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return convert_to_tensor(np.zeros((0,), np.float32), name=f"record_default_{i}")
    return convert_to_tensor(value, name=f"record_default_{i}")


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None):
    """Parse CSV records (a string tensor of any shape) into one tensor per column; each column
    takes the dtype of its default ([0.0], [0], [""]; an empty default makes the field required).

    >>> a, b = tf.decode_csv(tf.constant(["1,x"]), [[0], [""]])
    """
    g = get_default_graph()
    with g.name_scope(name or "DecodeCSV"):
        records = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = [_default_tensor(d, i) for i, d in enumerate(record_defaults)]
    if not defaults:
        raise ValueError("decode_csv needs at least one record default (one per column)")
    attrs = {"field_delim": field_delim, "use_quote_delim": bool(use_quote_delim), "na_value": na_value,
             "select_cols": [int(c) for c in (select_cols or [])]}
    op = g.create_op("DecodeCSV", (records,) + tuple(defaults), attrs, name or "DecodeCSV")
    return list(op.outputs)


def _strings(value, name):
    """A string tensor; a list holding tensors ([line]) is stacked, as TF1 packs it."""
    if isinstance(value, (list, tuple)) and any(is_tensor(v) for v in value):
        from .concat_ops import stack
        return stack([convert_to_tensor(v, dtype=dtypes.string) for v in value], name=name)
    return convert_to_tensor(value, dtype=dtypes.string, name=name)


def string_split(source, delimiter=" ", skip_empty=True, name=None):
    """Split each string of a vector on any of `delimiter`'s characters ("" : into characters),
    as a SparseTensor [len(source), longest]."""
    g = get_default_graph()
    src = _strings(source, "source")
    sep = convert_to_tensor(delimiter, dtype=dtypes.string, name="delimiter")
    op = g.create_op("StringSplit", (src, sep), {"skip_empty": bool(skip_empty)}, name or "StringSplit")
    return SparseTensor(*op.outputs)


def strings_split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None, name=None):  # noqa: A002
    """tf.strings.split (TF1): split on the whole `sep` (None: runs of whitespace), at most `maxsplit`
    times, as a SparseTensor."""
    if result_type != "SparseTensor":
        raise NotImplementedError("tf.strings.split: jupyter_flow has no RaggedTensor; use result_type='SparseTensor'")
    value = source if input is None else input
    g = get_default_graph()
    src = _strings(value, "input")
    s = convert_to_tensor(sep or "", dtype=dtypes.string, name="sep")
    op = g.create_op("StringSplitV2", (src, s), {"maxsplit": int(maxsplit)}, name or "StringSplit")
    return SparseTensor(*op.outputs)
