"""Opaque global ids.

A global id is the URL-safe base64 of one type byte, the database id encrypted
with a keyed four-round Feistel permutation over 64 bits, and a truncated
HMAC-SHA256 tag. Ids therefore look random, reveal no database or CRM id, and a
forged or altered id fails the tag check and reads as not found.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from enum import IntEnum

from app.core.errors import NotFoundError
from app.core.settings import get_settings

_ROUNDS = 4
_TAG_BYTES = 6
_MASK32 = 0xFFFFFFFF


class IdType(IntEnum):
    PARTNER = 1
    POPULATION = 2
    PARTNER_POPULATION = 3
    ACCOUNT = 4
    PARTNER_ACCOUNT = 5
    OPPORTUNITY = 6
    DATA_SOURCE = 7
    ORGANIZATION = 8
    USER = 9
    MATRIX_CELL = 10


def _key() -> bytes:
    return hashlib.sha256(
        b"partnergraph-global-id:" + get_settings().id_secret.encode()
    ).digest()


def _round(key: bytes, type_byte: int, round_number: int, half: int) -> int:
    message = struct.pack(">BBI", type_byte, round_number, half)
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return struct.unpack(">I", digest[:4])[0]


def _permute(key: bytes, type_byte: int, value: int) -> int:
    left, right = value >> 32, value & _MASK32
    for round_number in range(_ROUNDS):
        left, right = right, left ^ _round(key, type_byte, round_number, right)
    return (left << 32) | right


def _unpermute(key: bytes, type_byte: int, value: int) -> int:
    left, right = value >> 32, value & _MASK32
    for round_number in reversed(range(_ROUNDS)):
        left, right = right ^ _round(key, type_byte, round_number, left), left
    return (left << 32) | right


def encode_id(id_type: IdType, value: int) -> str:
    """Return the opaque global id of a database id of the given type."""
    key = _key()
    body = struct.pack(">BQ", id_type, _permute(key, id_type, value))
    tag = hmac.new(key, body, hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(body + tag).decode().rstrip("=")


def decode_id(global_id: str, *expected: IdType) -> tuple[IdType, int]:
    """Return the type and database id behind a global id.

    Raises NotFoundError for anything that is not a valid id of one of the
    expected types, with one message whatever the reason.
    """
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    key = _key()
    if len(raw) == 9 + _TAG_BYTES:
        body, tag = raw[:9], raw[9:]
        valid = hmac.compare_digest(
            tag, hmac.new(key, body, hashlib.sha256).digest()[:_TAG_BYTES]
        )
        type_byte, cipher = struct.unpack(">BQ", body)
        if valid and type_byte in IdType.__members__.values():
            id_type = IdType(type_byte)
            if not expected or id_type in expected:
                return id_type, _unpermute(key, type_byte, cipher)
    raise NotFoundError("not found: no object with this id is visible to you")


def decode_id_of(global_id: str, id_type: IdType) -> int:
    """Return the database id behind a global id of exactly this type."""
    return decode_id(global_id, id_type)[1]
