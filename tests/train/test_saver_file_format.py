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
    with pytest.raises(TypeError, match="Cannot store tensor 'h' of dtype float16"):
        encode_tensor_file({"h": np.zeros(2, np.float16)}, {}, CHECKPOINT_KIND)


def test_non_contiguous_arrays_are_stored_by_value(tmp_path):
    a = np.arange(12, dtype=np.float64).reshape(3, 4).T
    path = tmp_path / "c.safetensors"
    write_tensor_file(path, {"a": a}, {}, CHECKPOINT_KIND)
    np.testing.assert_array_equal(read_tensor_file(str(path), CHECKPOINT_KIND)[0]["a"], a)
