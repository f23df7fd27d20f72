"""An article's language, told by CLD2 (Chromium's detector, through pycld2; its model is
compiled in, nothing is downloaded).

CLD2 over py3langid: both were right on every benchmark article whose language is known
(English, Portuguese, Russian, Korean, Indonesian, Italian), but py3langid took 4 to 6 ms
an article (1 to 2 ms on its first 1,000 characters) where CLD2 takes under 0.5 ms: on a
million-article export, the difference between minutes and an hour.
"""

from __future__ import annotations

import pycld2

# Fewer words than this say nothing reliable, whatever a detector claims.
MIN_WORDS = 20
# CLD2's time grows with the text, its answer does not: the first 3,000 characters (about
# 500 words) gave the same language as the whole text for 3,000 allsides articles, in half
# the time (0.23-0.29 ms an article against 0.45, of about 5.7 ms of CPU an article takes
# to index in all).
READ_CHARS = 3_000
# C0 and C1 control characters but line breaks and tabs, made spaces.
_CONTROLS = {c: " " for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
# CLD2 answers in codes of its own for a few languages.
_ISO_639_1 = {"iw": "he", "jw": "jv", "zh-Hant": "zh"}


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code such as "en" when CLD2 reads the text reliably as one language, else None."""
    if len(text.split(None, MIN_WORDS)) < MIN_WORDS:
        return None
    # Lone surrogates (from a broken escape in a JSON record) cannot be UTF-8: dropped.
    data = text[:READ_CHARS].encode("utf-8", "ignore")
    try:
        reliable, _, details = pycld2.detect(data)
    except pycld2.error:
        # CLD2 refuses control characters, which mis-decoded text carries ("\x97" for a
        # dash): they say nothing of the language, so the text is read without them.
        try:
            reliable, _, details = pycld2.detect(data.decode("utf-8").translate(_CONTROLS).encode("utf-8"))
        except pycld2.error:
            return None
    code = details[0][1]
    if not reliable or code in ("un", "xxx"):
        return None
    code = _ISO_639_1.get(code, code).split("-")[0]
    return code if code.isalpha() and len(code) in (2, 3) else None
