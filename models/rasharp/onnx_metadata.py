"""The metadata (``metadata_props``) of an ONNX file, read without onnx or onnxruntime.

An ONNX file is a protobuf ``ModelProto``; its metadata is field 14, a list of key/value
messages. Only the top-level fields are walked: the graph is skipped, not decoded.
"""

from __future__ import annotations

METADATA_FIELD = 14


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data):
            raise ValueError("the ONNX file ends inside a number")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def _fields(data: bytes):
    """(field number, value) of each field of one message; length-delimited values as bytes."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
            yield number, value
        elif wire == 1:
            at += 8
        elif wire == 5:
            at += 4
        elif wire == 2:
            length, at = _varint(data, at)
            if at + length > len(data):
                raise ValueError("the ONNX file ends inside a field")
            yield number, data[at : at + length]
            at += length
        else:
            raise ValueError(f"not an ONNX file (protobuf wire type {wire})")


def onnx_metadata(data: bytes) -> dict[str, str]:
    """The key/value metadata of an ONNX model, e.g. {"version": "1.0.0"}; ValueError if the
    bytes are not a protobuf message."""
    found: dict[str, str] = {}
    for number, value in _fields(data):
        if number == METADATA_FIELD and isinstance(value, bytes):
            entry = {n: v for n, v in _fields(value) if isinstance(v, bytes)}
            found[entry.get(1, b"").decode()] = entry.get(2, b"").decode()
    return found
