"""Turning an input's bytes into text, or a failure into one clear line for the user."""

from __future__ import annotations

import codecs
import gzip
import zlib
from pathlib import Path
from typing import Iterator

# Bytes that never occur in text files: a NUL in the first block means a binary file.
BINARY_SNIFF_BYTES = 8192
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


def decode_text(data: bytes, *, markup: bool = False, charset: str | None = None) -> str:
    """The text of `data` in whatever encoding it is in; raises Unreadable when it holds none.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); valid UTF-8, which wins over a
    wrong declaration (multi-byte UTF-8 sequences almost never occur by chance in other
    encodings, and a page saved as UTF-8 under an old <meta charset> is common); `charset`,
    the one an HTTP response declared; for `markup` (HTML, XML), the charset the page
    declares; else charset-normalizer's guess.
    Reasons: "empty file" (nothing but whitespace), "binary file, not text".
    """
    if not data.strip():
        raise Unreadable("empty file")
    text = _by_byte_order_mark(data)
    if text is None:
        if b"\0" in data[:BINARY_SNIFF_BYTES]:
            raise Unreadable("binary file, not text")
        text = _decoded(data, "utf-8")
    if text is None and charset:
        text = _as_declared(data, charset)
    if text is None and markup:
        text = _by_declaration(data)
    if text is None:
        text = _by_detection(data)
    if text is None:
        raise Unreadable("binary file, not text")
    if not text.strip():
        raise Unreadable("empty file")
    return text


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What browsers decode a declared charset as (the WHATWG Encoding Standard): a page that
# says ISO-8859-1 or ASCII uses windows-1252's quotes and dashes, one that says GB2312 or
# Shift_JIS uses the characters of their Microsoft supersets. Keys are Python codec names.
_WEB_DECODERS = {
    "ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs",
}
# The legacy encodings of the WHATWG Encoding Standard, which are all a browser decodes: a
# page in any other (a DOS code page, say) would not display anywhere, and leaving them out
# keeps charset-normalizer from choosing one for Western text.
WEB_ENCODINGS = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
    "cp866", "cp874", "mac_roman", "mac_cyrillic", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp",
    "cp932", "euc_kr", "cp949",
)
# windows-1252 is the Web's default for undeclared legacy pages. On short Western text
# charset-normalizer often ranks a Central European or Baltic code page first by a hair
# (reading "déjà" as "dėją"); windows-1252 wins when it is about as plausible.
UNDECLARED_DEFAULT = "cp1252"
DEFAULT_TOLERANCE = 0.1  # in charset-normalizer's "chaos" (0: clean text, 1: noise)


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _by_byte_order_mark(data: bytes) -> str | None:
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decoded(data, encoding)
    return None


def _by_declaration(data: bytes) -> str | None:
    """The markup decoded as its <meta charset>, http-equiv or XML declaration says."""
    # bs4 is imported here: it takes 80 ms, which reading text and JSON Lines never needs.
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    return _as_declared(data, declared) if declared else None


def _as_declared(data: bytes, charset: str) -> str | None:
    """`data` decoded as a declared `charset`; None when that fails (detect instead)."""
    try:
        name = codecs.lookup(charset.strip()).name
    except LookupError:
        return None  # a charset Python does not know
    # A superset first; bytes it leaves undefined (windows-1252's 0x81) fall back to the name.
    return _decoded(data, _WEB_DECODERS.get(name, name)) or _decoded(data, name)


def _by_detection(data: bytes) -> str | None:
    """charset-normalizer's reading of `data` among WEB_ENCODINGS; None when none fits."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(WEB_ENCODINGS))
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if UNDECLARED_DEFAULT in match.could_be_from_charset and match.chaos <= best.chaos + DEFAULT_TOLERANCE:
            return str(match)
    return str(best)


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
