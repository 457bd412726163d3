"""Where a checkpoint's values live, and the file format of meta graphs (`<prefix>.meta`).

Checkpoints are written in TensorFlow's own layout, `<prefix>.index` + `<prefix>.data-00000-of-00001`
(tensor_bundle.py), so TF1 programs that look for `<prefix>.index` and TensorFlow itself find them.
Checkpoints older jupyter_flow versions wrote, `<prefix>.safetensors`, are still read.

Meta graphs and those older checkpoints are plain safetensors files (https://huggingface.co/docs/safetensors): an 8-byte little-endian
header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
little-endian tensor bytes. Loading one never runs code (no pickle). Safetensors has no checksum,
so the header's `__metadata__` carries our own:

    "format":  "jupyter_flow.checkpoint" or "jupyter_flow.meta_graph"
    "format_version": "1"
    "sha256":  SHA-256 (hex) of the whole file, computed with these 64 hex digits set to '0'

Every byte of the file is covered: a flipped bit or a truncated file is reported as
tf.errors.DataLossError naming the file, before any value reaches a variable.
"""
import glob
import hashlib
import json
import os
import re

import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy

from ..framework import errors
from . import tensor_bundle
from .atomic_file import write_atomically

CHECKPOINT_SUFFIX = ".safetensors"
CHECKPOINT_KIND = "jupyter_flow.checkpoint"
META_GRAPH_KIND = "jupyter_flow.meta_graph"
FORMAT_VERSION = "1"

_DIGEST_PLACEHOLDER = "0" * 64
_HEX_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# The dtypes a file may hold: our numeric dtypes, nothing else (strings are not checkpointed).
SUPPORTED_NUMPY_DTYPES = tuple(np.dtype(t) for t in (
    np.float32, np.float64, np.float16, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
    np.uint64, np.bool_, ml_dtypes.bfloat16, np.complex64, np.complex128))
# safetensors has no complex dtype and NumPy no bfloat16: those are stored as their bits (uint16)
# or as (real, imag) float pairs in a trailing axis, and the metadata key names the real dtype.
_STORED_AS = {"bfloat16": (np.uint16, None), "complex64": (np.float32, np.complex64),
              "complex128": (np.float64, np.complex128)}
_VIEW_DTYPES_KEY = "jupyter_flow.viewed_dtypes"


def encode_tensor_file(arrays, metadata, kind):
    """The bytes of a file holding `arrays` (name -> ndarray) and `metadata` (str -> str).

    >>> data = encode_tensor_file({"theta": np.zeros((9, 1), np.float32)}, {}, CHECKPOINT_KIND)
    """
    return b"".join(_encoded_chunks(arrays, metadata, kind))


def write_tensor_file(path, arrays, metadata, kind):
    """Atomically write a checksummed tensor file (the previous file survives any crash)."""
    write_atomically(path, _encoded_chunks(arrays, metadata, kind))


def _encoded_chunks(arrays, metadata, kind):
    """The file as [before the digest, digest, after the digest]: no copy of the tensor bytes."""
    meta = dict(metadata)
    meta.update(format=kind, format_version=FORMAT_VERSION, sha256=_DIGEST_PLACEHOLDER)
    contiguous, viewed = {}, {}
    for name, arr in arrays.items():
        arr = np.asarray(arr)
        if arr.dtype not in SUPPORTED_NUMPY_DTYPES:
            raise TypeError(f"Cannot store tensor '{name}' of dtype {arr.dtype}: files hold numeric and bool "
                            f"tensors only.")
        arr = arr if arr.flags.c_contiguous else arr.copy(order="C")
        if arr.dtype.name in _STORED_AS:
            viewed[name], shape = arr.dtype.name, arr.shape
            arr = arr.reshape(-1).view(_STORED_AS[arr.dtype.name][0])
            arr = arr.reshape(shape if arr.dtype == np.uint16 else shape + (2,))
        contiguous[name] = arr
    if viewed:
        meta[_VIEW_DTYPES_KEY] = json.dumps(viewed, sort_keys=True)
    blob = memoryview(safetensors.numpy.save(contiguous, metadata=meta))
    start = _digest_position(blob, _DIGEST_PLACEHOLDER, "<being written>")
    digest = hashlib.sha256(blob).hexdigest().encode("ascii")
    return [blob[:start], digest, blob[start + 64:]]


def read_tensor_file(path, kind):
    """(arrays, metadata) of a tensor file, after checking its checksum.

    Raises NotFoundError (OSError for a meta graph) when the file is missing and DataLossError when it is truncated,
    corrupted or not a file of this `kind`.

    >>> arrays, meta = read_tensor_file("/tmp/my_model.ckpt.safetensors", CHECKPOINT_KIND)
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        if kind == META_GRAPH_KIND:
            raise OSError(f"File {path} does not exist.") from None  # TF1's import_meta_graph error
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find "
                                               f"any matching files for {path}") from None
    except IsADirectoryError:
        raise errors.NotFoundError(None, None, f"'{path}' is a directory, not a file; pass a checkpoint "
                                               f"prefix, e.g. tf.train.latest_checkpoint(dir).") from None
    metadata = _verified_metadata(raw, path, kind)
    try:
        arrays = safetensors.numpy.load(raw)
    except (safetensors.SafetensorError, ValueError, TypeError) as e:
        raise _data_loss(path, f"its tensors cannot be decoded ({e})") from None
    for name, dtype_name in json.loads(metadata.get(_VIEW_DTYPES_KEY, "{}")).items():
        arrays[name] = _unviewed(arrays[name], dtype_name)
    return arrays, metadata


def _unviewed(arr, dtype_name):
    """The array of dtype `dtype_name` that _encoded_chunks stored as bits or (real, imag) pairs."""
    if dtype_name == "bfloat16":
        return arr.view(ml_dtypes.bfloat16)
    return np.ascontiguousarray(arr).reshape(-1).view(_STORED_AS[dtype_name][1]).reshape(arr.shape[:-1])


def _verified_metadata(raw, path, kind):
    if len(raw) < 8:
        raise _data_loss(path, f"the file is truncated: it has {len(raw)} bytes, fewer than the 8-byte header length")
    header_len = int.from_bytes(raw[:8], "little")
    if header_len > len(raw) - 8:
        raise _data_loss(path, f"the file is truncated or not a jupyter_flow file: its header length field "
                               f"says {header_len} bytes but only {len(raw) - 8} follow")
    header_bytes = raw[8:8 + header_len]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _data_loss(path, "its header is not valid JSON (not a jupyter_flow file, or corrupted)") from None
    meta = header.get("__metadata__") if isinstance(header, dict) else None
    if not isinstance(meta, dict) or not str(meta.get("format", "")).startswith("jupyter_flow."):
        raise _data_loss(path, "it is not a jupyter_flow checkpoint or meta graph (no jupyter_flow format "
                               "in its safetensors metadata)")
    if meta["format"] != kind:
        raise _data_loss(path, f"it holds a {meta['format']!r}, not a {kind!r}")
    if meta.get("format_version") != FORMAT_VERSION:
        raise _data_loss(path, f"its format version {meta.get('format_version')!r} is not supported by this "
                               f"jupyter_flow (reads version {FORMAT_VERSION})")
    stored = meta.get("sha256")
    if not isinstance(stored, str) or not _HEX_DIGEST.match(stored):
        raise _data_loss(path, "its SHA-256 checksum field is missing or malformed")
    data_end = _declared_data_end(header)
    if data_end is not None and data_end > len(raw) - 8 - header_len:
        raise _data_loss(path, f"the file is truncated: its tensors need {data_end} data bytes but only "
                               f"{len(raw) - 8 - header_len} are present")
    start = _digest_position(raw, stored, path)
    h = hashlib.sha256()
    h.update(memoryview(raw)[:start])
    h.update(_DIGEST_PLACEHOLDER.encode("ascii"))
    h.update(memoryview(raw)[start + 64:])
    computed = h.hexdigest()
    if computed != stored:
        raise _data_loss(path, f"Checksum does not match: stored {stored} vs. calculated on the restored "
                               f"bytes {computed}")
    return meta


def _declared_data_end(header):
    """The largest end offset the header declares (None if the header is not as expected;
    safetensors' own parser then reports the problem)."""
    end = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            end = max(end, int(entry["data_offsets"][1]))
        except (TypeError, KeyError, IndexError, ValueError):
            return None
    return end


def _digest_position(blob, digest, path):
    """The offset of the checksum's hex digits in the header (exactly one occurrence)."""
    header_len = int.from_bytes(blob[:8], "little")
    header = bytes(blob[8:8 + header_len])
    needle = b'"sha256":"' + digest.encode("ascii") + b'"'
    pos = header.find(needle)
    if pos < 0 or header.find(needle, pos + 1) >= 0:
        raise _data_loss(path, "its SHA-256 checksum field cannot be located in the header")
    return 8 + pos + len(b'"sha256":"')


def _data_loss(path, what):
    return errors.DataLossError(None, None, f"Unable to read file {path}: {what}. The file is damaged; use an "
                                            f"earlier checkpoint (see tf.train.get_checkpoint_state(dir)"
                                            f".all_model_checkpoint_paths).")


def checkpoint_data_path(prefix):
    """The data file of an older jupyter_flow checkpoint `prefix` (`model.ckpt-5` -> `model.ckpt-5.safetensors`)."""
    prefix = os.fspath(prefix)
    return prefix if prefix.endswith(CHECKPOINT_SUFFIX) else prefix + CHECKPOINT_SUFFIX


def checkpoint_prefix(path):
    """The prefix of a checkpoint given its prefix or its data file name."""
    path = os.fspath(path)
    return path[:-len(CHECKPOINT_SUFFIX)] if path.endswith(CHECKPOINT_SUFFIX) else path


def checkpoint_files_exist(save_path):
    """Whether `save_path` names a complete checkpoint: `<prefix>.index` (TensorFlow's layout, which we
    write) or an older jupyter_flow `<prefix>.safetensors`."""
    return os.path.isfile(tensor_bundle.index_path(checkpoint_prefix(save_path))) or os.path.isfile(
        checkpoint_data_path(save_path))


def checkpoint_files(prefix):
    """Every file of the checkpoint `prefix` that exists (index, data shards, older .safetensors),
    not its meta graph."""
    prefix = checkpoint_prefix(prefix)
    shards = glob.glob(glob.escape(prefix) + ".data-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]")
    candidates = [tensor_bundle.index_path(prefix)] + sorted(shards) + [checkpoint_data_path(prefix)]
    return [p for p in candidates if os.path.isfile(p)]


def checkpoint_mtime(prefix):
    """When the checkpoint `prefix` was completed: the mtime of its index (written last) or of its
    older .safetensors file. Raises OSError when neither exists."""
    prefix = checkpoint_prefix(prefix)
    index = tensor_bundle.index_path(prefix)
    return os.path.getmtime(index if os.path.isfile(index) else checkpoint_data_path(prefix))


def write_checkpoint_values(prefix, values):
    """Write `values` (name -> ndarray, strings as bytes/object arrays) as TensorFlow's `<prefix>.index` +
    `<prefix>.data-00000-of-00001`; an older `<prefix>.safetensors` is removed afterwards, so that a
    reader never sees two versions under one prefix."""
    tensor_bundle.write_bundle(prefix, values)
    try:
        os.remove(checkpoint_data_path(prefix))
    except FileNotFoundError:
        pass


def read_checkpoint_values(save_path):
    """{variable name: ndarray} saved under `save_path` (a prefix or an older data file name), checksums
    verified: TensorFlow's layout (ours, or one TensorFlow 1.x wrote) first, else an older `.safetensors`.

    >>> values = read_checkpoint_values("/tmp/my_model.ckpt")
    """
    prefix = checkpoint_prefix(save_path)
    if os.path.isfile(tensor_bundle.index_path(prefix)):
        return tensor_bundle.read_bundle(prefix)
    return read_tensor_file(checkpoint_data_path(save_path), CHECKPOINT_KIND)[0]
