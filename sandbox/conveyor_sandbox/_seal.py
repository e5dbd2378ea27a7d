"""Sealing secret values at rest with a per-sandbox key (standard library only).

This is obfuscation at rest, not security: the key lives in the same data
directory as the database (``secrets.key``, mode 0600), so anyone who can
read both can read every value. What it buys is that the database file
alone (a backup, a copied ``sandbox.db``, a ``grep`` over the data dir)
shows no value in plain text, and that a sealed value cannot be moved to
another name or altered without the change being noticed.

The construction, from :mod:`hmac` alone (``cryptography`` is not a
dependency of the sandbox): two keys are derived from the file's random
key; a value is XORed with a keystream of HMAC-SHA256(enc-key, nonce ||
counter) blocks under a fresh 16-byte nonce, and HMAC-SHA256(mac-key,
version || nonce || name || ciphertext) authenticates the result
(encrypt-then-MAC). Layout: ``b"\\x01" + nonce(16) + tag(32) + ciphertext``.
"""

from __future__ import annotations

import hmac
import os
import secrets
from contextlib import suppress
from pathlib import Path

KEY_FILE = "secrets.key"
_VERSION = b"\x01"
_NONCE = 16
_TAG = 32
_BLOCK = 32  # bytes of keystream per HMAC-SHA256 call


class SealBroken(Exception):
    """A sealed value was altered, moved to another name or sealed with another key."""


def load_key(data_dir: Path) -> bytes:
    """The data directory's 32-byte key, created (readable by the owner only) on first use."""
    path = data_dir / KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = _create_key(path)
    if len(key) != 32:
        raise RuntimeError(f"{path} is not a key this sandbox wrote (expected 32 bytes)")
    return key


def _create_key(path: Path) -> bytes:
    # Written whole to a temporary name, then linked into place: a second
    # process starting at the same moment either wins the link or reads the
    # winner's complete key, never half of one.
    key = secrets.token_bytes(32)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        key = path.read_bytes()
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
    return key


class Sealer:
    """Seals and opens values under one key; ``name`` binds each value to its secret's name."""

    def __init__(self, key: bytes) -> None:
        self._enc = hmac.digest(key, b"conveyor-sandbox/secret-values/encrypt", "sha256")
        self._mac = hmac.digest(key, b"conveyor-sandbox/secret-values/authenticate", "sha256")

    def _keystream(self, nonce: bytes, length: int) -> bytes:
        blocks = (length + _BLOCK - 1) // _BLOCK
        return b"".join(
            hmac.digest(self._enc, nonce + i.to_bytes(8, "big"), "sha256") for i in range(blocks)
        )[:length]

    def _tag(self, nonce: bytes, name: str, ciphertext: bytes) -> bytes:
        encoded = name.encode("utf-8")
        message = _VERSION + nonce + len(encoded).to_bytes(4, "big") + encoded + ciphertext
        return hmac.digest(self._mac, message, "sha256")

    @staticmethod
    def _xor(data: bytes, stream: bytes) -> bytes:
        n = len(data)
        return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(n, "big")

    def seal(self, name: str, value: str) -> bytes:
        """``value`` sealed for the secret ``name``."""
        plain = value.encode("utf-8")
        nonce = secrets.token_bytes(_NONCE)
        ciphertext = self._xor(plain, self._keystream(nonce, len(plain)))
        return _VERSION + nonce + self._tag(nonce, name, ciphertext) + ciphertext

    def open(self, name: str, sealed: bytes) -> str:
        """The value sealed for ``name``; :class:`SealBroken` when it does not check out."""
        if len(sealed) < 1 + _NONCE + _TAG or sealed[:1] != _VERSION:
            raise SealBroken("not a sealed value")
        nonce = sealed[1 : 1 + _NONCE]
        tag = sealed[1 + _NONCE : 1 + _NONCE + _TAG]
        ciphertext = sealed[1 + _NONCE + _TAG :]
        if not hmac.compare_digest(tag, self._tag(nonce, name, ciphertext)):
            raise SealBroken("the sealed value does not match its name or this sandbox's key")
        return self._xor(ciphertext, self._keystream(nonce, len(ciphertext))).decode("utf-8")
