"""Turning an input's bytes into text, or a failure into one clear line for the user."""

from __future__ import annotations

import codecs
import gzip
import zlib
from pathlib import Path
from typing import Iterator

# Bytes that never occur in text files: a NUL in the first block means a binary file.
BINARY_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Size limits per kind of input, checked before reading and while decompressing (so a gzip
# bomb is rejected, not read). A news page is well under a megabyte of text or markup; a
# crawler's export holds many articles.
PAGE_MAX_BYTES = 32 * 1024**2
EXPORT_MAX_BYTES = 4 * 1024**3
MAX_DECOMPRESSED_BYTES = EXPORT_MAX_BYTES


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


def gunzip(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """The decompressed bytes of gzip `data`; raises Unreadable when corrupt or too large."""
    if not data.startswith(b"\x1f\x8b"):
        raise Unreadable("not gzip data, though the name ends in .gz")
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)  # 16: expect a gzip header
    parts: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            # max_length bounds memory per step, so a bomb is stopped at the limit.
            chunk = decompressor.decompress(rest, 1024**2)
            size += len(chunk)
            if size > limit:
                raise Unreadable(f"decompresses to more than {limit // 1024**2} MB")
            parts.append(chunk)
            rest = decompressor.unconsumed_tail
            if decompressor.eof:
                # Concatenated gzip members are valid gzip: start the next one.
                rest = decompressor.unused_data
                if not rest.strip(b"\0"):
                    break
                decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        if not decompressor.eof:
            raise Unreadable("truncated gzip data")
    except zlib.error as error:
        raise Unreadable(f"corrupt gzip data ({error})") from None
    return b"".join(parts)


def stream_lines(path: Path, compressed: bool, line_limit: int = PAGE_MAX_BYTES) -> Iterator[tuple[bytes | None, int]]:
    """The lines of a file (gzip-compressed or not) as they are read, without their "\n",
    each with how far into the file on disk reading has got: a file of any size is read in
    bounded memory. A line over `line_limit` bytes comes as None (skipped to its end, never
    held). Raises OSError, or Unreadable for bad gzip data, possibly after some lines.
    """
    try:
        with open(path, "rb") as raw, (gzip.GzipFile(fileobj=raw) if compressed else raw) as handle:
            while line := handle.readline(line_limit + 1):
                if len(line) > line_limit and not line.endswith(b"\n"):
                    while (rest := handle.readline(1024**2)) and not rest.endswith(b"\n"):
                        pass
                    yield None, raw.tell()
                else:
                    yield line.removesuffix(b"\n"), raw.tell()
    except gzip.BadGzipFile:
        raise Unreadable("not gzip data, though the name ends in .gz") from None
    except EOFError:
        raise Unreadable("truncated gzip data") from None
    except zlib.error as error:
        raise Unreadable(f"corrupt gzip data ({error})") from None


def describe_os_error(error: OSError) -> str:
    """One lower-case line for a failed file operation ("permission denied")."""
    return (error.strerror or str(error)).lower()
