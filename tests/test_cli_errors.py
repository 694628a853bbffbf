"""Every kind of bad input to ``bitextual add``: exit code 2, a message naming the file (and
the line or byte where one applies), and a store left exactly as it was.

Each case first imports a good version of the same file (where the case allows one), so
"unchanged" is tested on a document that exists: a failed re-import must not touch it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.store import Project
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

Maker = Callable[[Path], object]
"""Writes a test input at the path it is given."""

GOOD_TEXT = "会议在杭州举行。\n来自十二个国家的观众参观了展会。\n"


def _good_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("会议在杭州举行。")
    document.save(str(path))


GOOD_VERSION: dict[str, Maker] = {
    ".txt": lambda p: p.write_text(GOOD_TEXT, encoding="utf-8"),
    ".md": lambda p: p.write_text("# 标题\n\n" + GOOD_TEXT, encoding="utf-8"),
    ".html": lambda p: p.write_text(f"<html><body><p>{GOOD_TEXT}</p></body></html>",
                                    encoding="utf-8"),
    ".docx": _good_docx,
    ".tmx": lambda p: shutil.copy(FIXTURES / "memory.tmx", p),
    ".xlf": lambda p: shutil.copy(FIXTURES / "strings.xlf", p),
    ".tsv": lambda p: shutil.copy(FIXTURES / "pairs.tsv", p),
}

UNCLOSED_TMX = """<?xml version="1.0"?>
<tmx version="1.4"><body>
<tu><tuv xml:lang="zh"><seg>你好</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv>
</body></tmx>
"""
EXTERNAL_TMX = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>&xxe;</seg></tuv>
<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>
"""
EXTERNAL_XLIFF = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "http://attacker.example/x">]>
<xliff version="1.2"><file source-language="zh" target-language="en"><body>
<trans-unit id="1"><source>&xxe;</source></trans-unit></body></file></xliff>
"""
BOMB_TMX = """<?xml version="1.0"?>
<!DOCTYPE tmx [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>&b;</seg></tuv></tu></body></tmx>
"""
UNCLOSED_XLIFF = """<?xml version="1.0"?>
<xliff version="1.2"><file source-language="zh" target-language="en"><body>
<trans-unit id="1"><source>你好</source><target>Hello</target>
</body></file></xliff>
"""
FRENCH_XLIFF = """<?xml version="1.0"?>
<xliff version="1.2"><file source-language="fr" target-language="de"><body>
<trans-unit id="1"><source>Bonjour</source><target>Hallo</target></trans-unit>
</body></file></xliff>
"""
FRENCH_TMX = """<?xml version="1.0"?>
<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv>
<tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>
"""


def _bytes(data: bytes) -> Maker:
    return lambda p: p.write_bytes(data)


def _text(content: str) -> Maker:
    return lambda p: p.write_text(content, encoding="utf-8")


def _delete(path: Path) -> None:
    path.unlink()


def _directory_of(*names: str) -> Maker:
    def make(path: Path) -> None:
        path.mkdir()
        for name in names:
            (path / name).write_text("x", encoding="utf-8")
    return make


# (case id, file name, how to make the bad input, expected message; {path} is the input)
CASES: list[tuple[str, str, Maker, str]] = [
    ("missing file", "doc.txt", _delete, "{path}: no such file or directory (check the path)"),
    ("empty directory", "folder", _directory_of(),
     "{path}: the directory holds no supported files (supported: .docx .htm .html"),
    ("directory of unsupported files", "folder", _directory_of("a.pdf", "b.jpg"),
     "{path}: the directory holds no supported files (supported:"),
    ("binary file", "doc.txt", _bytes(b"PK\x03\x04\x14\x00\x06\x00binary"),
     "{path} (byte 5): cannot decode the text: binary data (NUL byte), not a text file "
     "(only text documents can be imported"),
    ("binary html", "doc.html", _bytes(bytes.fromhex("89504e470d0a1a0a0000000d49484452")),
     "{path} (byte 8): cannot decode the HTML: binary data (NUL byte)"),
    ("undecodable text", "doc.txt", _bytes(b"abcd\xff \x81 "),
     "{path} (byte 4): cannot decode the text: not valid UTF-8 (byte 0xff), nor GB18030, "
     "Big5 (HKSCS), UTF-16 or Windows-1252 text (save it as UTF-8 and try again)"),
    ("empty document", "doc.txt", _bytes(b""),
     "{path}: the document is empty (check that this is the right file)"),
    ("blank lines only", "doc.md", _text("\n   \n\t\n"), "{path}: the document is empty"),
    ("byte-order mark only", "doc.txt", _bytes(b"\xef\xbb\xbf"),
     "{path}: the document is empty"),
    ("empty html page", "doc.html", _text("<html><body></body></html>"),
     "{path}: the document is empty"),
    ("boilerplate only", "doc.txt", _text("1741742677721.png\nAPP内打开\n"),
     "{path}: nothing is left of the document after setting aside 2 boilerplate lines "
     "(add it with --keep-boilerplate to keep every line)"),
    ("no Chinese or English", "doc.txt", _text("12345 678\n---\n"),
     "{path}: the document has no Chinese or English letters"),
    ("Japanese", "doc.txt", _text("日本語のテキストです。東京は晴れです。\n"),
     "{path}: the document is Japanese (kana among the Han characters), not Chinese "
     "(bitextual imports Chinese and English text; --lang zh or --lang en imports it anyway)"),
    ("unsupported extension", "doc.pdf", _text("%PDF-1.4"),
     "{path}: unsupported file type '.pdf' (supported: .docx"),
    ("no extension", "README", _text("会议在杭州举行。"),
     "{path}: unsupported file type '(none)'"),
    ("broken docx", "doc.docx", _text("not a zip archive"),
     "{path}: not a readable .docx file"),
    ("malformed TMX", "memory.tmx", _text(UNCLOSED_TMX),
     "{path}:4: malformed TMX (not well-formed XML: mismatched tag, column 3) "
     "(fix the XML or export the TMX again)"),
    ("empty TMX", "memory.tmx", _bytes(b""),
     "{path}:1: malformed TMX (not well-formed XML: no element found"),
    ("TMX without a language", "memory.tmx",
     _text("<tmx version='1.4'><body>\n<tu><tuv><seg>2024</seg></tuv></tu></body></tmx>"),
     "{path}:2: a <tuv> has no xml:lang (or lang) attribute, and its text has no Chinese"),
    ("TMX not zh-en", "memory.tmx", _text(FRENCH_TMX),
     "{path}: the file holds no Chinese–English translation units"),
    ("not a TMX", "memory.tmx", _text("<?xml version='1.0'?>\n<html/>"),
     "{path}:2: not a TMX file: the root element is <html>, not <tmx>"),
    ("malformed XLIFF", "strings.xlf", _text(UNCLOSED_XLIFF),
     "{path}:4: malformed XLIFF (not well-formed XML: mismatched tag"),
    ("XLIFF not zh-en", "strings.xlf", _text(FRENCH_XLIFF),
     "{path}:3: this XLIFF is not Chinese–English (source language fr, target language de)"),
    ("malformed TSV", "pairs.tsv", _text("中文\tEnglish\n只有一列\n"),
     "{path}:2: malformed TSV: expected 2 tab-separated columns (Chinese and English), "
     "found 1"),
    ("TSV with three columns", "pairs.tsv", _text("中文\tEnglish\textra\n"),
     "{path}:1: malformed TSV: expected 2 tab-separated columns (Chinese and English), "
     "found 3"),
    ("TSV without Chinese", "pairs.tsv", _text("a\tb\n"),
     "{path}: cannot tell which column is Chinese"),
    ("empty TSV", "pairs.tsv", _bytes(b""),
     "{path}: the file holds no Chinese–English translation units"),
    ("TMX with an external entity", "memory.tmx", _text(EXTERNAL_TMX),
     "{path}:2: refusing to read this TMX file: it declares an external XML entity "
     "('xxe' → file:///etc/passwd)"),
    ("XLIFF with an external entity", "strings.xlf", _text(EXTERNAL_XLIFF),
     "{path}:2: refusing to read this XLIFF file: it declares an external XML entity "
     "('xxe' → http://attacker.example/x)"),
    ("TMX entity expansion bomb", "memory.tmx", _text(BOMB_TMX),
     "{path}:3: refusing to read this TMX file: it declares an XML entity ('a')"),
]


def _dump(project_dir: Path) -> list[str]:
    with Project.open(project_dir) as project:
        return list(project.conn.iterdump())


@pytest.mark.parametrize(("name", "make_bad", "message"),
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_bad_input_exits_2_names_the_file_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
        make_bad: Maker, message: str) -> None:
    project_dir = tmp_path / "proj"
    assert run_cli(["init", str(project_dir)], capsys)[0] == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    other = inputs / "other.txt"
    other.write_text("另一篇文章。\n", encoding="utf-8")
    path = inputs / name
    make_good = GOOD_VERSION.get(path.suffix)
    if make_good is not None:
        make_good(path)
        code, _, err = run_cli(["add", "-p", str(project_dir), str(path), str(other)], capsys)
        assert code == 0, err
    else:
        assert run_cli(["add", "-p", str(project_dir), str(other)], capsys)[0] == 0
    before = _dump(project_dir)

    if path.exists() and make_bad is not _delete:
        path.unlink()
    make_bad(path)
    code, out, err = run_cli(["add", "-p", str(project_dir), str(path)], capsys)

    assert code == 2
    assert "1 file(s) could not be imported:" in err
    assert message.format(path=path) in err
    assert _dump(project_dir) == before


def test_a_bad_file_among_good_ones_changes_only_the_good_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One transaction per file: the good files of the same command are stored."""
    project_dir = tmp_path / "proj"
    run_cli(["init", str(project_dir)], capsys)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    bad = tmp_path / "bad.tmx"
    bad.write_text(EXTERNAL_TMX, encoding="utf-8")
    code, out, err = run_cli(["add", "-p", str(project_dir), str(bad), str(good)], capsys)
    assert code == 2
    assert "1 file(s): 1 added." in out
    assert f"{bad}:2: refusing to read this TMX file" in err
    with Project.open(project_dir) as project:
        assert [r[0] for r in project.conn.execute("SELECT name FROM documents")] == ["good.txt"]


@pytest.mark.parametrize(("argv", "message"), [
    (["add", "--project", "{tmp}/nowhere", "{tmp}"],
     "{tmp}/nowhere: no bitextual project here (create one with 'bitextual init DIR' or pass "
     "--project DIR)"),
    (["status", "--project", "{tmp}/nowhere"], "{tmp}/nowhere: no bitextual project here"),
    (["init", "{tmp}/proj"], "{tmp}/proj/bitextual.db: a project already exists here"),
    (["restore", "-p", "{tmp}/proj", "missing.txt", "--all"],
     "no document named 'missing.txt' in the project"),
    (["init", "{tmp}/a-file"], "{tmp}/a-file: cannot create the project directory: File exists "
                               "(choose a directory you can write to, not a file)"),
    (["init", "{tmp}/a-file/sub"], "cannot create the project directory: Not a directory"),
    (["status", "-p", "{tmp}/not-a-db"], "{tmp}/not-a-db/bitextual.db: cannot open the project "
                                         "database: file is not a database"),
    (["boilerplate", "-p", "{tmp}/proj", "missing.txt"],
     "no document named 'missing.txt' in the project (see 'bitextual status' for the document "
     "names)"),
    (["restore", "-p", "{tmp}/proj", "[draft] news.txt", "--all"],
     "no document named '[draft] news.txt' in the project"),  # brackets are not markup
])
def test_project_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               argv: list[str], message: str) -> None:
    run_cli(["init", str(tmp_path / "proj")], capsys)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "not-a-db").mkdir()
    (tmp_path / "not-a-db" / "bitextual.db").write_text("not a database " * 10,
                                                        encoding="utf-8")
    code, _, err = run_cli([arg.format(tmp=tmp_path) for arg in argv], capsys)
    assert code == 2
    assert message.format(tmp=tmp_path) in err
