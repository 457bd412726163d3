"""The checkpoint file: a standard safetensors file whose SHA-256 covers every byte."""
import hashlib
import json

import numpy as np
import pytest
import safetensors.numpy

import jupyter_flow as tf
from jupyter_flow.train.checkpoint_format import (CHECKPOINT_KIND, encode_tensor_file, read_tensor_file,
                                                  write_tensor_file)

ARRAYS = {"theta": np.array([[1.5], [-2.0]], np.float32), "flags": np.array([True, False]),
          "step": np.array(3, np.int64)}


def test_checkpoint_is_plain_safetensors_readable_by_the_safetensors_library(tmp_path):
    path = tmp_path / "c.safetensors"
    write_tensor_file(path, ARRAYS, {"global_step": "3"}, CHECKPOINT_KIND)
    loaded = safetensors.numpy.load_file(str(path))
    assert sorted(loaded) == sorted(ARRAYS)
    for k in ARRAYS:
        assert loaded[k].dtype == ARRAYS[k].dtype
        np.testing.assert_array_equal(loaded[k], ARRAYS[k])


def test_checksum_is_sha256_of_file_with_digest_zeroed(tmp_path):
    data = encode_tensor_file(ARRAYS, {}, CHECKPOINT_KIND)
    header_len = int.from_bytes(data[:8], "little")
    meta = json.loads(data[8:8 + header_len])["__metadata__"]
    assert meta["format"] == "jupyter_flow.checkpoint" and meta["format_version"] == "1"
    zeroed = data.replace(meta["sha256"].encode(), b"0" * 64)
    assert hashlib.sha256(zeroed).hexdigest() == meta["sha256"]


def test_every_single_byte_corruption_is_detected(tmp_path):
    path = tmp_path / "c.safetensors"
    data = encode_tensor_file(ARRAYS, {}, CHECKPOINT_KIND)
    for i in range(len(data)):
        for flip in (0x01, 0x80):
            corrupted = bytearray(data)
            corrupted[i] ^= flip
            path.write_bytes(bytes(corrupted))
            with pytest.raises(tf.errors.DataLossError):
                read_tensor_file(str(path), CHECKPOINT_KIND)
    path.write_bytes(data)
    arrays, _ = read_tensor_file(str(path), CHECKPOINT_KIND)
    np.testing.assert_array_equal(arrays["theta"], ARRAYS["theta"])


def test_every_truncation_is_detected(tmp_path):
    path = tmp_path / "c.safetensors"
    data = encode_tensor_file(ARRAYS, {}, CHECKPOINT_KIND)
    for n in range(len(data)):
        path.write_bytes(data[:n])
        with pytest.raises(tf.errors.DataLossError):
            read_tensor_file(str(path), CHECKPOINT_KIND)


def test_unsupported_dtypes_are_refused_when_writing(tmp_path):
    with pytest.raises(TypeError, match=r"Cannot store tensor 'h' of dtype datetime64\[D\]"):
        encode_tensor_file({"h": np.zeros(2, "datetime64[D]")}, {}, CHECKPOINT_KIND)


def test_non_contiguous_arrays_are_stored_by_value(tmp_path):
    a = np.arange(12, dtype=np.float64).reshape(3, 4).T
    path = tmp_path / "c.safetensors"
    write_tensor_file(path, {"a": a}, {}, CHECKPOINT_KIND)
    np.testing.assert_array_equal(read_tensor_file(str(path), CHECKPOINT_KIND)[0]["a"], a)


def _crafted(path, header, data=b""):
    """A file with any header, carrying a *correct* checksum: what a malicious author can make
    (a checksum detects accidents, not attacks, so the parser behind it must be safe too)."""
    header = dict(header)
    header["__metadata__"] = {"format": CHECKPOINT_KIND, "format_version": "1", "sha256": "0" * 64,
                              **header.get("__metadata__", {})}
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    blob = len(head).to_bytes(8, "little") + head + data
    digest = hashlib.sha256(blob).hexdigest().encode()
    path.write_bytes(blob.replace(b'"sha256":"' + b"0" * 64, b'"sha256":"' + digest))


@pytest.mark.parametrize("header, data", [
    ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4),        # shape vs bytes
    ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
      "b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4),        # overlapping
    ({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4),       # negative dim
    ({"a": {"dtype": "NOPE", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4),       # unknown dtype
    ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}, b"\0" * 4),        # reversed range
    ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 8),        # trailing bytes
    ({"a": [1, 2, 3]}, b""),                                                            # not an entry
    ({"a": {"dtype": "F32", "shape": [2 ** 62, 2 ** 62], "data_offsets": [0, 4]}}, b"\0" * 4),  # overflow
])
def test_crafted_files_with_valid_checksum_are_data_loss(tmp_path, header, data):
    path = tmp_path / "c.safetensors"
    _crafted(path, header, data)
    with pytest.raises(tf.errors.DataLossError, match="c.safetensors"):
        read_tensor_file(str(path), CHECKPOINT_KIND)


def test_crafted_file_with_foreign_dtype_fails_restore_naming_the_dtype(tmp_path):
    _crafted(tmp_path / "m.safetensors", {"v": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4)
    tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="expected dtype float32 does not equal "
                                                                 "original dtype float16"):
            tf.train.Saver().restore(sess, str(tmp_path / "m"))


@pytest.mark.parametrize("header_json", [b"[1, 2]", b'{"__metadata__": 5}', b'{"__metadata__": {"format": 5}}',
                                         b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe"])
def test_headers_of_wrong_shape_are_data_loss(tmp_path, header_json):
    path = tmp_path / "c.safetensors"
    path.write_bytes(len(header_json).to_bytes(8, "little") + header_json)
    with pytest.raises(tf.errors.DataLossError):
        read_tensor_file(str(path), CHECKPOINT_KIND)
