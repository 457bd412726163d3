"""TensorFlow's own checkpoint format (the "tensor bundle"): `<prefix>.index` + `<prefix>.data-*-of-*`.

Checkpoints written by TensorFlow 1.x (and by TF 2's compat.v1 Saver) are read so a TF1 program's old
checkpoint restores unchanged; `write_bundle` writes the same layout, so TensorFlow can read ours.

The `.index` file is a LevelDB-style sorted table (SSTable): prefix-compressed key/value blocks, an
index block pointing at them, a 48-byte footer. Each key is a tensor name (the empty key holds a
BundleHeaderProto), each value a BundleEntryProto saying which data shard holds the tensor, at which
offset, how many bytes and their CRC32C. Every block and every tensor is checksummed, so damage is
reported as DataLossError naming the file. Partitioned (sliced) tensors are not supported.

    >>> write_bundle("/tmp/m.ckpt", {"w": np.ones((2, 2), np.float32)})
    >>> read_bundle("/tmp/m.ckpt")["w"].shape
    (2, 2)
"""
import os
import struct

import ml_dtypes
import numpy as np
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from ..framework import errors
from ..summary.tfrecord import masked_crc32c
from .atomic_file import write_atomically

_TABLE_MAGIC = 0xDB4775248B80FB57
_FOOTER_LEN = 48
_BLOCK_TRAILER_LEN = 5
_NO_COMPRESSION = 0
_RESTART_INTERVAL = 16
_HEADER_KEY = b""

# TensorFlow's DataType numbers (types.proto) of the dtypes a bundle tensor may have.
_NUMPY_OF_DT = {1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 5: np.int16, 6: np.int8, 7: np.object_,
                8: np.complex64, 9: np.int64, 10: np.bool_, 14: ml_dtypes.bfloat16, 17: np.uint16,
                18: np.complex128, 19: np.float16, 22: np.uint32, 23: np.uint64}
_DT_OF_NUMPY = {np.dtype(t): dt for dt, t in _NUMPY_OF_DT.items() if t is not np.object_}
_DT_STRING = 7


def _message_classes():
    """BundleHeaderProto and BundleEntryProto (tensor_bundle.proto), wire-compatible field by field
    (dtype is an enum on the wire, a varint like int32; slices are kept as raw bytes)."""
    f = descriptor_pb2.FileDescriptorProto(name="jupyter_flow/tensor_bundle.proto", package="jupyter_flow.bundle",
                                           syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto
    rep, opt = T.LABEL_REPEATED, T.LABEL_OPTIONAL

    def message(name, *fields):
        m = f.message_type.add(name=name)
        for field_name, number, kind, label, type_name in fields:
            m.field.add(name=field_name, number=number, type=kind, label=label, type_name=type_name)

    message("Dim", ("size", 1, T.TYPE_INT64, opt, None), ("name", 2, T.TYPE_STRING, opt, None))
    message("Shape", ("dim", 2, T.TYPE_MESSAGE, rep, ".jupyter_flow.bundle.Dim"),
            ("unknown_rank", 3, T.TYPE_BOOL, opt, None))
    message("Version", ("producer", 1, T.TYPE_INT32, opt, None), ("min_consumer", 2, T.TYPE_INT32, opt, None))
    message("BundleHeaderProto", ("num_shards", 1, T.TYPE_INT32, opt, None),
            ("endianness", 2, T.TYPE_INT32, opt, None),
            ("version", 3, T.TYPE_MESSAGE, opt, ".jupyter_flow.bundle.Version"))
    message("BundleEntryProto", ("dtype", 1, T.TYPE_INT32, opt, None),
            ("shape", 2, T.TYPE_MESSAGE, opt, ".jupyter_flow.bundle.Shape"),
            ("shard_id", 3, T.TYPE_INT32, opt, None), ("offset", 4, T.TYPE_INT64, opt, None),
            ("size", 5, T.TYPE_INT64, opt, None), ("crc32c", 6, T.TYPE_FIXED32, opt, None),
            ("slices", 7, T.TYPE_BYTES, rep, None))
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return tuple(message_factory.GetMessageClass(pool.FindMessageTypeByName(f"jupyter_flow.bundle.{n}"))
                 for n in ("BundleHeaderProto", "BundleEntryProto"))


BundleHeaderProto, BundleEntryProto = _message_classes()


def index_path(prefix):
    return f"{os.fspath(prefix)}.index"


def data_path(prefix, shard=0, num_shards=1):
    return f"{os.fspath(prefix)}.data-{shard:05d}-of-{num_shards:05d}"


# ----- reading ---------------------------------------------------------------------------------
def read_bundle(prefix):
    """{tensor name: ndarray} of the checkpoint `prefix` (string tensors as arrays of bytes objects).

    Raises NotFoundError when `<prefix>.index` is missing and DataLossError when any file is damaged.
    """
    path = index_path(prefix)
    try:
        with open(path, "rb") as f:
            table = f.read()
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                                               f"matching files for {prefix}") from None
    entries = dict(_table_items(table, path))
    header = BundleHeaderProto()
    header.ParseFromString(entries.pop(_HEADER_KEY, b""))
    if header.endianness != 0:
        raise _damaged(path, "it was written on a big-endian machine; only little-endian bundles are read")
    num_shards = max(header.num_shards, 1)
    shards = {}
    arrays = {}
    for key, value in entries.items():
        entry = BundleEntryProto()
        entry.ParseFromString(value)
        name = key.decode("utf-8")
        if entry.slices:
            raise errors.UnimplementedError(None, None, f"Checkpoint {prefix}: tensor '{name}' is saved in slices "
                                                        f"(a partitioned variable); sliced tensors are not supported.")
        if entry.shard_id not in shards:
            shards[entry.shard_id] = _read_shard(prefix, entry.shard_id, num_shards)
        arrays[name] = _decoded_tensor(name, entry, shards[entry.shard_id], data_path(prefix, entry.shard_id,
                                                                                      num_shards))
    return arrays


def _read_shard(prefix, shard, num_shards):
    path = data_path(prefix, shard, num_shards)
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise errors.DataLossError(None, None, f"Checkpoint {prefix}: its data file {path} is missing (the "
                                               f"index names it). Copy every <prefix>.data-* file with the "
                                               f"index.") from None


def _decoded_tensor(name, entry, shard, path):
    dtype = _NUMPY_OF_DT.get(entry.dtype)
    if dtype is None:
        raise errors.UnimplementedError(None, None, f"Checkpoint tensor '{name}' in {path} has TensorFlow "
                                                    f"DataType {entry.dtype}, which jupyter_flow cannot read.")
    shape = tuple(d.size for d in entry.shape.dim)
    raw = shard[entry.offset:entry.offset + entry.size]
    if len(raw) != entry.size:
        raise _damaged(path, f"it is truncated: tensor '{name}' needs bytes {entry.offset}..{entry.offset + entry.size}"
                             f" but the file has {len(shard)}")
    if masked_crc32c(raw) != entry.crc32c and entry.dtype != _DT_STRING:
        raise _damaged(path, f"the checksum of tensor '{name}' does not match its bytes")
    if entry.dtype == _DT_STRING:
        return _decoded_strings(name, raw, shape, entry.crc32c, path)
    count = int(np.prod(shape, dtype=np.int64))
    if count * np.dtype(dtype).itemsize != len(raw):
        raise _damaged(path, f"tensor '{name}' of shape {list(shape)} has {len(raw)} bytes, not "
                             f"{count * np.dtype(dtype).itemsize}")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decoded_strings(name, raw, shape, stored_crc, path):
    """TF's string layout: varint64 lengths, the masked CRC32C of the lengths (as uint32 each), the bytes.
    The entry's CRC covers the lengths (as fixed uint32/uint64), the length checksum and the bytes."""
    count = int(np.prod(shape, dtype=np.int64))
    lengths, pos = [], 0
    for _ in range(count):
        n, pos = _varint(raw, pos, path)
        lengths.append(n)
    fixed = b"".join(struct.pack("<I", n) if n <= 0xFFFFFFFF else struct.pack("<Q", n) for n in lengths)
    if pos + 4 > len(raw) or struct.unpack_from("<I", raw, pos)[0] != masked_crc32c(fixed):
        raise _damaged(path, f"the length checksum of string tensor '{name}' does not match")
    check = raw[pos:pos + 4]
    pos += 4
    values = []
    for n in lengths:
        values.append(bytes(raw[pos:pos + n]))
        pos += n
    if pos != len(raw) or masked_crc32c(fixed + check + b"".join(values)) != stored_crc:
        raise _damaged(path, f"the checksum of string tensor '{name}' does not match its bytes")
    out = np.empty(count, dtype=object)
    out[:] = values
    return out.reshape(shape)


def _table_items(table, path):
    """(key, value) pairs of an uncompressed SSTable, in key order."""
    if len(table) < _FOOTER_LEN or struct.unpack_from("<Q", table, len(table) - 8)[0] != _TABLE_MAGIC:
        raise _damaged(path, "it is not a TensorFlow checkpoint index (bad table footer)")
    footer = table[len(table) - _FOOTER_LEN:]
    _, pos = _block_handle(footer, 0, path)  # the metaindex block: no filters in a bundle
    index_offset, index_size = _block_handle(footer, pos, path)[0]
    for _, handle in _block_items(_block(table, index_offset, index_size, path), path):
        (offset, size), _ = _block_handle(handle, 0, path)
        yield from _block_items(_block(table, offset, size, path), path)


def _block_handle(raw, pos, path):
    offset, pos = _varint(raw, pos, path)
    size, pos = _varint(raw, pos, path)
    return (offset, size), pos


def _block(table, offset, size, path):
    end = offset + size
    if end + _BLOCK_TRAILER_LEN > len(table):
        raise _damaged(path, "it is truncated (a block runs past the end of the file)")
    kind = table[end]
    if struct.unpack_from("<I", table, end + 1)[0] != masked_crc32c(table[offset:end + 1]):
        raise _damaged(path, f"the checksum of the block at byte {offset} does not match")
    if kind != _NO_COMPRESSION:
        raise _damaged(path, f"its block at byte {offset} is compressed (type {kind}); bundles are written "
                             f"uncompressed")
    return table[offset:end]


def _block_items(block, path):
    if len(block) < 4:
        raise _damaged(path, "a block is too short")
    num_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    limit = len(block) - 4 - 4 * num_restarts
    if limit < 0:
        raise _damaged(path, "a block's restart array is longer than the block")
    pos, key = 0, b""
    while pos < limit:
        shared, pos = _varint(block, pos, path)
        unshared, pos = _varint(block, pos, path)
        value_len, pos = _varint(block, pos, path)
        if shared > len(key) or pos + unshared + value_len > limit:
            raise _damaged(path, "a block entry runs past its block")
        key = key[:shared] + bytes(block[pos:pos + unshared])
        pos += unshared
        yield key, bytes(block[pos:pos + value_len])
        pos += value_len


def _varint(raw, pos, path):
    result = shift = 0
    while True:
        if pos >= len(raw) or shift > 63:
            raise _damaged(path, "a length field is truncated")
        byte = raw[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _damaged(path, what):
    return errors.DataLossError(None, None, f"Unable to read checkpoint file {path}: {what}. The file is damaged; "
                                            f"use an earlier checkpoint.")


# ----- writing ---------------------------------------------------------------------------------
def write_bundle(prefix, arrays):
    """Write `arrays` (name -> ndarray) as `<prefix>.index` and `<prefix>.data-00000-of-00001`,
    the layout TensorFlow's Saver writes (data first, index last, each replaced atomically)."""
    names = sorted(arrays, key=lambda n: n.encode("utf-8"))
    chunks, entries, offset = [], [], 0
    for name in names:
        arr = np.asarray(arrays[name])
        if arr.dtype.kind in "OSU":
            dt, raw = _DT_STRING, _encoded_strings(arr)
            crc = masked_crc32c(_string_crc_input(raw, arr))
        else:
            dt = _DT_OF_NUMPY.get(arr.dtype)
            if dt is None:
                raise TypeError(f"Cannot store tensor '{name}' of dtype {arr.dtype} in a TensorFlow checkpoint.")
            raw = np.ascontiguousarray(arr).tobytes()
            crc = masked_crc32c(raw)
        entry = BundleEntryProto(dtype=dt, offset=offset, size=len(raw), crc32c=crc)
        for n in arr.shape:
            entry.shape.dim.add(size=n)
        chunks.append(raw)
        entries.append((name.encode("utf-8"), entry.SerializeToString()))
        offset += len(raw)
    header = BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    os.makedirs(os.path.dirname(os.path.abspath(os.fspath(prefix))), exist_ok=True)  # as TF's BundleWriter
    write_atomically(data_path(prefix), chunks)
    write_atomically(index_path(prefix), [_table([(_HEADER_KEY, header.SerializeToString())] + entries)])


def _string_values(arr):
    return [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in arr.reshape(-1)]


def _encoded_strings(arr):
    values = _string_values(arr)
    lengths = b"".join(_encode_varint(len(v)) for v in values)
    return lengths + struct.pack("<I", masked_crc32c(_fixed_lengths(values))) + b"".join(values)


def _fixed_lengths(values):
    return b"".join(struct.pack("<I", len(v)) if len(v) <= 0xFFFFFFFF else struct.pack("<Q", len(v))
                    for v in values)


def _string_crc_input(raw, arr):
    """What the entry's CRC covers for a string tensor (see _decoded_strings)."""
    values = _string_values(arr)
    check_at = len(raw) - 4 - sum(len(v) for v in values)
    return _fixed_lengths(values) + raw[check_at:]


def _table(items):
    """An uncompressed SSTable of sorted (key, value) pairs: one data block, its index, the footer."""
    out = bytearray()
    data_handle = _append_block(out, _block_bytes(items, _RESTART_INTERVAL))
    meta_handle = _append_block(out, _block_bytes([], 1))
    last_key = items[-1][0] if items else b""
    index_handle = _append_block(out, _block_bytes([(last_key + b"\x00", data_handle)], 1))
    footer = meta_handle + index_handle
    out += footer + b"\x00" * (_FOOTER_LEN - 8 - len(footer)) + struct.pack("<Q", _TABLE_MAGIC)
    return bytes(out)


def _append_block(out, block):
    handle = _encode_varint(len(out)) + _encode_varint(len(block))
    trailer = bytes([_NO_COMPRESSION])
    out += block + trailer + struct.pack("<I", masked_crc32c(block + trailer))
    return handle


def _block_bytes(items, restart_interval):
    out, restarts, previous = bytearray(), [], b""
    for i, (key, value) in enumerate(items):
        shared = 0
        if i % restart_interval == 0:
            restarts.append(len(out))
        else:
            while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
                shared += 1
        out += _encode_varint(shared) + _encode_varint(len(key) - shared) + _encode_varint(len(value))
        out += key[shared:] + value
        previous = key
    restarts = restarts or [0]
    out += b"".join(struct.pack("<I", r) for r in restarts) + struct.pack("<I", len(restarts))
    return bytes(out)


def _encode_varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)



def export_checkpoint_for_tensorflow(save_path, tensorflow_prefix):
    """Copy the jupyter_flow checkpoint `save_path` to `<tensorflow_prefix>.index` + `.data-00000-of-00001`,
    which TensorFlow's Saver, tf.train.load_checkpoint and init_from_checkpoint read.

    >>> export_checkpoint_for_tensorflow(saver.save(sess, "/tmp/m.ckpt"), "/tmp/for_tf/m.ckpt")
    """
    from .checkpoint_format import read_checkpoint_values
    write_bundle(tensorflow_prefix, read_checkpoint_values(save_path))
