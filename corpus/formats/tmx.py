"""TMX translation memories (1.4b with ``xml:lang``, 1.1 with ``lang``) → bilingual units."""

from __future__ import annotations

from pathlib import Path

from corpus.errors import FormatError
from corpus.formats.units import BilingualUnit
from corpus.formats.xmlsafe import XML_LANG, inline_text, line_of, local_name, parse_xml
from corpus.language import lang_family

# Native-code placeholders: their content is the original file's markup, not text.
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})


def read_tmx(path: str | Path) -> list[BilingualUnit]:
    """Units of a TMX file with a Chinese and an English variant (either side may be empty).

    Variants in other languages are ignored; a unit with neither Chinese nor English text is
    skipped. Raises ``FormatError`` (with the line) for malformed or unsafe XML.
    """
    path = Path(path)
    root = parse_xml(path, "TMX")
    if local_name(root.tag) != "tmx":
        raise FormatError(f"not a TMX file: the root element is <{local_name(root.tag)}>, "
                          "not <tmx>", path=path, line=line_of(root))
    body = next((c for c in root if local_name(c.tag) == "body"), None)
    if body is None:
        raise FormatError("malformed TMX: no <body> element", path=path, line=line_of(root))
    header = next((c for c in root if local_name(c.tag) == "header"), None)
    default_lang = header.get("srclang") if header is not None else None
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
                tag = child.get(XML_LANG) or child.get("lang") or default_lang
                if not tag:
                    raise FormatError("malformed TMX: a <tuv> has no xml:lang (or lang) "
                                      "attribute", path=path, line=line_of(child))
                family = lang_family(tag)
                seg = next((c for c in child if local_name(c.tag) == "seg"), None)
                if seg is None:
                    raise FormatError("malformed TMX: a <tuv> has no <seg>", path=path,
                                      line=line_of(child))
                if family and family not in sides:
                    sides[family] = (tag, inline_text(seg, _CODE_TAGS).strip())
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
    return units
