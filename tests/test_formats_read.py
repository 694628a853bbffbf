"""Readers of every supported format: encodings, Markdown, HTML, docx, TSV, TMX, XLIFF."""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.errors import FormatError, IngestError
from corpus.formats import BilingualUnit
from corpus.formats.encoding import DecodeFailure, decode_bytes
from corpus.formats.html import read_html
from corpus.formats.text import read_markdown, read_text, strip_markdown_line
from corpus.formats.tmx import read_tmx
from corpus.formats.tsv import read_tsv
from corpus.formats.xliff import read_xliff

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

SIMPLIFIED = "浙江省服装行业协会召开秘书长联席会议，共探行业发展新路径。\n会议在杭州举行。\n"
TRADITIONAL = "浙江省服裝行業協會召開秘書長聯席會議，共探行業發展新路徑。\n會議在杭州舉行。\n"
ENGLISH = "The fair opened on Monday.\nVisitors came from twelve countries.\n"


# --- encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "data", "encoding"), [
    (SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
    (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16"), "utf-16"),            # BOM, native order
    (SIMPLIFIED, codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
    (SIMPLIFIED, codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
    (SIMPLIFIED, SIMPLIFIED.encode("gb18030"), "gb18030"),
    (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
    (SIMPLIFIED, SIMPLIFIED.encode("gb2312"), "gb18030"),
    (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
    (TRADITIONAL, TRADITIONAL.encode("utf-8"), "utf-8"),
    # GB18030 can hold Traditional characters too: still told apart from Big5
    (TRADITIONAL, TRADITIONAL.encode("gb18030"), "gb18030"),
    # very short texts, where statistical detectors guess wrong
    ("说明", "说明".encode("gbk"), "gb18030"),
    ("說明", "說明".encode("big5"), "big5"),
    ("中文", "中文".encode("big5"), "big5"),
    ("中文", "中文".encode("gbk"), "gb18030"),
    (ENGLISH, ENGLISH.encode("ascii"), "utf-8"),
    ("Café “quoted” — text", "Café “quoted” — text".encode("cp1252"), "cp1252"),
    # UTF-16/32 without a byte-order mark (Windows "Unicode" text saved by some tools)
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    (TRADITIONAL, TRADITIONAL.encode("utf-16-le"), "utf-16-le"),
    (ENGLISH, ENGLISH.encode("utf-16-le"), "utf-16-le"),
    (ENGLISH, ENGLISH.encode("utf-16-be"), "utf-16-be"),
    (ENGLISH, ENGLISH.encode("utf-32-le"), "utf-32-le"),
    (SIMPLIFIED, SIMPLIFIED.encode("utf-32-be"), "utf-32-be"),
    # 一 is U+4E00: its NUL byte falls on the other side from the newline's
    ("一二三，一万。\n", "一二三，一万。\n".encode("utf-16-le"), "utf-16-le"),
    ("一二三，一万。\n", "一二三，一万。\n".encode("utf-16-be"), "utf-16-be"),
    # no ASCII at all, so no NUL byte: found by how Chinese the decoding looks
    ("中文没有换行", "中文没有换行".encode("utf-16-le"), "utf-16-le"),
    ("中文没有换行", "中文没有换行".encode("utf-16-be"), "utf-16-be"),
    # Big5 supersets, when plain Big5 cannot hold the text: Hong Kong (Cantonese), Microsoft (€)
    ("佢哋係香港人，喺度做嘢。", "佢哋係香港人，喺度做嘢。".encode("big5hkscs"), "big5hkscs"),
    ("我哋今日去飲茶㗎。", "我哋今日去飲茶㗎。".encode("big5hkscs"), "big5hkscs"),
    ("價格為100€。", "價格為100€。".encode("cp950"), "cp950"),
])
def test_decode_bytes(text: str, data: bytes, encoding: str) -> None:
    decoded, name = decode_bytes(data)
    assert decoded == text
    assert name == encoding


def test_read_text_binary_file_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(IngestError) as err:
        read_text(path)
    assert str(err.value).startswith(f"{path} (byte 4): cannot decode the text: binary data "
                                     "(NUL byte), not a text file")


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello " * 50)
    return buffer.getvalue()


def _sqlite_bytes(tmp_path: Path) -> bytes:
    import sqlite3

    db = tmp_path / "x.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    return db.read_bytes()


@pytest.mark.parametrize(("text", "encoding"), [
    ("日本語のテキストです。東京は晴れです。", "shift_jis"),
    ("日本語のテキストです。東京は晴れです。", "euc-jp"),
    ("한국어 텍스트입니다. 서울은 맑습니다.", "euc-kr"),
])
def test_other_encodings_are_refused_not_misread(text: str, encoding: str) -> None:
    """Japanese and Korean legacy encodings decode 'successfully' as GB18030 or
    Windows-1252 into garbage; they are refused instead."""
    with pytest.raises(DecodeFailure, match="not valid UTF-8"):
        decode_bytes(text.encode(encoding))


@pytest.mark.parametrize("text", [
    "Größe und Maß: Café “quoted” — naïve façade, résumé.",
    "Größe",
    "The fair’s visitors — 12,000 of them — came from “everywhere”.",
])
def test_windows_1252_western_text_is_read(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize("kind", ["png", "zip", "sqlite", "floats", "random"])
def test_binary_data_is_not_taken_for_bomless_utf16(tmp_path: Path, kind: str) -> None:
    import random
    import struct

    makers: dict[str, Callable[[], bytes]] = {
        "png": lambda: bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806"),
        "zip": _zip_bytes,
        "sqlite": lambda: _sqlite_bytes(tmp_path),
        "floats": lambda: struct.pack("<64f", *(i / 7 for i in range(64))),
        "random": lambda: bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\0\0",
    }
    data = makers[kind]()
    with pytest.raises(DecodeFailure, match="binary data"):
        decode_bytes(data)


def test_bomless_utf16_and_utf32_on_real_documents(data_dir: Path) -> None:
    """Whole real documents and their single lines, in UTF-16/32 without a BOM, decode back
    exactly in the right byte order."""
    files = [*sorted(data_dir.glob("wmt22-zhen-news/*/*.txt"))[::6],
             *sorted(data_dir.glob("mac-dev/*/*"))[::4]]
    wrong: list[tuple[str, str, str]] = []
    tried = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        samples = [text, *text.splitlines()[:10]]
        for sample in samples:
            for encoding in ("utf-16-le", "utf-16-be", "utf-32-le"):
                if len(sample) < 2:
                    continue
                tried += 1
                decoded, name = decode_bytes(sample.encode(encoding))
                if (decoded, name) != (sample, encoding):
                    wrong.append((encoding, name, sample[:40]))
    assert tried > 300
    assert wrong == []


def test_read_text_undecodable_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    # 0xFF is invalid in UTF-8, GB18030 and Big5; 0x81 is undefined in Windows-1252
    path.write_bytes(b"abcd\xff \x81 ")
    with pytest.raises(IngestError) as err:
        read_text(path)
    assert str(err.value) == (
        f"{path} (byte 4): cannot decode the text: not valid UTF-8 (byte 0xff), nor GB18030, "
        "Big5 (HKSCS), UTF-16 or Windows-1252 text (save it as UTF-8 and try again)")


def test_read_text_keeps_lines_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("第一行\r\n\r\n  第三行  \r\n".encode("gbk"))
    source = read_text(path)
    assert source.encoding == "gb18030"
    assert [(line.line, line.text) for line in source.lines] == [
        (1, "第一行"), (2, ""), (3, "  第三行  ")]


# --- Markdown -------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "text"), [
    ("# Title", "Title"),
    ("### Closed heading ###", "Closed heading"),
    ("## 会议纪要", "会议纪要"),
    ("**bold**, *italic*, __strong__ and _em_", "bold, italic, strong and em"),
    ("keep snake_case_names and 2*3*4 intact", "keep snake_case_names and 2*3*4 intact"),
    ("See [the report](https://example.com/a_(b)) today", "See the report today"),
    ("Reference [link][1] here", "Reference link here"),
    ("<https://example.com>", "https://example.com"),
    ("`code` and ``more code``", "code and more code"),
    ("~~old~~ new", "old new"),
    ("> quoted **text**", "quoted text"),
    ("- list item", "list item"),
    ("* [x] done task", "done task"),
    ("12. numbered", "numbered"),
    ("---", ""),
    ("===", ""),
    ("```python", ""),
    ("[1]: https://example.com", ""),
    ("| cell one | cell two |", "cell one cell two"),
    ("| --- | :---: |", ""),
    ("Escaped \\*stars\\*", "Escaped *stars*"),
    ("<span>inline html</span> kept text", "inline html kept text"),
    # images stay as written, for the boilerplate rules to set aside with a reason
    ("![hall](hall.jpg)", "![hall](hall.jpg)"),
])
def test_strip_markdown_line(line: str, text: str) -> None:
    assert strip_markdown_line(line) == text


def test_read_markdown_keeps_line_numbers_and_raw_lines() -> None:
    source = read_markdown(FIXTURES / "article.md")
    assert source.format == "md"
    by_line = {line.line: line for line in source.lines}
    assert by_line[1].text == "Spring Textile Fair Opens in Shanghai"
    assert by_line[1].source == "# Spring Textile Fair Opens in Shanghai"
    assert by_line[10].text == "A new line of recycled polyester fabrics"
    assert by_line[15].text == '"Demand is recovering," said one buyer.'
    assert len(source.lines) == 20


@pytest.mark.parametrize(("content", "texts"), [
    ("---\ntitle: 展会开幕\ndate: 2025-03-10\ntags: [纺织]\n---\n# 展会开幕\n\n会议在杭州举行。\n",
     ["", "", "", "", "", "展会开幕", "", "会议在杭州举行。"]),
    ("+++\ntitle = \"Fair\"\n+++\nThe fair opened.\n", ["", "", "", "The fair opened."]),
    # a rule in the middle of a document is no front matter; an unclosed one neither
    ("会议在杭州举行。\n---\n展会开幕。\n---\n", ["会议在杭州举行。", "", "展会开幕。", ""]),
    ("---\n会议在杭州举行。\n", ["", "会议在杭州举行。"]),
])
def test_markdown_front_matter_is_not_text(tmp_path: Path, content: str,
                                           texts: list[str]) -> None:
    path = tmp_path / "post.md"
    path.write_text(content, encoding="utf-8")
    source = read_markdown(path)
    assert [line.text for line in source.lines] == texts
    assert [line.line for line in source.lines] == list(range(1, len(texts) + 1))


# --- HTML -----------------------------------------------------------------------------------

def test_read_html_extracts_the_main_content() -> None:
    source = read_html(FIXTURES / "article.html")
    text = "\n".join(line.text for line in source.lines)
    assert source.encoding == "utf-8"
    assert "Smart looms from three makers drew large crowds" in text
    assert "Prices start at about 200,000 yuan per machine" in text
    for navigation in ("Home", "About us", "Privacy policy"):
        assert navigation not in text


def test_read_html_falls_back_to_body_text(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text("<html><head><meta charset='gbk'><script>var x = 1;</script></head>"
                    "<body><p>短讯</p><p>会议在杭州举行。</p></body></html>",
                    encoding="gbk")
    source = read_html(path)
    texts = [line.text for line in source.lines]
    assert "会议在杭州举行。" in texts
    assert not any("var x" in text for text in texts)


def test_html_fallback_drops_navigation_and_footer() -> None:
    from corpus.formats.html import body_text

    assert body_text("<html><body><nav><a href='/'>Home</a></nav><p>会议在杭州举行。</p>"
                     "<aside>Most read</aside><footer>© 2025 Example</footer></body></html>"
                     ) == "会议在杭州举行。"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_read_html_in_utf16(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.html"
    path.write_bytes("<html><body><p>会议在杭州举行。</p></body></html>".encode(encoding))
    source = read_html(path)
    assert [line.text for line in source.lines] == ["会议在杭州举行。"]
    assert source.encoding == encoding


def test_read_html_binary_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d49484452"))
    with pytest.raises(IngestError) as err:
        read_html(path)
    assert str(err.value).startswith(f"{path} (byte 8): cannot decode the HTML: binary data")


# --- docx -----------------------------------------------------------------------------------

def test_read_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    from corpus.formats.docx import read_docx

    document = docx.Document()
    document.add_heading("会议纪要", level=1)
    document.add_paragraph("会议在杭州举行。共有九十人参加。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "郑念华"
    table.rows[0].cells[1].text = "会长"
    document.add_paragraph("会议结束。")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    source = read_docx(path)
    assert source.format == "docx"
    assert [line.text for line in source.lines] == [
        "会议纪要", "会议在杭州举行。共有九十人参加。", "郑念华", "会长", "会议结束。"]
    assert [line.line for line in source.lines] == [1, 2, 3, 4, 5]


def test_read_docx_rejects_a_non_docx(tmp_path: Path) -> None:
    from corpus.formats.docx import read_docx

    path = tmp_path / "fake.docx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(IngestError, match=r"fake\.docx: not a readable \.docx file"):
        read_docx(path)


# --- TSV ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("春季纺织展开幕\tSpring fair opens\n", [("春季纺织展开幕", "Spring fair opens", 1)]),
    ("Spring fair opens\t春季纺织展开幕\n", [("春季纺织展开幕", "Spring fair opens", 1)]),
    # a header naming the languages is skipped; blank lines too; line numbers are the file's
    ("zh\ten\n\n会议开幕。\tThe meeting opens.\n", [("会议开幕。", "The meeting opens.", 3)]),
    ("source\ttarget\nOK\t好\n", [("好", "OK", 2)]),
    # the column with more Han characters overall is Chinese, even if one row is odd
    ("ABC公司\tABC Ltd\n会议开幕。\tThe meeting opens.\n",
     [("ABC公司", "ABC Ltd", 1), ("会议开幕。", "The meeting opens.", 2)]),
])
def test_read_tsv(tmp_path: Path, content: str, expected: list[tuple[str, str, int]]) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(content, encoding="utf-8")
    assert [(u.zh, u.en, u.line) for u in read_tsv(path)] == expected


def test_read_tsv_fixture_with_header() -> None:
    units = read_tsv(FIXTURES / "pairs.tsv")
    assert [(u.zh, u.en) for u in units] == [
        ("春季纺织展在上海开幕", "Spring textile fair opens in Shanghai"),
        ("观众来自十二个国家。", "Visitors came from twelve countries.")]


@pytest.mark.parametrize(("content", "message"), [
    ("会议\tmeeting\nonly one column\n",
     "{path}:2: malformed TSV: expected 2 tab-separated columns (Chinese and English), found 1"),
    ("会议\tmeeting\textra\n",
     "{path}:1: malformed TSV: expected 2 tab-separated columns (Chinese and English), found 3"),
    ("one\ttwo\nthree\tfour\n",
     "{path}: cannot tell which column is Chinese: both columns have no Han characters"),
])
def test_read_tsv_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tsv(path)
    assert str(err.value).startswith(message.format(path=path))


# --- TMX ------------------------------------------------------------------------------------

def test_read_tmx_14b() -> None:
    units = read_tmx(FIXTURES / "memory.tmx")
    assert units[0] == BilingualUnit(
        zh="春季纺织展在上海开幕", en="Spring textile fair opens in Shanghai", zh_lang="zh-CN",
        en_lang="en-US", unit_id="t1", line=6, props={"x-domain": "textiles"},
        notes=["title"])
    # inline native codes (<bpt>, <ept>) carry no text; the order of variants does not matter
    assert (units[1].zh, units[1].en) == ("观众来自十二个国家。",
                                          "Visitors came from twelve countries.")
    # a French variant is ignored; zh-Hans and EN are recognised
    assert (units[2].zh, units[2].en, units[2].zh_lang, units[2].en_lang) == (
        "价格上涨了。", "Prices went up.", "zh-Hans", "EN")


def test_read_tmx_11_lang_attribute() -> None:
    units = read_tmx(FIXTURES / "legacy.tmx")
    assert [(u.zh, u.en, u.zh_lang, u.line) for u in units] == [
        ("這些織布機在臺灣製造。", "The looms are made in Taiwan.", "ZH-TW", 6),
        ("訂單翻了一番。", "Orders doubled.", "ZH-TW", 10)]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&c;</seg></tuv></tu></body></tmx>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>
"""
UNCLOSED = """<?xml version="1.0"?>
<tmx version="1.4">
<body>
<tu><tuv xml:lang="en"><seg>x</seg></tuv>
</body>
</tmx>
"""


@pytest.mark.parametrize(("content", "message"), [
    (BOMB, "{path}:3: refusing to read this TMX file: it declares an XML entity ('a'); "
           "entities are refused because they can expand without limit or read other files"),
    (EXTERNAL, "{path}:2: refusing to read this TMX file: it declares an external XML entity "
               "('secret' → file:///etc/passwd)"),
    (UNCLOSED, "{path}:5: malformed TMX (not well-formed XML: mismatched tag, column 3)"),
    ("<?xml version='1.0'?><root/>",
     "{path}:1: not a TMX file: the root element is <root>, not <tmx>"),
    ("<tmx version='1.4'><header/></tmx>", "{path}:1: malformed TMX: no <body> element"),
    ("<tmx version='1.4'><body>\n<tu><tuv><seg>2024</seg></tuv></tu></body></tmx>",
     "{path}:2: a <tuv> has no xml:lang (or lang) attribute, and its text has no Chinese or "
     "Latin letters, so its language cannot be told"),
    ("", "{path}:1: malformed TMX (not well-formed XML: no element found, column 1)"),
])
def test_read_tmx_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tmx(path)
    assert str(err.value).startswith(message.format(path=path))


# --- XLIFF ----------------------------------------------------------------------------------

def test_read_xliff_12() -> None:
    units = read_xliff(FIXTURES / "strings.xlf")
    assert [(u.unit_id, u.zh, u.en) for u in units] == [
        ("u1", "春季纺织展开幕", "Spring textile fair opens"),
        ("u2", "来自三家厂商的智能织布机吸引了人群。",
         "Smart looms from three makers drew crowds."),
        ("u3", "", "Untranslated line."),
    ]
    assert units[0].notes == ["headline"]
    assert units[0].props == {"resname": "title", "state": "translated"}
    assert (units[0].zh_lang, units[0].en_lang, units[0].line) == ("zh-CN", "en-US", 6)


def test_read_xliff_20_segments() -> None:
    units = read_xliff(FIXTURES / "strings20.xliff")
    assert [(u.unit_id, u.zh, u.en) for u in units] == [
        ("1", "鄭念華，浙江省服裝行業協會會長",
         "Zheng Nianhua, President of Zhejiang Garment Industry Association"),
        ("2/a", "會議在杭州舉行。", "The meeting was held in Hangzhou."),
        ("2/b", "共有九十人參加。", "Ninety people took part."),
    ]
    assert units[0].notes == ["caption"]
    assert units[0].zh_lang == "zh-Hant"


@pytest.mark.parametrize(("content", "message"), [
    ('<xliff version="1.2"><file source-language="en" target-language="fr"><body>\n'
     "<trans-unit id='1'><source>a</source><target>b</target></trans-unit></body></file>"
     "</xliff>",
     "{path}:2: this XLIFF is not Chinese–English (source language en, target language fr)"),
    ('<xliff version="1.2"><file source-language="en" target-language="zh"><body>\n'
     "<trans-unit id='1'><target>b</target></trans-unit></body></file></xliff>",
     "{path}:2: malformed XLIFF: a <trans-unit> has no <source>"),
    ('<xliff version="1.2"><file><body><trans-unit>\n</body></file></xliff>',
     "{path}:2: malformed XLIFF (not well-formed XML: mismatched tag"),
    ("<tmx/>", "{path}:1: not an XLIFF file: the root element is <tmx>, not <xliff>"),
    (BOMB.replace("tmx", "xliff"), "{path}:3: refusing to read this XLIFF file"),
])
def test_read_xliff_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_xliff(path)
    assert str(err.value).startswith(message.format(path=path))


def test_legacy_chinese_encodings_on_real_lines(data_dir: Path) -> None:
    """Every line of real Chinese text, encoded as GBK (Simplified) or Big5 (Traditional),
    decodes back exactly: short texts are where detectors fail."""
    from corpus.language import to_traditional

    files = [*sorted(data_dir.glob("wmt22-zhen-news/zh/*.txt")),
             *sorted(data_dir.glob("mac-dev/zh/*"))]
    tried = 0
    wrong: list[tuple[str, str, str]] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines()[:40]:
            for text, encoding in ((line, "gbk"), (to_traditional(line), "big5")):
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue  # a character the legacy encoding cannot hold
                tried += 1
                decoded, name = decode_bytes(data)
                if decoded != text:
                    wrong.append((encoding, name, text))
    assert tried > 1000
    assert wrong == []


def test_tmx_naming_its_dtd_is_read_without_fetching_it(tmp_path: Path) -> None:
    """Real TMX files often start with <!DOCTYPE tmx SYSTEM "tmx14.dtd">: the DTD is neither
    fetched nor needed, so the file is read (an entity, by contrast, is refused)."""
    path = tmp_path / "tm.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">'
                    '\n<tmx version="1.4"><header srclang="zh"/><body><tu>'
                    '<tuv xml:lang="zh"><seg>你好。</seg></tuv>'
                    '<tuv xml:lang="en"><seg>Hello.</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    assert [(u.zh, u.en) for u in read_tmx(path)] == [("你好。", "Hello.")]
