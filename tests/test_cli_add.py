"""``bitextual add``, ``boilerplate`` and ``restore`` end to end, through the CLI entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.decisions import Action, record
from corpus.store import Project
from tests.conftest import REPO, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture
def project_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "proj"
    assert run_cli(["init", str(directory)], capsys)[0] == 0
    return directory


def test_add_seeds_and_a_tmx(project_dir: Path, seeds_dir: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["add", "--project", str(project_dir), str(seeds_dir),
                          str(FIXTURES / "memory.tmx")], capsys)
    assert code == 0, err
    assert "6 file(s): 6 added; 3 imported bead(s) added." in out
    assert "zh-Hans" in out and "tmx" in out
    with Project.open(project_dir) as project:
        names = [r[0] for r in project.conn.execute("SELECT name FROM documents ORDER BY name")]
        assert names[2:] == sorted(f"seeds/{p.name}" for p in seeds_dir.glob("*.txt"))
        assert names[:2] == ["memory.tmx#en", "memory.tmx#zh"]
        assert project.stats()["boilerplate"] > 0
    code, out, _ = run_cli(["add", "-p", str(project_dir), str(seeds_dir)], capsys)
    assert code == 0
    assert "5 file(s): 5 unchanged." in out


def test_add_goes_on_after_failures_and_exits_2(project_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("会议在杭州举行。\n", encoding="utf-8")
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body>\n<tu></body></tmx>", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"abc\x00def")
    code, out, err = run_cli(["add", "-p", str(project_dir), str(bad), str(tmp_path / "missing.md"),
                          str(good), str(binary)], capsys)
    assert code == 2
    assert "1 file(s): 1 added." in out
    assert "3 file(s) could not be imported:" in err
    assert f"{tmp_path / 'missing.md'}: no such file or directory" in err
    assert f"{bad}:2: malformed TMX (not well-formed XML: mismatched tag" in err
    assert f"{binary} (byte 3): cannot decode the text: binary data (NUL byte)" in err
    with Project.open(project_dir) as project:
        assert [r[0] for r in project.conn.execute("SELECT name FROM documents")] == ["good.txt"]


def test_add_directory_names_documents_by_relative_path(project_dir: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "zh").mkdir(parents=True)
    (corpus / "zh" / "a.txt").write_text("会议在杭州举行。\n", encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    shutil.copy(FIXTURES / "pairs.tsv", corpus / "pairs.tsv")
    code, out, err = run_cli(["add", "-p", str(project_dir), str(corpus)], capsys)
    assert code == 0, err
    with Project.open(project_dir) as project:
        names = sorted(r[0] for r in project.conn.execute("SELECT name FROM documents"))
    assert names == ["corpus/pairs.tsv#en", "corpus/pairs.tsv#zh", "corpus/zh/a.txt"]


def test_add_two_sides_with_same_file_names(project_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``add zh en``: same-named files of the two directories stay two documents."""
    _write_pair(tmp_path)
    code, out, err = run_cli(["add", "-p", str(project_dir), "--format", "txt",
                          str(tmp_path / "zh"), str(tmp_path / "en")], capsys)
    assert code == 0, err
    with Project.open(project_dir) as project:
        rows = project.conn.execute("SELECT name, lang FROM documents ORDER BY name").fetchall()
    assert [tuple(r) for r in rows] == [("en/001", "en"), ("zh/001", "zh")]


def test_add_files_with_the_same_name_in_one_command(project_dir: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _write_pair(tmp_path)
    zh, en = tmp_path / "zh" / "001", tmp_path / "en" / "001"
    code, out, err = run_cli(["add", "-p", str(project_dir), "--format", "txt", str(zh), str(en)],
                         capsys)
    assert code == 2
    assert "1 file(s): 1 added." in out
    assert f"{en}: its document name '001' is also that of {zh} in this command" in err


def _write_pair(root: Path) -> None:
    for side, text in (("zh", "会议在杭州举行。\n"), ("en", "The meeting was held in Hangzhou.\n")):
        (root / side).mkdir()
        (root / side / "001").write_text(text, encoding="utf-8")


def test_add_rejects_an_unknown_format(project_dir: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["add", "-p", str(project_dir), "--format", "pdf", str(tmp_path)],
                           capsys)
    assert code == 2
    assert "unknown format 'pdf' (use --format with one of: txt, md, html, docx, tsv, tmx, xliff)" \
        in err


def test_add_rejects_an_unknown_language(project_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["add", "-p", str(project_dir), "--lang", "fr", str(tmp_path)], capsys)
    assert code == 2
    assert "unknown language 'fr' (use --lang zh or --lang en)" in err


def test_boilerplate_and_restore_commands(project_dir: Path, seeds_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    seed = next(seeds_dir.glob("004_*.txt"))
    assert run_cli(["add", "-p", str(project_dir), str(seed)], capsys)[0] == 0
    code, out, _ = run_cli(["boilerplate", "-p", str(project_dir), seed.name], capsys)
    assert code == 0
    assert f"{seed.name}: 25 line(s) set aside" in out
    for reason in ("header: site name", "date/time stamp", "image", "repeated block",
                   "app/site promotion"):
        assert reason in out
    code, out, _ = run_cli(["restore", "-p", str(project_dir), seed.name, "--line", "3"], capsys)
    assert code == 0
    assert f"Restored 1 line(s) of {seed.name} (lines 3): 1 sentence(s) added." in out
    code, _, err = run_cli(["restore", "-p", str(project_dir), seed.name, "--line", "3"], capsys)
    assert code == 2
    assert f"document '{seed.name}' has no set-aside line at line 3" in err
    code, out, _ = run_cli(["restore", "-p", str(project_dir), seed.name, "--all"], capsys)
    assert code == 0
    assert "Restored 24 line(s)" in out
    code, out, _ = run_cli(["boilerplate", "-p", str(project_dir)], capsys)
    assert "No lines are set aside." in out


def test_keep_boilerplate_flag(project_dir: Path, seeds_dir: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    seed = next(seeds_dir.glob("001_*.txt"))
    code, _, _ = run_cli(["add", "-p", str(project_dir), "--keep-boilerplate", str(seed)], capsys)
    assert code == 0
    with Project.open(project_dir) as project:
        assert project.stats()["boilerplate"] == 0


def test_add_many_files_as_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point, with enough files for a progress bar (stderr not a tty)."""
    project = tmp_path / "proj"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(4):
        (inputs / f"doc{index}.txt").write_text(f"第{index}篇文章。会议在杭州举行。\n",
                                                encoding="utf-8")
    code = "import sys; from tui.cli import main; main(sys.argv[1:])"
    subprocess.run([sys.executable, "-c", code, "init", str(project)], cwd=REPO, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", code, "add", "-p", str(project), str(inputs)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "4 file(s): 4 added." in done.stdout


def test_status_summarises_the_project(project_dir: Path, seeds_dir: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["status", "-p", str(project_dir)], capsys)
    assert code == 0
    assert "Documents   0\n" in out
    assert f"Next: bitextual add -p {project_dir} FILES..." in out
    run_cli(["add", "-p", str(project_dir), str(seeds_dir), str(FIXTURES / "memory.tmx")], capsys)
    with Project.open(project_dir) as project, project.transaction() as conn:
        conn.execute("UPDATE beads SET status = 'accepted' WHERE position = 0")
        segment = conn.execute("SELECT id FROM segments LIMIT 1").fetchone()[0]
        conn.execute("INSERT INTO suggestions(segment_id, start, end, original, replacement, "
                     "kind, rule, confidence, created_at) VALUES (?, 0, 1, 'a', 'b', 'garble', "
                     "'r', 0.9, 'now')", (segment,))
        conn.execute("INSERT INTO concepts(id, created_at, updated_at) VALUES (1, 'now', 'now')")
        conn.execute("INSERT INTO terms(concept_id, lang, text, norm, status) VALUES "
                     "(1, 'zh', '纺织', '纺织', 'preferred'), (1, 'en', 'textile', 'textile', "
                     "'preferred')")
        record(project, Action.ACCEPT_BEAD, "bead:1")
    code, out, _ = run_cli(["status", "-p", str(project_dir)], capsys)
    assert code == 0
    assert "004_0b416cea9f678820.txt" in out and "memory.tmx#zh" in out
    assert "Documents   7 (2 zh, 5 en; 2 zh-Hans)" in out
    assert "Sentences   215 (107 line(s) set aside as boilerplate, 0 corrected)" in out
    assert "Pairs       1 (1 imported)" in out
    assert "Alignment   3 bead(s), 33% reviewed (1 accepted, 2 pending)" in out
    assert "Suggestions 1 open (1 garble)" in out
    assert "Glossary    1 concept(s), 2 term(s)" in out
    assert "Decisions   1 logged, last 20" in out
    assert f"Next: bitextual review -p {project_dir}" in out


def test_status_lists_at_most_40_documents_unless_all(project_dir: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    inputs = tmp_path / "many"
    inputs.mkdir()
    for index in range(42):
        (inputs / f"d{index:02}.txt").write_text(f"第{index}篇。\n", encoding="utf-8")
    run_cli(["add", "-p", str(project_dir), str(inputs)], capsys)
    _, out, _ = run_cli(["status", "-p", str(project_dir)], capsys)
    assert "d39.txt" in out and "d40.txt" not in out
    assert "… and 2 more document(s) (--all lists every one)" in out
    _, out, _ = run_cli(["status", "-p", str(project_dir), "--all"], capsys)
    assert "d41.txt" in out and "more document(s)" not in out


def test_the_same_file_under_another_name_is_not_stored_twice(
        project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "zh").mkdir(parents=True)
    (corpus / "zh" / "a.txt").write_text("会议在杭州举行。\n", encoding="utf-8")
    run_cli(["add", "-p", str(project_dir), str(corpus / "zh")], capsys)
    code, out, err = run_cli(["add", "-p", str(project_dir), str(corpus)], capsys)
    assert code == 0, err
    assert "skipped:" in out
    assert "1 file(s): 1 skipped (already in the project under another name)." in out
    with Project.open(project_dir) as project:
        assert [r[0] for r in project.conn.execute("SELECT name FROM documents")] == ["zh/a.txt"]
    # re-importing by its own name still works as usual
    code, out, _ = run_cli(["add", "-p", str(project_dir), str(corpus / "zh")], capsys)
    assert "1 file(s): 1 unchanged." in out
