"""TBX (TermBase eXchange, ISO 30042) glossary files: read v3 and v2, write either.

* TBX v3 / TBX-Basic: ``tbx`` (namespace ``urn:iso:std:iso:30042:ed-2``) › ``text`` › ``body`` ›
  ``conceptEntry`` › ``langSec xml:lang`` › ``termSec`` › ``term``.
* TBX v2 (``martif``): ``termEntry`` › ``langSet`` › ``tig`` › ``term`` (or ``ntig`` ›
  ``termGrp`` › ``term``).

Status: ``termNote type="administrativeStatus"`` (v2 also ``normativeAuthorization``):
``preferredTerm-admn-sts`` → preferred, ``admittedTerm-admn-sts`` → admitted,
``deprecatedTerm-admn-sts`` / ``notRecommendedTerm-admn-sts`` → deprecated,
``supersededTerm-admn-sts`` / ``obsoleteTerm-admn-sts`` → superseded. TBX has no "forbidden"
status; we write forbidden renderings as deprecated with ``termNote type="usageNote"``
``forbidden`` and read that back. Without a status the first English term is preferred and the
others admitted. Concept level: ``descrip type="subjectField"`` → domain, ``note`` → note,
``admin type="source"`` → source.

Chinese terms are written in two language sections: ``zh-Hans`` (the stored Simplified terms)
and ``zh-Hant`` (stored Traditional terms and the OpenCC ``s2t``/``s2tw``/``s2hk`` forms), so
a CAT tool working on Traditional text finds the concept too. On reading, every ``zh…``
section contributes terms, Simplified ones first; forms that normalise to the same Simplified
text are one term (so our own files round-trip to the same concept).

XML is parsed with defusedxml (no entity expansion, no external resources) through SAX, so every
element knows its line and errors name ``file:line``.
"""

from __future__ import annotations

import xml.sax
import xml.sax.handler
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import defusedxml.sax
from defusedxml.common import DefusedXmlException

from corpus.atomic import atomic_write_text
from corpus.errors import FormatError
from corpus.export.xmltext import strip_unencodable, xml_text
from corpus.inputs import read_input_bytes
from corpus.language import normalise_zh
from glossary.termbase import (
    Concept,
    GlossaryError,
    SourcedConcept,
    is_traditional_tag,
    make_concept,
    traditional_variants,
)

TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"

_STATUS_FROM_TBX = {
    "preferredterm-admn-sts": "preferred", "preferredterm": "preferred",
    "standardizedterm-admn-sts": "preferred", "standardizedterm": "preferred",
    "admittedterm-admn-sts": "admitted", "admittedterm": "admitted",
    "deprecatedterm-admn-sts": "deprecated", "deprecatedterm": "deprecated",
    "notrecommendedterm-admn-sts": "deprecated",
    "supersededterm-admn-sts": "superseded", "supersededterm": "superseded",
    "obsoleteterm-admn-sts": "superseded",
}
_STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts", "superseded": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


@dataclass
class Node:
    """A parsed XML element: local name, attributes, text, children and its source line."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find_all(self, *tags: str) -> list[Node]:
        """Direct children with one of these local names."""
        return [c for c in self.children if c.tag in tags]

    def iter(self, tag: str) -> Iterable[Node]:
        """Descendants (and self) with this local name, in document order."""
        if self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def full_text(self) -> str:
        """Text content including that of inline children (``hi`` inside ``term``)."""
        return self.text + "".join(c.full_text() + c.tail for c in self.children)

    tail: str = ""


class _TreeBuilder(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: Node | None = None
        self.stack: list[Node] = []
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self.locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        line = (self.locator.getLineNumber() or 0) if self.locator else 0
        node = Node(name.rsplit(":", 1)[-1], {k: v for k, v in attrs.items()}, line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if not self.stack:
            return
        parent = self.stack[-1]
        if parent.children:
            parent.children[-1].tail += content
        else:
            parent.text += content


def parse_xml(data: bytes, path: str) -> Node:
    """Parse XML safely into :class:`Node` s; :class:`FormatError` with the line on failure."""
    builder = _TreeBuilder()
    try:
        defusedxml.sax.parseString(data, builder)
    except xml.sax.SAXParseException as exc:
        raise FormatError(f"malformed XML: {exc.getMessage()}", path=path,
                          line=exc.getLineNumber(), hint="fix the XML") from exc
    except DefusedXmlException as exc:
        line = builder.locator.getLineNumber() if builder.locator else None
        raise FormatError(f"refused unsafe XML ({type(exc).__name__})", path=path, line=line,
                          hint="glossary files may not declare entities or load external "
                          "resources") from exc
    if builder.root is None:
        raise FormatError("empty XML document", path=path)
    return builder.root


def _lang(node: Node) -> str:
    return (node.attrs.get("xml:lang") or node.attrs.get("lang") or "").lower()


def _term_groups(lang_node: Node) -> list[Node]:
    """The nodes holding one term and its notes: termSec (v3), tig or ntig/termGrp (v2)."""
    groups: list[Node] = []
    for child in lang_node.children:
        if child.tag in ("termSec", "tig"):
            groups.append(child)
        elif child.tag == "ntig":
            groups.extend(child.find_all("termGrp") or [child])
    return groups


def _term_status(group: Node) -> tuple[str | None, bool]:
    status: str | None = None
    forbidden = False
    for note in group.iter("termNote"):
        kind = note.attrs.get("type", "")
        value = note.full_text().strip()
        if kind in ("administrativeStatus", "normativeAuthorization"):
            status = _STATUS_FROM_TBX.get(value.lower(), status)
        elif kind == "usageNote" and value.lower() == "forbidden":
            forbidden = True
    return status, forbidden


def read_tbx(path: str | Path) -> list[SourcedConcept]:
    """Read a TBX v3 or v2 file into concepts with their source lines."""
    path = Path(path)
    data = read_input_bytes(path, FormatError)
    return parse_tbx(data, str(path))


def parse_tbx(data: bytes, path: str) -> list[SourcedConcept]:
    """Parse TBX bytes (see the module docstring for the mapping)."""
    root = parse_xml(data, path)
    if root.tag not in ("tbx", "martif"):
        raise FormatError(f"the root element is <{root.tag}>, not <tbx> or <martif>", path=path,
                          line=root.line, hint="is this a TBX file?")
    entries = [n for tag in ("conceptEntry", "termEntry") for n in root.iter(tag)]
    entries.sort(key=lambda n: n.line)
    out: list[SourcedConcept] = []
    for entry in entries:
        zh: list[tuple[bool, str]] = []
        en: dict[str, list[str]] = {}
        untagged_en: list[str] = []
        for lang_node in entry.find_all("langSec", "langSet"):
            lang = _lang(lang_node)
            for group in _term_groups(lang_node):
                term_nodes = list(group.iter("term"))
                if not term_nodes:
                    raise FormatError(f"<{group.tag}> without a <term>", path=path,
                                      line=group.line)
                text = " ".join(term_nodes[0].full_text().split())
                if not text:
                    raise FormatError("empty <term>", path=path, line=term_nodes[0].line)
                status, forbidden = _term_status(group)
                if lang.startswith("zh"):
                    zh.append((is_traditional_tag(lang), text))
                elif lang.startswith("en"):
                    if forbidden:
                        en.setdefault("forbidden", []).append(text)
                    elif status is None:
                        untagged_en.append(text)
                    else:
                        en.setdefault(status, []).append(text)
        if not zh and not en and not untagged_en:
            continue
        if not zh or not (en or untagged_en):
            missing = "Chinese (xml:lang=\"zh…\")" if not zh else "English (xml:lang=\"en…\")"
            raise FormatError(f"<{entry.tag}> has no {missing} term", path=path, line=entry.line,
                              hint="each entry needs a Chinese and an English term")
        preferred = en.get("preferred", [])
        if not preferred:
            # No preferred English stated: the first unmarked (else admitted) term takes the role.
            pool = untagged_en or en.get("admitted", [])
            if not pool:
                raise FormatError(f"<{entry.tag}> has no preferred or admitted English term",
                                  path=path, line=entry.line)
            preferred = [pool[0]]
            if pool is untagged_en:
                untagged_en = untagged_en[1:]
            else:
                en["admitted"] = en["admitted"][1:]
        admitted = preferred[1:] + en.get("admitted", []) + untagged_en
        domain = next((d.full_text().strip() for d in entry.find_all("descrip")
                       if d.attrs.get("type") == "subjectField"), None)
        note = " ".join(n.full_text().strip() for n in entry.find_all("note")) or None
        source = next((a.full_text().strip() for a in entry.find_all("admin")
                       if a.attrs.get("type") == "source"), None)
        try:
            # Simplified (or unmarked) terms first: the first Chinese term is the preferred
            # one, and a zh-Hant section we wrote only repeats OpenCC forms of the zh-Hans one.
            zh_terms = [text for _, text in sorted(zh, key=lambda item: item[0])]
            concept = make_concept(zh_terms, preferred[0], admitted=admitted,
                                   deprecated=en.get("deprecated", []),
                                   superseded=en.get("superseded", []),
                                   forbidden=en.get("forbidden", []),
                                   domain=domain, note=note, source=source)
        except GlossaryError as exc:
            raise FormatError(exc.msg, path=path, line=entry.line, hint=exc.hint) from exc
        out.append(SourcedConcept(concept, path, entry.line))
    return out


def escape(text: str) -> str:
    """Element content: characters XML 1.0 forbids removed (entries stored before the import
    refused them), markup characters escaped, so the file always parses."""
    return xml_text(strip_unencodable(text))


def _term_xml(group_tag: str, text: str, status: str, indent: str) -> str:
    lines = [f"{indent}<{group_tag}>", f"{indent}  <term>{escape(text)}</term>",
             f'{indent}  <termNote type="administrativeStatus">{_STATUS_TO_TBX[status]}'
             "</termNote>"]
    if status == "forbidden":
        lines.append(f'{indent}  <termNote type="usageNote">forbidden</termNote>')
    lines.append(f"{indent}</{group_tag}>")
    return "\n".join(lines)


def _chinese_sections(concept: Concept) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Chinese terms by script: ``zh-Hans`` (stored Simplified or script-neutral terms)
    and ``zh-Hant`` (stored Traditional terms, then the OpenCC Traditional forms), each a list
    of (text, status) with the first term of each script preferred. A concept stored only in
    Traditional has no ``zh-Hans`` section (deriving one would change its first term when the
    file is read back)."""
    simplified = [t.text for t in concept.zh if normalise_zh(t.text) == t.text]
    traditional = [t.text for t in concept.zh if normalise_zh(t.text) != t.text]
    traditional += [f for f in traditional_variants(concept) if f not in traditional]
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for lang, texts in (("zh-Hans", simplified), ("zh-Hant", traditional)):
        if texts:
            sections.append((lang, [(text, "preferred" if i == 0 else "admitted")
                                    for i, text in enumerate(texts)]))
    return sections


def tbx_text(concepts: Iterable[Concept], signature: str, version: int = 3) -> str:
    """The TBX document (v3 TBX-Basic by default, v2 martif with ``version=2``)."""
    if version == 3:
        root_open = (f'<tbx type="TBX-Basic" style="dca" xml:lang="en" '
                     f'xmlns="{TBX3_NAMESPACE}">')
        root_close, header = "</tbx>", "tbxHeader"
        entry_tag, lang_tag, group_tag = "conceptEntry", "langSec", "termSec"
    elif version == 2:
        root_open, root_close, header = '<martif type="TBX-Basic" xml:lang="en">', "</martif>", \
            "martifHeader"
        entry_tag, lang_tag, group_tag = "termEntry", "langSet", "tig"
    else:
        raise GlossaryError(f"unknown TBX version {version}", hint="use 2 or 3")
    out = ['<?xml version="1.0" encoding="UTF-8"?>', root_open, f"  <{header}>",
           "    <fileDesc>", "      <sourceDesc>",
           f"        <p>{escape(signature)}</p>", "      </sourceDesc>", "    </fileDesc>",
           f"  </{header}>", "  <text>", "    <body>"]
    for number, concept in enumerate(concepts, start=1):
        ident = f"c{concept.id if concept.id is not None else number}"
        out.append(f"      <{entry_tag} id={quoteattr(escape(ident))}>")
        if concept.domain:
            out.append(f'        <descrip type="subjectField">{escape(concept.domain)}</descrip>')
        if concept.source:
            out.append(f'        <admin type="source">{escape(concept.source)}</admin>')
        if concept.note:
            out.append(f"        <note>{escape(concept.note)}</note>")
        sections = _chinese_sections(concept)
        english = [(t.text, t.status) for t in concept.en]
        # Bilingual readers (translate-toolkit, Weblate) take the first two language
        # sections as source and target: Simplified, English, then Traditional.
        for lang, terms in [sections[0], ("en", english), *sections[1:]]:
            out.append(f'        <{lang_tag} xml:lang="{lang}">')
            out += [_term_xml(group_tag, text, status, "          ") for text, status in terms]
            out.append(f"        </{lang_tag}>")
        out.append(f"      </{entry_tag}>")
    out += ["    </body>", "  </text>", root_close, ""]
    return "\n".join(out)


def write_tbx(path: str | Path, concepts: Iterable[Concept], signature: str,
              version: int = 3) -> int:
    """Write concepts atomically as TBX; returns how many were written."""
    concepts = list(concepts)
    atomic_write_text(path, tbx_text(concepts, signature, version))
    return len(concepts)
