""".docx bombs are refused fast, naming the limit and how to raise it (issue 12, item 6)."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.errors import IngestError
from corpus.formats.docx import ELEMENTS_ENV, UNPACKED_ENV, read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
TAIL = "</w:body></w:document>"


def make_docx(path: Path, body: Iterator[str]) -> Path:
    """A .docx whose document part is ``body``, written in pieces (never held in memory),
    the other parts taken from a real document python-docx made."""
    import docx

    template = path.with_suffix(".template.docx")
    docx.Document().save(str(template))
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(HEAD.encode())
            for piece in body:
                part.write(piece.encode())
            part.write(TAIL.encode())
    template.unlink()
    return path


def paragraphs(texts: list[str]) -> Iterator[str]:
    for text in texts:
        yield f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_an_ordinary_docx_still_reads(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "ok.docx", paragraphs(["第一段。", "Second paragraph."]))
    assert [line.text for line in read_docx(path).lines] == ["第一段。", "Second paragraph."]


def test_a_million_empty_paragraphs_are_refused_fast(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "many.docx", iter(["<w:p/>" * 100_000] * 10))
    assert path.stat().st_size < 300_000
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        read_docx(path)
    assert time.monotonic() - started < 10  # measured about 0.3 s; minutes before the limit
    assert "more than 500,000 XML elements (the limit" in caught.value.msg
    assert caught.value.hint is not None and f"{ELEMENTS_ENV}=2000000" in caught.value.hint


def test_the_element_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_docx(tmp_path / "some.docx", iter(["<w:p/>" * 30]))
    monkeypatch.setenv(ELEMENTS_ENV, "20")
    with pytest.raises(IngestError, match="more than 20 XML elements"):
        read_docx(path)
    monkeypatch.setenv(ELEMENTS_ENV, "100")
    assert len(read_docx(path).lines) == 30


def huge_text(megabytes: int) -> Iterator[str]:
    yield "<w:p><w:r><w:t>"
    chunk = "a" * 1_000_000
    for _ in range(megabytes):
        yield chunk
    yield "</w:t></w:r></w:p>"


def test_a_400_mb_text_node_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "big.docx", huge_text(400))
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        read_docx(path)
    assert time.monotonic() - started < 10
    assert "MB, over the limit of 200 MB (a zip bomb" in caught.value.msg
    assert caught.value.hint is not None and f"{UNPACKED_ENV}=800" in caught.value.hint


def test_a_text_node_lxml_cannot_hold_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    """Under the size limit, lxml still refuses text nodes over 10 MB: that is a clear
    error too (it was an lxml traceback)."""
    path = make_docx(tmp_path / "node.docx", huge_text(12))
    with pytest.raises(IngestError, match="not a readable .docx file"):
        read_docx(path)


@pytest.mark.parametrize(("value", "message"), [("lots", "is not a whole number"),
                                                ("0", "must be positive")])
def test_a_bad_limit_setting_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         value: str, message: str) -> None:
    path = make_docx(tmp_path / "ok.docx", paragraphs(["x"]))
    monkeypatch.setenv(UNPACKED_ENV, value)
    with pytest.raises(IngestError, match=message):
        read_docx(path)
