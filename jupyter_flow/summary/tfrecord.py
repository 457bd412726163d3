"""TFRecord framing, the container format of TensorBoard event files.

Each record is: uint64 length (little-endian), masked CRC32C of those 8 bytes, the data, masked CRC32C
of the data. The mask (rotate right by 15, add a constant) is TensorFlow's guard against computing a
CRC over data that itself contains CRCs.

    >>> record = encode_record(b"hello")
    >>> len(record), list(iter_records_in_bytes(record))
    (21, [b'hello'])
"""

import struct

import google_crc32c

_MASK_DELTA = 0xA282EAD8
_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")


def crc32c(data):
    """CRC-32C (Castagnoli) of ``data``, hardware-accelerated where the CPU has it.

        >>> hex(crc32c(b"123456789"))
        '0xe3069283'
    """
    return google_crc32c.value(bytes(data))


def masked_crc32c(data):
    """TensorFlow's masked CRC-32C of ``data``, as stored in each record.

        >>> masked_crc32c(b"")
        2726488792
    """
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def encode_record(data):
    """Frame ``data`` (bytes) as one TFRecord.

        >>> encode_record(b"")[:8]
        b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'
    """
    header = _LENGTH.pack(len(data))
    return b"".join(
        (header, _CRC.pack(masked_crc32c(header)), data, _CRC.pack(masked_crc32c(data)))
    )


class CorruptRecordError(ValueError):
    """A record whose length or checksum does not match its bytes."""


def iter_records_in_bytes(buffer, source="<bytes>"):
    """Yield the data of each record in ``buffer``, checking both checksums.

        >>> list(iter_records_in_bytes(encode_record(b"a") + encode_record(b"bc")))
        [b'a', b'bc']

    A truncated final record (a file still being written) ends the iteration silently, as
    TensorBoard does; a checksum mismatch raises CorruptRecordError naming ``source`` and the offset.
    """
    view = memoryview(buffer)
    offset = 0
    while offset + 12 <= len(view):
        header = bytes(view[offset : offset + 8])
        (header_crc,) = _CRC.unpack_from(view, offset + 8)
        if header_crc != masked_crc32c(header):
            raise CorruptRecordError(
                f"{source}: length checksum mismatch in the record at byte {offset}; "
                "the file is corrupted (delete or truncate it at that byte)"
            )
        (length,) = _LENGTH.unpack(header)
        end = offset + 12 + length + 4
        if end > len(view):
            return
        data = bytes(view[offset + 12 : offset + 12 + length])
        (data_crc,) = _CRC.unpack_from(view, offset + 12 + length)
        if data_crc != masked_crc32c(data):
            raise CorruptRecordError(
                f"{source}: data checksum mismatch in the record at byte {offset}; "
                "the file is corrupted (delete or truncate it at that byte)"
            )
        yield data
        offset = end


def iter_records(path):
    """Yield the data of each record in the file at ``path`` (see iter_records_in_bytes).

        >>> # for data in iter_records("logs/events.out.tfevents.1700000000.host"): ...
        >>> callable(iter_records)
        True
    """
    with open(path, "rb") as file:
        buffer = file.read()
    yield from iter_records_in_bytes(buffer, source=str(path))
