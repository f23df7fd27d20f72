"""Turning an input's bytes into text, or a failure into one clear line for the user."""

from __future__ import annotations

import codecs

# Bytes that never occur in text files: a NUL in the first block means a binary file.
BINARY_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Unreadable(Exception):
    """An input that cannot be used; the message is the one-line reason shown to the user."""

    @property
    def reason(self) -> str:
        """The one-line reason."""
        return str(self)


def decode_text(data: bytes) -> str:
    """The UTF-8 text of `data` (a byte-order mark is dropped); raises Unreadable otherwise.

    Reasons: "empty file" (nothing but whitespace), "binary file, not text",
    "not UTF-8 text".
    """
    if data.startswith(_UTF16_BOMS):
        # UTF-16 text is full of NUL bytes: say what it is rather than "binary".
        raise Unreadable("not UTF-8 text (UTF-16)")
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        raise Unreadable("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None
    if not text.strip():
        raise Unreadable("empty file")
    return text


def describe_os_error(error: OSError) -> str:
    """One lower-case line for a failed file operation ("permission denied")."""
    return (error.strerror or str(error)).lower()
