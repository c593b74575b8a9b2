"""Bytes -> text, recording what was done in ``Document.decode_note``.

Decision (in this order):

1. A UTF-16/32 byte-order mark: decode with that codec ("decoded as utf-16 (BOM)").
2. NUL bytes (without such a BOM): the file is binary -> ``InputError`` RG104.
3. Valid UTF-8: decode it; a UTF-8 BOM is stripped ("UTF-8 BOM stripped"); otherwise the note is
   None, meaning clean UTF-8.
4. Not valid UTF-8 but it contains valid multi-byte UTF-8 sequences: it is UTF-8 with a few corrupt
   bytes, so decode UTF-8 with ``errors="replace"`` ("3 invalid byte sequences replaced").
5. Otherwise a legacy encoding: an HTML ``<meta charset>`` that decodes the bytes wins; else
   charset-normalizer's candidates. On short English texts charset-normalizer often ties
   windows-1252 with Baltic/Central-European code pages (cp775, cp1250), so cp1252 - the WHATWG
   default for legacy Western text - is preferred when its chaos is within 0.1 of the best
   candidate, scored with charset-normalizer's own mess ratio when it left cp1252 out of its list
   ("decoded as cp1252"). Non-Latin legacy text (cp1251, Shift-JIS ...) decodes with
   far more chaos in cp1252 and keeps charset-normalizer's choice.
6. Nothing plausible: UTF-8 with ``errors="replace"``.

A decoded text with more than 5% control characters, or more than 30% replacement characters, is
treated as binary (RG104). Newlines are normalised by the caller, nothing else is changed.
"""

from __future__ import annotations

import codecs
import contextlib
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from reportgraph.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I
)
_PREFERRED = "cp1252"
_TIE = 0.1
_MAX_CONTROL = 0.05
_MAX_REPLACED = 0.30


def _binary(path: str, why: str) -> InputError:
    return InputError(
        f"{path} looks like a binary file ({why}).",
        "Give reportgraph text articles: .txt, .md, .html or .jsonl.",
        code="RG104",
    )


def _replace(data: bytes) -> tuple[str, str]:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    return text, f"{replaced} invalid byte sequences replaced"


def _has_utf8_multibyte(data: bytes) -> bool:
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in data.decode("utf-8", errors="replace"))


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return name


def _detected(data: bytes) -> str | None:
    candidates = [(m.encoding, m.chaos) for m in from_bytes(data)]
    # charset-normalizer sometimes leaves cp1252 out of its list: score it ourselves
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append((_PREFERRED, mess_ratio(data.decode(_PREFERRED), 1.0)))
    if not candidates:
        return None
    best = min(chaos for _, chaos in candidates)
    if best >= 1.0:  # even the best reading is mostly noise
        return None
    for encoding, chaos in candidates:
        if encoding == _PREFERRED and chaos <= best + _TIE:
            return encoding
    return min(candidates, key=lambda c: c[1])[0]


def _decode(data: bytes, path: str, html: bool) -> tuple[str, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), f"decoded as {codec} (BOM)"
    if b"\x00" in data:
        raise _binary(path, "it contains NUL bytes")
    has_bom = data.startswith(codecs.BOM_UTF8)
    if has_bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "UTF-8 BOM stripped" if has_bom else None
    except UnicodeDecodeError:
        pass
    if _has_utf8_multibyte(data):
        return _replace(data)
    encoding = (_declared(data) if html else None) or _detected(data)
    if encoding is None:
        return _replace(data)
    return data.decode(encoding, errors="replace"), f"decoded as {encoding}"


def decode_bytes(data: bytes, *, path: str, html: bool = False) -> tuple[str, str | None]:
    """Decode a file's bytes; returns (text, decode_note). Raises InputError RG104 for binary data.

    ``html=True`` lets a ``<meta charset=...>`` declaration choose a legacy encoding.
    """
    text, note = _decode(data, path, html)
    if text:
        if len(_CONTROL.findall(text)) > _MAX_CONTROL * len(text):
            raise _binary(path, "too many control characters")
        if text.count("\ufffd") > _MAX_REPLACED * len(text):
            raise _binary(path, "mostly bytes that are not text in any encoding")
    return text, note
