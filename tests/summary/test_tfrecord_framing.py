import os
import struct

import pytest

from jupyter_flow.summary.tfrecord import (
    CorruptRecordError,
    crc32c,
    encode_record,
    iter_records,
    iter_records_in_bytes,
    masked_crc32c,
)


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"123456789", 0xE3069283),  # the standard CRC-32C check value
        (bytes(32), 0x8A9136AA),  # RFC 3720 B.4 vectors
        (b"\xff" * 32, 0x62A8AB43),
        (bytes(range(32)), 0x46DD794E),
        (bytes(range(31, -1, -1)), 0x113FDB5C),
        (b"", 0),
    ],
)
def test_crc32c_matches_published_vectors(data, expected):
    assert crc32c(data) == expected


def test_masked_crc_matches_tensorflow_formula_and_tensorboards_implementation():
    from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c as tb_masked

    for data in [b"", b"a", b"brain.Event:2", os.urandom(1000)]:
        crc = crc32c(data)
        assert masked_crc32c(data) == ((((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF)
        assert masked_crc32c(data) == tb_masked(data)


def test_record_layout_is_length_crc_data_crc():
    record = encode_record(b"payload")
    length, length_crc = struct.unpack("<QI", record[:12])
    assert length == 7
    assert length_crc == masked_crc32c(record[:8])
    assert record[12:19] == b"payload"
    assert struct.unpack("<I", record[19:])[0] == masked_crc32c(b"payload")
    assert len(record) == 8 + 4 + 7 + 4


def test_records_round_trip_in_order_including_empty_ones(tmp_path):
    payloads = [b"", b"x", os.urandom(70000), b"last"]
    path = tmp_path / "records"
    path.write_bytes(b"".join(encode_record(p) for p in payloads))
    assert list(iter_records(path)) == payloads


def test_truncated_last_record_is_ignored_like_a_file_being_written():
    whole = encode_record(b"first") + encode_record(b"second")
    assert list(iter_records_in_bytes(whole[:-3])) == [b"first"]
    assert list(iter_records_in_bytes(whole[:-len(encode_record(b"second")) + 5])) == [b"first"]


def test_flipped_data_byte_is_reported_with_source_and_offset():
    first = encode_record(b"first")
    damaged = bytearray(first + encode_record(b"second"))
    damaged[len(first) + 13] ^= 0x01
    with pytest.raises(CorruptRecordError, match=rf"events.bin: data checksum mismatch .* byte {len(first)}"):
        list(iter_records_in_bytes(bytes(damaged), source="events.bin"))


def test_flipped_length_byte_is_reported_as_length_checksum_mismatch():
    damaged = bytearray(encode_record(b"first"))
    damaged[0] ^= 0x40
    with pytest.raises(CorruptRecordError, match="length checksum mismatch in the record at byte 0"):
        list(iter_records_in_bytes(bytes(damaged)))
