"""Import → export → import: the pairs and texts survive, through the ingestion engineer's
readers (``corpus.formats``) and ``corpus.ingest``, for files this tool wrote and for an old
TMX 1.1 file with ``lang`` attributes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.export import ExportOptions, export_project, make_writer
from corpus.formats import BilingualUnit
from corpus.formats.tmx import read_tmx
from corpus.formats.tsv import read_tsv
from corpus.formats.xliff import read_xliff
from corpus.ingest import InputFile, ingest_file
from corpus.store import Project
from tests.export_builder import ProjectBuilder

PAIRS = [
    ("纺织品出口增长了百分之五。", "Textile exports grew by five percent."),
    ("“中国”的服装 & <品牌>", 'China\'s "apparel" & <brands>'),
    ("價格上漲", "Prices rose"),  # Traditional text inside a Simplified file
    ("多  个   空格", "several   spaces"),
    ("换行\n之后", "after a\nline break"),
    ("表情😀与扩展汉字𠀀", "emoji and an astral Han character"),
]

# A TMX 1.1-style memory, written for this test: ``lang`` instead of ``xml:lang``, upper-case
# codes, no tuids, a third language to ignore, and a <ph> code inside a segment.
TMX11 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="version 1.1">
  <header creationtool="OldTool" creationtoolversion="2.3" segtype="sentence"
          o-tmf="OldTM" adminlang="EN-US" srclang="ZH-CN" datatype="plaintext"/>
  <body>
    <tu>
      <tuv lang="ZH-CN"><seg>棉花价格创下新高。</seg></tuv>
      <tuv lang="EN-US"><seg>Cotton prices hit a record high.</seg></tuv>
      <tuv lang="FR-FR"><seg>Les prix du coton atteignent un record.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="ZH-CN"><seg>工人的工资上涨了。</seg></tuv>
      <tuv lang="EN-US"><seg>Workers' wages went up.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN-US"><seg>The factory &amp; its <ph>&lt;br/&gt;</ph>owners agreed.</seg></tuv>
      <tuv lang="ZH-CN"><seg>工厂及其业主同意了。</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def pairs_of(units: list[BilingualUnit]) -> list[tuple[str, str]]:
    return [(u.zh, u.en) for u in units]


def reimport(path: Path, tmp_path: Path, name: str) -> Project:
    """A fresh project holding ``path`` imported the way ``bitextual add`` imports it."""
    project = Project.init(tmp_path / f"reimport-{name}")
    ingest_file(project, InputFile(path, name))
    return project


@pytest.fixture
def written(project: Project) -> Project:
    with project.transaction():
        ProjectBuilder(project).parallel("news", [z for z, _ in PAIRS], [e for _, e in PAIRS],
                                         statuses=["accepted", "pending"] * 3)
    return project


@pytest.mark.parametrize(("fmt", "reader", "suffix"),
                         [("tmx", read_tmx, ".tmx"), ("xliff", read_xliff, ".xlf")])
def test_files_written_by_bitextual_round_trip(written: Project, tmp_path: Path, fmt: str,
                                               reader: Callable[[Path], list[BilingualUnit]],
                                               suffix: str) -> None:
    first = tmp_path / f"first{suffix}"
    export_project(written, fmt, first)
    assert pairs_of(reader(first)) == PAIRS

    again = reimport(first, tmp_path, first.name)
    second = tmp_path / f"second{suffix}"
    report = export_project(again, fmt, second)
    assert report.written == len(PAIRS)
    assert pairs_of(reader(second)) == PAIRS
    again.close()


def test_tmx_11_lang_file_round_trips(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.tmx"
    legacy.write_text(TMX11, encoding="utf-8")
    original = pairs_of(read_tmx(legacy))
    assert original == [("棉花价格创下新高。", "Cotton prices hit a record high."),
                        ("工人的工资上涨了。", "Workers' wages went up."),
                        ("工厂及其业主同意了。", "The factory & its owners agreed.")]
    project = reimport(legacy, tmp_path, "legacy.tmx")
    for fmt, reader, name in [("tmx", read_tmx, "out.tmx"), ("xliff", read_xliff, "out.xlf")]:
        export_project(project, fmt, tmp_path / name)
        assert pairs_of(reader(tmp_path / name)) == original
    exported = read_tmx(tmp_path / "out.tmx")
    assert {u.zh_lang for u in exported} == {"zh-Hans"}  # script subtag, not the region
    assert {u.props["x-document"] for u in exported} == {"legacy.tmx"}
    project.close()


def test_corrections_survive_a_round_trip(written: Project, tmp_path: Path) -> None:
    zh_id = written.conn.execute("SELECT id FROM segments WHERE text = ?",
                                 (PAIRS[0][0],)).fetchone()[0]
    with written.transaction():
        ProjectBuilder(written).correct(zh_id, "纺织品出口增长了5%。")
    export_project(written, "tmx", tmp_path / "c.tmx")
    again = reimport(tmp_path / "c.tmx", tmp_path, "c.tmx")
    export_project(again, "tmx", tmp_path / "c2.tmx", ExportOptions(text="original"))
    assert read_tmx(tmp_path / "c2.tmx")[0].zh == "纺织品出口增长了5%。"
    again.close()


def test_bare_tsv_is_readable_by_the_tsv_importer(written: Project, tmp_path: Path) -> None:
    """``--columns zh,en --no-header`` gives the plain two-column file ``bitextual add`` reads
    (texts without tabs or line breaks come back unchanged)."""
    out = tmp_path / "bare.tsv"
    export_project(written, make_writer("tsv", columns=("zh", "en"), header=False), out)
    simple = [(z, e) for z, e in PAIRS if "\n" not in z + e]
    assert [p for p in pairs_of(read_tsv(out)) if "\\n" not in p[0] + p[1]] == simple


def test_default_tsv_export_reads_back_with_every_text_intact(written: Project,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "full.tsv"
    export_project(written, "tsv", out)
    assert out.read_text(encoding="utf-8").startswith("# bitextual export")
    # tabs and line breaks were escaped on the way out and are unescaped on the way in
    assert pairs_of(read_tsv(out)) == PAIRS
    again = reimport(out, tmp_path, "full.tsv")
    beads = again.conn.execute("SELECT count(*) FROM beads").fetchone()[0]
    assert beads == len(PAIRS)
    again.close()
