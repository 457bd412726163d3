import numpy as np
import pytest

from jupyter_flow.summary.attr_value import to_attr_value
from jupyter_flow.summary.protos import DataType
from jupyter_flow.summary.tensor_proto import make_tensor_proto, shape_proto


class DType:
    def __init__(self, name):
        self.name = name


@pytest.mark.parametrize(
    "value, field, expected",
    [
        (True, "b", True),
        (np.bool_(False), "b", False),
        (7, "i", 7),
        (np.int32(-2), "i", -2),
        (0.5, "f", 0.5),
        (np.float64(0.25), "f", 0.25),
        ("SAME", "s", b"SAME"),
        (b"\x00raw", "s", b"\x00raw"),
    ],
)
def test_scalars_keep_their_python_kind(value, field, expected):
    attr = to_attr_value("some_attr", value)
    assert attr.WhichOneof("value") == field
    assert getattr(attr, field) == expected


def test_dtype_name_under_a_type_attr_is_a_type_but_elsewhere_a_string():
    assert to_attr_value("T", "int64").type == DataType.DT_INT64
    assert to_attr_value("DstT", "float64").type == DataType.DT_DOUBLE
    assert to_attr_value("label", "int64").s == b"int64"


def test_dtype_objects_and_reference_dtypes_become_types():
    assert to_attr_value("dtype", DType("float32")).type == DataType.DT_FLOAT
    assert to_attr_value("anything", DType("bool")).type == DataType.DT_BOOL
    assert to_attr_value("T", "float32_ref").type == DataType.DT_FLOAT_REF


def test_unknown_dtype_name_under_a_type_attr_is_rejected_listing_known_names():
    with pytest.raises(ValueError, match=r"op 'cast' attribute 'DstT' = 'float32x'.*no GraphDef DataType; use one of \[.*'float32'"):
        to_attr_value("DstT", "float32x", op_name="cast")


@pytest.mark.parametrize(
    "value, field, expected",
    [
        ([1, 2, 3], "i", [1, 2, 3]),
        ([1.5, 2], "f", [1.5, 2.0]),
        ([True, False], "b", [True, False]),
        (["a", b"b"], "s", [b"a", b"b"]),
        ((4, 5), "i", [4, 5]),
    ],
)
def test_lists_become_list_values_of_one_kind(value, field, expected):
    assert list(getattr(to_attr_value("ksize", value).list, field)) == expected


def test_list_of_types_under_a_type_attr():
    assert list(to_attr_value("Tout", ["float32", "int32"]).list.type) == [DataType.DT_FLOAT, DataType.DT_INT32]


def test_empty_list_is_an_explicit_empty_list_value():
    attr = to_attr_value("strides", [])
    assert attr.WhichOneof("value") == "list"


def test_mixed_list_is_rejected_naming_op_and_attr():
    with pytest.raises(TypeError, match=r"op 'conv' attribute 'strides'.*one kind, got \['int', 'str'\]"):
        to_attr_value("strides", [1, "2"], op_name="conv")


def test_shape_attrs_accept_lists_none_and_shape_objects():
    assert [d.size for d in to_attr_value("shape", [None, 28, 28]).shape.dim] == [-1, 28, 28]
    assert to_attr_value("shape", None).shape.unknown_rank
    assert len(to_attr_value("shape", []).shape.dim) == 0
    shapes = to_attr_value("_output_shapes", [[2], None, []]).list.shape
    assert [s.unknown_rank for s in shapes] == [False, True, False]


def test_shape_with_a_non_integer_dimension_is_rejected():
    with pytest.raises(TypeError, match="op 'x' attribute 'shape'.*each dimension must be an int or None"):
        to_attr_value("shape", [2, "3"], op_name="x")


def test_numeric_arrays_of_several_elements_use_little_endian_tensor_content():
    array = np.arange(6, dtype=">i8").reshape(2, 3)  # big-endian input must still be stored little-endian
    proto = make_tensor_proto(array)
    assert proto.dtype == DataType.DT_INT64
    assert [d.size for d in proto.tensor_shape.dim] == [2, 3]
    assert np.frombuffer(proto.tensor_content, "<i8").tolist() == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "array, field, expected",
    [
        (np.float32(1.5), "float_val", [1.5]),
        (np.array([2.5]), "double_val", [2.5]),
        (np.array(3, np.int32), "int_val", [3]),
        (np.array(3, np.uint8), "int_val", [3]),
        (np.array(-4, np.int64), "int64_val", [-4]),
        (np.array([True, False, True]), "bool_val", [True, False, True]),
        (np.array(["ab", "c"]), "string_val", [b"ab", b"c"]),
        (np.array(1 + 2j, np.complex64), "scomplex_val", [1.0, 2.0]),
        (np.array(1.0, np.float16), "half_val", [0x3C00]),
    ],
)
def test_single_elements_bools_strings_and_complex_use_typed_fields(array, field, expected):
    proto = make_tensor_proto(array)
    assert list(getattr(proto, field)) == expected
    assert proto.tensor_content == b""


def test_array_without_a_tensorflow_dtype_is_rejected():
    with pytest.raises(ValueError, match=r"NumPy dtype datetime64\[D\] has no TensorFlow equivalent"):
        make_tensor_proto(np.array(["2020-01-01"], "datetime64[D]"))


def test_shape_proto_of_an_unknown_rank_shape_object():
    class Unknown:
        def as_list(self):
            raise ValueError("unknown rank")

    assert shape_proto(Unknown()).unknown_rank
