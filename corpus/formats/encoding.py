"""Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16/32 (with or without
BOM), GB18030 (a superset of GBK and GB2312), Big5 (and its supersets CP950 and HKSCS), and
Windows-1252.

Order matters and is deliberate: a BOM is certain; NUL bytes mean UTF-16/32 without a BOM
(Windows "Unicode" text) or binary data, told apart by where the NULs fall and by whether
the decoded text is clean; strict UTF-8 almost never decodes text written in another
encoding by accident; only then are legacy encodings tried. Statistical
detectors (charset-normalizer) are unreliable on short Chinese texts, so GB18030 and Big5 are
told apart by how *common* the decoded characters are (a frequency list of Chinese), which is
what a reader would notice: the wrong one yields rare or symbol characters. Bytes that no
candidate reads plausibly (Japanese or Korean encodings, random data) are refused with the
offset of the first byte that is not UTF-8, rather than imported as garbage.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
import unicodedata
from pathlib import Path

from corpus.errors import IngestError
from corpus.inputs import read_input_bytes

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),   # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
CJK_CANDIDATES = ("gb18030", "big5")
"""Legacy Chinese encodings tried after UTF-8, best-scoring one wins."""
BIG5_VARIANTS = ("cp950", "big5hkscs")
"""Supersets of Big5, tried only when plain Big5 fails: Microsoft's (€, box drawing) and Hong
Kong's (HKSCS: Cantonese characters such as 哋, 㗎 and names)."""
WIDE_CANDIDATES = ("utf-16-le", "utf-16-be")
"""BOM-less UTF-16 is also scored against them, for Chinese text with no ASCII at all (and
so no NUL byte to give it away)."""
MAX_UNTEXTLIKE_SHARE = 0.001
"""A BOM-less UTF-16/32 decoding is believed when at most this share of its characters are
control, unassigned or private-use characters (binary data decodes into many of them)."""
WESTERN_CANDIDATE = "cp1252"
# How Chinese a legacy-CJK decoding must look (see cjk_plausibility) to be believed over
# Windows-1252. Measured on 1,222 single lines of WMT22 and MAC-Dev Chinese encoded as GBK and
# (converted to Traditional) as Big5: right decodings score 0.62-1.0 (mean 0.81), decodings
# in the wrong one of the two encodings at most 0.38 (mean 0.15).
MIN_CJK_PLAUSIBILITY = 0.5
# Below this a Chinese decoding is refused even as a last resort: it is another encoding
# (Shift-JIS read as GB18030 scores 0.09, EUC-KR 0.31, UTF-8 0.14); real lines score 0.52
# at least (1,962 lines of WMT22 and MAC-Dev), a list of rare surnames 0.54.
MIN_FALLBACK_PLAUSIBILITY = 0.4
# Windows-1252 decodes almost any bytes; text in it is mostly ASCII with accented letters here
# and there. A double-byte encoding (EUC-KR, EUC-JP, GBK) read as Windows-1252 is the
# opposite: mostly non-ASCII, in runs ("ÇÑ±¹¾î").
MAX_WESTERN_NON_ASCII = 0.3
MAX_WESTERN_RUN_SHARE = 0.7
MIN_EVIDENCE_CHARS = 8

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")


class DecodeFailure(Exception):
    """The bytes are not text in any supported encoding (``offset``: first bad byte as UTF-8)."""

    def __init__(self, reason: str, offset: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


@functools.lru_cache(maxsize=1)
def _zh_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # ~0.4 s to load; only legacy-encoded files need it

    return get_frequency_dict("zh")


def cjk_plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese: mean score of its non-ASCII characters.

    Common Han characters (looked up in Simplified form) and CJK punctuation score near 1,
    rare characters, symbols, kana and private-use characters near 0.
    """
    from corpus.language import to_simplified

    scores: list[float] = []
    freqs = _zh_frequencies()
    for char in text:
        if ord(char) < 128 or char.isspace():
            continue
        if _HAN.match(char):
            freq = freqs.get(to_simplified(char), 0.0)
            # Zipf-like: 1e-3 (very common) → 1.0, 1e-7 (rare) → 0.0
            scores.append(min(1.0, max(0.0, (math.log10(freq) + 7) / 4)) if freq else 0.0)
        elif _CJK_PUNCT.match(char):
            scores.append(1.0)
        else:
            scores.append(0.0)
    return sum(scores) / len(scores) if scores else 0.0


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding name)`` or raises :class:`DecodeFailure`."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeFailure(f"invalid {name} after its byte-order mark",
                                    exc.start) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        wide = _decode_bomless_wide(data)
        if wide is not None:
            return wide
        raise DecodeFailure("binary data (NUL byte), not a text file", nul)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates: list[tuple[float, str, str]] = []
    big5_failed = False
    for name in CJK_CANDIDATES + BIG5_VARIANTS + (WIDE_CANDIDATES if len(data) % 2 == 0
                                                   else ()):
        if name in BIG5_VARIANTS and not big5_failed:
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            big5_failed = big5_failed or name == "big5"
            continue
        if name in WIDE_CANDIDATES and not _is_clean_text(text):
            continue
        candidates.append((cjk_plausibility(text), name, text))
    if candidates:
        score, name, text = max(candidates, key=lambda c: c[0])
        if score >= MIN_CJK_PLAUSIBILITY:
            return text, name
    try:
        western = data.decode(WESTERN_CANDIDATE)
    except UnicodeDecodeError:
        pass
    else:
        if looks_western(western):
            return western, WESTERN_CANDIDATE
    # Only the legacy encodings get the benefit of the doubt: BOM-less UTF-16 without a
    # single NUL byte is rare enough to need a plausible decoding.
    candidates = [c for c in candidates
                  if c[1] not in WIDE_CANDIDATES and c[0] >= MIN_FALLBACK_PLAUSIBILITY]
    if candidates:
        # Decodes as Chinese, but implausibly: still better than refusing a real GBK file
        # full of rare names; charset-normalizer gets the final word between the candidates.
        best = _charset_normalizer_choice(data, [c[1] for c in candidates])
        for _, name, text in candidates:
            if name == best:
                return text, name
        return candidates[0][2], candidates[0][1]
    raise DecodeFailure(
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x}), nor GB18030, Big5 "
        "(HKSCS), UTF-16 or Windows-1252 text", utf8_error.start)


def looks_western(text: str) -> bool:
    """Whether a Windows-1252 decoding reads as Western text rather than as a double-byte
    encoding misread (see :data:`MAX_WESTERN_NON_ASCII`)."""
    visible = [char for char in text if not char.isspace()]
    foreign = [i for i, char in enumerate(visible) if ord(char) >= 128]
    if len(foreign) <= MAX_WESTERN_NON_ASCII * len(visible) or len(foreign) < MIN_EVIDENCE_CHARS:
        return True  # too few to judge ("Größe"): Windows-1252 keeps the benefit of the doubt
    in_runs = sum(1 for i in foreign if (i > 0 and ord(visible[i - 1]) >= 128)
                  or (i + 1 < len(visible) and ord(visible[i + 1]) >= 128))
    return in_runs <= MAX_WESTERN_RUN_SHARE * len(foreign)


def _decode_bomless_wide(data: bytes) -> tuple[str, str] | None:
    """``data`` as UTF-32 or UTF-16 without a byte-order mark, or None if it is not that.

    Each byte order is decoded strictly; decodings full of controls, unassigned or
    private-use characters are dropped (see :func:`_is_clean_text`), and of the rest the one
    that reads most like text wins (see :func:`text_plausibility`). Both checks matter:
    English in UTF-16LE read as big-endian is clean but turns into rare Han characters
    (``h`` U+0068 → U+6800), and Chinese text puts NULs on both sides (一 is U+4E00), so
    counting where the NULs fall is not enough.
    """
    names = (("utf-32-le", "utf-32-be") if len(data) % 4 == 0 else ()) + \
        (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    candidates: list[tuple[float, str, str]] = []
    for name in names:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _is_clean_text(text):
            candidates.append((text_plausibility(text), name, text))
    if not candidates:
        return None
    score, name, text = max(candidates, key=lambda c: c[0])
    return (text, name) if score >= MIN_CJK_PLAUSIBILITY else None


_WESTERN_LETTERS = re.compile(r"[\u00a0-\u052f\u2000-\u206f]")


def text_plausibility(text: str) -> float:
    """How much ``text`` looks like Chinese or Western text: mean score of its characters,
    ASCII, Latin/Greek/Cyrillic letters and general punctuation counting 1, Han characters
    and CJK punctuation scored as in :func:`cjk_plausibility`, anything else 0."""
    if not text:
        return 0.0
    western = sum(1 for char in text if ord(char) < 128 or char.isspace()
                  or _WESTERN_LETTERS.match(char))
    rest = len(text) - western
    return (western + rest * cjk_plausibility(text)) / len(text)


_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def _is_clean_text(text: str) -> bool:
    """No NUL, and almost no controls, unassigned or private-use characters (see
    :data:`MAX_UNTEXTLIKE_SHARE`): what a wrong decoding of binary data is full of."""
    if not text or "\x00" in text:
        return False
    bad = sum(1 for char in text if char not in _TEXT_CONTROLS
              and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"))
    return bad <= MAX_UNTEXTLIKE_SHARE * len(text)


def _charset_normalizer_choice(data: bytes, names: list[str]) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=names).best()
    return best.encoding if best is not None else None


def read_text_bytes(path: Path) -> tuple[str, str]:
    """Read and decode a text file; raises ``IngestError`` naming the file and byte offset."""
    data = read_input_bytes(path)
    try:
        text, encoding = decode_bytes(data)
    except DecodeFailure as exc:
        hint = ("only text documents can be imported; export it as .txt, .docx or .html"
                if "binary" in exc.reason else "save it as UTF-8 and try again")
        raise IngestError(f"cannot decode the text: {exc.reason}", path=path, offset=exc.offset,
                          hint=hint) from exc
    return text, encoding
