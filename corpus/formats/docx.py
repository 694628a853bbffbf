"""Word documents (.docx): paragraphs in body order, table cells included, with python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

from corpus.errors import IngestError
from corpus.formats.units import SourceLine, SourceText


def read_docx(path: Path) -> SourceText:
    """Read a .docx file; one line per paragraph (``line`` = paragraph number, 1-based)."""
    import docx  # python-docx pulls in lxml; only .docx files need it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
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
