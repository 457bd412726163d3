import numpy as np
import pytest

from jupyter_flow.summary.protos import DataType, Summary
from jupyter_flow.summary.summary_proto import histogram, merge, scalar, text


def parse(serialized):
    assert isinstance(serialized, bytes)
    return Summary.FromString(serialized)


def test_scalar_holds_one_value_with_tag_and_float32_value():
    summary = parse(scalar("loss/mse", np.float64(0.1)))
    assert len(summary.value) == 1
    value = summary.value[0]
    assert value.tag == "loss/mse"
    assert value.WhichOneof("value") == "simple_value"
    assert value.simple_value == float(np.float32(0.1))


@pytest.mark.parametrize("value", [3, np.int64(3), np.array(3.0, np.float32), 3.0])
def test_scalar_accepts_python_and_numpy_real_numbers(value):
    assert parse(scalar("x", value)).value[0].simple_value == 3.0


def test_scalar_bytes_are_exactly_tfs_serialization():
    # Summary{value{tag:"a" simple_value:1.0}}: field 1 (value) -> field 1 (tag) "a", field 2 float 1.0
    assert scalar("a", 1.0) == b"\x0a\x08\x0a\x01a\x15\x00\x00\x80\x3f"


def test_scalar_rejects_a_vector_with_a_reduce_hint():
    with pytest.raises(ValueError, match=r"summary.scalar 'mse' needs a single value \(shape \[\]\), got shape \[3\].*reduce_mean"):
        scalar("mse", np.zeros(3))


@pytest.mark.parametrize("value", [True, "1.0", np.array(1 + 2j)])
def test_scalar_rejects_non_real_values(value):
    with pytest.raises(TypeError, match="summary.scalar 'x' needs a real number"):
        scalar("x", value)


@pytest.mark.parametrize("tag", ["", None, 3])
def test_empty_or_non_string_tags_are_rejected(tag):
    with pytest.raises(ValueError, match="summary tag must be a non-empty string"):
        scalar(tag, 1.0)


def test_histogram_summary_carries_the_histogram_under_its_tag():
    summary = parse(histogram("layer1/weights", np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)))
    value = summary.value[0]
    assert value.tag == "layer1/weights"
    assert value.WhichOneof("value") == "histo"
    assert (value.histo.num, value.histo.sum, value.histo.min, value.histo.max) == (4.0, 10.0, 1.0, 4.0)
    assert sum(value.histo.bucket) == 4.0


def test_text_summary_is_a_string_tensor_marked_for_the_text_plugin():
    value = parse(text("notes", "# Hello *world*")).value[0]
    assert value.tag == "notes"
    assert value.metadata.plugin_data.plugin_name == "text"
    assert value.metadata.plugin_data.content == b""
    assert value.tensor.dtype == DataType.DT_STRING
    assert value.tensor.HasField("tensor_shape") and len(value.tensor.tensor_shape.dim) == 0
    assert list(value.tensor.string_val) == [b"# Hello *world*"]


def test_text_summary_keeps_the_shape_and_flat_order_of_a_string_array():
    value = parse(text("table", np.array([["a", "b", "c"], ["d", "e", "f"]]))).value[0]
    assert [d.size for d in value.tensor.tensor_shape.dim] == [2, 3]
    assert list(value.tensor.string_val) == [b"a", b"b", b"c", b"d", b"e", b"f"]


def test_text_summary_encodes_unicode_as_utf8_and_keeps_bytes():
    value = parse(text("t", ["héllo", b"\xff raw"])).value[0]
    assert list(value.tensor.string_val) == ["héllo".encode("utf-8"), b"\xff raw"]


def test_text_summary_rejects_numbers():
    with pytest.raises(TypeError, match="summary.text 't' needs strings or bytes, got float"):
        text("t", [1.5])


def test_merge_concatenates_values_in_input_order():
    merged = parse(merge([scalar("a", 1.0), histogram("h", [1.0]), scalar("b", 2.0)]))
    assert [v.tag for v in merged.value] == ["a", "h", "b"]
    assert merged.value[1].histo.num == 1.0


def test_merge_accepts_messages_and_string_arrays_of_any_shape():
    grid = np.array([[scalar("a", 1.0), scalar("b", 2.0)], [scalar("c", 3.0), merge([scalar("d", 4.0), scalar("e", 5.0)])]],
                    dtype=object)
    merged = parse(merge([Summary(value=[Summary.Value(tag="z", simple_value=0.0)]), grid]))
    assert [v.tag for v in merged.value] == ["z", "a", "b", "c", "d", "e"]


def test_merge_of_merges_equals_merge_of_all():
    a, b, c = scalar("a", 1.0), scalar("b", 2.0), text("c", "x")
    assert merge([merge([a, b]), c]) == merge([a, b, c])


def test_merge_rejects_duplicate_tags_as_tf_does():
    with pytest.raises(ValueError, match="Duplicate tag loss found in summary inputs"):
        merge([scalar("loss", 1.0), scalar("loss", 2.0)])


def test_merge_allows_repeated_empty_tags():
    untagged = Summary(value=[Summary.Value(simple_value=1.0)]).SerializeToString()
    assert len(parse(merge([untagged, untagged])).value) == 2


def test_merge_rejects_bytes_that_are_not_a_summary():
    with pytest.raises(ValueError, match="Could not parse one of the summary inputs"):
        merge([scalar("a", 1.0), b"\xff\xff\xff"])


def test_merge_of_nothing_is_an_empty_summary():
    assert merge([]) == b""


def test_merge_rejects_numpy_fixed_width_bytes_that_lost_trailing_zeros():
    with pytest.raises(TypeError, match="summary.merge: NumPy fixed-width bytes"):
        merge([np.array([scalar("loss", 0.0)])])
