"""String ops of tf.strings and their TF1 top-level names: string_join, strings.length, upper/lower, strip,
substr, string_to_number, regex_replace, regex_full_match, reduce_join. Kernels in src_cpp/kernels/string_ops.cc;
none has a gradient (as TF1).

>>> tf.string_join(["a", "b"], separator="-")      # b"a-b"
>>> tf.strings.to_number(["1.5", "2"])              # [1.5, 2.0]
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import SCALAR, TensorShape
from .constant_op import convert_to_tensor


def _strings(t, op_type):
    if t._dtype is not dtypes.string:
        raise TypeError(f"{op_type} takes string tensors, got {t._dtype.name} ('{t.name}'); use tf.as_string first "
                        f"for numbers.")


def _same_shape_of_strings(out_dtype):
    def infer(inputs, attrs):
        _strings(inputs[0], "string op")
        return [(out_dtype, inputs[0]._shape)]
    return infer


def _join_infer(inputs, attrs):
    shape = SCALAR
    for t in inputs:
        _strings(t, "StringJoin")
        if t._shape.ndims != 0:
            if shape.ndims not in (0, None) and not shape.is_compatible_with(t._shape):
                raise ValueError(f"string_join: inputs must be scalars or of one shape, got {shape} and {t._shape} "
                                 f"('{t.name}')")
            shape = t._shape if shape.ndims == 0 else shape.merge_with(t._shape)
    return [(dtypes.string, shape)]


def _substr_infer(inputs, attrs):
    _strings(inputs[0], "Substr")
    for t in inputs[1:]:
        if t._dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"substr: pos and len must be int32 or int64, got {t._dtype.name} ('{t.name}')")
    return [(dtypes.string, inputs[0]._shape)]


def _to_number_infer(inputs, attrs):
    _strings(inputs[0], "StringToNumber")
    return [(attrs["out_type"], inputs[0]._shape)]


def _regex_infer(out_dtype):
    def infer(inputs, attrs):
        for t in inputs:
            _strings(t, "regex op")
        return [(out_dtype, inputs[0]._shape)]
    return infer


def _reduce_join_infer(inputs, attrs):
    from .reduction_ops import _normalize_axes
    from ..framework.tensor_util import constant_value
    x, axes = inputs
    _strings(x, "ReduceJoin")
    axes_value = constant_value(axes)
    if x._shape.ndims is None or axes_value is None:
        return [(dtypes.string, TensorShape(None))]
    reduced = set(_normalize_axes([int(a) for a in axes_value.reshape(-1)], x._shape.ndims))
    dims = x._shape.as_list()
    kept = [1 if d in reduced else n for d, n in enumerate(dims)] if attrs.get("keep_dims") \
        else [n for d, n in enumerate(dims) if d not in reduced]
    return [(dtypes.string, TensorShape(kept))]


define_op("StringJoin", infer=_join_infer)
define_op("StringLength", infer=_same_shape_of_strings(dtypes.int32))
for _t in ("StringUpper", "StringLower", "StringStrip"):
    define_op(_t, infer=_same_shape_of_strings(dtypes.string))
define_op("Substr", infer=_substr_infer)
define_op("StringToNumber", infer=_to_number_infer)
define_op("RegexReplace", infer=_regex_infer(dtypes.string))
define_op("RegexFullMatch", infer=_regex_infer(dtypes.bool))
define_op("ReduceJoin", infer=_reduce_join_infer)
not_differentiable("StringJoin", "StringLength", "StringUpper", "StringLower", "StringStrip", "Substr",
                   "StringToNumber", "RegexReplace", "RegexFullMatch", "ReduceJoin")


def _create(op_type, inputs, attrs, name):
    return get_default_graph().create_op(op_type, tuple(inputs), attrs, name or op_type)._outputs[0]


def _as_strings(x, name=None):
    return convert_to_tensor(x, dtype=dtypes.string, name=name)


def string_join(inputs, separator="", name=None):
    """The element-wise concatenation of string tensors (scalars broadcast), separated by `separator`."""
    return _create("StringJoin", [_as_strings(t) for t in inputs], {"separator": str(separator)}, name)


def string_length(input, name=None, unit="BYTE"):  # noqa: A002
    """The length of each string in bytes (unit="BYTE") or UTF-8 characters (unit="UTF8_CHAR")."""
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError(f"string_length: unit must be 'BYTE' or 'UTF8_CHAR', got {unit!r}")
    return _create("StringLength", [_as_strings(input)], {"unit": unit}, name)


def upper(input, encoding="", name=None):  # noqa: A002
    """ASCII letters upper-cased."""
    return _create("StringUpper", [_as_strings(input)], {"encoding": encoding}, name)


def lower(input, encoding="", name=None):  # noqa: A002
    """ASCII letters lower-cased."""
    return _create("StringLower", [_as_strings(input)], {"encoding": encoding}, name)


def string_strip(input, name=None):  # noqa: A002
    """Leading and trailing whitespace removed."""
    return _create("StringStrip", [_as_strings(input)], None, name)


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF1's parameter names
    """The `len` bytes from byte `pos` of each string (pos, len scalars or of input's shape)."""
    if unit != "BYTE":
        raise NotImplementedError("substr: only unit='BYTE' is provided")
    p = convert_to_tensor(pos, name="pos")
    n = convert_to_tensor(len, dtype=p.dtype, name="len")
    return _create("Substr", [_as_strings(input), p, n], {"unit": unit}, name)


def string_to_number(string_tensor, out_type=dtypes.float32, name=None):
    """Each string parsed as a number of `out_type` (float32, float64, int32 or int64); a string that is not one
    is an InvalidArgumentError naming it."""
    out_type = dtypes.as_dtype(out_type)
    if out_type not in (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise TypeError(f"string_to_number: out_type must be float32, float64, int32 or int64, got {out_type.name}")
    return _create("StringToNumber", [_as_strings(string_tensor)], {"out_type": out_type}, name)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Matches of `pattern` replaced by `rewrite` (\\1 names a group), every match or the first."""
    return _create("RegexReplace", [_as_strings(input), _as_strings(pattern), _as_strings(rewrite)],
                   {"replace_global": bool(replace_global)}, name)


def regex_full_match(input, pattern, name=None):  # noqa: A002
    """True where the whole string matches `pattern`."""
    return _create("RegexFullMatch", [_as_strings(input), _as_strings(pattern)], None, name)


def reduce_join(inputs, axis=None, keep_dims=False, separator="", name=None, reduction_indices=None,
                keepdims=None):
    """The strings along `axis` (all axes by default) joined with `separator`, in row-major order."""
    x = _as_strings(inputs)
    axis = reduction_indices if axis is None else axis
    keep = keep_dims if keepdims is None else keepdims
    if axis is None:
        if x.shape.ndims is None:
            raise ValueError("reduce_join over all axes needs the input's rank; pass axis")
        axis = list(range(x.shape.ndims))
    axes = convert_to_tensor(axis if isinstance(axis, (list, tuple)) else [axis], dtype=dtypes.int32,
                             name="reduction_indices")
    return _create("ReduceJoin", [x, axes], {"keep_dims": bool(keep), "separator": str(separator)}, name)
