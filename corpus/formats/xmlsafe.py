"""Safe XML parsing for TMX and XLIFF: defusedxml forbids entity declarations (so no
"billion laughs" expansion bombs) and external entities or DTDs fetched from elsewhere.

Elements get a ``sourceline`` attribute (1-based line of their start tag), so errors about a
translation unit can name its line, as lxml would.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser

from corpus.errors import FormatError
from corpus.inputs import read_input_bytes


class LineElement(ET.Element):
    """An element that knows the line of its start tag."""

    sourceline: int | None = None


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that records each element's start line from the expat parser."""

    def __init__(self) -> None:
        super().__init__(element_factory=LineElement)
        self.parser: ET.XMLParser[ET.Element] | None = None

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        element = super().start(tag, attrs)
        # Always a LineElement (the element_factory above); the check tells mypy so.
        if self.parser is not None and isinstance(element, LineElement):
            element.sourceline = self.parser.parser.CurrentLineNumber
        return element


def parse_xml(path: Path, kind: str) -> ET.Element:
    """Parse ``path`` safely and return its root; ``kind`` ("TMX", "XLIFF") goes in messages."""
    data = read_input_bytes(path)
    builder = _LineTreeBuilder()
    # defusedxml ships no types; its parser is a subclass of the standard library's.
    parser: ET.XMLParser[ET.Element] = DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        return parser.close()
    except EntitiesForbidden as exc:
        external = getattr(exc, "sysid", None) or getattr(exc, "pubid", None)
        what = (f"an external XML entity ('{exc.name}' → {external})" if external
                else f"an XML entity ('{exc.name}')")
        raise FormatError(
            f"refusing to read this {kind} file: it declares {what}; entities are refused "
            "because they can expand without limit or read other files",
            path=path, line=_line(parser),
            hint="remove the <!DOCTYPE …> declaration with its entities") from exc
    except (ExternalReferenceForbidden, DTDForbidden) as exc:
        raise FormatError(
            f"refusing to read this {kind} file: it refers to an external entity or DTD "
            f"({getattr(exc, 'sysid', None) or exc})", path=path, line=_line(parser),
            hint="remove the external reference from the <!DOCTYPE …> declaration") from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise FormatError(f"malformed {kind} (not well-formed XML: "
                          f"{str(exc).split(':')[0]}, column {column + 1})",
                          path=path, line=line,
                          hint=f"fix the XML or export the {kind} again") from exc


_XML_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_encoding(path: Path) -> str:
    """The encoding an XML file declares (BOM, then the XML declaration; default UTF-8)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    declared = _XML_DECLARED.match(head)
    return declared.group(1).decode("ascii").lower() if declared else "utf-8"


def _line(parser: ET.XMLParser[ET.Element]) -> int | None:
    try:
        return int(parser.parser.CurrentLineNumber)
    except AttributeError:
        return None


def local_name(tag: str) -> str:
    """The tag without its namespace: ``{urn:…}trans-unit`` → ``trans-unit``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def line_of(element: ET.Element) -> int | None:
    """1-based line of an element's start tag (as recorded by :func:`parse_xml`)."""
    return getattr(element, "sourceline", None)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def inline_text(element: ET.Element, skip: frozenset[str], keep_tail: bool = False) -> str:
    """Text of an element with inline markup removed; children named in ``skip`` (native
    code placeholders such as ``bpt``/``ph``) contribute no text, but the text after them does."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local_name(child.tag)
        if name == "cp":  # XLIFF 2 code point: <cp hex="0009"/>
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        elif name not in skip:
            parts.append(inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)
