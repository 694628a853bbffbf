"""Word documents (.docx): paragraphs in body order, table cells included, with python-docx.

A .docx is a zip archive, so a small file can unpack to gigabytes ("zip bomb") or hold a
million empty paragraphs. Before python-docx (lxml) sees it, the archive is checked against
two limits, each of which the user can raise through an environment variable:

- :data:`MAX_UNPACKED_MB` — the size of the unpacked archive (declared sizes, and the bytes
  of ``word/document.xml`` as they are actually read);
- :data:`MAX_ELEMENTS` — the number of XML elements of ``word/document.xml`` (a dense
  1,000-page book has about 300,000).

The document part is scanned with a streaming parser that stops at the first limit crossed,
so a bomb is refused in about a second, not after minutes of parsing.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from corpus.errors import IngestError
from corpus.formats.units import SourceLine, SourceText
from corpus.inputs import require_file

MAX_UNPACKED_MB = 200
"""Default limit on the unpacked size of a .docx, in megabytes (10⁶ bytes)."""
MAX_ELEMENTS = 500_000
"""Default limit on the number of XML elements in ``word/document.xml``."""
UNPACKED_ENV = "BITEXTUAL_DOCX_MAX_MB"
ELEMENTS_ENV = "BITEXTUAL_DOCX_MAX_ELEMENTS"
_DOCUMENT_PART = "word/document.xml"
_CHUNK = 1 << 20


def _limit(env: str, default: int) -> int:
    raw = os.environ.get(env)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise IngestError(f"{env}={raw!r} is not a whole number",
                          hint=f"set {env} to a number such as {default}") from None
    if value <= 0:
        raise IngestError(f"{env}={raw!r} must be positive", hint=f"the default is {default}")
    return value


class _TooLarge(Exception):
    """Raised from inside the expat scan when a limit is crossed."""


def check_docx_limits(path: Path) -> None:
    """Refuse a .docx whose unpacked size or element count is over the limits (see the
    module docstring), naming the limit and the variable that raises it."""
    max_bytes = _limit(UNPACKED_ENV, MAX_UNPACKED_MB) * 1_000_000
    max_elements = _limit(ELEMENTS_ENV, MAX_ELEMENTS)
    size_hint = (f"if the file is genuine, raise the limit, e.g. {UNPACKED_ENV}="
                 f"{max_bytes // 1_000_000 * 4} bitextual …")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"not a readable .docx file ({exc})", path=path,
                          hint="open it in Word or LibreOffice and save it as .docx again"
                          ) from exc
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > max_bytes:
            raise IngestError(
                f"the .docx unpacks to {declared / 1e6:,.0f} MB, over the limit of "
                f"{max_bytes / 1e6:,.0f} MB (a zip bomb, or a very large document)",
                path=path, hint=size_hint)
        if _DOCUMENT_PART not in archive.namelist():
            return  # python-docx says what is wrong with it
        parser = expat.ParserCreate()
        elements = 0

        def start(_name: str, _attrs: object) -> None:
            nonlocal elements
            elements += 1
            if elements > max_elements:
                raise _TooLarge

        def entity(*_args: object) -> None:
            raise IngestError("the .docx declares an XML entity; Word never writes one and "
                              "entities can expand without limit", path=path,
                              hint="open it in Word or LibreOffice and save it again")

        parser.StartElementHandler = start
        parser.EntityDeclHandler = entity
        read = 0
        try:
            with archive.open(_DOCUMENT_PART) as part:
                while chunk := part.read(_CHUNK):
                    read += len(chunk)
                    if read > max_bytes:
                        raise IngestError(
                            f"the .docx text part unpacks to more than the limit of "
                            f"{max_bytes / 1e6:,.0f} MB (its declared size was smaller)",
                            path=path, hint=size_hint)
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _TooLarge:
            raise IngestError(
                f"the .docx holds more than {max_elements:,} XML elements (the limit; a "
                "dense 1,000-page book has about 300,000)", path=path,
                hint=f"if the file is genuine, raise the limit, e.g. {ELEMENTS_ENV}="
                     f"{max_elements * 4} bitextual …") from None
        except expat.ExpatError as exc:
            raise IngestError(f"not a readable .docx file (its text part is not well-formed "
                              f"XML: {exc})", path=path,
                              hint="open it in Word or LibreOffice and save it as .docx again"
                              ) from exc
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error,
                NotImplementedError) as exc:
            raise IngestError(f"not a readable .docx file ({exc})", path=path,
                              hint="open it in Word or LibreOffice and save it as .docx again"
                              ) from exc


def read_docx(path: Path) -> SourceText:
    """Read a .docx file; one line per paragraph (``line`` = paragraph number, 1-based)."""
    import docx  # python-docx pulls in lxml; only .docx files need it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    require_file(path)
    check_docx_limits(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError,
            zlib.error, NotImplementedError, etree.LxmlError) as exc:
        # zlib.error: a damaged deflate stream; NotImplementedError: a compression method
        # zipfile does not know
        raise IngestError(f"not a readable .docx file ({exc})", path=path,
                          hint="open it in Word or LibreOffice and save it as .docx again"
                          ) from exc
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc}", path=path) from exc
    texts: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
    lines: list[SourceLine] = []
    for number, text in enumerate(texts, start=1):
        # A paragraph may hold soft line breaks; they stay inside its one line, as spaces
        # would lose the break and newlines would shift every later paragraph number.
        lines.append(SourceLine(text=text.replace("\n", " ").replace("\r", " "), line=number))
    return SourceText(lines=lines, format="docx", encoding=None)
