"""XLIFF files (1.2 ``trans-unit`` source/target; 2.x ``unit``/``segment``) → bilingual units."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from corpus.errors import FormatError
from corpus.formats.units import BilingualUnit
from corpus.formats.xmlsafe import XML_LANG, inline_text, line_of, local_name, parse_xml
from corpus.language import lang_family

# Inline codes whose content is native markup (1.2: ph, bpt, ept, it, x, bx, ex;
# 2.x: ph, sc, ec are empty anyway). g, mrk, pc carry translatable text and are kept.
_CODE_TAGS = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sc", "ec", "sub"})


def _pick(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local_name(c.tag) == name), None)


def _sides(path: Path, src_lang: str | None, trg_lang: str | None, source: str, target: str,
           line: int | None) -> tuple[str, str, str | None, str | None]:
    src = lang_family(src_lang)
    trg = lang_family(trg_lang)
    if {src, trg} != {"zh", "en"}:
        raise FormatError(
            f"this XLIFF is not Chinese–English (source language {src_lang or 'missing'}, "
            f"target language {trg_lang or 'missing'})", path=path, line=line,
            hint="bitextual imports zh↔en files; set source-language/target-language")
    if src == "zh":
        return source, target, src_lang, trg_lang
    return target, source, trg_lang, src_lang


def read_xliff(path: str | Path, warnings: list[str] | None = None) -> list[BilingualUnit]:
    """Units of an XLIFF 1.2 or 2.x file; 2.x units with several segments give one unit each.

    Raises ``FormatError`` (with the line) for malformed or unsafe XML, for files whose
    languages are not Chinese and English, and for a file with no ``<target>`` at all (an
    untranslated file: nothing to pair). Units without a target and unit ids used twice are
    imported (the target side empty; every unit kept, in order), and ``warnings`` (when
    given) receives a line saying so, with the first line where it happens.
    """
    path = Path(path)
    root = parse_xml(path, "XLIFF")
    if local_name(root.tag) != "xliff":
        raise FormatError(f"not an XLIFF file: the root element is <{local_name(root.tag)}>, "
                          "not <xliff>", path=path, line=line_of(root))
    version = root.get("version", "1.2")
    units: list[BilingualUnit] = []
    untranslated: list[int | None] = []  # lines of units with a source and no target text
    for file_el in (c for c in root if local_name(c.tag) == "file"):
        if version.startswith("1"):
            src_lang = file_el.get("source-language")
            trg_lang = file_el.get("target-language")
            for tu in file_el.iter():
                if local_name(tu.tag) != "trans-unit":
                    continue
                source_el = _pick(tu, "source")
                if source_el is None:
                    raise FormatError("malformed XLIFF: a <trans-unit> has no <source>",
                                      path=path, line=line_of(tu))
                target_el = _pick(tu, "target")
                source = inline_text(source_el, _CODE_TAGS).strip()
                target = inline_text(target_el, _CODE_TAGS).strip() if target_el is not None \
                    else ""
                src_l = source_el.get(XML_LANG) or src_lang
                trg_l = (target_el.get(XML_LANG) if target_el is not None else None) or trg_lang
                zh, en, zh_lang, en_lang = _sides(path, src_l, trg_l, source, target,
                                                  line_of(tu))
                props = {k: v for k, v in tu.attrib.items() if k in ("resname", "approved")}
                if target_el is not None and target_el.get("state"):
                    props["state"] = target_el.get("state", "")
                notes = [(n.text or "").strip() for n in tu if local_name(n.tag) == "note"]
                if source and not target:
                    untranslated.append(line_of(tu))
                if zh or en:
                    units.append(BilingualUnit(zh=zh, en=en, zh_lang=zh_lang, en_lang=en_lang,
                                               unit_id=tu.get("id"), line=line_of(tu),
                                               props=props, notes=notes))
        else:
            src_lang = root.get("srcLang")
            trg_lang = root.get("trgLang")
            for unit in file_el.iter():
                if local_name(unit.tag) != "unit":
                    continue
                notes_el = _pick(unit, "notes")
                notes = [(n.text or "").strip() for n in notes_el] if notes_el is not None \
                    else []
                segments = [c for c in unit if local_name(c.tag) == "segment"]
                for index, segment in enumerate(segments):
                    source_el = _pick(segment, "source")
                    if source_el is None:
                        raise FormatError("malformed XLIFF: a <segment> has no <source>",
                                          path=path, line=line_of(segment))
                    target_el = _pick(segment, "target")
                    source = inline_text(source_el, _CODE_TAGS).strip()
                    target = inline_text(target_el, _CODE_TAGS).strip() \
                        if target_el is not None else ""
                    zh, en, zh_lang, en_lang = _sides(path, src_lang, trg_lang, source, target,
                                                      line_of(segment))
                    unit_id = unit.get("id")
                    if len(segments) > 1:
                        unit_id = f"{unit_id}/{segment.get('id') or index + 1}"
                    props = {"state": segment.get("state", "")} if segment.get("state") else {}
                    if source and not target:
                        untranslated.append(line_of(segment))
                    if zh or en:
                        units.append(BilingualUnit(zh=zh, en=en, zh_lang=zh_lang,
                                                   en_lang=en_lang, unit_id=unit_id,
                                                   line=line_of(segment), props=props,
                                                   notes=notes))
    _check_units(path, units, untranslated, warnings)
    return units


def _check_units(path: Path, units: list[BilingualUnit], untranslated: list[int | None],
                 warnings: list[str] | None) -> None:
    """Refuse a file without any translation; report units without one and repeated ids."""
    if units and len(untranslated) == len(units):
        raise FormatError(
            f"this XLIFF holds no translation: none of its {len(units)} unit(s) has a "
            "non-empty <target>", path=path, line=units[0].line,
            hint="translate it first, or import the source text as a document of its own "
                 "and align it with 'bitextual align'")
    if warnings is None:
        return
    if untranslated:
        warnings.append(f"{path}: {len(untranslated)} of {len(units)} unit(s) have no "
                        f"target text, first at line {untranslated[0]}; they were "
                        "imported with that side empty (they align with nothing)")
    first_line: dict[str, int | None] = {}
    repeated: dict[str, list[int | None]] = {}
    for unit in units:
        if unit.unit_id is None:
            continue
        if unit.unit_id in first_line:
            repeated.setdefault(unit.unit_id, [first_line[unit.unit_id]]).append(unit.line)
        else:
            first_line[unit.unit_id] = unit.line
    if repeated:
        ident, lines = next(iter(repeated.items()))
        warnings.append(f"{path}: {len(repeated)} unit id(s) are used more than once (id "
                        f"'{ident}' at lines {', '.join(str(n) for n in lines)}); every "
                        "unit was imported, in file order")
