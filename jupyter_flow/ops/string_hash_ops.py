"""tf.string_to_hash_bucket_fast (TF's FarmHash Fingerprint64 of each string, mod num_buckets) and
the integer form of tf.as_string that hash-bucket feature columns use. Kernels in
src_cpp/kernels/string_hash.cc; neither op has a gradient (as TF1).

>>> tf.string_to_hash_bucket_fast(["a", "b"], 10)        # [9, 6], TF's values
"""
import numbers

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from .constant_op import convert_to_tensor


def _hash_infer(inputs, attrs):
    x = inputs[0]
    if x._dtype is not dtypes.string:
        raise TypeError(f"StringToHashBucketFast takes a string tensor, got {x._dtype.name} ('{x.name}'); "
                        f"use tf.as_string first for numbers.")
    return [(dtypes.int64, x._shape)]


def _as_string_infer(inputs, attrs):
    x = inputs[0]
    if x._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"as_string here supports int32 and int64, got {x._dtype.name} ('{x.name}')")
    return [(dtypes.string, x._shape)]


define_op("StringToHashBucketFast", infer=_hash_infer)
define_op("AsString", infer=_as_string_infer)
not_differentiable("StringToHashBucketFast", "AsString")


def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    """Each string's bucket in [0, num_buckets): Fingerprint64(string) % num_buckets, as TF.

    >>> buckets = tf.string_to_hash_bucket_fast(words, 1000)
    """
    if isinstance(num_buckets, bool) or not isinstance(num_buckets, numbers.Integral) or num_buckets < 1:
        raise ValueError(f"string_to_hash_bucket_fast: num_buckets must be an int >= 1, got {num_buckets!r}")
    x = convert_to_tensor(input, dtype=dtypes.string)
    return get_default_graph().create_op("StringToHashBucketFast", (x,), {"num_buckets": int(num_buckets)},
                                         name or "StringToHashBucketFast")._outputs[0]


def as_string(input, name=None):  # noqa: A002
    """Integers as their decimal strings (TF's as_string with its default formatting).

    >>> tf.as_string(tf.constant([7, -12]))             # [b"7", b"-12"]
    """
    x = convert_to_tensor(input)
    return get_default_graph().create_op("AsString", (x,), None, name or "AsString")._outputs[0]


def _cross_infer(inputs, attrs):
    from ..framework.tensor_shape import TensorShape
    batch, combos = None, 1
    for t in inputs:
        if t._dtype not in (dtypes.int64, dtypes.string):
            raise TypeError(f"HashedCross takes int64 or string [batch, k] tensors, got {t._dtype.name} ('{t.name}')")
        if t._shape.ndims not in (None, 2):
            raise ValueError(f"HashedCross takes [batch, k] tensors, '{t.name}' has shape {t._shape}")
        dims = t._shape.as_list() if t._shape.ndims == 2 else [None, None]
        batch = batch if dims[0] is None else dims[0]
        combos = None if combos is None or dims[1] is None else combos * dims[1]
    return [(dtypes.int64, TensorShape([batch, combos]))]


define_op("HashedCross", infer=_cross_infer)
not_differentiable("HashedCross")

DEFAULT_HASH_KEY = 0xDECAFCAFFE  # TF1's sparse_cross_hashed default


def hashed_cross(inputs, num_buckets, hash_key=None, missing=None, name=None):
    """The hashed cross of [batch, k_i] int64/string tensors: [batch, prod k_i] bucket ids, each TF's
    FingerprintCat64 chain (seeded by hash_key) mod num_buckets; inputs flagged in `missing` mark
    absent ids with -1, and a combination with an absent id is -1.

    >>> ids = hashed_cross([words, tf.cast(bucket_ids, tf.int64)], 1000)
    """
    inputs = [convert_to_tensor(t) for t in inputs]
    missing = [int(bool(m)) for m in (missing or [False] * len(inputs))]
    attrs = {"num_buckets": int(num_buckets), "hash_key": int(DEFAULT_HASH_KEY if hash_key is None else hash_key),
             "missing": missing}
    return get_default_graph().create_op("HashedCross", tuple(inputs), attrs, name or "HashedCross")._outputs[0]
