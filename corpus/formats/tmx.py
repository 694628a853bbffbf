"""TMX translation memories (1.4b with ``xml:lang``, 1.1 with ``lang``) → bilingual units."""

from __future__ import annotations

from pathlib import Path

from corpus.errors import FormatError
from corpus.formats.units import BilingualUnit
from corpus.formats.xmlsafe import XML_LANG, inline_text, line_of, local_name, parse_xml
from corpus.language import han_share, lang_family, lang_of_share

# Native-code placeholders: their content is the original file's markup, not text.
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})


def read_tmx(path: str | Path, warnings: list[str] | None = None) -> list[BilingualUnit]:
    """Units of a TMX file with a Chinese and an English variant (either side may be empty).

    Nothing is dropped silently: a ``<tuv>`` without ``xml:lang`` (or ``lang``) takes its
    language from its text (Han characters or Latin letters) and is refused, with its line,
    when the text does not tell; a second Chinese or English variant of a unit and variants
    in other languages are left out, and ``warnings`` (when given) receives one line per kind
    saying what was kept and where. A unit with neither Chinese nor English text is skipped.
    Raises ``FormatError`` (with the line) for malformed or unsafe XML.
    """
    path = Path(path)
    root = parse_xml(path, "TMX")
    if local_name(root.tag) != "tmx":
        raise FormatError(f"not a TMX file: the root element is <{local_name(root.tag)}>, "
                          "not <tmx>", path=path, line=line_of(root))
    body = next((c for c in root if local_name(c.tag) == "body"), None)
    if body is None:
        raise FormatError("malformed TMX: no <body> element", path=path, line=line_of(root))
    notices = _Notices()
    units: list[BilingualUnit] = []
    for tu in body.iter():
        if local_name(tu.tag) != "tu":
            continue
        sides: dict[str, tuple[str, str]] = {}
        props: dict[str, str] = {}
        notes: list[str] = []
        for child in tu:
            name = local_name(child.tag)
            if name == "prop" and child.get("type"):
                props[child.get("type", "")] = (child.text or "").strip()
            elif name == "note":
                notes.append((child.text or "").strip())
            elif name == "tuv":
                seg = next((c for c in child if local_name(c.tag) == "seg"), None)
                if seg is None:
                    raise FormatError("malformed TMX: a <tuv> has no <seg>", path=path,
                                      line=line_of(child))
                text = inline_text(seg, _CODE_TAGS).strip()
                tag = child.get(XML_LANG) or child.get("lang")
                line = line_of(child)
                if not tag:
                    tag = _language_of_text(path, text, line)
                    notices.add("untagged", line, tag)
                family = lang_family(tag)
                if family is None:
                    notices.add("other", line, tag)
                elif family in sides:
                    notices.add(f"second-{family}", line, tag)
                else:
                    sides[family] = (tag, text)
        zh_lang, zh = sides.get("zh", (None, ""))
        en_lang, en = sides.get("en", (None, ""))
        if not zh and not en:
            continue
        for key in ("tuid", "creationdate", "changedate", "creationid", "changeid"):
            if tu.get(key) and key != "tuid":
                props.setdefault(key, tu.get(key, ""))
        units.append(BilingualUnit(zh=zh, en=en, zh_lang=zh_lang, en_lang=en_lang,
                                   unit_id=tu.get("tuid"), line=line_of(tu), props=props,
                                   notes=notes))
    if warnings is not None:
        warnings.extend(notices.messages(path))
    return units


def _language_of_text(path: Path, text: str, line: int | None) -> str:
    """``zh`` or ``en`` for the text of a ``<tuv>`` that names no language; refuses text
    that is neither clearly Chinese nor clearly English (the header's ``srclang`` is not
    used: it names the source side, and taking it for both sides dropped one of them)."""
    lang = lang_of_share(han_share(text))
    if lang not in ("zh", "en"):
        described = {"mixed": "mixes Chinese and English",
                     "unknown": "has no Chinese or Latin letters"}[lang] if text else "is empty"
        raise FormatError(
            f"a <tuv> has no xml:lang (or lang) attribute, and its text {described}, so its "
            "language cannot be told", path=path, line=line,
            hint='add xml:lang="zh-CN" or xml:lang="en" to the <tuv>')
    return lang


class _Notices:
    """Variants left out or languages guessed, counted by kind with the first line of each."""

    _TEXT = {
        "untagged": "<tuv> element(s) without xml:lang took their language from their text "
                    "({tags})",
        "second-zh": "unit(s) hold a second Chinese variant ({tags}); the first Chinese "
                     "variant of each was kept, the others left out",
        "second-en": "unit(s) hold a second English variant ({tags}); the first English "
                     "variant of each was kept, the others left out",
        "other": "variant(s) in languages other than Chinese and English ({tags}) were left "
                 "out",
    }

    def __init__(self) -> None:
        self.seen: dict[str, tuple[int, int | None, set[str]]] = {}

    def add(self, kind: str, line: int | None, tag: str) -> None:
        count, first, tags = self.seen.get(kind, (0, line, set()))
        self.seen[kind] = (count + 1, first, tags | {tag})

    def messages(self, path: Path) -> list[str]:
        out: list[str] = []
        for kind, text in self._TEXT.items():
            if kind in self.seen:
                count, first, tags = self.seen[kind]
                out.append(f"{path}: {count} " + text.format(tags=", ".join(sorted(tags)))
                           + (f", first at line {first}" if first is not None else ""))
        return out
