"""Parsing serialized tf.train.Example records: tf.parse_example, tf.parse_single_example with
tf.FixedLenFeature, tf.VarLenFeature and tf.FixedLenSequenceFeature; and tf.decode_raw
(kernels in src_cpp/kernels/parse_example.cc).

>>> features = {"x": tf.FixedLenFeature([2], tf.float32), "tags": tf.VarLenFeature(tf.string)}
>>> parsed = tf.parse_single_example(record, features)   # {"x": Tensor [2], "tags": SparseTensor}
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor, is_tensor

_FEATURE_DTYPES = (dtypes.float32, dtypes.int64, dtypes.string)
_RAW_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint16, dtypes.uint8, dtypes.int16,
               dtypes.int8, dtypes.int64, dtypes.complex64, dtypes.complex128, dtypes.bool)


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A feature of known shape in every Example; without default_value it is required."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature with any number of values per Example, parsed as a tf.SparseTensor."""


class FixedLenSequenceFeature(collections.namedtuple("FixedLenSequenceFeature",
                                                     ["shape", "dtype", "allow_missing", "default_value"])):
    """Any number of rows of `shape` per Example, parsed as a dense tensor padded with default_value."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


def _feature_shape(key, feature):
    if feature.shape is None:
        raise ValueError(f"Missing shape for feature {key}. Received feature={feature}.")
    dims = TensorShape(feature.shape).as_list()
    if isinstance(feature, FixedLenFeature) and dims and dims[0] is None:
        raise ValueError(f"First dimension of shape for feature {key} unknown. Consider using FixedLenSequenceFeature. "
                         f"Received feature={feature}.")
    if any(d is None for d in dims):
        raise ValueError(f"All dimensions of shape for feature {key} need to be known but received {feature.shape}.")
    return dims


def _checked_dtype(dtype, parameter):
    dt = dtypes.as_dtype(dtype)
    if dt not in _FEATURE_DTYPES:
        raise TypeError(f"Value passed to parameter '{parameter}' has DataType {dt.name} not in list of allowed values: "
                        f"float32, int64, string")
    return dt


def _constant(value, dt, name):
    arr = np.array(value, dtype=object if dt is dtypes.string else dt.as_numpy_dtype)
    return convert_to_tensor(arr, dtype=dt, name=name)


def _dense_default(key, feature, dt, dims):
    """The default input of a dense feature: empty (required), the whole default, or one padding value."""
    name = f"key_{key}"
    if isinstance(feature, FixedLenSequenceFeature):
        pad = feature.default_value
        if pad is None:
            pad = b"" if dt is dtypes.string else 0
        if np.size(pad) != 1:
            raise ValueError(f"FixedLenSequenceFeature {key}: default_value is the padding value and must be a scalar, "
                             f"got {pad!r}")
        return _constant(np.reshape(np.array(pad, dtype=object if dt is dtypes.string else None), ()), dt, name)
    if feature.default_value is None:
        return _constant(np.zeros((0,), dtype=object if dt is dtypes.string else dt.as_numpy_dtype), dt, name)
    want = int(np.prod(dims, dtype=np.int64))
    if is_tensor(feature.default_value):
        from .shape_ops import reshape
        return reshape(convert_to_tensor(feature.default_value, dtype=dt), [want], name=name)
    default = np.array(feature.default_value, dtype=object if dt is dtypes.string else dt.as_numpy_dtype)
    if default.size != want:
        raise ValueError(f"Cannot reshape a tensor with {default.size} elements to shape {dims} ({want} elements) for the "
                         f"default_value of feature {key}; give one value per element of the shape")
    return _constant(default.reshape(-1), dt, name)


def _feature_specs(features):
    """Sparse and dense features (each sorted by key, as TF orders them) and the op's attributes."""
    if not features:
        raise ValueError("Invalid argument: features cannot be empty.")
    sparse, dense = [], []
    for key in sorted(features):
        feature = features[key]
        if isinstance(feature, VarLenFeature):
            sparse.append((key, _checked_dtype(feature.dtype, "sparse_types")))
        elif isinstance(feature, (FixedLenFeature, FixedLenSequenceFeature)):
            if isinstance(feature, FixedLenSequenceFeature) and not feature.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
            dense.append((key, feature, _checked_dtype(feature.dtype, "dense_defaults"), _feature_shape(key, feature)))
        else:
            raise ValueError(f"Unsupported {type(feature).__name__} {feature!r} for key '{key}'")
    attrs = {"sparse_keys": [k for k, _ in sparse], "sparse_types": [dt for _, dt in sparse],
             "dense_keys": [k for k, *_ in dense], "dense_types": [dt for _, _, dt, _ in dense],
             "dense_ranks": [], "dense_dims": [], "dense_variable": []}
    for _, feature, _, dims in dense:
        variable = isinstance(feature, FixedLenSequenceFeature)
        attrs["dense_ranks"].append(len(dims) + variable)
        attrs["dense_dims"].extend(([-1] if variable else []) + dims)
        attrs["dense_variable"].append(int(variable))
    return sparse, dense, attrs


def _parse_infer(single):
    def infer(inputs, attrs):
        serialized = inputs[0]
        if serialized._dtype is not dtypes.string:
            raise TypeError(f"parse_example: serialized must be a string tensor, got {serialized._dtype.name} ({serialized.name})")
        ndims = serialized._shape.ndims
        if single and ndims not in (None, 0):
            raise ValueError(f"Input serialized must be a scalar, got shape {serialized._shape} ({serialized.name})")
        if not single and ndims is not None and ndims != 1:
            raise ValueError(f"Shape must be rank 1 (a vector of serialized Examples) but is rank {ndims} for "
                             f"ParseExample ({serialized.name}); reshape it with tf.reshape(serialized, [-1])")
        batch = [] if single else [serialized._shape.as_list()[0] if ndims else None]
        rank = 1 if single else 2
        sparse_types = attrs["sparse_types"]
        out = [(dtypes.int64, TensorShape([None, rank])) for _ in sparse_types]
        out += [(dt, TensorShape([None])) for dt in sparse_types]
        out += [(dtypes.int64, TensorShape([rank])) for _ in sparse_types]
        at = 0
        for dt, r in zip(attrs["dense_types"], attrs["dense_ranks"]):
            dims = [None if d < 0 else d for d in attrs["dense_dims"][at:at + r]]
            at += r
            out.append((dt, TensorShape(batch + dims)))
        return out
    return infer


define_op("ParseExample", infer=_parse_infer(single=False))
define_op("ParseSingleExample", infer=_parse_infer(single=True))


def _parse(op_type, serialized, features, name, example_names):
    sparse, dense, attrs = _feature_specs(features)
    g = get_default_graph()
    with g.name_scope(name or op_type):
        serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        if op_type == "ParseExample" and serialized.shape.ndims == 0:
            op_type = "ParseSingleExample"  # a scalar parses as one Example (TF 1.15's ParseExampleV2 allows it)
        if example_names is None:
            names = _constant(np.zeros((0,), object), dtypes.string, "names")
        else:
            names = convert_to_tensor(example_names, dtype=dtypes.string, name="names")
        defaults = [_dense_default(key, feature, dt, dims) for key, feature, dt, dims in dense]
    op = g.create_op(op_type, (serialized, names) + tuple(defaults), attrs, name or op_type)
    outs, ns = op.outputs, len(sparse)
    parsed = {key: SparseTensor(outs[i], outs[ns + i], outs[2 * ns + i]) for i, (key, _) in enumerate(sparse)}
    parsed.update({key: outs[3 * ns + j] for j, (key, *_) in enumerate(dense)})
    return parsed


def parse_example(serialized, features, name=None, example_names=None):
    """Parse a vector of serialized tf.train.Example protos into a dict: a FixedLenFeature becomes a
    tensor [batch] + shape, a VarLenFeature a SparseTensor [batch, longest], a FixedLenSequenceFeature
    a tensor [batch, most rows] + shape padded with its default.

    >>> tf.parse_example(records, {"x": tf.FixedLenFeature([], tf.float32)})["x"]   # shape [len(records)]
    """
    return _parse("ParseExample", serialized, features, name, example_names)


def parse_single_example(serialized, features, name=None, example_names=None):
    """Parse one serialized tf.train.Example (a string scalar) into a dict of tensors and SparseTensors,
    as parse_example without the batch dimension; what tf.data pipelines map over TFRecords.

    >>> ds = tf.data.TFRecordDataset(files).map(lambda r: tf.parse_single_example(r, features))
    """
    s = convert_to_tensor(serialized, dtype=dtypes.string) if not is_tensor(serialized) else serialized
    if s.shape.ndims is not None and s.shape.ndims != 0:
        raise ValueError("Input serialized must be a scalar")
    return _parse("ParseSingleExample", s, features, name or "ParseSingleExample", example_names)


def _decode_raw_infer(inputs, attrs):
    x = inputs[0]
    if x._dtype is not dtypes.string:
        raise TypeError(f"decode_raw: input_bytes must be a string tensor, got {x._dtype.name} ({x.name})")
    dims = x._shape.as_list() if x._shape.ndims is not None else None
    return [(attrs["out_type"], TensorShape(None if dims is None else dims + [None]))]


define_op("DecodeRaw", infer=_decode_raw_infer)
not_differentiable("ParseExample", "ParseSingleExample", "DecodeRaw")


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002 - TF1's argument
    """Reinterpret the bytes of each string as a vector of `out_type` (all strings the same length):
    the result has the input's shape plus one dimension.

    >>> tf.decode_raw(tf.constant([b"\\x01\\x00\\x02\\x00"]), tf.int16)   # [[1, 2]]
    """
    if input_bytes is None:
        input_bytes = bytes
    if input_bytes is None or out_type is None:
        raise ValueError("decode_raw needs input_bytes (a string tensor) and out_type (the dtype to read)")
    dt = dtypes.as_dtype(out_type)
    if dt not in _RAW_DTYPES:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {dt.name} not in list of allowed values: "
                        + ", ".join(d.name for d in _RAW_DTYPES))
    g = get_default_graph()
    x = convert_to_tensor(input_bytes, dtype=dtypes.string, name="input_bytes")
    return g.create_op("DecodeRaw", (x,), {"out_type": dt, "little_endian": bool(little_endian)}, name or "DecodeRaw").outputs[0]
