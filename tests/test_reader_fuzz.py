"""Any bytes, through every reader, give a document or the tool's own error (issue 12).

Each reader gets arbitrary bytes and mutations of a valid file of its format (truncated,
bytes flipped, pieces repeated), so the search reaches past the first check. A reader may
return or raise a ``BitextualError`` (the CLI prints it and exits 2); any other exception
is a traceback for the user, and a case running longer than ``CASE_SECONDS`` is a hang.
Fixed example counts and ``derandomize`` keep the test repeatable and under a minute.
"""

from __future__ import annotations

import io
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.errors import BitextualError
from corpus.ingest import IngestOptions, InputFile, plan_file
from glossary.tabular import read_tabular
from glossary.tbx import read_tbx

CASE_SECONDS = 20
"""A single case may take this long under load (they take milliseconds); longer is a hang."""

TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
       'segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" '
       'creationtoolversion="1"/><body>\n<tu tuid="1"><tuv xml:lang="zh-CN"><seg>棉花价格'
       '</seg></tuv><tuv xml:lang="en"><seg>Cotton <ph>&lt;b&gt;</ph>prices</seg></tuv></tu>\n'
       '</body></tmx>\n').encode()
XLIFF = ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:'
         '1.2"><file source-language="zh-CN" target-language="en" datatype="plaintext" '
         'original="x"><body>\n<trans-unit id="1"><source>棉花价格</source><target>Cotton '
         'prices</target></trans-unit>\n</body></file></xliff>\n').encode()
XLIFF2 = ('<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:'
          '2.0" srcLang="zh" trgLang="en"><file id="f"><unit id="u"><segment><source>棉花'
          '</source><target>Cotton</target></segment></unit></file></xliff>\n').encode()
TBX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
       'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p>'
       '</sourceDesc></fileDesc></tbxHeader><text><body><conceptEntry id="c1"><langSec '
       'xml:lang="zh-Hans"><termSec><term>棉花</term></termSec></langSec><langSec xml:lang="en">'
       '<termSec><term>cotton</term></termSec></langSec></conceptEntry></body></text></tbx>\n'
       ).encode()


def docx_sample() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("棉花价格创下新高。")
    document.add_paragraph("Cotton prices hit a record high.")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "表格"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_as(suffix: str) -> Callable[[Path], object]:
    def read(path: Path) -> object:
        if suffix == ".csv":
            return read_tabular(path, "csv")
        if suffix == ".tbx":
            return read_tbx(path)
        # the whole of 'add' short of the store: reading, language, boilerplate, sentences
        return plan_file(InputFile(path, path.name), IngestOptions())
    return read


SAMPLES: dict[str, bytes] = {
    ".txt": "棉花价格创下新高。\nCotton prices hit a record high.\n".encode(),
    ".md": ("---\ntitle: x\n---\n# 标题\n\n*棉花* [价格](http://x) 上涨。\n```\ncode\n```\n"
            ).encode(),
    ".html": ('<html><head><meta charset="utf-8"><title>t</title></head><body><nav>menu</nav>'
              "<p>棉花价格创下新高。</p><p>Cotton prices hit a record high.</p></body></html>"
              ).encode(),
    ".tsv": "zh\ten\n棉花价格\tCotton prices\n工资上涨\tWages rose\n".encode(),
    ".tmx": TMX,
    ".xliff": XLIFF,
    ".xlf": XLIFF2,
    ".csv": "zh,en,en_admitted,domain\n棉花,cotton,,textile\n价格,price,cost,\n".encode(),
    ".tbx": TBX,
}


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def hang(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"a reader ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` truncated, with bytes flipped or inserted, or a piece repeated."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["truncate", "flip", "insert", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "truncate":
            del data[at:]
        elif action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 40))] * draw(st.integers(2, 50))
    return bytes(data)


def inputs(suffix: str) -> st.SearchStrategy[bytes]:
    sample = docx_sample() if suffix == ".docx" else SAMPLES[suffix]
    return st.one_of(st.binary(max_size=600), mutated(sample))


def check_reader(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        with time_limit(CASE_SECONDS):
            try:
                read_as(suffix)(path)
            except BitextualError as exc:
                assert exc.describe()  # a message the CLI can print (exit 2)


FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("suffix", [*SAMPLES, ".docx"])
def test_any_bytes_give_a_document_or_a_bitextual_error(suffix: str) -> None:
    @FUZZ
    @given(inputs(suffix))
    def run(data: bytes) -> None:
        check_reader(suffix, data)

    run()


@pytest.mark.parametrize(("name", "data"), [
    # cases the fuzzer found or that sit at the edges of the readers, kept as regressions
    ("empty.docx", b""),
    ("zip-without-document.docx", b"PK\x05\x06" + b"\x00" * 18),
    ("nul.tsv", b"\x00\x00\t\x00\n"),
    ("bom-only.tmx", b"\xef\xbb\xbf"),
    ("utf16.xliff", "<xliff/>".encode("utf-16")),
])
def test_edge_inputs(name: str, data: bytes) -> None:
    check_reader(Path(name).suffix, data)


def test_a_docx_with_broken_xml_is_an_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_sample())) as source, \
            zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    with pytest.raises(BitextualError, match="not a readable .docx"):
        check_reader_raising(buffer.getvalue())


def check_reader_raising(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "broken.docx"
        path.write_bytes(data)
        read_as(".docx")(path)


def test_a_docx_with_a_corrupt_compressed_part_is_an_error() -> None:
    """A damaged deflate stream in any part (found by the fuzzer in CI: zlib.error)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_sample())) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("[Content_Types].xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start, start + min(8, info.compress_size)):
        data[offset] ^= 0xFF
    with pytest.raises(BitextualError, match="not a readable .docx"):
        check_reader_raising(bytes(data))
