"""Importing into a project: documents, segments, ids, re-import, transactions, restore."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corpus import ingest
from corpus.boilerplate import list_set_aside, normalised_key, restore_boilerplate
from corpus.errors import FormatError, IngestError
from corpus.ingest import (
    IngestOptions,
    InputFile,
    discover,
    ingest_file,
    name_clashes,
)
from corpus.store import Project, segment_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ZH_ARTICLE = """会议共探行业发展新路径

纺织头条网

3天前

会议在杭州举行。来自全省的代表参加了会议。

photo_001.jpg

代表们交流了经验，并提出了建议。会议取得圆满成功！

展开
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _segments(project: Project, name: str) -> list[dict[str, Any]]:
    rows = project.conn.execute(
        "SELECT s.* FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = ? ORDER BY s.position", (name,)).fetchall()
    return [dict(row) for row in rows]


def _add(project: Project, path: Path, name: str | None = None,
         **options: Any) -> ingest.FileResult:
    return ingest_file(project, InputFile(path, name or path.name), IngestOptions(**options))


# --- discovering files ------------------------------------------------------------------------

def test_discover_directory_recursively(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "a.txt", "x")
    _write(tmp_path / "in" / "sub" / "b.md", "x")
    _write(tmp_path / "in" / "sub" / "c.pdf", "x")         # unsupported: skipped
    _write(tmp_path / "in" / ".hidden" / "d.txt", "x")     # hidden: skipped
    _write(tmp_path / "in" / "e.TMX", "x")                 # extensions are case-blind
    found = discover(tmp_path / "in")
    assert [(f.name, f.path.name) for f in found] == [
        ("in/a.txt", "a.txt"), ("in/e.TMX", "e.TMX"), ("in/sub/b.md", "b.md")]


def test_discover_file_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "deep" / "dir" / "news.html", "<p>x</p>")
    assert discover(path) == [InputFile(path, "news.html")]


def test_discover_current_directory_uses_its_real_name(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "zh" / "001", "x")
    monkeypatch.chdir(tmp_path / "zh")
    assert [f.name for f in discover(".", "txt")] == ["zh/001"]


def test_discover_with_a_format_takes_every_file(tmp_path: Path) -> None:
    _write(tmp_path / "zh" / "001", "会议在杭州举行。")
    _write(tmp_path / "zh" / "002.dat", "会议在杭州举行。")
    assert [f.name for f in discover(tmp_path / "zh", "txt")] == ["zh/001", "zh/002.dat"]
    assert discover(tmp_path / "zh" / "001", "txt") == [InputFile(tmp_path / "zh" / "001", "001")]
    with pytest.raises(IngestError, match="the directory holds no supported files"):
        discover(tmp_path / "zh")


def test_name_clashes_in_one_command(tmp_path: Path) -> None:
    a = _write(tmp_path / "a" / "x.txt", "x")
    b = _write(tmp_path / "b" / "x.txt", "x")
    unique, errors = name_clashes([InputFile(a, "x.txt"), InputFile(b, "x.txt"),
                                   InputFile(a, "x.txt")])  # the same file twice is no clash
    assert unique == [InputFile(a, "x.txt")]
    assert [str(e) for e in errors] == [
        f"{b}: its document name 'x.txt' is also that of {a} in this command (add the "
        "directories that hold them (names then include the folder), or add them one command "
        "at a time if one replaces the other)"]


def test_same_name_in_the_other_language_is_refused(project: Project, tmp_path: Path) -> None:
    """``add zh/001`` then ``add en/001`` (files named by their file name): the English file
    must not replace the Chinese document of the same name."""
    zh = _write(tmp_path / "zh" / "001.txt", "会议在杭州举行。\n")
    en = _write(tmp_path / "en" / "001.txt", "The meeting was held in Hangzhou.\n")
    _add(project, zh)
    before = _segments(project, "001.txt")
    with pytest.raises(IngestError) as err:
        _add(project, en)
    assert str(err.value).startswith(
        f"{en}: the document name '001.txt' already belongs to a Chinese document read from "
        f"{zh}; this file is English")
    assert _segments(project, "001.txt") == before
    # a moved file in the same language is a new version: updated in place
    moved = _write(tmp_path / "moved" / "001.txt", "会议在杭州举行。\n会后参观了展会。\n")
    assert _add(project, moved).status == "updated"


def test_add_with_a_format_reads_extensionless_files(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "001", "会议在杭州举行。来自全省的代表参加了会议。\n")
    with pytest.raises(IngestError, match="unsupported file type '\\(none\\)'"):
        ingest_file(project, InputFile(path, "001"))
    result = ingest_file(project, InputFile(path, "001"), IngestOptions(format="txt"))
    assert (result.documents[0].format, result.documents[0].sentences) == ("txt", 2)
    tsv = _write(tmp_path / "pairs.dat", "会议在杭州举行。\tThe meeting was held in Hangzhou.\n")
    result = ingest_file(project, InputFile(tsv, "pairs.dat"), IngestOptions(format="tsv"))
    assert [d.name for d in result.documents] == ["pairs.dat#zh", "pairs.dat#en"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p / "missing.txt", "{p}/missing.txt: no such file or directory (check the path)"),
    (lambda p: _write(p / "report.pdf", "x"),
     "{p}/report.pdf: unsupported file type '.pdf' (supported: .docx .htm .html .markdown .md "
     ".text .tmx .tsv .txt .xhtml .xlf .xliff; or pass --format txt (md, html, docx, tsv, tmx, "
     "xliff) to read it as one of them)"),
    (lambda p: (_write(p / "d" / "x.pdf", "x").parent),
     "{p}/d: the directory holds no supported files (supported: .docx"),
])
def test_discover_errors(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    target = make(tmp_path)
    with pytest.raises(IngestError) as err:
        discover(target)
    assert str(err.value).startswith(message.format(p=tmp_path))


# --- monolingual documents ------------------------------------------------------------------

def test_add_chinese_article_segments_and_boilerplate(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.txt", ZH_ARTICLE, "gbk")
    result = _add(project, path)
    assert result.status == "added"
    doc = project.conn.execute("SELECT * FROM documents WHERE name = 'news.txt'").fetchone()
    assert (doc["lang"], doc["script"], doc["format"], doc["encoding"]) == (
        "zh", "zh-Hans", "txt", "gb18030")
    segments = _segments(project, "news.txt")
    assert [s["position"] for s in segments] == list(range(len(segments)))
    article = [(s["text"], s["line"], s["paragraph"]) for s in segments
               if s["boilerplate"] is None]
    assert article == [
        ("会议共探行业发展新路径", 1, 0),
        ("会议在杭州举行。", 7, 3), ("来自全省的代表参加了会议。", 7, 3),
        ("代表们交流了经验，并提出了建议。", 11, 5), ("会议取得圆满成功！", 11, 5),
    ]
    set_aside = [(s["line"], s["boilerplate"], s["text"]) for s in segments
                 if s["boilerplate"] is not None]
    assert set_aside == [(3, "header: site name", "纺织头条网"), (5, "date/time stamp", "3天前"),
                         (9, "image", "photo_001.jpg"), (13, "app/site promotion", "展开")]
    # ids are segment_id(document name, norm, occurrence)
    for s in segments:
        assert s["id"] == segment_id("news.txt", s["norm"], 0)


def test_nothing_of_the_seed_articles_is_lost(project: Project, seeds_dir: Path) -> None:
    """Article segments put back together are exactly the article lines (minus whitespace);
    set-aside segments are whole lines."""
    for path in sorted(seeds_dir.glob("*.txt")):
        _add(project, path)
        lines = path.read_text(encoding="utf-8").splitlines()
        segments = _segments(project, path.name)
        by_line: dict[int, list[str]] = {}
        for s in segments:
            by_line.setdefault(int(s["line"]), []).append(str(s["text"]))
        for number, texts in by_line.items():
            assert "".join("".join(t.split()) for t in texts) == "".join(
                lines[number - 1].split())
        assert {n for n, line in enumerate(lines, start=1) if line.strip()} == set(by_line)


def test_traditional_text_is_kept_and_norm_is_simplified(project: Project,
                                                          tmp_path: Path) -> None:
    path = _write(tmp_path / "tw.txt", "臺灣紡織業者說明了發展計畫。\n", "big5")
    _add(project, path)
    doc = project.conn.execute("SELECT * FROM documents").fetchone()
    assert (doc["lang"], doc["script"], doc["encoding"]) == ("zh", "zh-Hant", "big5")
    (segment,) = _segments(project, "tw.txt")
    assert segment["text"] == "臺灣紡織業者說明了發展計畫。"
    # OpenCC converts phrases too: 計畫 → 计划
    assert segment["norm"] == "台湾纺织业者说明了发展计划。"


def test_repeated_sentences_get_distinct_ids(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.txt", "Thank you.\nThe fair opened.\nThank you.\n")
    _add(project, path)
    ids = [s["id"] for s in _segments(project, "r.txt")]
    assert ids == [segment_id("r.txt", "Thank you.", 0), segment_id("r.txt", "The fair opened.", 0),
                   segment_id("r.txt", "Thank you.", 1)]


def test_markdown_soft_wrapped_paragraph_is_one_block(project: Project) -> None:
    _add(project, FIXTURES / "article.md")
    segments = _segments(project, "article.md")
    texts = [(s["text"], s["line"]) for s in segments if s["boilerplate"] is None]
    assert ("The spring textile fair opened on Monday with more than 300 exhibitors.", 5) in texts
    assert ("Visitors came from twelve countries, organisers said.", 5) in texts
    assert ("Highlights", 8) in texts
    reasons = {s["line"]: s["boilerplate"] for s in segments if s["boilerplate"]}
    assert reasons == {13: "image", 17: "related links", 19: "related links",
                       20: "related links"}


def test_hard_wrapped_english_text_is_joined(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "wrapped.txt",
                  "The spring textile fair opened on Monday with more than 300\n"
                  "exhibitors from twelve countries. Organisers were pleased.\n"
                  "A heading without a stop\n"
                  "Next paragraph.\n")
    _add(project, path)
    assert [(s["text"], s["line"]) for s in _segments(project, "wrapped.txt")] == [
        ("The spring textile fair opened on Monday with more than 300 exhibitors from twelve "
         "countries.", 1),
        ("Organisers were pleased.", 2), ("A heading without a stop", 3),
        ("Next paragraph.", 4)]


def test_keep_boilerplate_and_forced_language(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.txt", ZH_ARTICLE)
    _add(project, path, clean=False, lang="zh")
    segments = _segments(project, "news.txt")
    assert all(s["boilerplate"] is None for s in segments)
    assert "展开" in [s["text"] for s in segments]


@pytest.mark.parametrize(("content", "message"), [
    ("", "{path}: the document is empty (check that this is the right file)"),
    ("\n  \n\n", "{path}: the document is empty"),
    ("1741742677721.png\n展开\nAPP内打开\n",
     "{path}: nothing is left of the document after setting aside 3 boilerplate lines "
     "(add it with --keep-boilerplate to keep every line)"),
    ("12345\n---\n", "{path}: the document has no Chinese or English letters"),
])
def test_empty_documents_are_refused(project: Project, tmp_path: Path, content: str,
                                     message: str) -> None:
    path = _write(tmp_path / "empty.txt", content)
    with pytest.raises(IngestError) as err:
        _add(project, path)
    assert str(err.value).startswith(message.format(path=path))
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


# --- re-import ------------------------------------------------------------------------------

def _make_pair_with_beads(project: Project, zh_name: str, en_name: str) -> list[int]:
    """An aligned pair with one bead per zh/en article sentence, in order."""
    zh = project.conn.execute("SELECT id FROM documents WHERE name = ?", (zh_name,)).fetchone()[0]
    en = project.conn.execute("SELECT id FROM documents WHERE name = ?", (en_name,)).fetchone()[0]
    with project.transaction() as conn:
        pair = conn.execute("INSERT INTO doc_pairs(zh_doc, en_doc, mode, created_at) "
                            "VALUES (?, ?, 'parallel', 'now')", (zh, en)).lastrowid
        zh_ids = [s["id"] for s in _segments(project, zh_name) if s["boilerplate"] is None]
        en_ids = [s["id"] for s in _segments(project, en_name) if s["boilerplate"] is None]
        for position, (z, e) in enumerate(zip(zh_ids, en_ids, strict=False)):
            conn.execute("INSERT INTO beads(pair_id, position, zh_ids, en_ids) VALUES (?,?,?,?)",
                         (pair, position, json.dumps([z]), json.dumps([e])))
    return [r[0] for r in project.conn.execute("SELECT id FROM beads ORDER BY position")]


def test_reimport_unchanged_is_skipped(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "第一句。第二句。\n")
    _add(project, path)
    before = _segments(project, "a.txt")
    result = _add(project, path)
    assert result.status == "unchanged"
    assert (result.documents[0].sentences, result.documents[0].set_aside) == (2, 0)
    assert _segments(project, "a.txt") == before


def test_reimport_changed_keeps_ids_and_deletes_stale_beads(project: Project,
                                                            tmp_path: Path) -> None:
    zh = _write(tmp_path / "zh.txt", "第一句。第二句。第三句。\n")
    en = _write(tmp_path / "en.txt", "One. Two. Three.\n")
    _add(project, zh)
    _add(project, en)
    beads = _make_pair_with_beads(project, "zh.txt", "en.txt")
    assert len(beads) == 3
    kept_ids = {s["id"]: s["text"] for s in _segments(project, "zh.txt")}
    with project.transaction() as conn:  # a suggestion on a segment that will stay
        first = next(i for i, t in kept_ids.items() if t == "第一句。")
        conn.execute("INSERT INTO suggestions(segment_id, start, end, original, replacement, "
                     "kind, rule, confidence, created_at) VALUES (?, 0, 1, 'a', 'b', 'term', "
                     "'r', 0.5, 'now')", (first,))
    _write(zh, "第一句。第二句改了。第三句。\n新的一段。\n")
    result = _add(project, zh)
    assert result.status == "updated"
    assert result.beads_removed == 1
    assert (result.documents[0].segments_added, result.documents[0].segments_removed) == (2, 1)
    after = {s["id"]: s["text"] for s in _segments(project, "zh.txt")}
    assert [after[i] for i in kept_ids if i in after] == ["第一句。", "第三句。"]
    assert [s["text"] for s in _segments(project, "zh.txt")] == [
        "第一句。", "第二句改了。", "第三句。", "新的一段。"]
    remaining = project.conn.execute("SELECT zh_ids FROM beads ORDER BY position").fetchall()
    assert [json.loads(r[0])[0] for r in remaining] == [
        i for i, t in kept_ids.items() if t in ("第一句。", "第三句。")]
    assert project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 1
    # the deleted bead is in the decision log, so nothing reviewed vanishes without a trace
    action, payload = project.conn.execute("SELECT action, payload FROM decisions").fetchone()
    assert action == "reimport_remove_beads"
    assert len(json.loads(payload)["beads"]) == 1


def test_reimport_with_other_options_is_not_unchanged(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.txt", ZH_ARTICLE)
    _add(project, path)
    result = _add(project, path, clean=False)
    assert result.status == "updated"
    assert result.documents[0].set_aside == 0


# --- bilingual files ------------------------------------------------------------------------

def test_add_tmx_makes_two_documents_a_pair_and_beads(project: Project) -> None:
    result = _add(project, FIXTURES / "memory.tmx")
    assert [d.name for d in result.documents] == ["memory.tmx#zh", "memory.tmx#en"]
    docs = {r["name"]: r for r in project.conn.execute("SELECT * FROM documents")}
    assert docs["memory.tmx#zh"]["source_group"] == docs["memory.tmx#en"]["source_group"] \
        == "memory.tmx"
    assert (docs["memory.tmx#zh"]["lang"], docs["memory.tmx#zh"]["script"]) == ("zh", "zh-Hans")
    assert docs["memory.tmx#en"]["lang"] == "en"
    assert (docs["memory.tmx#zh"]["format"], docs["memory.tmx#zh"]["encoding"]) == ("tmx",
                                                                                   "utf-8")
    (pair,) = project.conn.execute("SELECT * FROM doc_pairs").fetchall()
    assert pair["mode"] == "imported"
    assert (pair["zh_doc"], pair["en_doc"]) == (docs["memory.tmx#zh"]["id"],
                                                docs["memory.tmx#en"]["id"])
    beads = project.conn.execute("SELECT * FROM beads ORDER BY position").fetchall()
    assert [(b["origin"], b["status"], b["score"]) for b in beads] == [
        ("imported", "pending", None)] * 3
    zh = {s["id"]: s["text"] for s in _segments(project, "memory.tmx#zh")}
    en = {s["id"]: s["text"] for s in _segments(project, "memory.tmx#en")}
    assert [(zh[json.loads(b["zh_ids"])[0]], en[json.loads(b["en_ids"])[0]]) for b in beads] == [
        ("春季纺织展在上海开幕", "Spring textile fair opens in Shanghai"),
        ("观众来自十二个国家。", "Visitors came from twelve countries."),
        ("价格上涨了。", "Prices went up."),
    ]


def test_bilingual_units_are_not_resplit(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "two.tsv",
                  "会议开幕。代表发言。\tThe meeting opened. Delegates spoke.\n")
    _add(project, path)
    assert [s["text"] for s in _segments(project, "two.tsv#zh")] == ["会议开幕。代表发言。"]
    assert [s["text"] for s in _segments(project, "two.tsv#en")] == [
        "The meeting opened. Delegates spoke."]


def test_xliff_unit_without_target_gives_a_one_sided_bead(project: Project) -> None:
    _add(project, FIXTURES / "strings.xlf")
    beads = project.conn.execute("SELECT zh_ids, en_ids FROM beads ORDER BY position").fetchall()
    assert [(len(json.loads(b[0])), len(json.loads(b[1]))) for b in beads] == [
        (1, 1), (1, 1), (0, 1)]


def test_legacy_tmx_is_traditional(project: Project) -> None:
    _add(project, FIXTURES / "legacy.tmx")
    doc = project.conn.execute(
        "SELECT script FROM documents WHERE name = 'legacy.tmx#zh'").fetchone()
    assert doc[0] == "zh-Hant"


def test_reimport_changed_tmx_replaces_stale_beads(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    shutil.copy(FIXTURES / "memory.tmx", path)
    _add(project, path)
    project.conn.execute("UPDATE beads SET status = 'accepted'")
    path.write_text(path.read_text(encoding="utf-8").replace("价格上涨了。", "价格涨了。"),
                    encoding="utf-8")
    result = _add(project, path)
    assert result.status == "updated"
    assert (result.beads_removed, result.beads_added) == (1, 1)
    statuses = [r[0] for r in project.conn.execute("SELECT status FROM beads ORDER BY position")]
    assert statuses == ["accepted", "accepted", "pending"]


# --- transactions ---------------------------------------------------------------------------

def test_bad_bilingual_file_leaves_the_store_unchanged(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.tmx", "<tmx><body><tu>\n</body></tmx>")
    with pytest.raises(FormatError):
        _add(project, path)
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_failure_while_storing_rolls_back_the_whole_file(project: Project,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise IngestError("disk on fire")

    monkeypatch.setattr(ingest, "_store_imported_beads", explode)
    with pytest.raises(IngestError, match="disk on fire"):
        _add(project, FIXTURES / "memory.tmx")
    for table in ("documents", "segments", "doc_pairs", "beads"):
        assert project.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


# --- listing and restoring boilerplate ------------------------------------------------------

def test_list_and_restore_one_line(project: Project, tmp_path: Path) -> None:
    text = ZH_ARTICLE.replace("展开", "声明：本文转载自网络。如有侵权请联系删除。")
    path = _write(tmp_path / "news.txt", text)
    _add(project, path)
    listed = list_set_aside(project, "news.txt")
    assert [(x.line, x.reason) for x in listed] == [
        (3, "header: site name"), (5, "date/time stamp"), (9, "image"),
        (13, "disclaimer")]
    result = restore_boilerplate(project, "news.txt", line=13)
    assert (result.lines, result.sentences_added) == ([13], 2)
    segments = _segments(project, "news.txt")
    assert [s["position"] for s in segments] == list(range(len(segments)))
    assert [s["text"] for s in segments if s["line"] == 13] == [
        "声明：本文转载自网络。", "如有侵权请联系删除。"]
    assert all(s["boilerplate"] is None for s in segments if s["line"] == 13)
    decision = project.conn.execute("SELECT action, target FROM decisions").fetchone()
    assert tuple(decision) == ("restore_boilerplate", "document:news.txt")
    # the restored line stays restored when the same file is added again
    assert _add(project, path).status == "unchanged"
    _write(path, text + "\n新增一句。\n")
    _add(project, path)
    assert [s["boilerplate"] for s in _segments(project, "news.txt") if s["line"] == 13] == [
        None, None]


def test_restore_all(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.txt", ZH_ARTICLE)
    _add(project, path)
    result = restore_boilerplate(project, "news.txt", restore_all=True)
    assert result.lines == [3, 5, 9, 13]
    assert list_set_aside(project, "news.txt") == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"line": 7}, "document 'news.txt' has no set-aside line at line 7 "
                  "(list them with 'bitextual boilerplate news.txt')"),
    ({}, "say which lines to restore: --line N or --all"),
    ({"line": 3, "restore_all": True}, "say which lines to restore: --line N or --all"),
])
def test_restore_errors(project: Project, tmp_path: Path, kwargs: dict[str, Any],
                        message: str) -> None:
    _add(project, _write(tmp_path / "news.txt", ZH_ARTICLE))
    with pytest.raises(IngestError) as err:
        restore_boilerplate(project, "news.txt", **kwargs)
    assert str(err.value) == message


def test_unknown_document(project: Project, tmp_path: Path) -> None:
    _add(project, _write(tmp_path / "news.txt", ZH_ARTICLE))
    with pytest.raises(IngestError) as err:
        list_set_aside(project, "news")
    assert str(err.value) == "no document named 'news' in the project (did you mean: news.txt)"


def test_normalised_key_ignores_width_space_and_case() -> None:
    assert normalised_key(" Ｈello  World ") == normalised_key("hello world")


@pytest.mark.parametrize(("name", "content"), [
    ("empty.tsv", ""), ("empty.tmx", "<tmx version='1.4'><body></body></tmx>"),
    ("fr.tmx", "<tmx version='1.4'><body><tu><tuv xml:lang='fr'><seg>Bonjour</seg></tuv>"
               "</tu></body></tmx>"),
])
def test_bilingual_file_without_units(project: Project, tmp_path: Path, name: str,
                                      content: str) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(IngestError) as err:
        _add(project, path)
    assert str(err.value) == (f"{path}: the file holds no Chinese–English translation units "
                              "(check the languages in the file: zh and en are imported)")


@pytest.mark.parametrize("restored_line", [
    "声明：本文转载自网络。如有侵权请联系删除。",   # two sentences, neither the whole line
    "来源：新华社",                               # one sentence: the same text as the line
])
def test_restored_sentences_keep_their_ids_when_the_file_changes(
        project: Project, tmp_path: Path, restored_line: str) -> None:
    """Ids given at restore time are those a later re-import computes, so a bead or a
    suggestion on a restored sentence survives an edit elsewhere in the file."""
    text = ZH_ARTICLE.replace("展开", restored_line)
    path = _write(tmp_path / "news.txt", text)
    _add(project, path)
    restore_boilerplate(project, "news.txt", line=13)
    restored = {s["id"]: s["text"] for s in _segments(project, "news.txt") if s["line"] == 13}
    with project.transaction() as conn:
        for ident in restored:
            conn.execute("INSERT INTO suggestions(segment_id, start, end, original, replacement,"
                         " kind, rule, confidence, created_at) VALUES (?, 0, 1, 'a', 'b', "
                         "'term', 'r', 0.5, 'now')", (ident,))
    _write(path, text + "\n新增一句。\n")
    result = _add(project, path)
    assert result.status == "updated"
    after = {s["id"]: s["text"] for s in _segments(project, "news.txt") if s["line"] == 13}
    assert after == restored
    assert project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == len(restored)


def test_restore_all_then_edit_keeps_every_id(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.txt", ZH_ARTICLE)
    _add(project, path)
    restore_boilerplate(project, "news.txt", restore_all=True)
    before = {s["id"]: s["text"] for s in _segments(project, "news.txt")}
    _write(path, ZH_ARTICLE + "\n新增一句。\n")
    assert _add(project, path).status == "updated"
    after = {s["id"]: s["text"] for s in _segments(project, "news.txt")}
    assert {i: t for i, t in after.items() if t != "新增一句。"} == before


@pytest.mark.parametrize(("text", "lang", "sentences"), [
    # a bilingual document, one language per line: each line is split by its own rules
    ("会议在杭州举行。来自全省的代表参加了会议。\n"
     "The meeting was held in Hangzhou. Delegates came from across the province.\n",
     "mixed", ["会议在杭州举行。", "来自全省的代表参加了会议。",
               "The meeting was held in Hangzhou.", "Delegates came from across the province."]),
    # an English paragraph inside a Chinese article
    ("浙江服装业迎来新机遇。会议在杭州举行。来自全省的代表参加了会议，并交流了经验。\n"
     "U.S. sales rose 5%. Prices fell.\n",
     "zh", ["浙江服装业迎来新机遇。", "会议在杭州举行。",
            "来自全省的代表参加了会议，并交流了经验。", "U.S. sales rose 5%.", "Prices fell."]),
    # a Chinese quotation line in an English article keeps 1.528 whole
    ("Exports rose in March. The association said so in a statement on Monday, citing data "
     "from customs and from its members across the country.\n增长了1.528倍。价格上涨。\n",
     "en", ["Exports rose in March.", "The association said so in a statement on Monday, "
            "citing data from customs and from its members across the country.",
            "增长了1.528倍。", "价格上涨。"]),
])
def test_each_paragraph_is_split_by_its_own_language(project: Project, tmp_path: Path, text: str,
                                                     lang: str, sentences: list[str]) -> None:
    path = _write(tmp_path / "doc.txt", text)
    assert _add(project, path).documents[0].lang == lang
    assert [s["text"] for s in _segments(project, "doc.txt")] == sentences


def _hard_wrap(text: str, cells: int) -> list[str]:
    """Wrap ``text`` at ``cells`` terminal cells, as an editor's fixed-width export does."""
    from corpus.unwrap import text_cells

    lines, current = [], ""
    for char in text:
        if text_cells(current + char) > cells:
            lines.append(current)
            current = char
        else:
            current += char
    return [*lines, current]


WRAPPED_PARAGRAPHS = [
    "2025年3月10日，浙江省服装行业协会各地（市）秘书长联席会议在中国服装科创研究院成功召开。"
    "此次会议汇聚了全省各地的服装行业协会秘书长，共同探讨行业发展的新路径。",
    "在交流环节，各协会秘书长积极发言，就如何加强区域间的合作、整合资源、共同应对行业挑战等问题"
    "展开热烈讨论。浙江省服装行业协会会长郑念华在会上指出，搭建这一平台旨在整合各地优势资源。",
    "浙江省服装行业协会将通过定期开展项目对接会、技术交流会等活动，实现资源共享、信息互通，"
    "借助平台的联合攻关，推动全省服装产业高质量发展。",
]


@pytest.mark.parametrize("cells", [40, 60, 76])
def test_hard_wrapped_chinese_text_is_joined(project: Project, tmp_path: Path,
                                             cells: int) -> None:
    lines = ["秘书长联席会议共探行业发展新路径", ""]  # a heading: shorter, stays alone
    for paragraph in WRAPPED_PARAGRAPHS:
        lines += [*_hard_wrap(paragraph, cells), ""]
    path = _write(tmp_path / "wrapped.txt", "\n".join(lines))
    _add(project, path)
    expected = [("秘书长联席会议共探行业发展新路径", 0)]
    for number, paragraph in enumerate(WRAPPED_PARAGRAPHS, start=1):
        expected += [(s + "。", number) for s in paragraph.split("。") if s]
    assert [(s["text"], s["paragraph"]) for s in _segments(project, "wrapped.txt")] == expected


def test_chinese_lines_of_varied_length_are_not_joined(project: Project, tmp_path: Path) -> None:
    """One sentence or heading per line, as in most files: every line break stays a boundary."""
    lines = ["浙江服装业迎来新机遇", "会议在杭州举行", "来自全省的代表参加了会议，交流了经验",
             "图为会议现场", "会议取得圆满成功，代表们表示将加强合作", "更多企业将参加明年的展会"]
    path = _write(tmp_path / "lines.txt", "\n".join(lines) + "\n")
    _add(project, path)
    assert [s["text"] for s in _segments(project, "lines.txt")] == lines


def test_same_bytes_under_another_name_are_a_duplicate(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "会议在杭州举行。\n")
    _add(project, path)
    copy = _write(tmp_path / "b.txt", "会议在杭州举行。\n")
    result = ingest_file(project, InputFile(copy, "copy/b.txt"))
    assert (result.status, result.documents[0].duplicate_of) == ("duplicate", "a.txt")
    names = [r[0] for r in project.conn.execute("SELECT name FROM documents")]
    assert names == ["a.txt"]
