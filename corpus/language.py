"""Language and script of a text: Chinese, English or mixed; Simplified or Traditional.

The language is decided by counting characters, not by a model: a document's share of Han
characters against Latin letters is a reliable signal for the zh/en pair this tool serves,
it is fast, and it is explainable ("83% Han"). The Chinese script is decided with OpenCC:
Traditional text changes a lot under Traditional→Simplified conversion and hardly at all
under Simplified→Traditional, and vice versa.

``normalise`` builds the matching form stored in ``segments.norm``; the user's text is
never changed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

# One Han character carries roughly as much content as three Latin letters (an English word
# averages ~5 letters, a Chinese word ~1.6 characters), so Han counts are weighted by this
# before shares are compared: a text that is half Chinese and half English by content then
# comes out near 50%, not near 25%.
HAN_WEIGHT = 3.0
ZH_MIN_SHARE = 0.8
"""A text whose weighted Han share is at least this is Chinese."""
EN_MAX_SHARE = 0.2
"""A text whose weighted Han share is at most this is English; in between it is mixed."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
MAX_KANA_SHARE = 0.1
"""Japanese writes kanji (Han characters) among kana; Chinese text holds a stray の or ッ at
most. Text whose kana are more than this share of its Han characters and kana is Japanese,
not Chinese (Japanese prose has 50-70% kana)."""
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class LanguageInfo:
    """What a text is written in."""

    lang: str
    """'zh', 'en', 'mixed', or 'unknown' (no letters at all)."""
    script: str | None
    """'zh-Hans' or 'zh-Hant' for Chinese (and mixed text with Han), 'en' for English."""
    han_share: float
    """Weighted share of Han characters among Han characters and Latin letters, 0..1."""

    @property
    def split_lang(self) -> str:
        """The language to split sentences with: 'zh' or 'en' (mixed: the larger share)."""
        if self.lang in ("zh", "en"):
            return self.lang
        return "zh" if self.han_share >= 0.5 else "en"


def count_letters(text: str) -> tuple[int, int]:
    """Number of Han characters and of Latin letters in ``text``."""
    return len(_HAN.findall(text)), len(_LATIN.findall(text))


def han_share(text: str) -> float | None:
    """Weighted share of Han characters among Han characters and Latin letters (None: neither)."""
    han, latin = count_letters(text)
    if han == 0 and latin == 0:
        return None
    weighted = HAN_WEIGHT * han
    return weighted / (weighted + latin)


def lang_of_share(share: float | None) -> str:
    """Map a weighted Han share to 'zh', 'en', 'mixed' or 'unknown'."""
    if share is None:
        return "unknown"
    if share >= ZH_MIN_SHARE:
        return "zh"
    if share <= EN_MAX_SHARE:
        return "en"
    return "mixed"


@functools.lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    import opencc  # the C extension loads its dictionaries on first use; keep that lazy

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Convert Chinese text to Simplified characters (OpenCC t2s; other text is untouched)."""
    return str(_converter("t2s.json").convert(text))


def normalise_zh(text: str) -> str:
    """Simplified, NFKC-normalised Chinese, stripped: the form glossary terms are matched on
    (and the matching form of a reviewer's corrected Chinese)."""
    return to_simplified(unicodedata.normalize("NFKC", text)).strip()


def to_traditional(text: str) -> str:
    """Convert Chinese text to Traditional characters (OpenCC s2t)."""
    return str(_converter("s2t.json").convert(text))


def _changed_han(before: str, after: str) -> int:
    if len(before) != len(after):
        # Phrase conversions can change lengths; compare the multisets of Han characters.
        return len(set(_HAN.findall(before)) - set(_HAN.findall(after)))
    return sum(1 for a, b in zip(before, after, strict=True) if a != b and _HAN.match(a))


def detect_script(text: str) -> str | None:
    """'zh-Hant' or 'zh-Hans' for text with Han characters, None without any.

    Counts the characters that Traditional→Simplified conversion changes (Traditional-only
    forms) against those that Simplified→Traditional changes (Simplified-only forms); a tie,
    such as text made only of characters shared by both scripts, counts as Simplified.
    """
    han = _HAN.findall(text)
    if not han:
        return None
    sample = "".join(han)
    traditional_only = _changed_han(sample, to_simplified(sample))
    simplified_only = _changed_han(sample, to_traditional(sample))
    return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"


def is_japanese(text: str) -> bool:
    """Whether ``text`` is Japanese rather than Chinese (see :data:`MAX_KANA_SHARE`)."""
    kana = len(_KANA.findall(text))
    return kana > MAX_KANA_SHARE * (kana + len(_HAN.findall(text)))


def detect_language(text: str) -> LanguageInfo:
    """Language (zh/en/mixed/unknown) and script of ``text``; Japanese is 'unknown'."""
    if is_japanese(text):
        return LanguageInfo(lang="unknown", script=None, han_share=han_share(text) or 0.0)
    share = han_share(text)
    lang = lang_of_share(share)
    if lang == "en":
        script: str | None = "en"
    elif lang in ("zh", "mixed"):
        script = detect_script(text)
    else:
        script = None
    return LanguageInfo(lang=lang, script=script, han_share=share or 0.0)


def normalise(text: str, lang: str) -> str:
    """Matching form of a segment: NFKC (full-width → half-width), spaces collapsed, and for
    Chinese (or any text with Han characters) converted to Simplified characters."""
    norm = unicodedata.normalize("NFKC", text)
    norm = _SPACES.sub(" ", norm).strip()
    if lang != "en" or _HAN.search(norm):
        norm = to_simplified(norm)
    return norm


def lang_family(code: str | None) -> str | None:
    """'zh' or 'en' for a language tag such as zh-CN, zh_TW, zh-Hant, EN-us, eng; else None."""
    if not code:
        return None
    primary = re.split(r"[-_]", code.strip().lower())[0]
    if primary in ("zh", "zho", "chi", "cmn", "yue"):
        return "zh"
    if primary in ("en", "eng"):
        return "en"
    return None


def script_of_tag(code: str | None) -> str | None:
    """The Chinese script a language tag implies (zh-TW, zh-HK, zh-Hant → zh-Hant), if any."""
    if not code or lang_family(code) != "zh":
        return None
    parts = {p.lower() for p in re.split(r"[-_]", code.strip())[1:]}
    if parts & {"hant", "tw", "hk", "mo"}:
        return "zh-Hant"
    if parts & {"hans", "cn", "sg", "my"}:
        return "zh-Hans"
    return None
