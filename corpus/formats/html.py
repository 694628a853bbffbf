"""HTML documents: main-content extraction with trafilatura, plain text as the fallback.

trafilatura drops navigation, menus, footers and comment sections. When it finds no main
content (very short pages, unusual markup) the fallback keeps the text of the ``<body>``
block by block, without scripts and styles, so nothing is refused that has text in it;
the boilerplate rules then see everything.
"""

from __future__ import annotations

import re
from pathlib import Path

from corpus.errors import IngestError
from corpus.formats.encoding import DecodeFailure, decode_bytes
from corpus.formats.units import SourceLine, SourceText
from corpus.inputs import read_input_bytes

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th",
               "blockquote", "pre", "section", "article", "figcaption", "dd", "dt", "title"}


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode HTML bytes: a declared ``<meta charset>`` first, then the text-file detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    try:
        return decode_bytes(data)
    except DecodeFailure as exc:
        raise IngestError(f"cannot decode the HTML: {exc.reason}", path=path,
                          offset=exc.offset, hint="save it as UTF-8 and try again") from exc


def extract_main_text(html: str) -> str:
    """Main text of a page (trafilatura), or the body text if trafilatura finds none."""
    import trafilatura  # heavy import (lxml, justext, courlan); only HTML files need it

    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               include_images=False, include_links=False,
                               favor_precision=False, deduplicate=False)
    if text and text.strip():
        return text
    return body_text(html)


def body_text(html: str) -> str:
    """Text of the page's body, one line per block element, without scripts and styles."""
    import lxml.html  # ships with trafilatura

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    # Navigation, footers and sidebars are never the article: trafilatura drops them too.
    for bad in root.xpath("//script|//style|//noscript|//template|//nav|//footer|//aside"):
        bad.drop_tree()
    pieces: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _BLOCK_TAGS:
            pieces.append("\n")
        if element.text:
            pieces.append(element.text)
        if element.tail:
            pieces.append(element.tail)
    lines = [" ".join(line.split()) for line in "".join(pieces).splitlines()]
    return "\n".join(line for line in lines if line)


def read_html(path: Path) -> SourceText:
    """Read an .html/.htm file; lines are those of the extracted text."""
    data = read_input_bytes(path)
    if b"\x00" in data:
        # NUL bytes: UTF-16/32 with or without a BOM, or binary data; a <meta charset> cannot
        # tell which, the byte patterns can.
        try:
            html, encoding = decode_bytes(data)
        except DecodeFailure as exc:
            raise IngestError(f"cannot decode the HTML: {exc.reason}", path=path,
                              offset=exc.offset,
                              hint="only text documents can be imported") from exc
    else:
        html, encoding = decode_html(data, path)
    text = extract_main_text(html)
    lines = [SourceLine(text=line, line=number)
             for number, line in enumerate(text.splitlines(), start=1)]
    return SourceText(lines=lines, format="html", encoding=encoding)
