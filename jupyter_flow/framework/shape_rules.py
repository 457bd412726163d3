"""Static shape/dtype rules shared by many ops (each rule: (inputs, attrs) -> [(dtype, shape)])."""
import functools

from . import dtypes
from .tensor_shape import SCALAR, UNKNOWN, TensorShape


def broadcast_static(a, b):
    """NumPy broadcasting of two static shapes; unknown dims stay unknown where needed."""
    if a is b or a._dims == b._dims:
        return a
    da, db = a._dims, b._dims
    if da is None or db is None:
        return UNKNOWN
    if not da:
        return b
    if not db:
        return a
    # A model broadcasts the same few shape pairs over and over (a bias over a batch): the
    # result of each pair is computed once (TensorShapes are immutable, so one can be shared).
    return _broadcast_result(da, db)


@functools.lru_cache(maxsize=4096)
def _broadcast_result(da, db):
    return TensorShape._from_tuple(_broadcast_dims(da, db))


def _broadcast_dims(da, db):
    n = max(len(da), len(db))
    da = (1,) * (n - len(da)) + da
    db = (1,) * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y}")
    return tuple(out)


def check_same_dtype(inputs, op_type):
    dt = inputs[0]._dtype
    for i, t in enumerate(inputs[1:], 1):
        if t._dtype is not dt:
            raise TypeError(f"Input {i} of '{op_type}' has type {t._dtype.name} that does not match type "
                            f"{dt.name} of input 0 ('{inputs[0].name}' vs '{t.name}'); use tf.cast to convert one.")
    return dt


def require_dtypes(t, allowed, op_type):
    if t._dtype not in allowed:
        raise TypeError(f"Value passed to '{op_type}' has dtype {t._dtype.name} not in the list of allowed "
                        f"values: {', '.join(d.name for d in allowed)} (tensor '{t.name}'); use tf.cast first.")


NUMERIC = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)
FLOATING = (dtypes.float32, dtypes.float64)
# The dtype families of the kernels dispatched over every TF1 dtype (src_cpp/kernels/elementwise.h).
FLOATS = (dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16)
INTEGERS = (dtypes.int32, dtypes.int64, dtypes.int8, dtypes.int16, dtypes.uint8, dtypes.uint16, dtypes.uint32,
            dtypes.uint64)
COMPLEX = (dtypes.complex64, dtypes.complex128)
REAL = FLOATS + INTEGERS
REAL_BOOL = REAL + (dtypes.bool,)
NUMBERS = REAL + COMPLEX
INEXACT = FLOATS + COMPLEX


def binary_broadcast(allowed=NUMERIC, out_dtype=None, op_type="op"):
    """Rule for element-wise binary ops: same dtype, broadcast shapes (`op_type` names the op in errors)."""
    def infer(inputs, attrs):
        a, b = inputs
        dt = a._dtype
        if b._dtype is not dt:
            raise TypeError(f"Input 'y' of '{op_type}' Op has type {b._dtype.name} that does not match type "
                            f"{dt.name} of argument 'x' ('{a.name}' vs '{b.name}'); use tf.cast to convert one.")
        if allowed is not None and dt not in allowed:
            require_dtypes(a, allowed, op_type)
        sa, sb = a._shape, b._shape
        return [(out_dtype or dt, sa if sa is sb else broadcast_static(sa, sb))]
    return infer


def unary_same(allowed=NUMERIC, op_type="op"):
    def infer(inputs, attrs):
        t = inputs[0]
        if allowed is not None and t._dtype not in allowed:
            require_dtypes(t, allowed, op_type)
        return [(t._dtype, t._shape)]
    return infer


def no_outputs(inputs, attrs):
    return []


def scalar_of(dtype):
    def infer(inputs, attrs):
        return [(dtype, SCALAR)]
    return infer
