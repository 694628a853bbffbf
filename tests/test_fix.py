"""``fix``: byte-exact output outside edits, the seeds repaired, clean English left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.errors import IngestError
from glossary.fix import fix_files, split_lines

GARBLED = ("Round Table On Pformation Of Clusters, China'S 5Th Expo\n"
           "The industry pformation helps firms pfer production; the pfer went well.\n"
           "Representatives reviewed recent research reports, and the conference described "
           "regional development in detail.\n"
           "Their pport and paction costs fell.\n"
           "We discussed pformation and the state -owned sector.")


@pytest.mark.parametrize("text", ["", "a", "a\n", "a\r\nb", "a\r\nb\r\n", "\n\n", "a\rb\n\nc",
                                  "x\u2028y\n"])
def test_split_lines_round_trips(text: str) -> None:
    lines, endings = split_lines(text)
    assert "".join(line + end for line, end in zip(lines, endings, strict=True)) == text


@pytest.mark.parametrize(("newline", "bom", "final_newline"), [
    ("\n", False, True), ("\r\n", False, True), ("\r\n", True, False), ("\n", True, True),
    ("\r", False, False),
])
def test_output_is_byte_exact_outside_edits(tmp_path: Path, newline: str, bom: bool,
                                            final_newline: bool) -> None:
    text = GARBLED.replace("\n", newline) + (newline if final_newline else "")
    raw = ("\ufeff" if bom else "") + text
    src = tmp_path / "in"
    src.mkdir()
    (src / "doc.txt").write_bytes(raw.encode("utf-8"))
    fix_files([src], tmp_path / "out", tmp_path / "report.jsonl")
    out = (tmp_path / "out" / "doc.txt").read_bytes().decode("utf-8")
    expected = raw
    for old, new in (("Pformation", "Transformation"), ("pformation", "transformation"),
                     ("pfer", "transfer"), ("pport", "transport"), ("paction", "transaction"),
                     ("China'S", "China's"), ("5Th", "5th"),
                     ("state -owned", "state-owned")):
        expected = expected.replace(old, new)
    assert out == expected
    assert out.count(newline) == raw.count(newline)


def test_report_lists_every_suggestion_with_applied_flag(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(GARBLED + "\nIt ended.  Then we left.\n", encoding="utf-8")
    summary = fix_files([tmp_path / "doc.txt"], tmp_path / "out", tmp_path / "r.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert {"file", "line", "start", "end", "original", "replacement", "rule", "confidence",
            "evidence", "applied"} <= set(rows[0])
    assert sum(r["applied"] for r in rows) == summary.applied
    unsafe = [r for r in rows if not r["applied"]]
    assert unsafe and unsafe[0]["original"] == "  "  # typewriter spacing: suggested only
    lines = GARBLED.split("\n")
    for row in rows:
        if row["line"] <= len(lines):
            assert lines[row["line"] - 1][row["start"]:row["end"]] == row["original"]


def test_refuses_to_write_into_the_input_directory(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("text\n", encoding="utf-8")
    with pytest.raises(IngestError, match="input directory"):
        fix_files([tmp_path], tmp_path)
    with pytest.raises(IngestError, match="input directory"):
        fix_files([tmp_path / "doc.txt"], tmp_path)


def test_non_utf8_input_names_file_and_byte(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes("你好".encode("gbk"))
    with pytest.raises(IngestError) as info:
        fix_files([tmp_path / "gbk.txt"], tmp_path / "out")
    assert "gbk.txt (byte 0)" in str(info.value) and "UTF-8" in str(info.value)


# Every garble of the four English seeds, as (file, 1-based line, original, replacement).
SEED_EDITS = {
    ("000_3355ace611604506.txt", 50, "Th", "th"), ("000_3355ace611604506.txt", 51, "S", "s"),
    ("000_3355ace611604506.txt", 55, "S", "s"), ("000_3355ace611604506.txt", 56, "Th", "th"),
    ("000_3355ace611604506.txt", 64, "S", "s"),
    ("002_682bd6d5f2543916.txt", 1, "Pformation", "Transformation"),
    ("002_682bd6d5f2543916.txt", 2, "pformation", "transformation"),
    ("002_682bd6d5f2543916.txt", 5, "pfer", "transfer"),
    ("002_682bd6d5f2543916.txt", 13, "pformation", "transformation"),
    ("002_682bd6d5f2543916.txt", 19, "pfer", "transfer"),
    ("002_682bd6d5f2543916.txt", 30, "pformation", "transformation"),
    ("002_682bd6d5f2543916.txt", 46, "S", "s"), ("002_682bd6d5f2543916.txt", 60, "S", "s"),
    ("003_9b06974b9e0b9ced.txt", 39, "T", "t"), ("003_9b06974b9e0b9ced.txt", 41, "S", "s"),
    ("003_9b06974b9e0b9ced.txt", 42, "S", "s"), ("003_9b06974b9e0b9ced.txt", 48, "T", "t"),
    ("003_9b06974b9e0b9ced.txt", 50, "S", "s"), ("003_9b06974b9e0b9ced.txt", 51, "S", "s"),
}


def test_seeds_repaired_exactly_where_expected(seeds_dir: Path, tmp_path: Path) -> None:
    inputs = sorted(seeds_dir.glob("00[0-3]_*.txt"))
    summary = fix_files(inputs, tmp_path / "out")
    made = {(name, line, sug.original, sug.replacement) for name, line, sug in summary.edits}
    assert made == SEED_EDITS
    for path in inputs:
        before = path.read_bytes().decode("utf-8")
        after = (tmp_path / "out" / path.name).read_bytes().decode("utf-8")
        assert "pformation" not in after.lower() and " pfer " not in after
        assert "'S " not in after and "5Th" not in after and "10Th" not in after
        # Re-applying exactly the listed edits to the input gives the output, byte for byte:
        # nothing else changed.
        lines, endings = split_lines(before)
        # Right to left within a line, so earlier offsets stay valid.
        for name, number, sug in sorted(summary.edits, key=lambda e: (e[1], -e[2].start)):
            if name == path.name:
                line = lines[number - 1]
                assert line[sug.start:sug.end] == sug.original
                lines[number - 1] = line[:sug.start] + sug.replacement + line[sug.end:]
        assert "".join(x + e for x, e in zip(lines, endings, strict=True)) == after


CLEAN_LIMIT_PER_10K = 0.5


def test_clean_english_is_left_alone(data_dir: Path, tmp_path: Path) -> None:
    inputs = [data_dir / "mac-dev" / "en", data_dir / "wmt22-zhen-news" / "en"]
    words = sum(len(p.read_text(encoding="utf-8").split())
                for d in inputs for p in d.iterdir() if p.is_file())
    summary = fix_files(inputs, tmp_path / "out")
    rate = 10000 * summary.applied / words
    assert rate < CLEAN_LIMIT_PER_10K, [(n, line, s.original, s.rule) for n, line, s in
                                         summary.edits]


# English that looks like spacing or str.title() damage but is not, next to damage that is.
# The first line of every document shows str.title() damage ("China'S"), so the document
# qualifies for undoing it on units; only the listed line is compared.
@pytest.mark.parametrize(("line", "expected"), [
    # Suspended hyphens: the hyphen waits for the next compound's head.
    ("a ten- or eleven-year-old boy", "a ten- or eleven-year-old boy"),
    ("boys aged thirteen- or fourteen- and girls", "boys aged thirteen- or fourteen- and girls"),
    ("pre- and post-war Europe", "pre- and post-war Europe"),
    ("small- and medium-sized enterprises", "small- and medium-sized enterprises"),
    ("a two- to three-day visit", "a two- to three-day visit"),
    ("first- through third-grade pupils", "first- through third-grade pupils"),
    # ... while a detached hyphen inside one compound is still joined.
    ("a state- owned firm and a ten- or eleven-year-old", "a state-owned firm and a ten- or "
     "eleven-year-old"),
    # Units glued to numbers in prose, and codes written in capitals on purpose.
    ("he ran 10km in 24h on a 5G phone", "he ran 10km in 24h on a 5G phone"),
    ("a 10MW plant, 4K video and 3D printing", "a 10MW plant, 4K video and 3D printing"),
    ("Huawei Launches 5G, 4K And 3D Services", "Huawei Launches 5G, 4K And 3D Services"),
    ("Bitcoin Miner Buys 10MW Plant", "Bitcoin Miner Buys 10MW Plant"),
    # str.title() damage on units, in a line str.title() produced.
    ("The 10Km Race Lasted 24H", "The 10km Race Lasted 24h"),
    ("A 10Mw Plant And A 5Kw Pump In The 1970S", "A 10MW Plant And A 5kW Pump In The 1970s"),
    ("Opens At 9Am With 5G Phones", "Opens At 9am With 5G Phones"),
    # Ambiguous symbols stay: 5G may have been 5g (grams), 10M 10m (metres).
    ("Uses 5G And 10M Cables", "Uses 5G And 10M Cables"),
])
def test_english_constructions_and_units(tmp_path: Path, line: str, expected: str) -> None:
    source = tmp_path / "in" / "doc.txt"
    source.parent.mkdir()
    source.write_text(f"China'S Famous Yarn City\n{line}\n", encoding="utf-8")
    fix_files([source.parent], tmp_path / "out")
    lines = (tmp_path / "out" / "doc.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["China's Famous Yarn City", expected]


def test_units_stay_without_title_damage_elsewhere(tmp_path: Path) -> None:
    # A title-shaped line alone is not proof of str.title(): someone may write "24H".
    source = tmp_path / "in" / "doc.txt"
    source.parent.mkdir()
    source.write_text("The 10Km Race Lasted 24H\nIt was a long day.\n", encoding="utf-8")
    summary = fix_files([source.parent], tmp_path / "out")
    assert summary.applied == 0
